"""Uncertainty ranges: a low, most likely and high value for some parameters (triangular draws).

The check lives beside the registry it reads, and serves the ranges file, the Uncertainty
page's table and :func:`calc.model.analyses.draw_scenarios` alike. A ranges file lists every one of
its problems at once: cells that are not numbers, unknown or repeated parameters, values outside
a parameter's range, and low / most likely / high out of order.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from calc.model.params import BY_NAME, Problem, closest_name, format_value

RANGE_COLUMNS = ("parameter", "low", "most_likely", "high")
RANGE_VALUES = ("low", "most_likely", "high")


def check_ranges(ranges: pd.DataFrame) -> list[Problem]:
    """Problems with a table of triangular ranges (parameter, low, most_likely, high), indexed
    by the row number to report. A blank value (NaN) is left to whoever read the table."""
    problems = []
    rows = ranges.index.to_numpy()
    seen: set[str] = set()
    for i, row in enumerate(ranges.itertuples(index=False)):
        r = int(rows[i])
        name = str(row.parameter).strip()
        if name not in BY_NAME:
            hint = closest_name(name)
            problems.append(Problem(r, "parameter", name, "unknown parameter" + (
                f"; did you mean '{hint}'?" if hint else "")))
            continue
        if name in seen:
            problems.append(Problem(r, "parameter", name, "this parameter is listed twice"))
        seen.add(name)
        spec = BY_NAME[name]
        vals = {}
        for col in RANGE_VALUES:
            v = getattr(row, col)
            try:
                v = float(v)
            except (TypeError, ValueError):
                problems.append(Problem(r, col, v, "is not a number"))
                continue
            if np.isnan(v):
                continue
            if not np.isfinite(v) or v < spec.min or v > spec.max:
                problems.append(Problem(r, col, format_value(v), f"is outside the allowed range "
                                                                 f"of {name} ({spec.range_text})"))
                continue
            vals[col] = v
        if len(vals) == 3 and not vals["low"] <= vals["most_likely"] <= vals["high"]:
            shown = " / ".join(format_value(vals[c]) for c in RANGE_VALUES)
            problems.append(Problem(r, "low/most_likely/high", shown,
                                    "need low <= most_likely <= high"))
    return problems


