"""``python -m calc levers | allocate | compensation``: the budget planner without a browser.

Each command reads a scenarios CSV, calls the pure functions of ``calc.budget.levers``,
``calc.budget.allocation`` and ``calc.budget.compensation`` and returns the table ``cli.main`` writes. Bad input
raises :class:`InputError` (exit 2, one ``row R, column C: value 'V': what is wrong`` line each).
"""

from __future__ import annotations

import argparse

import pandas as pd

from calc import files
from calc.text.numbers import HOW, parse_money
from calc.model.params import InputError
from calc.budget.responses import BUDGET_LEVER_NAMES, COMPENSATION_LEVER, RESPONSE_COLUMNS
from calc.files.responses import read_responses
from calc.cli.partitions import engine_args, streamed

MAX_FRONTIER = 1000


# The optimisers (scipy.optimize) are imported when a budget command runs, not when the CLI starts.


def _cmd_levers(args) -> None:
    return streamed(args, "levers")


def _cmd_allocate(args) -> pd.DataFrame:
    from calc.budget import allocation as alloc
    # Every input is read before any error is raised, so the user sees all problems at once.
    found: dict[str, object] = {}
    problems = []
    for key, read in (("scenarios", lambda: files.read_scenarios(args.input)),
                      ("responses", lambda: read_responses(args.responses)),
                      ("budget", lambda: parse_money(args.budget, "--budget"))):
        try:
            found[key] = read()
        except InputError as e:
            problems += e.problems
    if problems:
        raise InputError(problems)
    scenarios, responses, budget = found["scenarios"], found["responses"], found["budget"]
    frames = []
    for name, params in files.scenario_params(scenarios):
        if args.frontier is None:
            found = [alloc.allocate(params, responses, budget)]
        else:
            found = alloc.frontier(params, responses, budget, args.frontier)
        table = alloc.allocation_frame(found)
        table.insert(0, "scenario", name)
        frames.append(table)
    return pd.concat(frames, ignore_index=True)


def _cmd_compensation(args) -> pd.DataFrame:
    from calc.budget.compensation import best_table
    return best_table(files.read_scenarios(args.input))


def _frontier_points(text: str) -> int:
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
    if not 1 <= v <= MAX_FRONTIER:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_FRONTIER}, got {v}")
    return v


def register(sub) -> None:
    """Add the three commands to ``python -m calc``'s sub-parsers."""
    def out_arg(p):
        p.add_argument("-o", "--output", default="-", help="output CSV (default: stdout)")

    p = sub.add_parser("levers", help="what one step of each lever is worth, per scenario",
                       description="For each scenario and lever, the change in net value from "
                                   "one step in the program's favour (rates +1 point, money per "
                                   "complaint -1, fixed cost -1000); empty where the step leaves "
                                   "the allowed range.")
    p.add_argument("input", help="scenarios CSV or Parquet (.parquet, .pq), any size")
    p.add_argument("-o", "--output", default="-",
                   help="output CSV or Parquet, by extension (default: stdout, CSV)")
    engine_args(p)
    p.set_defaults(func=_cmd_levers)

    p = sub.add_parser("allocate", help="best split of a yearly budget across the levers",
                       description="The split of a yearly budget across the budget levers that "
                                   "maximises net value; money that buys less than it costs "
                                   "is left unspent. See the model specification "
                                   "(docs/MODEL.md), 'Budget allocation'.")
    p.add_argument("input", help="scenarios CSV")
    p.add_argument("--responses", required=True,
                   help=f"CSV of {', '.join(RESPONSE_COLUMNS)}: one row per budget lever used "
                        f"({', '.join(BUDGET_LEVER_NAMES)}); spending half_spend a year buys "
                        f"half the way from the scenario's value to reachable_value; a row "
                        f"{COMPENSATION_LEVER.name},, (both cells blank) adds bigger refunds, "
                        f"whose spend is the compensation cost they add in the first program "
                        f"year (docs/budget.md)")
    p.add_argument("--budget", required=True, help=f"yearly budget; {HOW}")
    p.add_argument("--frontier", type=_frontier_points, metavar="N",
                   help="instead, N+1 rows per scenario for budgets evenly from 0 to twice "
                        "--budget")
    out_arg(p)
    p.set_defaults(func=_cmd_allocate)

    p = sub.add_parser("compensation", help="compensation per resolution that maximises net "
                                            "value, and the break-even compensation",
                       description="Without a compensation response (compensation_uplift_at_"
                                   "peak = 0) compensation buys no loyalty and the best is 0.")
    p.add_argument("input", help="scenarios CSV")
    out_arg(p)
    p.set_defaults(func=_cmd_compensation)


__all__ = ["register"]
