"""The plain per-row reference (calc/reference.py) against the model specification's worked
examples, and its numeric break-even compensation (the comparison with the vectorised model is
tests/test_cross_check.py).

The worked-example figures are copied from docs/MODEL.md, "Worked examples"; a figure printed
with an ellipsis is checked to the digits printed (rounded at the last one), an exact figure to
1e-12 relative.
"""

import math

import numpy as np
import pytest

from calc.model.reference import evaluate_row, projection_rows
from spec import NARROW_WINDOW, SPEC_DEFAULTS


def printed(value, text):
    """``value`` agrees with a figure printed in MODEL.md as ``text`` ("10,651.2745…": rounded
    at the last printed digit; without an ellipsis the figure is exact)."""
    digits = text.replace(",", "").rstrip("…")
    if text.endswith("…"):
        decimals = len(digits.split(".")[1]) if "." in digits else 0
        return abs(value - float(digits)) <= 0.5 * 10 ** -decimals
    return math.isclose(value, float(digits), rel_tol=1e-12)


# "Worked examples", first paragraph: the defaults (program_years = 1).
ONE_YEAR = [
    ("profit_per_customer", "240"),                  # P = 240
    ("overall_retention_baseline", "0.7786"),        # rho_b = 0.7786
    ("overall_retention_program", "0.79276"),        # rho_p = 0.79276
    ("margin_multiple", "2.55859447…"),
    ("customer_value", "614.06267…"),
    ("failed_customers", "3000"),
    ("retained_failed_baseline", "1836"),
    ("retained_failed_program", "1977.6"),
    ("customers_saved", "141.6"),                    # customers_saved = ...
    ("customers_saved_total", "141.6"),              # ... = customers_saved_total = 141.6
    ("total_benefit", "86,951.2745…"),
    ("incremental_handling_cost", "7,500"),          # incremental_cost = 7,500 + ...
    ("incremental_compensation_cost", "28,800"),     # ... + 28,800 + ...
    ("fixed_cost_total", "40,000"),                  # ... + 40,000
    ("incremental_cost", "76,300"),                  # ... = 76,300
    ("net_value", "10,651.2745…"),
    ("roi", "0.1395973…"),
    ("break_even_compensation", "41.09508…"),
    ("payback_years", "3.73562…"),
    ("cost_per_customer_saved", "538.8418…"),
    ("replacement_cost", "56,640"),
]

# "Worked examples", second paragraph: program_years = 3, all else default.
THREE_YEARS = [
    ("customers_saved_total", "430.39964…"),
    ("incremental_cost", "209,950.332…"),
    ("net_value", "7,846.1351…"),
    ("break_even_compensation", "32.95121…"),
    ("payback_years", "4.74667…"),
]
THREE_YEARS_PROGRAM_COST = ["76,300", "76,814.008", "77,221.493…"]           # t = 0, 1, 2
# t = 1..5
THREE_YEARS_EXTRA = ["141.6", "253.8548…", "342.8459…", "266.9399…", "207.8394…"]


@pytest.mark.parametrize("metric, figure", ONE_YEAR)
def test_first_worked_example(metric, figure):
    m = evaluate_row(SPEC_DEFAULTS)
    assert printed(m[metric], figure), (metric, m[metric], figure)


def test_first_worked_example_projection_and_flags():
    rows = projection_rows(SPEC_DEFAULTS)
    m = evaluate_row(SPEC_DEFAULTS)
    assert [r["year"] for r in rows] == [0, 1, 2, 3, 4, 5]
    # "The last cumulative value equals net_value"
    assert math.isclose(rows[-1]["cumulative_discounted_cash_flow"], m["net_value"], rel_tol=1e-12)
    # with Y = 1 the extra customers are S rho_b^(t-1) (MODEL.md, below the projection table)
    for r in rows[1:]:
        assert math.isclose(r["extra_customers"], 141.6 * 0.7786 ** (r["year"] - 1), rel_tol=1e-12)
    assert [r["program_cost"] for r in rows] == [76300, 0, 0, 0, 0, 0]
    assert m["paradox_assumed"] is False                 # 0.75 and 0.85 do not exceed 0.85
    assert m["wom_value"] == 0 and m["wom_customers_saved"] == 0   # reach 0 by default


@pytest.mark.parametrize("metric, figure", THREE_YEARS)
def test_second_worked_example(metric, figure):
    m = evaluate_row({**SPEC_DEFAULTS, "program_years": 3})
    assert printed(m[metric], figure), (metric, m[metric], figure)


def test_second_worked_example_projection():
    rows = projection_rows({**SPEC_DEFAULTS, "program_years": 3})
    for t, figure in enumerate(THREE_YEARS_PROGRAM_COST):
        assert printed(rows[t]["program_cost"], figure), (t, rows[t]["program_cost"])
    assert [r["program_cost"] for r in rows[3:]] == [0, 0, 0]
    for t, figure in enumerate(THREE_YEARS_EXTRA, start=1):
        assert printed(rows[t]["extra_customers"], figure), (t, rows[t]["extra_customers"])
    assert math.isclose(rows[-1]["cumulative_discounted_cash_flow"], 7846.1351227760,
                        rel_tol=1e-12)


def test_break_even_compensation_with_response_gives_zero_net_value():
    # U > 0: the numeric break-even is a root of net value, and the highest one: above it, up to
    # 40 times the peak compensation and beyond, net value stays negative.
    p = {**SPEC_DEFAULTS, "compensation_uplift_at_peak": 0.05}
    be = evaluate_row(p)["break_even_compensation"]
    assert be > 0
    at = evaluate_row({**p, "compensation_per_resolution_program": be})
    assert abs(at["net_value"]) <= 1e-9 * at["incremental_cost"]
    for m in np.linspace(be * 1.001, 100 * be, 200):
        assert evaluate_row({**p, "compensation_per_resolution_program": m})["net_value"] < 0


def test_break_even_with_a_tiny_response_approaches_the_closed_form():
    # net value is continuous in U, so U -> 0 gives the closed form's 41.09508 back
    be = evaluate_row({**SPEC_DEFAULTS, "compensation_uplift_at_peak": 1e-12})
    assert math.isclose(be["break_even_compensation"], 41.09507758822529, rel_tol=1e-9)


def test_break_even_with_response_nan_where_net_value_is_negative_everywhere():
    # fixed cost 1e6 a year: the benefit (at most 116,426.28, at the peak compensation 150)
    # never covers it
    p = {**SPEC_DEFAULTS, "compensation_uplift_at_peak": 0.05, "program_fixed_cost": 1e6}
    assert math.isnan(evaluate_row(p)["break_even_compensation"])


def test_break_even_finds_a_narrow_window_of_positive_net_value_in_the_reference():
    def at(m):
        return evaluate_row({**NARROW_WINDOW, "compensation_per_resolution_program": m})
    assert at(13.8)["net_value"] > 0 > at(13.95)["net_value"]
    be = evaluate_row(NARROW_WINDOW)["break_even_compensation"]
    assert 13.8 < be < 13.95
    assert abs(at(be)["net_value"]) <= 1e-9 * at(be)["incremental_cost"]
