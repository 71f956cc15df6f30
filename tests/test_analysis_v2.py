"""Analyses over the parameters of model version 2, and the defects issue 8 found in them."""

import math

import numpy as np
import pandas as pd

import calc
from calc.model.analyses import (break_even, default_grid_range, draw_scenarios, segments,
                                 tornado, two_way)


def test_break_even_on_customers_scans_from_its_minimum_of_one():
    # used to raise: the scan started at 1e-6 customers, below the allowed minimum of 1
    result = break_even(None, "customers")
    # net value is linear in customers above the fixed cost: N x (benefit - variable cost per
    # customer) = fixed cost. Per customer: benefit 8.69512745, variable cost (7,500 + 28,800)
    # / 10,000 = 3.63, so N = 40,000 / (8.69512745 - 3.63) = 7,897.14
    per = calc.evaluate()["total_benefit"] / 10000 - 3.63
    assert math.isclose(result.value, 40000 / per, rel_tol=1e-9)


def test_break_even_on_horizon_never_goes_below_program_years():
    result = break_even({"program_years": 3, "horizon_years": 5}, "horizon_years")
    assert result.value >= 3
    assert calc.evaluate(program_years=3, horizon_years=int(result.value))["net_value"] >= 0
    assert calc.evaluate(program_years=3, horizon_years=int(result.value) - 1)["net_value"] < 0


def test_tornado_keeps_program_years_within_the_horizon():
    t = tornado({"program_years": 5, "horizon_years": 5}).set_index("parameter")
    assert t.loc["horizon_years", "low_value"] == 5      # 4 would fall below program years
    assert t.loc["program_years", "high_value"] == 5     # 6 would pass the horizon
    assert t.loc["program_years", "low_value"] == 4


def test_two_way_cells_past_the_horizon_are_blank():
    grid = two_way(None, "program_years", [1, 3, 5, 7], "horizon_years", [3, 5])
    assert np.isnan(grid.loc[3.0, 5.0]) and np.isnan(grid.loc[5.0, 7.0])
    # MODEL.md worked examples: (1, 5) and (3, 5)
    assert math.isclose(grid.loc[5.0, 1.0], 10651.2744846953, rel_tol=1e-12)
    assert abs(grid.loc[5.0, 3.0] - 7846.1351) < 1e-4


def test_default_grid_range_respects_the_horizon():
    assert default_grid_range("program_years", {"program_years": 4, "horizon_years": 5}) == (2, 5)
    lo, hi = default_grid_range("failure_rate", None)
    assert math.isclose(lo, 0.15) and math.isclose(hi, 0.45)


def test_monte_carlo_rounds_whole_numbers_after_drawing_and_cuts_program_years():
    ranges = pd.DataFrame({"parameter": ["horizon_years", "program_years"], "low": [2, 1],
                           "most_likely": [4, 3], "high": [6, 6]})
    s = draw_scenarios(None, ranges, 5000, seed=3)
    assert set(np.unique(s["horizon_years"])) <= {2.0, 3.0, 4.0, 5.0, 6.0}
    assert (s["program_years"] <= s["horizon_years"]).all()
    # rounding after drawing: the end value 2 only gets the draws in [2, 2.5), i.e.
    # (0.5)^2 / ((6-2)(4-2)) = 1/32 of them for a triangular(2, 4, 6)
    share = np.mean(s["horizon_years"] == 2.0)
    assert abs(share - 1 / 32) < 4 * math.sqrt(1 / 32 * (1 - 1 / 32) / 5000)


def test_segments_total_payback_from_summed_flows_of_mixed_horizons():
    frame = pd.DataFrame({"scenario": ["a", "b"], "horizon_years": [2, 6],
                          "program_years": [1, 3]})
    out = segments(frame)
    total = out.iloc[-1]
    # by hand: add the two projections' discounted cash flows year by year
    flows = [calc.projection(horizon_years=2, program_years=1),
             calc.projection(horizon_years=6, program_years=3)]
    dcf = np.zeros(7)
    for f in flows:
        dcf[: len(f)] += f["discounted_cash_flow"].to_numpy()
    cum = np.cumsum(dcf)
    u = max(t for t in range(7) if cum[t] < 0)
    assert math.isclose(total["payback_years"], u + (-cum[u]) / dcf[u + 1], rel_tol=1e-12)
    assert math.isclose(total["net_value"], cum[-1], rel_tol=1e-12)
    assert math.isclose(total["customers_saved_total"],
                        out.loc[0, "customers_saved_total"] + out.loc[1, "customers_saved_total"])
