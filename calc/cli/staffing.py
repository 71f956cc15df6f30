"""``python -m calc staffing INPUT [-o FILE]``: the contact-centre queue for a file of cases."""

from __future__ import annotations

import numpy as np
import pandas as pd

from calc.model.params import InputError, Problem
from calc.staffing.cases import INPUTS, evaluate_cases
from calc.staffing.erlang import problems
from calc.staffing.plan import INTERVAL_MINUTES, SCHEDULE_COLUMNS, schedule, schedule_totals
from calc.files.staffing import read_cases, read_intervals

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


SCHEDULE_HELP = ("staff each interval of a day or week on its own: agents required and "
                 "scheduled per interval, then the period's totals")
SCHEDULE_DESCRIPTION = (
    "INTERVALS.csv has the columns interval_start (a date and time such as 2025-03-03 09:00) "
    "and contacts (contacts arriving in that interval); closed intervals may be left out. Each "
    "interval is its own case at contacts / interval length arrivals an hour. Output: one row "
    "per interval (" + ", ".join(SCHEDULE_COLUMNS) + "; the queue figures are at "
    "agents_required on duty, blank where an interval has no contacts; paid_agent_hours = "
    "agents_scheduled x interval length; cost blank without --cost-per-agent-hour), then a "
    "last row whose interval_start is 'total': contacts, paid agent-hours and cost summed; "
    "service_level, abandon_rate and asa_seconds weighted by each interval's contacts; "
    "occupancy = work handled / agent time on duty. Formulas: docs/staffing.md.")

# Option -> the queue input it carries (its range comes from calc.staffing.erlang.RULES).
_OPTIONS = {"handle_time_seconds": "--handle-time-seconds",
            "target_answer_seconds": "--target-answer-seconds",
            "service_level_target": "--service-level-target",
            "patience_seconds": "--patience-seconds", "max_occupancy": "--max-occupancy",
            "max_abandon_rate": "--max-abandon-rate", "shrinkage": "--shrinkage"}


def _option_problems(args) -> list[Problem]:
    values = {name: getattr(args, name) for name in _OPTIONS}
    values = {k: (np.nan if v is None else v) for k, v in values.items()}
    found = [Problem(None, _OPTIONS[p.column], p.value, p.message)
             for p in problems(**values)]
    if args.max_abandon_rate is not None and args.patience_seconds is None:
        found.append(Problem(None, "--max-abandon-rate", args.max_abandon_rate,
                             "is a target of Erlang A only: give --patience-seconds too"))
    if args.interval_minutes not in INTERVAL_MINUTES:
        found.append(Problem(None, "--interval-minutes", args.interval_minutes,
                             "must be 15, 30 or 60"))
    if args.cost_per_agent_hour is not None and not (
            np.isfinite(args.cost_per_agent_hour) and 0 <= args.cost_per_agent_hour <= 1e9):
        found.append(Problem(None, "--cost-per-agent-hour", args.cost_per_agent_hour,
                             "must be from 0 to 1e9 (money per paid agent hour)"))
    return found


def _cmd_schedule(args):
    found = _option_problems(args)
    if found:
        raise InputError(found)
    intervals = read_intervals(args.input, args.interval_minutes)
    pat = np.inf if args.patience_seconds is None else args.patience_seconds
    cost = 0.0 if args.cost_per_agent_hour is None else args.cost_per_agent_hour
    table = schedule(intervals["contacts"], args.interval_minutes, args.handle_time_seconds,
                     args.target_answer_seconds, args.service_level_target, pat,
                     np.nan if args.max_occupancy is None else args.max_occupancy,
                     np.nan if args.max_abandon_rate is None else args.max_abandon_rate,
                     args.shrinkage, cost)
    totals = schedule_totals(table, args.interval_minutes)
    table.insert(0, "interval_start", intervals["interval_start"].dt.strftime("%Y-%m-%d %H:%M"))
    total = {"interval_start": "total", **{k: totals[k] for k in (
        "contacts", "paid_agent_hours", "cost", "service_level", "abandon_rate", "asa_seconds",
        "occupancy")}}
    table = pd.concat([table, pd.DataFrame([total])], ignore_index=True)
    if args.cost_per_agent_hour is None:
        table["cost"] = np.nan
    return table[list(SCHEDULE_COLUMNS)]


def register_schedule(sub) -> None:
    p = sub.add_parser("schedule", help=SCHEDULE_HELP, description=SCHEDULE_DESCRIPTION)
    p.add_argument("input", help="intervals CSV: interval_start, contacts")
    p.add_argument("--interval-minutes", type=float, required=True,
                   help="length of each interval: 15, 30 or 60")
    p.add_argument("--handle-time-seconds", type=float, required=True,
                   help="talk plus after-contact work, seconds per contact")
    p.add_argument("--target-answer-seconds", type=float, required=True,
                   help="answer target, seconds")
    p.add_argument("--service-level-target", type=float, required=True,
                   help="share answered within the target, e.g. 0.8 (below 1)")
    p.add_argument("--patience-seconds", type=float, default=None,
                   help="mean patience before hanging up (Erlang A); leave out for Erlang C")
    p.add_argument("--max-occupancy", type=float, default=None,
                   help="occupancy cap, e.g. 0.85 (default: none)")
    p.add_argument("--max-abandon-rate", type=float, default=None,
                   help="largest share abandoned, e.g. 0.05 (Erlang A only)")
    p.add_argument("--shrinkage", type=float, default=0.0,
                   help="share of paid time not taking contacts, 0 - 0.9 (default 0)")
    p.add_argument("--cost-per-agent-hour", type=float, default=None,
                   help="money per paid agent hour; fills the cost column")
    p.add_argument("-o", "--output", default="-", help="output CSV (default: stdout)")
    p.set_defaults(func=_cmd_schedule)
