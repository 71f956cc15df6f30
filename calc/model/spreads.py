"""Default Monte Carlo ranges around a scenario: the relative spread of each uncertain input,
defined once. Most likely = the scenario's value, low = value x (1 - down), high = value x
(1 + up), kept inside the parameter's allowed range (whole numbers stay whole)."""

from __future__ import annotations
from typing import Mapping
import numpy as np
import pandas as pd
from calc.model.ranges import RANGE_COLUMNS
from calc.model.params import BY_NAME, DEFAULTS, allowed_range


# (down, up) relative spread of each input the default ranges cover: the sample ranges'
# spreads at the model defaults, rounded (e.g. failure rate 0.20 / 0.30 / 0.40 is -33% / +33%).
SPREADS: dict[str, tuple[float, float]] = {
    "failure_rate": (0.33, 0.33),
    "complaint_rate_program": (0.25, 0.25),
    "resolution_rate_program": (0.20, 0.125),
    "fast_resolution_share_program": (0.25, 0.15),
    "retention_silent": (0.15, 0.15),
    "retention_resolved": (0.15, 0.15),
    "retention_resolved_fast": (0.10, 0.05),
    "handling_cost_per_complaint": (0.20, 0.40),
    "compensation_per_resolution_program": (0.33, 0.50),
    "program_fixed_cost": (0.25, 0.50),
}


def inside_range(name: str, value: float, base: Mapping[str, float]) -> float:
    lo, hi = allowed_range(name, base)
    v = min(max(float(value), lo), hi)
    return float(round(v)) if BY_NAME[name].integer else v


def ranges_around(base: Mapping[str, float] | None = None, spreads=None) -> pd.DataFrame:
    """The default ranges around ``base`` (parameter, low, most_likely, high)."""
    b = {**DEFAULTS, **(base or {})}
    rows = []
    for name, (down, up) in (spreads or SPREADS).items():
        v = float(b[name])
        rows.append({"parameter": name, "low": inside_range(name, v * (1 - down), b),
                     "most_likely": v, "high": inside_range(name, v * (1 + up), b)})
    return pd.DataFrame(rows, columns=list(RANGE_COLUMNS))


def most_likely_differs(ranges: pd.DataFrame, base: Mapping[str, float]) -> list[str]:
    """Parameters whose most likely value is not the scenario's (beyond rounding)."""
    b = {**DEFAULTS, **base}
    out = []
    for row in ranges.itertuples(index=False):
        name = str(row.parameter).strip()
        if name in b and not np.isclose(float(row.most_likely), float(b[name]),
                                        rtol=1e-9, atol=1e-12):
            out.append(name)
    return out

