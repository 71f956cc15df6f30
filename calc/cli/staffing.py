"""``python -m calc staffing INPUT [-o FILE]``: the contact-centre queue for a file of cases."""

from __future__ import annotations

from calc.staffing.cases import INPUTS, evaluate_cases
from calc.files.staffing import read_cases

HELP = ("contact-centre queue (Erlang C, or Erlang A with patience) for each case: service "
        "level, waits, abandonment, occupancy, agents required and scheduled")
DESCRIPTION = (
    "Columns: case (optional), " + ", ".join(INPUTS) + ". Required: arrivals_per_hour, "
    "handle_time_seconds, target_answer_seconds, and agents or a target. patience_seconds blank "
    "= contacts never hang up (Erlang C; at most 10,000,000 s otherwise); the targets "
    "service_level_target (below 1), max_occupancy (default 1 = no cap) and max_abandon_rate "
    "(Erlang A only) are optional, blank = no target; shrinkage 0 - 0.9, default 0. Shares may "
    "be written 0.8 or 80%. Output: the input columns, then traffic_erlangs, prob_wait, "
    "service_level, asa_seconds, abandon_rate, occupancy (at agents, or at agents_required "
    "where agents is blank), agents_required (the fewest on duty meeting every target given) "
    "and agents_scheduled (= ceil(agents_required / (1 - shrinkage)), the agents to pay for). "
    "The model is described in the model specification (docs/MODEL.md, 'Contact-centre "
    "capacity').")


def _cmd_staffing(args):
    return evaluate_cases(read_cases(args.input))


def register(sub) -> None:
    p = sub.add_parser("staffing", help=HELP, description=DESCRIPTION)
    p.add_argument("input", help="cases CSV, one row per case")
    p.add_argument("-o", "--output", default="-", help="output CSV (default: stdout)")
    p.set_defaults(func=_cmd_staffing)
