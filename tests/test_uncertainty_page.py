"""The Uncertainty page shows retention lift's distribution beside net value's (issue 24, item 6).

Expected values are computed by hand from the model's definition (docs/MODEL.md: retention lift
= customers saved in year 1 / failed customers today) and the triangular quantile from scipy,
not by the code under test."""

import pandas as pd
from scipy import stats

import calc
from tests.apptest import app, shown

D = calc.DEFAULTS


def lift_by_hand(res_program: float) -> float:
    """Retention lift with every input at its default but the with-program resolution rate: the
    share of today's failed customers kept, with the program minus today (no failures prevented,
    so both worlds have the same failed customers and the no-failure branch cancels)."""
    def kept(c, res, fast):
        return ((1 - c) * D["retention_silent"] + c * (1 - res) * D["retention_unresolved"]
                + c * res * ((1 - fast) * D["retention_resolved"]
                             + fast * D["retention_resolved_fast"]))
    return (kept(D["complaint_rate_program"], res_program, D["fast_resolution_share_program"])
            - kept(D["complaint_rate_baseline"], D["resolution_rate_baseline"],
                   D["fast_resolution_share_baseline"]))


def percent(text: str) -> float:
    return float(shown(text).rstrip("%").replace(",", "")) / 100


def run_page(ranges: pd.DataFrame, draws=20000, seed=5):
    at = app("app_pages/uncertainty.py")
    at.session_state["mc_ranges"] = ranges
    at.session_state["mc_basis"] = None
    at.session_state["mc_version"] = 7
    at.run()
    at.number_input(key="mc_draws").set_value(draws)
    at.number_input(key="mc_seed").set_value(seed)
    at.button(key="mc_run").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_retention_lift_percentiles_follow_the_triangular_quantiles_of_its_input(data_dir):
    assert abs(lift_by_hand(D["resolution_rate_program"]) - 0.0472) < 1e-12   # by hand: 0.6592 - 0.612
    lo, mode, hi = 0.5, 0.8, 0.95
    ranges = pd.DataFrame([{"parameter": "resolution_rate_program", "low": lo,
                            "most_likely": mode, "high": hi}])
    at = run_page(ranges)
    cards = {m.label: m.value for m in at.metric}
    tri = stats.triang(c=(mode - lo) / (hi - lo), loc=lo, scale=hi - lo)
    for label, q in (("low (p5)", 0.05), ("median", 0.50), ("high (p95)", 0.95)):
        got = percent(cards[f"Lift, {label}"])
        # lift rises with the resolution rate, so its q-quantile is the lift at the rate's; the
        # band allows 0.01 of sampling error in q (about 6 standard errors at 20,000 draws) and
        # the card's rounding to 0.1%
        low, high = lift_by_hand(tri.ppf(q - 0.01)), lift_by_hand(tri.ppf(q + 0.01))
        assert low - 0.0005 <= got <= high + 0.0005, (label, got, low, high)
    mean = percent(cards["Lift, mean"])
    assert abs(mean - lift_by_hand((lo + mode + hi) / 3)) <= 0.0006    # lift is linear in the rate
    assert any("Retention lift" in t.value.columns for t in at.dataframe)
    assert not any("None of these ranges moves retention lift" in c.value for c in at.caption)


def test_ranges_that_do_not_move_retention_lift_say_so(data_dir):
    ranges = pd.DataFrame([{"parameter": "program_fixed_cost", "low": 20000,
                            "most_likely": 40000, "high": 90000}])
    at = run_page(ranges, draws=2000)
    cards = {m.label: m.value for m in at.metric}
    for label in ("low (p5)", "median", "high (p95)"):
        assert shown(cards[f"Lift, {label}"]) == "4.7%"     # 0.0472, by hand above
    assert any("None of these ranges moves retention lift" in c.value for c in at.caption)
    help_texts = [m.help or "" for m in at.markdown]
    assert any("with-program rates" in h and "retention of complainants" in h
               for h in help_texts)
