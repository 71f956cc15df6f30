"""``python -m calc staffing INPUT [-o FILE]``: the contact-centre queue for a file of cases."""

from __future__ import annotations

from calc.staffing.cases import INPUTS, evaluate_cases
from calc.files.staffing import read_cases

HELP = ("contact-centre queue (Erlang C, or Erlang A with patience) for each case: service "
        "level, waits, abandonment, occupancy and agents needed")
DESCRIPTION = (
    "Columns: case (optional), " + ", ".join(INPUTS) + ". patience_seconds blank = contacts never "
    "hang up (Erlang C); service_level_target blank = no agents_required. Output: the input "
    "columns, then traffic_erlangs, prob_wait, service_level, asa_seconds, abandon_rate, "
    "occupancy, agents_required. The model is described in the model specification "
    "(docs/MODEL.md, 'Contact-centre capacity').")


def _cmd_staffing(args):
    return evaluate_cases(read_cases(args.input))


def register(sub) -> None:
    p = sub.add_parser("staffing", help=HELP, description=DESCRIPTION)
    p.add_argument("input", help="cases CSV, one row per case")
    p.add_argument("-o", "--output", default="-", help="output CSV (default: stdout)")
    p.set_defaults(func=_cmd_staffing)
