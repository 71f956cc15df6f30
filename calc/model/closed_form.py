"""The recovery value model of ``docs/MODEL.md`` (version 2), vectorised.

Every function takes scalars or arrays (or DataFrame columns) and broadcasts: one call evaluates
one scenario or a million. Rates are decimals per year; money is in the user's currency unit, no
conversion. The year-by-year recursion and the payback rule live in :mod:`calc.model.flows`.
"""

from __future__ import annotations

from typing import Mapping

import numpy as np

from calc.model.flows import discounted_survival_sum, year_paths
from calc.model.metrics import METRICS

WORLDS = ("baseline", "program")

# The compensation response is evaluated for x up to this; beyond it x e^(1-x) is below 1e-19,
# far under the last digit of any retention.
_X_CAP = 1e4


def uplift(U, m, loss, peak_ratio):
    """Retention points compensation ``m`` adds: ``U x e^(1-x)``, x = m / (loss x peak_ratio);
    0 where U = 0 (then the loss may be 0 too).

    >>> round(float(uplift(0.1, 150.0, 100.0, 1.5)), 12)   # at the peak: U
    0.1
    """
    U, m, scale = np.broadcast_arrays(*(np.asarray(a, float) for a in (U, m, loss * peak_ratio)))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        x = np.minimum(m / np.where(scale > 0, scale, 1.0), _X_CAP)
        return np.where(U > 0, U * x * np.exp(1.0 - x), 0.0)


def per_customer(p: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """One year in each world, per customer (MODEL.md "One year in one world"): ``f_k, a_k,
    b_k, g_k, e_k, rr_k, rf_k, kf_k, rho_k, u_k`` as ``<symbol>_<world>``."""
    f = {"baseline": p["failure_rate"],
         "program": p["failure_rate"] * (1.0 - p["failure_reduction_program"])}
    r = p["retention_no_failure"]
    out = {}
    for k in WORLDS:
        m = p[f"compensation_per_resolution_{k}"]
        a = f[k] * p[f"complaint_rate_{k}"]
        b = a * p[f"resolution_rate_{k}"]
        g = b * p[f"fast_resolution_share_{k}"]
        e = uplift(p["compensation_uplift_at_peak"], m, p["loss_per_failure"],
                   p["compensation_peak_ratio"])
        rr = np.minimum(1.0, p["retention_resolved"] + e)
        rf = np.minimum(1.0, p["retention_resolved_fast"] + e)
        kf = ((f[k] - a) * p["retention_silent"] + (a - b) * p["retention_unresolved"]
              + (b - g) * rr + g * rf)
        out.update({f"f_{k}": f[k], f"a_{k}": a, f"b_{k}": b, f"g_{k}": g, f"e_{k}": e,
                    f"rr_{k}": rr, f"rf_{k}": rf, f"kf_{k}": kf,
                    f"rho_{k}": (1.0 - f[k]) * r + kf,
                    f"u_{k}": a * p["handling_cost_per_complaint"]
                    + b * m * p["compensation_cost_share"]})
    return out


def _safe_div(num, den, valid):
    """num / den where ``valid``, NaN elsewhere, without warnings."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return np.where(valid, num / np.where(valid, den, 1.0), np.nan)


def core(p: Mapping[str, np.ndarray], paths: str | None = None):
    """Every metric from resolved parameter arrays of one shape (1-D). Returns (metrics, Paths);
    ``paths`` is passed to :func:`calc.model.flows.year_paths` ("each", "sum" or None).
    break_even_compensation is the closed form here, even where a compensation response makes it
    numeric: :func:`calc.model.evaluation.run_model` replaces it there (the root finder calls
    this function, so it cannot call the root finder)."""
    p = {k: np.atleast_1d(np.asarray(v, float)) for k, v in p.items()}
    N, d = p["customers"], p["discount_rate"]
    H, Y = p["horizon_years"], p["program_years"]
    w = per_customer(p)
    P = p["revenue_per_customer"] * p["operating_margin"]
    rho_b, rho_p = w["rho_baseline"], w["rho_program"]
    omega = p["wom_reach_per_lost_customer"] * p["wom_conversion_rate"]
    fixed = p["program_fixed_cost"]
    run = year_paths(N, P, d, rho_b, rho_p, omega, w["u_program"] - w["u_baseline"], fixed, Y, H,
                     paths=paths)
    M = discounted_survival_sum(rho_b, d, H)
    m = {"profit_per_customer": P, "margin_multiple": M, "customer_value": P * M,
         "failed_customers": N * w["f_baseline"], "failed_customers_program": N * w["f_program"]}
    for k in WORLDS:
        m[f"complaints_{k}"] = N * w[f"a_{k}"]
        m[f"resolved_{k}"] = N * w[f"b_{k}"]
        m[f"resolved_fast_{k}"] = N * w[f"g_{k}"]
        m[f"retained_failed_{k}"] = N * w[f"kf_{k}"]
        m[f"handling_cost_{k}"] = N * w[f"a_{k}"] * p["handling_cost_per_complaint"]
        m[f"compensation_cost_{k}"] = (N * w[f"b_{k}"] * p[f"compensation_per_resolution_{k}"]
                                       * p["compensation_cost_share"])
    S = N * (rho_p - rho_b)
    F = m["failed_customers"]
    m["customers_saved"] = S
    m["retention_lift"] = np.where(F > 0, _safe_div(S, F, F > 0), 0.0)
    m["overall_retention_baseline"], m["overall_retention_program"] = rho_b, rho_p
    saved = run.saved_total
    m["customers_saved_total"] = saved
    m["retained_value"] = P * run.pv_extra_no_wom
    m["wom_customers_saved"] = omega * saved
    TB = P * run.pv_extra
    m["wom_value"] = TB - m["retained_value"]
    m["total_benefit"] = TB
    Q = run.customers_paid
    cs = p["compensation_cost_share"]
    IH = Q * (w["a_program"] - w["a_baseline"]) * p["handling_cost_per_complaint"]
    IC = Q * (w["b_program"] * p["compensation_per_resolution_program"]
              - w["b_baseline"] * p["compensation_per_resolution_baseline"]) * cs
    FC = fixed * discounted_survival_sum(1.0, d, Y) * (1.0 + d)   # sum of (1+d)^-(t-1), t <= Y
    I = IH + IC + FC
    m.update({"incremental_handling_cost": IH, "incremental_compensation_cost": IC,
              "fixed_cost_total": FC, "incremental_cost": I})
    NV = TB - I
    m["net_value"] = NV
    m["roi"] = _safe_div(NV, I, I > 0)
    m["benefit_cost_ratio"] = _safe_div(TB, I, I > 0)
    m["cost_per_customer_saved"] = _safe_div(I, saved, saved > 0)
    divisor = cs * Q * w["b_program"]
    m["break_even_compensation"] = _safe_div(
        TB - IH - FC + cs * p["compensation_per_resolution_baseline"] * Q * w["b_baseline"],
        divisor, divisor != 0)
    m["replacement_cost"] = saved * p["acquisition_cost"]
    m["payback_years"] = run.payback
    r = p["retention_no_failure"]
    m["paradox_assumed"] = ((w["rr_baseline"] > r) | (w["rf_baseline"] > r)
                            | (w["rr_program"] > r) | (w["rf_program"] > r))
    return {name: m[name] for name in METRICS}, run


