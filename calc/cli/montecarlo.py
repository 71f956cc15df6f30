"""``python -m calc montecarlo``: ranges absolute or relative to each scenario."""

from __future__ import annotations

import sys

import pandas as pd

from calc.model import analyses as analysis
from calc import files
from calc.files.relative_ranges import absolute, read_relative
from calc.model.spreads import most_likely_differs
from calc.model.params import format_value


def command(args) -> pd.DataFrame:
    scenarios = files.read_scenarios(args.input)
    rows = read_relative(args.ranges)
    frames = []
    for name, params in files.scenario_params(scenarios):
        ranges = absolute(rows, params)
        for p in most_likely_differs(ranges, params):
            ml = float(ranges.loc[ranges["parameter"] == p, "most_likely"].iloc[0])
            print(f"scenario {name}: {p}: most likely {format_value(ml)} differs from the "
                  f"scenario's {format_value(params[p])}", file=sys.stderr)
        summary, _ = analysis.monte_carlo(params, ranges, args.draws, args.seed)
        summary.insert(0, "scenario", name)
        summary.insert(1, "seed", args.seed)
        frames.append(summary)
    return pd.concat(frames, ignore_index=True)


RANGES_HELP = ("CSV of parameter, low, most_likely, high (triangular). A cell may be absolute "
               "(0.25, 25%% for a rate, 40000) or relative to the scenario's value, written "
               "with a sign: -20%%, +30%%; a blank most_likely is the scenario's value")
