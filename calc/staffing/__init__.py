"""Contact-centre capacity: the queue (Erlang C and A), the plan and the surge, the Staffing page's
inputs and the evaluation of a file of cases."""

from calc.staffing.cases import (CASE_COLUMN, MAX_TRAFFIC, OPTIONAL_BLANK, OUTPUT_COLUMNS,
                                 REQUIRED, TARGETS, evaluate_cases)
from calc.staffing.erlang import (MAX_AGENTS, MAX_PATIENCE_SECONDS, OUTPUTS, RULES, TARGET_SLACK,
                                  agents_required, agents_scheduled, problems, queue,
                                  traffic_erlangs)
from calc.staffing.inputs import (AGENTS_RANGE, BY_NAME, CHOICES, DEFAULTS, Input, MAX_SURGE_HOURS,
                                  SURGE_UNITS, centre, contacts_a_year, surge_problem)
from calc.staffing.plan import (Centre, HOURS_A_WEEK, INTERVAL_MINUTES, LINKED, SCHEDULE_COLUMNS,
                                SURGE_LABELS, WEEKS_A_YEAR, agent_curve, busiest, covered_centre,
                                interval_week, levels, link_to_model, outcome_shares, paid_hours,
                                plan_cost_a_year, required, retention, schedule, schedule_totals,
                                staffed_levels, summary, surge, surge_cover, two_level_week,
                                verdict, week_problems, with_agents)

__all__ = ["AGENTS_RANGE", "BY_NAME", "CASE_COLUMN", "CHOICES", "Centre", "DEFAULTS",
           "HOURS_A_WEEK", "INTERVAL_MINUTES", "Input", "LINKED", "MAX_AGENTS",
           "MAX_PATIENCE_SECONDS", "MAX_SURGE_HOURS", "MAX_TRAFFIC", "OPTIONAL_BLANK", "OUTPUTS",
           "OUTPUT_COLUMNS", "REQUIRED", "RULES", "SCHEDULE_COLUMNS", "SURGE_LABELS",
           "SURGE_UNITS", "TARGETS", "TARGET_SLACK", "WEEKS_A_YEAR", "agent_curve",
           "agents_required", "agents_scheduled", "busiest", "centre", "contacts_a_year",
           "covered_centre", "evaluate_cases", "interval_week", "levels", "link_to_model",
           "outcome_shares", "paid_hours", "plan_cost_a_year", "problems", "queue", "required",
           "retention", "schedule", "schedule_totals", "staffed_levels", "summary", "surge",
           "surge_cover", "surge_problem", "traffic_erlangs", "two_level_week", "verdict",
           "week_problems", "with_agents"]
