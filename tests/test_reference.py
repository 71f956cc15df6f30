"""The plain per-row reference (calc/reference.py) against the model specification's worked
examples, and the vectorised model against the reference on random valid scenarios.

The worked-example figures are copied from docs/MODEL.md, "Worked examples"; a figure printed
with an ellipsis is checked to the digits printed (rounded at the last one), an exact figure to
1e-12 relative.
"""

import math

import numpy as np
import pytest

from calc.reference import evaluate_row, projection_rows

# The defaults, copied from the parameter table of docs/MODEL.md (not from the registry).
SPEC_DEFAULTS = {
    "customers": 10000, "revenue_per_customer": 1200, "operating_margin": 0.20,
    "discount_rate": 0.10, "horizon_years": 5, "program_years": 1, "acquisition_cost": 400,
    "failure_rate": 0.30, "failure_reduction_program": 0, "complaint_rate_baseline": 0.30,
    "complaint_rate_program": 0.40, "resolution_rate_baseline": 0.50,
    "resolution_rate_program": 0.80, "fast_resolution_share_baseline": 0.30,
    "fast_resolution_share_program": 0.60, "retention_no_failure": 0.85,
    "retention_silent": 0.60, "retention_unresolved": 0.50, "retention_resolved": 0.75,
    "retention_resolved_fast": 0.85, "handling_cost_per_complaint": 25,
    "compensation_per_resolution_baseline": 0, "compensation_per_resolution_program": 30,
    "compensation_cost_share": 1.0, "loss_per_failure": 100, "compensation_uplift_at_peak": 0,
    "compensation_peak_ratio": 1.5, "program_fixed_cost": 40000,
    "wom_reach_per_lost_customer": 0, "wom_conversion_rate": 0.01,
}


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


# A scenario (found by the random cross-check below, rounded to 4 digits) where net value is
# positive only in a narrow window of compensation, 13.33 to 13.87 (the peak is 30.87), ending
# at the corner where resolved-fast retention plus the uplift reaches its cap of 1.
# docs/MODEL.md: NaN only "where net_value < 0 at every compensation"; here it is not.
NARROW_WINDOW = {
    **SPEC_DEFAULTS, "customers": 832400.0, "revenue_per_customer": 149.7,
    "operating_margin": 1.0, "discount_rate": 0.5973, "horizon_years": 16.0,
    "program_years": 2.0, "acquisition_cost": 1509.0, "failure_rate": 0.2992,
    "complaint_rate_baseline": 0.02422, "complaint_rate_program": 0.9703,
    "resolution_rate_baseline": 0.1245, "resolution_rate_program": 0.8966,
    "fast_resolution_share_baseline": 0.8651, "fast_resolution_share_program": 0.9921,
    "retention_no_failure": 0.5112, "retention_silent": 0.8221, "retention_unresolved": 0.5331,
    "retention_resolved": 1.0, "retention_resolved_fast": 0.6756,
    "handling_cost_per_complaint": 40.23, "compensation_per_resolution_baseline": 98.23,
    "compensation_per_resolution_program": 69.61, "compensation_cost_share": 0.5381,
    "loss_per_failure": 14.98, "compensation_uplift_at_peak": 0.4246,
    "compensation_peak_ratio": 2.061, "program_fixed_cost": 555900.0,
    "wom_reach_per_lost_customer": 4.444, "wom_conversion_rate": 0.3031,
}


def test_break_even_finds_a_narrow_window_of_positive_net_value_in_the_reference():
    def at(m):
        return evaluate_row({**NARROW_WINDOW, "compensation_per_resolution_program": m})
    assert at(13.8)["net_value"] > 0 > at(13.95)["net_value"]
    be = evaluate_row(NARROW_WINDOW)["break_even_compensation"]
    assert 13.8 < be < 13.95
    assert abs(at(be)["net_value"]) <= 1e-9 * at(be)["incremental_cost"]


def test_break_even_finds_a_narrow_window_of_positive_net_value_in_the_model():
    import calc
    def at(m):
        return calc.evaluate({**NARROW_WINDOW, "compensation_per_resolution_program": m})
    assert at(13.8)["net_value"] > 0 > at(13.95)["net_value"]
    be = calc.evaluate(NARROW_WINDOW)["break_even_compensation"]
    assert 13.8 < be < 13.95, be


# --- the vectorised model against the reference, on random valid scenarios --------------------
# Ranges copied from docs/MODEL.md's parameter table; money and counts capped (second figure)
# so that the scenarios look like businesses; a fraction or the horizon uses its whole range.
SPEC_RANGES = {
    "customers": (1, 1e6), "revenue_per_customer": (0, 1e4), "operating_margin": (0, 1),
    "discount_rate": (0, 1), "horizon_years": (1, 50), "program_years": (1, 50),
    "acquisition_cost": (0, 2e3), "failure_rate": (0, 1), "failure_reduction_program": (0, 1),
    "complaint_rate_baseline": (0, 1), "complaint_rate_program": (0, 1),
    "resolution_rate_baseline": (0, 1), "resolution_rate_program": (0, 1),
    "fast_resolution_share_baseline": (0, 1), "fast_resolution_share_program": (0, 1),
    "retention_no_failure": (0, 1), "retention_silent": (0, 1), "retention_unresolved": (0, 1),
    "retention_resolved": (0, 1), "retention_resolved_fast": (0, 1),
    "handling_cost_per_complaint": (0, 200), "compensation_per_resolution_baseline": (0, 200),
    "compensation_per_resolution_program": (0, 200), "compensation_cost_share": (0, 1),
    "loss_per_failure": (0, 500), "compensation_uplift_at_peak": (0, 1),
    "compensation_peak_ratio": (0.1, 10), "program_fixed_cost": (0, 1e6),
    "wom_reach_per_lost_customer": (0, 20), "wom_conversion_rate": (0, 1),
}
WHOLE = ("horizon_years", "program_years")


def random_spec_scenarios(n, seed):
    """``n`` valid scenarios: each parameter uniform in its range; program years 1..horizon; a
    third with prevention, a third with a compensation response (loss_per_failure > 0 there);
    and one parameter in ten at an end of its range, where the special cases live."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        p = {}
        for name, (lo, hi) in SPEC_RANGES.items():
            if name in WHOLE:
                p[name] = float(rng.integers(lo, hi + 1))
            else:
                p[name] = float(rng.uniform(lo, hi))
            if rng.random() < 0.1:
                p[name] = float(lo if rng.random() < 0.5 else hi)
        p["program_years"] = float(rng.integers(1, p["horizon_years"] + 1))
        if rng.random() < 2 / 3:
            p["failure_reduction_program"] = 0.0
        if rng.random() < 2 / 3:
            p["compensation_uplift_at_peak"] = 0.0
        elif p["loss_per_failure"] == 0 or p["compensation_uplift_at_peak"] == 0:
            p["loss_per_failure"] = float(rng.uniform(1, 500))
            p["compensation_uplift_at_peak"] = float(rng.uniform(0.001, 1))
        out.append(p)
    return out


# Tolerance: 1e-9 relative, with an absolute floor for figures near 0. The specification
# defines the extra customers as B_p(t) - B_b(t), two counts the size of the customer base, and
# net value as a difference of benefit and cost; where those differences are near 0 their
# rounding error is set by the size of the terms, not of the result. The floor is 1e-12 of that
# size (about 4,500 units in the last place): for counts, the largest customer count of the
# projection; for money, the largest money figure of the metrics or the projection, or one
# year's profit of that customer count. Ratios get the floor carried through their formula.
# On the 1,500 scenarios below no comparison needed the floor: the worst relative difference
# was 6.5e-12 (wom_value).
REL, FLOOR = 1e-9, 1e-12
COUNTS = {"failed_customers", "failed_customers_program", "complaints_baseline",
          "complaints_program", "resolved_baseline", "resolved_program", "resolved_fast_baseline",
          "resolved_fast_program", "retained_failed_baseline", "retained_failed_program",
          "customers_saved", "customers_saved_total", "wom_customers_saved",
          "customers_baseline", "customers_program", "extra_customers"}
PLAIN = {"margin_multiple", "overall_retention_baseline", "overall_retention_program",
         "discount_factor", "year"}


def scales(p, m, rows):
    cust = max(abs(r[c]) for r in rows for c in ("customers_baseline", "customers_program"))
    money = [abs(v) for k, v in m.items() if k not in COUNTS | PLAIN and isinstance(v, float)
             and math.isfinite(v) and k not in ("roi", "benefit_cost_ratio", "retention_lift",
                                                 "payback_years", "break_even_compensation")]
    money += [abs(r[c]) for r in rows for c in ("profit", "program_cost", "cash_flow")]
    money.append(m["profit_per_customer"] * cust)
    return FLOOR * cust, FLOOR * max(money)


def tolerances(p, m, rows, net_at):
    """Absolute tolerance per metric of reference row ``m``; None: do not compare (a figure
    within rounding of the threshold where the specification switches to NaN or another
    branch)."""
    fc, fm = scales(p, m, rows)
    tol = {}
    for name, v in m.items():
        if isinstance(v, bool) or name in PLAIN:
            tol[name] = REL * abs(v) + 1e-15
        else:
            tol[name] = REL * abs(v) + (fc if name in COUNTS else fm)
    ic, saves, F = m["incremental_cost"], m["customers_saved_total"], m["failed_customers"]
    ratio = lambda q, err: REL * abs(q) + err if math.isfinite(q) else 0.0  # noqa: E731
    tol["retention_lift"] = ratio(m["retention_lift"], fc / F if F else 0.0)
    for name in ("roi", "benefit_cost_ratio"):
        tol[name] = None if abs(ic) <= fm else ratio(m[name], fm / abs(ic) * (1 + abs(m[name])))
    q = m["cost_per_customer_saved"]
    tol["cost_per_customer_saved"] = (None if abs(saves) <= fc else
                                      ratio(q, (fm + abs(q) * fc) / abs(saves)))
    be = m["break_even_compensation"]
    if math.isfinite(be):
        # the root's error is the net value's divided by the slope of net value there
        h = max(abs(be), 1.0) * 1e-6
        lo = be - h if be - h >= 0 or p["compensation_uplift_at_peak"] == 0 else 0.0
        slope = abs(net_at(be + h) - net_at(lo)) / (be + h - lo)
        tol["break_even_compensation"] = None if slope == 0 else ratio(be, 4 * fm / slope)
    cum = [r["cumulative_discounted_cash_flow"] for r in rows]
    if any(abs(c) <= 4 * fm for c in cum):
        tol["payback_years"] = None        # a C_t within rounding of 0 decides the branch
    elif math.isfinite(m["payback_years"]) and min(cum) < 0:
        u = max(t for t, c in enumerate(cum) if c < 0)
        tol["payback_years"] = ratio(m["payback_years"],
                                     4 * fm / abs(rows[u + 1]["discounted_cash_flow"]))
    return tol


def agree(a, b, tol):
    if tol is None:
        return True
    if isinstance(b, bool):
        return bool(a) == b
    if math.isnan(b) or math.isnan(a):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= tol


def check_against_reference(scenarios, with_projection):
    import calc
    from calc import METRICS
    reference_names = list(evaluate_row(SPEC_DEFAULTS))
    assert list(METRICS) == reference_names            # same metrics, same order
    frame = {k: np.array([s[k] for s in scenarios]) for k in scenarios[0]}
    vec = calc.evaluate(frame)
    bad = []
    for i, p in enumerate(scenarios):
        m, rows = evaluate_row(p), projection_rows(p)
        net_at = lambda c: evaluate_row({**p, "compensation_per_resolution_program": c})[  # noqa
            "net_value"]
        tol = tolerances(p, m, rows, net_at)
        for name in reference_names:
            if not agree(vec[name][i], m[name], tol[name]):
                bad.append((i, name, vec[name][i], m[name], tol[name]))
        if with_projection(i):
            got = calc.projection(p)
            assert len(got) == len(rows)
            for name in rows[0]:
                t_abs = scales(p, m, rows)[0 if name in COUNTS else 1]
                for t, r in enumerate(rows):
                    a, b = float(got[name].iloc[t]), r[name]
                    if not abs(a - b) <= REL * abs(b) + (0 if name in PLAIN else t_abs):
                        bad.append((i, f"projection {name} t={t}", a, b, None))
    assert not bad, f"{len(bad)} disagreements, first: {bad[:10]}, scenario {scenarios[bad[0][0]]}"


def test_vectorised_model_equals_reference_on_random_scenarios():
    scenarios = random_spec_scenarios(1500, seed=2026)
    check_against_reference(scenarios, with_projection=lambda i: i % 10 == 0)


def test_vectorised_model_equals_reference_on_the_sampler_used_by_the_benchmark():
    from calc.sampling import random_scenarios
    scen = random_scenarios(500, seed=8)
    rows = [{k: float(v[i]) for k, v in scen.items()} for i in range(500)]
    check_against_reference(rows, with_projection=lambda i: False)
