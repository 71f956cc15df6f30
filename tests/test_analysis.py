"""Tornado, two-way grid, break-even, Monte Carlo, segments and presets."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy import integrate, stats

from calc import InputError, evaluate
from calc.model.analyses import (PRESETS, break_even, grid_values, monte_carlo, preset, segments,
                                 summed_projection, tornado, two_way)
from calc.files.ranges import read_ranges
from calc.files.scenarios import read_scenarios
from calc.model.params import DEFAULTS, NAMES
from calc.model.reference import evaluate_row

SAMPLES = "sample_inputs"


def test_tornado_default_swing_by_hand():
    t = tornado().set_index("parameter")
    # customers 10,000 +-20%: net_value is linear in customers apart from the fixed cost:
    # net(N) = (22,184.80 + 40,000) * N / 10,000 - 40,000
    per_customer = (evaluate()["net_value"] + 40000) / 10000
    assert t.loc["customers", "low_value"] == 8000
    assert t.loc["customers", "high_value"] == 12000
    assert math.isclose(t.loc["customers", "net_value_low"], per_customer * 8000 - 40000)
    assert math.isclose(t.loc["customers", "net_value_high"], per_customer * 12000 - 40000)
    # fractions clip at their range: 0.85 * 1.2 = 1.02 -> 1
    assert t.loc["retention_no_failure", "high_value"] == 1.0
    # whole numbers round: horizon 5 -> 4 and 6
    assert (t.loc["horizon_years", "low_value"], t.loc["horizon_years", "high_value"]) == (4, 6)
    # parameters at 0 do not move
    assert t.loc["wom_reach_per_lost_customer", "swing"] == 0


def test_tornado_sorted_by_swing_and_has_every_parameter():
    t = tornado()
    assert sorted(t["parameter"]) == sorted(NAMES)
    assert list(t["swing"]) == sorted(t["swing"], reverse=True)


def test_tornado_user_ranges_and_other_metric():
    t = tornado(ranges={"program_fixed_cost": (0, 80000)}, metric="customers_saved",
                parameters=["program_fixed_cost", "failure_rate"]).set_index("parameter")
    assert t.loc["program_fixed_cost", "swing"] == 0   # cost does not change customers saved
    assert math.isclose(t.loc["failure_rate", "customers_saved_high"], 141.6 * 1.2)


def test_tornado_rejects_out_of_range_user_values():
    with pytest.raises(InputError, match="failure_rate \\(high\\)"):
        tornado(ranges={"failure_rate": (0.1, 1.5)})


def test_two_way_cells_by_hand_and_against_the_reference():
    xs = [0.2, 0.3, 0.4]
    ys = [20000, 40000]
    g = two_way(None, "failure_rate", xs, "program_fixed_cost", ys)
    assert g.shape == (2, 3)
    # docs/MODEL.md, first worked example: net_value = 10,651.2745... at the defaults
    assert round(g.loc[40000, 0.3], 4) == 10651.2745
    # by hand, failure_rate 0.2 and fixed cost 20,000, one program year: per failed customer
    # kf_b = .7(.6) + .15(.5) + .105(.75) + .045(.85) = .612 and kf_p = .6(.6) + .08(.5)
    # + .128(.75) + .192(.85) = .6592, so S = 10,000 x .2 x .0472 = 94.4 and
    # rho_b = .8 x .85 + .2 x .612 = .8024; cost = 10,000 x .2 x (.4 - .3) x 25 (handling)
    # + 10,000 x .2 x .4 x .8 x 30 (compensation) + 20,000 = 5,000 + 19,200 + 20,000
    M = sum(0.8024 ** (t - 1) / 1.1 ** t for t in range(1, 6))
    assert math.isclose(g.loc[20000, 0.2], 240 * 94.4 * M - 44200, rel_tol=1e-12)
    # one program year pays the fixed cost once, at t = 0: 20,000 more fixed cost is 20,000
    # less net value in every column
    for x in xs:
        assert math.isclose(g.loc[20000, x] - g.loc[40000, x], 20000, rel_tol=1e-12)
    # every cell against the plain per-row reference (calc/reference.py, written from the spec)
    for y in ys:
        for x in xs:
            want = evaluate_row({**DEFAULTS, "failure_rate": x, "program_fixed_cost": y})
            assert math.isclose(g.loc[y, x], want["net_value"], rel_tol=1e-9)


def test_two_way_same_parameter_twice_is_an_error():
    with pytest.raises(InputError):
        two_way(None, "customers", [1], "customers", [2])


def test_grid_values_whole_numbers_for_horizon():
    assert list(grid_values("horizon_years", 1, 10, 4)) == [1, 4, 7, 10]


def test_break_even_fixed_cost_by_hand():
    # net_value falls one for one with the fixed cost: zero at 40,000 + 22,184.80...
    be = break_even(None, "program_fixed_cost")
    assert math.isclose(be.value, 40000 + evaluate()["net_value"], rel_tol=1e-12)


def test_break_even_compensation_matches_closed_form_metric():
    be = break_even(None, "compensation_per_resolution_program")
    assert math.isclose(be.value, evaluate()["break_even_compensation"], rel_tol=1e-10)


def test_break_even_whole_number_parameter():
    # payback is 3.2 years, so net_value first turns positive with a 4-year horizon
    be = break_even(None, "horizon_years")
    assert be.value == 4
    assert evaluate(horizon_years=3)["net_value"] < 0 < evaluate(horizon_years=4)["net_value"]


def test_break_even_none_in_range_says_why():
    be = break_even(None, "wom_conversion_rate")   # wom reach is 0: no effect at all
    assert math.isnan(be.value)
    assert "stays above 0" in be.reason


def test_monte_carlo_summary_against_the_analytic_triangular_distribution():
    # Only program_fixed_cost varies, triangular (20,000, 40,000, 80,000). With one program year
    # the fixed cost is paid once at t = 0, so net_value = A - F with A = 10,651.2745 + 40,000
    # (docs/MODEL.md, first worked example), and roi = (A - F) / (36,300 + F) with 36,300 =
    # 7,500 + 28,800 the variable costs there. Every summary figure then has an exact value
    # from scipy's triangular distribution; each is checked to 5 standard errors of its
    # estimator (normal approximation; a false alarm about once in 3 million per check).
    lo, mode, hi, n = 20000.0, 40000.0, 80000.0, 200_000
    ranges = pd.DataFrame({"parameter": ["program_fixed_cost"], "low": [lo],
                           "most_likely": [mode], "high": [hi]})
    row = monte_carlo(None, ranges, n, seed=7)[0].iloc[0]
    F = stats.triang((mode - lo) / (hi - lo), loc=lo, scale=hi - lo)
    A, C = 10651.2745 + 40000, 36300.0
    assert row["draws"] == n
    assert row["roi_defined_share"] == 1.0                    # cost > 36,300 > 0 always

    def moments(g):
        mean = integrate.quad(lambda f: g(f) * F.pdf(f), lo, hi, points=[mode])[0]
        var = integrate.quad(lambda f: (g(f) - mean) ** 2 * F.pdf(f), lo, hi, points=[mode])[0]
        m4 = integrate.quad(lambda f: (g(f) - mean) ** 4 * F.pdf(f), lo, hi, points=[mode])[0]
        return mean, math.sqrt(var), math.sqrt((m4 - var ** 2) / n) / (2 * math.sqrt(var))

    for name, g, slope in (("net_value", lambda f: A - f, lambda f: -1.0),
                           ("roi", lambda f: (A - f) / (C + f),
                            lambda f: -(A + C) / (C + f) ** 2)):
        mean, std, se_std = moments(g)
        assert abs(row[f"{name}_mean"] - mean) <= 5 * std / math.sqrt(n), name
        assert abs(row[f"{name}_std"] - std) <= 5 * se_std, name
        # both fall as F rises: the metric's p-th percentile is g(F's (100 - p)-th)
        for p in (5, 50, 95):
            f_q = F.ppf(1 - p / 100)
            se_q = math.sqrt(p / 100 * (1 - p / 100) / n) / F.pdf(f_q) * abs(slope(f_q))
            assert abs(row[f"{name}_p{p}"] - g(f_q)) <= 5 * se_q, (name, p)
    prob = F.cdf(A)                                          # net > 0 where F < A
    assert abs(row["prob_net_value_positive"] - prob) <= 5 * math.sqrt(prob * (1 - prob) / n)


def test_monte_carlo_draws_limit():
    ranges = read_ranges(f"{SAMPLES}/ranges.csv")
    with pytest.raises(InputError, match="1,000,000"):
        monte_carlo(None, ranges, 1_000_001, seed=1)


def test_monte_carlo_whole_number_parameter_is_rounded():
    ranges = pd.DataFrame({"parameter": ["horizon_years"], "low": [2], "most_likely": [3],
                           "high": [9]})
    from calc.model.analyses import draw_scenarios
    x = draw_scenarios(None, ranges, 1000, 3)["horizon_years"]
    assert np.all(x == np.round(x)) and x.min() >= 2 and x.max() <= 9


def test_segments_total_adds_and_recomputes_ratios():
    frame = read_scenarios(f"{SAMPLES}/segments.csv")
    out = segments(frame)
    body, total = out.iloc[:-1], out.iloc[-1]
    assert total["scenario"] == "Total"
    assert len(body) == 6
    assert total["customers"] == 24000
    for c in ("net_value", "incremental_cost", "customers_saved", "total_benefit"):
        assert math.isclose(total[c], body[c].sum())
    assert math.isclose(total["roi"], total["net_value"] / total["incremental_cost"])
    assert not math.isclose(total["roi"], body["roi"].mean())   # not an average of ratios
    assert math.isclose(total["retention_lift"],
                        total["customers_saved"] / total["failed_customers"])
    assert math.isclose(total["cost_per_customer_saved"],
                        total["incremental_cost"] / total["customers_saved"])
    assert math.isnan(total["customer_value"])            # per-customer figures do not add
    flows = summed_projection(body)
    assert math.isclose(flows["cumulative_discounted_cash_flow"].iloc[-1], total["net_value"])
    assert 0 < total["payback_years"] < 5


def test_presets_match_model_md_and_sample_files():
    assert preset("TARP minor problem (loss under $5)")["retention_resolved_fast"] == 0.95
    assert preset("TARP major problem (loss over $100)")["retention_silent"] == 0.09
    for name, f in ((list(PRESETS)[1], "tarp_minor.csv"), (list(PRESETS)[2], "tarp_major.csv")):
        frame = read_scenarios(f"{SAMPLES}/{f}")
        assert {n: frame[n].iloc[0] for n in NAMES} == preset(name)
    # TARP minor assumes the paradox (0.95 > 0.85); major does not (0.82 < 0.85)
    assert evaluate(preset(list(PRESETS)[1]))["paradox_assumed"] is True
    assert evaluate(preset(list(PRESETS)[2]))["paradox_assumed"] is False
