"""``python -m calc montecarlo``: ranges absolute or relative to each scenario."""

from __future__ import annotations

import sys

import pandas as pd

from . import analysis, csvio, ranges_relative
from .params import format_value


def command(args) -> pd.DataFrame:
    scenarios = csvio.read_scenarios(args.input)
    rows = ranges_relative.read(args.ranges)
    frames = []
    for name, params in csvio.scenario_params(scenarios):
        ranges = ranges_relative.absolute(rows, params)
        for p in ranges_relative.most_likely_differs(ranges, params):
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
