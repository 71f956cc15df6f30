"""The model against MODEL.md: the worked example, and a hand-checked case per formula.

Expected numbers were written down by hand before the code was run; each says where it comes from.
"""

import math

import numpy as np
import pandas as pd
import pytest

from calc import InputError, evaluate, projection
from calc.model import METRICS, discounted_survival_sum, evaluate_table, payback_from_cumulative
from calc.params import DEFAULTS, NAMES, PARAMS

REL = 1e-9


def close(a, b, rel=REL):
    return math.isclose(a, b, rel_tol=rel, abs_tol=1e-9)


# --- MODEL.md worked example (the defaults) -------------------------------------------------
WORKED = {
    "profit_per_customer": 240.0,
    "margin_multiple": 2.8979756412564956,  # 1/1.1 + .85/1.21 + .85^2/1.331 + .85^3/1.4641 + .85^4/1.61051
    "customer_value": 695.5141539015590,
    "failed_customers": 3000.0,
    "retained_failed_baseline": 1836.0,
    "retained_failed_program": 1977.6,
    "customers_saved": 141.6,
    "total_benefit": 98484.8041924607,
    "incremental_cost": 76300.0,  # 7,500 + 28,800 + 40,000
    "net_value": 22184.8041924607,
    "roi": 0.29075759098899995,
    "cost_per_customer_saved": 538.8418079096045,
    "replacement_cost": 56640.0,
}


@pytest.mark.parametrize("metric, expected", WORKED.items())
def test_worked_example_of_model_md(metric, expected):
    assert close(evaluate()[metric], expected)


def test_worked_example_rounded_figures_as_printed_in_model_md():
    m = evaluate()
    assert f"{m['margin_multiple']:.7f}" == "2.8979756"
    assert f"{m['customer_value']:.4f}" == "695.5142"  # MODEL.md: 695.5141... (truncated)
    assert f"{m['total_benefit']:.3f}" == "98484.804"
    assert f"{m['net_value']:.3f}" == "22184.804"
    assert f"{m['roi']:.6f}" == "0.290758"  # MODEL.md: 0.290757... (truncated)
    assert math.floor(m["break_even_compensation"] * 1e4) / 1e4 == 53.1091
    assert math.floor(m["payback_years"] * 1e5) / 1e5 == 3.21642
    assert math.floor(m["cost_per_customer_saved"] * 1e3) / 1e3 == 538.841
    assert m["paradox_assumed"] is False


# --- A small case worked by hand, every metric ------------------------------------------------
# customers 100, revenue 1000, margin 0.1 -> P = 100; r 0.5, d 0, H 3 -> M = 1 + .5 + .25 = 1.75
# F = 100 * .5 = 50. Baseline: C = 10, R = 5, Q = 1. Program: C = 20, R = 20, Q = 10.
# retained_b = 40*.4 + 5*.2 + 4*.6 + 1*.8 = 20.2; retained_p = 30*.4 + 0 + 10*.6 + 10*.8 = 26
HAND_PARAMS = dict(
    customers=100, revenue_per_customer=1000, operating_margin=0.1, discount_rate=0.0,
    horizon_years=3, acquisition_cost=50, failure_rate=0.5,
    complaint_rate_baseline=0.2, complaint_rate_program=0.4,
    resolution_rate_baseline=0.5, resolution_rate_program=1.0,
    fast_resolution_share_baseline=0.2, fast_resolution_share_program=0.5,
    retention_no_failure=0.5, retention_silent=0.4, retention_unresolved=0.2,
    retention_resolved=0.6, retention_resolved_fast=0.8,
    handling_cost_per_complaint=10, compensation_per_resolution_baseline=2,
    compensation_per_resolution_program=5, compensation_cost_share=0.5,
    program_fixed_cost=1000, wom_reach_per_lost_customer=10, wom_conversion_rate=0.1,
)
HAND_EXPECTED = {
    "profit_per_customer": 100.0,
    "margin_multiple": 1.75,
    "customer_value": 175.0,
    "failed_customers": 50.0,
    "complaints_baseline": 10.0, "complaints_program": 20.0,
    "resolved_baseline": 5.0, "resolved_program": 20.0,
    "resolved_fast_baseline": 1.0, "resolved_fast_program": 10.0,
    "retained_failed_baseline": 20.2, "retained_failed_program": 26.0,
    "customers_saved": 5.8,
    "retention_lift": 0.116,                       # 5.8 / 50
    "overall_retention_baseline": 0.452,           # (50 * .5 + 20.2) / 100
    "overall_retention_program": 0.51,             # (25 + 26) / 100
    "retained_value": 1015.0,                      # 5.8 * 175
    "wom_customers_saved": 5.8,                    # 5.8 * 10 * .1
    "wom_value": 1015.0,
    "total_benefit": 2030.0,
    "handling_cost_baseline": 100.0, "handling_cost_program": 200.0,
    "compensation_cost_baseline": 5.0,             # 5 * 2 * .5
    "compensation_cost_program": 50.0,             # 20 * 5 * .5
    "incremental_handling_cost": 100.0,
    "incremental_compensation_cost": 45.0,
    "incremental_cost": 1145.0,
    "net_value": 885.0,
    "roi": 885 / 1145,
    "benefit_cost_ratio": 2030 / 1145,
    "cost_per_customer_saved": 1145 / 5.8,
    "break_even_compensation": 93.5,               # (2030 - 100 - 1000 + 5) / (20 * .5)
    "replacement_cost": 290.0,                     # 5.8 * 50
    "payback_years": 1145 / 1160,                  # year 1 brings 11.6 * 100 = 1160 undiscounted
}


@pytest.mark.parametrize("metric, expected", HAND_EXPECTED.items())
def test_hand_checked_case(metric, expected):
    assert close(evaluate(HAND_PARAMS)[metric], expected)


def test_hand_case_paradox_flag():
    # retention_resolved_fast 0.8 > retention_no_failure 0.5
    assert evaluate(HAND_PARAMS)["paradox_assumed"] is True
    assert evaluate(retention_resolved=0.86)["paradox_assumed"] is True
    assert evaluate(retention_resolved_fast=0.86)["paradox_assumed"] is True
    assert evaluate(retention_resolved_fast=0.85)["paradox_assumed"] is False  # equal is not above


# --- margin multiple ---------------------------------------------------------------------------
@pytest.mark.parametrize("r, d, H, expected", [
    (0.8, 0.1, 1, 1 / 1.1),
    (0.8, 0.1, 2, 1.9 / 1.21),                     # 1/1.1 + .8/1.21
    (1.0, 0.0, 7, 7.0),                            # nothing lost, nothing discounted
    (0.0, 0.1, 5, 1 / 1.1),                        # only year 1 counts
    (1.0, 0.1, 3, 1 / 1.1 + 1 / 1.21 + 1 / 1.331),
    (0.999, 0.0, 3, 1 + 0.999 + 0.999 ** 2),       # x near 1: term-by-term branch
    (1.0, 0.005, 2, 1 / 1.005 + 1 / 1.005 ** 2),
])
def test_margin_multiple_by_hand(r, d, H, expected):
    m = evaluate(retention_no_failure=r, discount_rate=d, horizon_years=H)
    assert close(m["margin_multiple"], expected)


def test_margin_multiple_long_horizon_approaches_gupta_lehmann_stuart():
    # Gupta, Lehmann & Stuart (2004): r / (1 + i - r) = 2.67 at r = .8, i = .1. MODEL.md's
    # multiple pays year 1 for sure (r^0), so over a long horizon it tends to that divided by r.
    m = evaluate(retention_no_failure=0.8, discount_rate=0.1, horizon_years=50)
    assert abs(0.8 * m["margin_multiple"] - 0.8 / 0.3) < 1e-4
    assert f"{0.8 * m['margin_multiple']:.2f}" == "2.67"


def test_discounted_survival_sum_matches_direct_sum_on_a_grid():
    rng = np.random.default_rng(1)
    r = rng.uniform(0, 1, 2000)
    d = rng.uniform(0, 1, 2000)
    d[:300] = 0.0
    r[:200] = 1.0
    H = rng.integers(1, 51, 2000)
    got = discounted_survival_sum(r, d, H)
    for i in range(2000):
        direct = sum(r[i] ** (t - 1) / (1 + d[i]) ** t for t in range(1, H[i] + 1))
        assert math.isclose(got[i], direct, rel_tol=1e-12)


# --- special cases ------------------------------------------------------------------------------
def test_no_failures_gives_zero_lift_and_undefined_cost_per_customer():
    m = evaluate(failure_rate=0)
    assert m["retention_lift"] == 0.0
    assert m["customers_saved"] == 0.0
    assert math.isnan(m["cost_per_customer_saved"])
    assert m["net_value"] == -40000.0
    assert m["roi"] == -1.0
    assert math.isnan(m["payback_years"])


def test_ratios_are_nan_where_cost_is_not_positive():
    m = evaluate(program_fixed_cost=0, handling_cost_per_complaint=0,
                 compensation_per_resolution_program=0)
    assert m["incremental_cost"] == 0.0
    assert math.isnan(m["roi"]) and math.isnan(m["benefit_cost_ratio"])
    assert m["payback_years"] == 0.0


def test_break_even_compensation_nan_where_divisor_zero():
    assert math.isnan(evaluate(compensation_cost_share=0)["break_even_compensation"])
    assert math.isnan(evaluate(resolution_rate_program=0)["break_even_compensation"])


def test_break_even_negative_when_program_cannot_pay():
    assert evaluate(program_fixed_cost=1e6)["break_even_compensation"] < 0


def test_payback_not_reached_within_horizon_is_nan():
    # H = 1: -76,300 + 141.6 * 240 / 1.1 < 0
    assert math.isnan(evaluate(horizon_years=1)["payback_years"])


def test_payback_exactly_at_a_year_end():
    # d = 0, r = 1: year t brings 141.6 * 240 = 33,984; cost 67,968 is paid back at exactly 2.0
    m = evaluate(discount_rate=0, retention_no_failure=1.0, program_fixed_cost=67968 - 36300)
    assert close(m["incremental_cost"], 67968)
    assert close(m["payback_years"], 2.0)


# --- projection ----------------------------------------------------------------------------------
def test_projection_worked_example():
    p = projection()
    assert list(p["year"]) == [0, 1, 2, 3, 4, 5]
    assert p.loc[0, "cash_flow"] == -76300.0
    assert close(p.loc[1, "active_saved_customers"], 141.6)
    assert close(p.loc[2, "active_saved_customers"], 141.6 * 0.85)
    assert close(p.loc[1, "profit"], 141.6 * 240)
    assert close(p.loc[1, "discounted_cash_flow"], 141.6 * 240 / 1.1)
    assert close(p["cumulative_discounted_cash_flow"].iloc[-1], evaluate()["net_value"])
    # payback read off the table equals the metric
    assert close(payback_from_cumulative(p["cumulative_discounted_cash_flow"],
                                         p["discounted_cash_flow"]), evaluate()["payback_years"])


def test_projection_includes_word_of_mouth_customers():
    p = projection(HAND_PARAMS)
    assert close(p.loc[1, "active_saved_customers"], 11.6)
    assert close(p["cumulative_discounted_cash_flow"].iloc[-1], 885.0)


# --- vectorisation ------------------------------------------------------------------------------
def test_arrays_broadcast_and_match_scalar_calls():
    rates = np.array([0.1, 0.3, 0.5])
    many = evaluate(failure_rate=rates, horizon_years=np.array([1, 5, 10]))
    for i, (f, h) in enumerate(zip(rates, [1, 5, 10])):
        one = evaluate(failure_rate=f, horizon_years=h)
        for name in METRICS:
            a, b = many[name][i], one[name]
            assert (math.isnan(a) and math.isnan(b)) or a == b, name


def test_dataframe_in_dataframe_out_with_same_index():
    df = pd.DataFrame({"customers": [10, 20], "failure_rate": [0.1, 0.2]}, index=[7, 9])
    out = evaluate(df)
    assert list(out.index) == [7, 9]
    assert list(out.columns) == list(METRICS)
    assert out.loc[9, "failed_customers"] == 4.0


def test_evaluate_table_column_order_is_scenario_params_metrics():
    df = pd.DataFrame({"scenario": ["a"], "customers": [5.0]})
    out = evaluate_table(df)
    assert list(out.columns) == ["scenario", *NAMES, *METRICS]
    assert out.loc[0, "discount_rate"] == DEFAULTS["discount_rate"]


# --- validation ---------------------------------------------------------------------------------
def test_validation_lists_every_problem_with_value_and_range():
    with pytest.raises(InputError) as e:
        evaluate(customers=0, failure_rate=1.5, horizon_years=2.5, discount_rate=float("nan"),
                 revenue_per_customer=float("inf"))
    text = str(e.value)
    assert len(e.value.problems) == 5
    assert "column customers: value '0': is outside the allowed range 1 to 1e9" in text
    assert "failure_rate: value '1.5': is outside the allowed range 0 to 1" in text
    assert "horizon_years: value '2.5': must be a whole number" in text
    assert "discount_rate: value 'nan': is not a number" in text
    assert "revenue_per_customer: value 'inf': is infinite" in text


def test_unknown_parameter_suggests_closest():
    with pytest.raises(InputError, match="did you mean 'failure_rate'"):
        evaluate(failure_rat=0.2)


def test_nothing_is_clipped():
    with pytest.raises(InputError):
        evaluate(retention_silent=1.0000001)


def test_registry_matches_model_md_table():
    # names, defaults and ranges copied from MODEL.md's parameter table
    expected = [
        ("customers", 10000, 1, 1e9), ("revenue_per_customer", 1200, 0, 1e9),
        ("operating_margin", .2, 0, 1), ("discount_rate", .1, 0, 1), ("horizon_years", 5, 1, 50),
        ("acquisition_cost", 400, 0, 1e9), ("failure_rate", .3, 0, 1),
        ("complaint_rate_baseline", .3, 0, 1), ("complaint_rate_program", .4, 0, 1),
        ("resolution_rate_baseline", .5, 0, 1), ("resolution_rate_program", .8, 0, 1),
        ("fast_resolution_share_baseline", .3, 0, 1), ("fast_resolution_share_program", .6, 0, 1),
        ("retention_no_failure", .85, 0, 1), ("retention_silent", .6, 0, 1),
        ("retention_unresolved", .5, 0, 1), ("retention_resolved", .75, 0, 1),
        ("retention_resolved_fast", .85, 0, 1), ("handling_cost_per_complaint", 25, 0, 1e9),
        ("compensation_per_resolution_baseline", 0, 0, 1e9),
        ("compensation_per_resolution_program", 30, 0, 1e9), ("compensation_cost_share", 1, 0, 1),
        ("program_fixed_cost", 40000, 0, 1e12), ("wom_reach_per_lost_customer", 0, 0, 1000),
        ("wom_conversion_rate", .01, 0, 1),
    ]
    assert [(p.name, p.default, p.min, p.max) for p in PARAMS] == expected
    assert [p.name for p in PARAMS if p.integer] == ["horizon_years"]
    for p in PARAMS:
        assert p.label and p.unit and p.help and p.source


def test_customer_flow_adds_up_for_both_worlds():
    from calc.model import customer_flow
    f = customer_flow()
    for world in ("baseline", "program"):
        w = f[f["world"] == world]
        kept = w[w["target"] == "Kept"]["customers"].sum()
        assert close(kept, evaluate()[f"retained_failed_{world}"])
        for node in ("Silent", "Complained", "Unresolved", "Resolved slowly", "Resolved fast"):
            inflow = w[w["target"] == node]["customers"].sum()
            outflow = w[w["source"] == node]["customers"].sum()
            assert close(inflow, outflow)
    # worked example, baseline: 2,100 silent of whom 60% kept
    b = f[(f["world"] == "baseline") & (f["source"] == "Silent") & (f["target"] == "Kept")]
    assert close(b["customers"].iloc[0], 1260.0)


def test_every_metric_has_display_info():
    from calc.model import METRIC_INFO
    assert list(METRIC_INFO) == list(METRICS)


def test_payback_within_a_tiny_fraction_of_year_one_keeps_its_digits():
    # found by hypothesis: cost 2.2e-308, one customer saved earning 1 in year 1 -> payback is
    # 2.2e-308 years, not 0 (0 is only for a cost that is not positive)
    p = dict(customers=1, revenue_per_customer=1, operating_margin=1, discount_rate=0,
             horizon_years=1, failure_rate=1, complaint_rate_baseline=0,
             complaint_rate_program=1, resolution_rate_program=1,
             fast_resolution_share_program=0, retention_no_failure=0, retention_silent=0,
             retention_resolved=1, handling_cost_per_complaint=0,
             compensation_per_resolution_program=0, program_fixed_cost=2.2250738585072014e-308,
             wom_reach_per_lost_customer=0)
    assert evaluate(p)["payback_years"] == 2.2250738585072014e-308
    # and a small payback keeps full relative precision: cost 1, year 1 brings 1e6 (d = 0)
    q = {**p, "customers": 1e6, "program_fixed_cost": 1.0}
    assert evaluate(q)["payback_years"] == 1e-6
