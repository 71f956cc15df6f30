"""Tornado, two-way grid, break-even, Monte Carlo, segments and presets."""

import math

import numpy as np
import pandas as pd
import pytest

from calc import InputError, evaluate
from calc.analysis import (PRESETS, break_even, grid_values, monte_carlo, preset, segments,
                           summed_projection, tornado, two_way)
from calc.csvio import read_ranges, read_scenarios
from calc.params import NAMES

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


def test_two_way_grid_matches_single_evaluations():
    xs = [0.2, 0.3, 0.4]
    ys = [20000, 40000]
    g = two_way(None, "failure_rate", xs, "program_fixed_cost", ys)
    assert g.shape == (2, 3)
    for y in ys:
        for x in xs:
            assert g.loc[y, x] == evaluate(failure_rate=x, program_fixed_cost=y)["net_value"]


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


def test_monte_carlo_summary_columns_and_probability():
    ranges = read_ranges(f"{SAMPLES}/ranges.csv")
    s, draws = monte_carlo(None, ranges, 50000, seed=7)
    row = s.iloc[0]
    assert row["draws"] == 50000
    assert row["net_value_p5"] < row["net_value_p50"] < row["net_value_p95"]
    assert row["prob_net_value_positive"] == np.mean(draws["net_value"] > 0)
    assert math.isclose(row["net_value_mean"], draws["net_value"].mean())


def test_monte_carlo_draws_limit():
    ranges = read_ranges(f"{SAMPLES}/ranges.csv")
    with pytest.raises(InputError, match="1,000,000"):
        monte_carlo(None, ranges, 1_000_001, seed=1)


def test_monte_carlo_whole_number_parameter_is_rounded():
    ranges = pd.DataFrame({"parameter": ["horizon_years"], "low": [2], "most_likely": [3],
                           "high": [9]})
    from calc.analysis import draw_scenarios
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
