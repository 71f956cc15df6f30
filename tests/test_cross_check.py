"""The vectorised model (calc.evaluate, calc.projection) against the plain per-row reference
(calc/reference.py, written from docs/MODEL.md) on random valid scenarios: every metric and
every projection column to 1e-9 relative, with a documented floor for figures near 0."""

import math

import numpy as np
import pytest

import calc
from calc.model.reference import check_wom, evaluate_row, net_value_at, projection_rows
from spec import NARROW_WINDOW, SPEC_DEFAULTS, SPEC_RANGES

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


def kept_by_both(scenarios):
    """The scenarios that keep MODEL.md's word-of-mouth rules: the reference refuses the others
    (ValueError), and so must the model, one by one (InputError naming the rule)."""
    kept, refused = [], 0
    for p in scenarios:
        try:
            check_wom(p)
        except ValueError:
            refused += 1
            with pytest.raises(calc.InputError, match="word of mouth out of bounds"):
                calc.evaluate(p)
            continue
        kept.append(p)
    return kept, refused


def check_against_reference(scenarios, with_projection):
    reference_names = list(evaluate_row(SPEC_DEFAULTS))
    assert list(calc.METRICS) == reference_names            # same metrics, same order
    scenarios, _ = kept_by_both(scenarios)
    frame = {k: np.array([s[k] for s in scenarios]) for k in scenarios[0]}
    vec = calc.evaluate(frame)
    bad = []
    for i, p in enumerate(scenarios):
        m, rows = evaluate_row(p), projection_rows(p)
        net_at = lambda c: net_value_at(p, c)  # noqa: E731 (no WOM check: m moves rho_p)
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
    from calc.model.sampling import random_scenarios
    scen = random_scenarios(500, seed=8)
    rows = [{k: float(v[i]) for k, v in scen.items()} for i in range(500)]
    check_against_reference(rows, with_projection=lambda i: False)


def test_break_even_finds_a_narrow_window_of_positive_net_value_in_the_model():
    def at(m):
        return calc.evaluate({**NARROW_WINDOW, "compensation_per_resolution_program": m})
    assert at(13.8)["net_value"] > 0 > at(13.95)["net_value"]
    be = calc.evaluate(NARROW_WINDOW)["break_even_compensation"]
    assert 13.8 < be < 13.95, be
