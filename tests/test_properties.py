"""Properties that hold for every valid scenario (hypothesis)."""

import math

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from calc import InputError, projection
from calc import evaluate as _evaluate
from calc.model.analyses import monte_carlo
from strategies import scenarios


def evaluate(p=None, **kw):
    """calc.evaluate; a scenario that a test's change pushed out of MODEL.md's word-of-mouth
    bounds is refused by the model (tested in test_breakeven.py) and not one these properties
    are about."""
    try:
        return _evaluate(p, **kw)
    except InputError as e:
        assume("word of mouth out of bounds" not in str(e))
        raise




def scale(m):
    return max(abs(m["total_benefit"]), abs(m["incremental_cost"]), 1.0)


@given(scenarios())
def test_net_value_equals_last_cumulative_discounted_cash_flow(p):
    m = evaluate(p)
    last = projection(p)["cumulative_discounted_cash_flow"].iloc[-1]
    assert abs(last - m["net_value"]) <= 1e-9 * scale(m)


@given(scenarios())
def test_no_saved_customers_when_program_equals_baseline(p):
    for what in ("complaint_rate", "resolution_rate", "fast_resolution_share",
                 "compensation_per_resolution"):
        p[f"{what}_program"] = p[f"{what}_baseline"]
    p["failure_reduction_program"] = 0.0
    m = evaluate(p)
    assert m["customers_saved"] == 0.0
    assert m["incremental_handling_cost"] == 0.0
    assert m["incremental_compensation_cost"] == 0.0


@settings(suppress_health_check=[HealthCheck.filter_too_much])
@given(scenarios())
def test_break_even_compensation_gives_zero_net_value(p):
    # Without a compensation response break-even is a closed form: net value there is 0 to
    # rounding. Most random scenarios cannot pay at any compensation (negative break-even); the
    # rest are the ones this identity is about.
    p["compensation_uplift_at_peak"] = 0.0
    m = evaluate(p)
    bec = m["break_even_compensation"]
    assume(np.isfinite(bec) and 0 <= bec <= 1e9)
    m2 = evaluate({**p, "compensation_per_resolution_program": bec})
    assert abs(m2["net_value"]) <= 1e-9 * max(scale(m), scale(m2))


@settings(suppress_health_check=[HealthCheck.filter_too_much])
@given(scenarios(), st.floats(0.001, 1))
def test_numeric_break_even_brackets_a_sign_change_of_net_value(p, uplift):
    # With a response the root is searched for: net value changes sign within a relative
    # 1e-9 of it (its size there says nothing: net value can be steep in compensation), and
    # keeps one sign above it up to far past the peak
    p["compensation_uplift_at_peak"] = uplift
    p["loss_per_failure"] = max(p["loss_per_failure"], 1.0)
    m = evaluate(p)
    bec = m["break_even_compensation"]
    assume(np.isfinite(bec) and 0 < bec <= 1e9)
    nv = evaluate({**p, "compensation_per_resolution_program": np.array(
        [bec * (1 - 1e-9), bec, bec * (1 + 1e-9)])})["net_value"]
    # a net value that is 0 up to rounding around the root (a flat stretch) has no sign to change
    rounding = 1e-12 * (abs(m["total_benefit"]) + abs(m["incremental_cost"]) + 1.0)
    assert nv[1] == 0 or np.sign(nv[0]) != np.sign(nv[2]) or 0 in (nv[0], nv[2]) \
        or np.abs(nv).max() <= rounding, nv


@given(scenarios(), st.floats(0, 1), st.floats(0, 1))
def test_more_resolution_never_loses_customers(p, a, b):
    assume(p["retention_resolved"] >= p["retention_unresolved"])
    assume(p["retention_resolved_fast"] >= p["retention_unresolved"])
    lo, hi = min(a, b), max(a, b)
    s_lo = evaluate({**p, "resolution_rate_program": lo})["customers_saved"]
    s_hi = evaluate({**p, "resolution_rate_program": hi})["customers_saved"]
    assert s_hi >= s_lo - 1e-9 * max(abs(s_lo), 1.0)


@given(scenarios())
def test_shares_stay_in_bounds(p):
    m = evaluate(p)
    for k in ("baseline", "program"):
        assert 0 <= m[f"overall_retention_{k}"] <= 1 + 1e-12
        assert m[f"resolved_fast_{k}"] <= m[f"resolved_{k}"] <= m[f"complaints_{k}"] \
            <= m["failed_customers"] <= p["customers"]
    assert -1 - 1e-12 <= m["retention_lift"] <= 1 + 1e-12


@given(scenarios())
def test_payback_follows_the_projection_cash_flow(p):
    # docs/MODEL.md's payback rule applied to the projection's cumulative discounted cash flow
    # C_t: NaN where C_H < 0; 0 where no C_t < 0; otherwise u + (-C_u) / dcf_(u+1) with u the
    # last time C_u < 0. Scenarios with a C_t within rounding of 0 decide a branch by rounding
    # and are left out.
    m = evaluate(p)
    flow = projection(p)
    cum = flow["cumulative_discounted_cash_flow"].to_numpy()
    dcf = flow["discounted_cash_flow"].to_numpy()
    assume(np.all(np.abs(cum) > 1e-9 * scale(m)))
    t = m["payback_years"]
    if cum[-1] < 0:
        assert math.isnan(t)
    elif not np.any(cum < 0):
        assert t == 0
    else:
        u = int(np.flatnonzero(cum < 0)[-1])
        assert u < t <= u + 1
        assert math.isclose(t, u - cum[u] / dcf[u + 1], rel_tol=1e-9)


RANGES = pd.DataFrame({"parameter": ["failure_rate", "retention_resolved", "horizon_years"],
                       "low": [0.2, 0.6, 3], "most_likely": [0.3, 0.75, 5],
                       "high": [0.4, 0.8, 8]})


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_same_seed_same_monte_carlo(seed):
    a, _ = monte_carlo(None, RANGES, 2000, seed)
    b, _ = monte_carlo(None, RANGES, 2000, seed)
    pd.testing.assert_frame_equal(a, b)


@settings(max_examples=10, deadline=None)
@given(st.floats(0, 50000), st.floats(0, 50000), st.floats(0, 50000), st.integers(0, 1000))
def test_monte_carlo_mean_close_to_exact_for_linear_parameter(a, b, c, seed):
    # net_value is linear in program_fixed_cost: E[net] = net(fixed=0) - E[fixed], and the
    # triangular mean is (low + mode + high) / 3. Tolerance: 5 standard errors.
    lo, mode, hi = sorted([a, b, c])
    ranges = pd.DataFrame({"parameter": ["program_fixed_cost"], "low": [lo],
                           "most_likely": [mode], "high": [hi]})
    n = 20000
    summary, _ = monte_carlo(None, ranges, n, seed)
    exact = evaluate(program_fixed_cost=0)["net_value"] - (lo + mode + hi) / 3
    var = (lo**2 + mode**2 + hi**2 - lo * mode - lo * hi - mode * hi) / 18
    se = math.sqrt(var / n)
    assert abs(summary.loc[0, "net_value_mean"] - exact) <= 5 * se + 1e-6
