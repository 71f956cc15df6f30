"""Hypothesis strategies for valid scenarios, drawn from the registry's ranges."""

from hypothesis import strategies as st

from calc.model.params import PARAMS
from calc.model.wom import wom_bounds

# Money and counts are drawn up to 1e7 so that sums stay far from float limits; the shape of
# every formula is the same across the full range.
_CAP = 1e7


def value(spec):
    if spec.integer:
        return st.integers(int(spec.min), int(spec.max)).map(float)
    hi = min(spec.max, _CAP)
    return st.floats(spec.min, hi, allow_nan=False, allow_infinity=False)


def _valid(p):
    """The rules that tie parameters together: program years within the horizon, a loss above 0
    where compensation buys loyalty, word of mouth within bounds."""
    p["program_years"] = min(p["program_years"], p["horizon_years"])
    if p["compensation_uplift_at_peak"] > 0 and p["loss_per_failure"] <= 0:
        p["loss_per_failure"] = 1.0
    # word of mouth within MODEL.md's bounds: reach cut to the largest this scenario allows
    _, omega, top = wom_bounds(p)
    if omega > top:
        p["wom_reach_per_lost_customer"] = float(top / p["wom_conversion_rate"])
        if wom_bounds(p)[1] > wom_bounds(p)[2]:
            p["wom_reach_per_lost_customer"] = 0.0
    return p


def scenarios():
    return st.fixed_dictionaries({p.name: value(p) for p in PARAMS}).map(_valid)
