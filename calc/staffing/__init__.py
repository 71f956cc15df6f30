"""Contact-centre capacity: the queue (Erlang C and A), the plan and the surge, the Staffing page's
inputs and the evaluation of a file of cases."""

from calc.staffing.cases import (CASE_COLUMN, MAX_TRAFFIC, OPTIONAL_BLANK, OUTPUT_COLUMNS,
                                 REQUIRED, TARGETS, evaluate_cases)
from calc.staffing.erlang import (MAX_AGENTS, MAX_PATIENCE_SECONDS, OUTPUTS, RULES, TARGET_SLACK,
                                  agents_required, agents_scheduled, problems, queue,
                                  traffic_erlangs)
from calc.staffing.inputs import BY_NAME, DEFAULTS, Input, LINK, METHOD, centre
from calc.staffing.plan import (Centre, SURGE_LABELS, agent_curve, busiest, interval_week, levels,
                                link_to_model, outcome_shares, retention, summary, surge,
                                two_level_week, verdict, week_problems, with_agents)

__all__ = ["BY_NAME", "CASE_COLUMN", "Centre", "DEFAULTS", "Input", "LINK", "MAX_AGENTS",
           "MAX_TRAFFIC", "METHOD", "OPTIONAL_BLANK", "OUTPUTS", "OUTPUT_COLUMNS", "REQUIRED",
           "RULES", "SURGE_LABELS", "agent_curve", "agents_required", "busiest", "centre",
           "evaluate_cases", "interval_week", "levels", "link_to_model", "outcome_shares", "queue",
           "retention", "summary", "surge", "traffic_erlangs", "two_level_week", "verdict",
           "week_problems", "with_agents"]
