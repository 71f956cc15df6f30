"""``python -m calc``: the model for finance, without a browser.

A few lines at the edge: read a file, call the pure functions, write a file. Bad input of any
kind exits with status 2 and lists every problem on stderr as
``row R, column C: value 'V': what is wrong``; no output file is written or overwritten then.
"""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from calc.model import analyses as analysis
from calc.cli import budget as cli_budget
from calc.cli import montecarlo as cli_montecarlo
from calc.cli import scenarios as cli_scenarios
from calc.cli import staffing as cli_staffing
from calc.cli import workbook as cli_workbook
from calc.cli.partitions import engine_args, streamed
from calc import files
from calc.text.numbers import NotANumber, parse_number
from calc.model.params import InputError, Problem

EXIT_BAD_INPUT = 2


def _cmd_template(args) -> pd.DataFrame:
    return files.template_frame()


def _cmd_evaluate(args) -> None:
    return streamed(args, "evaluate")


def _cmd_project(args) -> None:
    return streamed(args, "project")


def _cmd_sensitivity(args) -> pd.DataFrame:
    frames = []
    for name, params in files.scenario_params(files.read_scenarios(args.input)):
        t = analysis.tornado(params, swing=args.swing, metric=args.metric)
        t.insert(0, "scenario", name)
        frames.append(t)
    return pd.concat(frames, ignore_index=True)


def _cmd_calibrate(args) -> pd.DataFrame:
    # scipy.special loads with the command that needs it (the CLI starts in 0.3 s)
    from calc.calibration.estimates import estimate
    from calc.files.caselog import read_log
    log = read_log(args.input)
    if log.problems and not args.skip_bad_rows:
        raise InputError(log.problems + [Problem(None, None, None,
                                                 f"{len(log.problems)} contradictory or invalid "
                                                 f"rows; fix them, or pass --skip-bad-rows to "
                                                 f"estimate without them")])
    result = estimate(log.frame)
    if args.estimates:      # written with the main output, all or none
        args.extra_outputs = [(result.table, args.estimates)]
    if log.problems:
        print(f"skipped {len(log.problems)} bad rows:", file=sys.stderr)
        for p in log.problems:
            print(f"  {p}", file=sys.stderr)
    return result.scenario_frame()


def _positive_fraction(text: str) -> float:
    try:
        v = parse_number(text)
    except NotANumber:
        v = None
    if v is None or not 0 < v < 1:
        raise argparse.ArgumentTypeError(f"swing must be between 0 and 1 (exclusive), got {text}")
    return v


def _draws(text: str) -> int:
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"draws must be a whole number, got {text!r}") from None
    if not 1 <= v <= analysis.MAX_DRAWS:
        raise argparse.ArgumentTypeError(f"draws must be between 1 and {analysis.MAX_DRAWS:,}")
    return v


MAX_SEED = 2**32 - 1


def _seed(text: str) -> int:
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"seed must be a whole number, got {text!r}") from None
    if not 0 <= v <= MAX_SEED:
        raise argparse.ArgumentTypeError(f"seed must be between 0 and {MAX_SEED:,}, got {v}")
    return v


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m calc",
        description="Price a service recovery program (model: docs/MODEL.md, version 3). "
                    "Use '-' for stdin / stdout where a file is expected.")
    sub = parser.add_subparsers(dest="command", required=True)

    def out_arg(p, what="CSV"):
        p.add_argument("-o", "--output", default="-", help=f"output {what} (default: stdout, "
                                                           f"CSV)")
        p.add_argument("--bom", action="store_true",
                       help="start the CSV with a UTF-8 byte-order mark (for Excel)")

    p = sub.add_parser("template", help="one row of defaults, every parameter column")
    out_arg(p)
    p.set_defaults(func=_cmd_template)

    p = sub.add_parser("evaluate", help="every metric for each scenario row")
    p.add_argument("input", help="scenarios CSV or Parquet (.parquet, .pq), any size")
    out_arg(p, "CSV or Parquet (by extension)")
    p.add_argument("--total", action="store_true",
                   help="add a Total row as the Segments page does (sums, ratios of the sums, "
                        "payback from the summed cash flows)")
    engine_args(p)
    p.set_defaults(func=_cmd_evaluate)

    p = sub.add_parser("project", help="cohort cash flow by year, long format")
    p.add_argument("input", help="scenarios CSV or Parquet (.parquet, .pq), any size")
    out_arg(p, "CSV or Parquet (by extension)")
    engine_args(p)
    p.set_defaults(func=_cmd_project)

    p = sub.add_parser("sensitivity", help="tornado table per scenario")
    p.add_argument("input", help="scenarios CSV")
    p.add_argument("--swing", type=_positive_fraction, default=analysis.DEFAULT_SWING,
                   help="relative change of each parameter (default 0.2 = +-20%%)")
    p.add_argument("--metric", default="net_value", help="metric to report (default net_value)")
    out_arg(p)
    p.set_defaults(func=_cmd_sensitivity)

    p = sub.add_parser("montecarlo", help="uncertainty summary per scenario")
    p.add_argument("input", help="scenarios CSV")
    p.add_argument("--ranges", required=True, help=cli_montecarlo.RANGES_HELP)
    p.add_argument("--draws", type=_draws, required=True, help="scenarios to draw (<= 1,000,000)")
    p.add_argument("--seed", type=_seed, required=True,
                   help=f"random seed, 0 to {MAX_SEED:,} (same seed, same result)")
    out_arg(p)
    p.set_defaults(func=cli_montecarlo.command)

    p = sub.add_parser("calibrate", help="estimate baseline parameters from a complaint log")
    p.add_argument("input", help="case log CSV: customer_id, failed, complained, resolved, "
                                 "resolved_fast, retained [, revenue, compensation, handling_cost]")
    p.add_argument("--skip-bad-rows", action="store_true",
                   help="estimate without contradictory rows (they are listed on stderr)")
    p.add_argument("--estimates", help="also write the estimates with counts and 95%% intervals")
    out_arg(p)
    p.set_defaults(func=_cmd_calibrate)
    cli_budget.register(sub)
    cli_staffing.register(sub)
    cli_staffing.register_schedule(sub)
    cli_scenarios.register(sub)
    cli_workbook.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        table = args.func(args)
    except InputError as e:
        for problem in e.problems:
            print(str(problem), file=sys.stderr)
        return EXIT_BAD_INPUT
    if table is None:                   # the command wrote nothing to a file (an import)
        return 0
    outputs = [(table, args.output), *getattr(args, "extra_outputs", [])]
    try:
        files.write_files(outputs, bom=getattr(args, "bom", False))
    except (OSError, ValueError) as e:
        where = getattr(e, "filename", None) or ", ".join(str(t) for _, t in outputs)
        print(f"cannot write {where}: {getattr(e, 'strerror', None) or e}; nothing was written",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    return 0


__all__ = ["main", "build_parser"]
