"""The recovery value model of ``docs/MODEL.md`` (version 3), vectorised.

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


def _projection(p: Mapping[str, np.ndarray], w: Mapping[str, np.ndarray],
                paths: str | None = None):
    """MODEL.md "Year by year": the recursion of B_p(t) with ``P``, ``d``, ``rho_k``, ``omega``,
    ``u_p - u_b`` and the fixed cost (:func:`calc.model.flows.year_paths`)."""
    P = p["revenue_per_customer"] * p["operating_margin"]
    omega = p["wom_reach_per_lost_customer"] * p["wom_conversion_rate"]
    return year_paths(p["customers"], P, p["discount_rate"], w["rho_baseline"],
                      w["rho_program"], omega, w["u_program"] - w["u_baseline"],
                      p["program_fixed_cost"], p["program_years"], p["horizon_years"],
                      paths=paths)


def _money(p: Mapping[str, np.ndarray], w: Mapping[str, np.ndarray], run) -> dict:
    """The money metrics of MODEL.md from one run of the recursion: retained_value, wom_value,
    total_benefit (TB), the incremental costs (IH, IC, FC, I) and net_value = TB - I."""
    P = p["revenue_per_customer"] * p["operating_margin"]
    d, Y, cs = p["discount_rate"], p["program_years"], p["compensation_cost_share"]
    Q = run.customers_paid                          # sum over t <= Y of B_p(t-1) / (1+d)^(t-1)
    retained = P * run.pv_extra_no_wom
    TB = P * run.pv_extra
    IH = Q * (w["a_program"] - w["a_baseline"]) * p["handling_cost_per_complaint"]
    IC = Q * (w["b_program"] * p["compensation_per_resolution_program"]
              - w["b_baseline"] * p["compensation_per_resolution_baseline"]) * cs
    FC = p["program_fixed_cost"] * discounted_survival_sum(1.0, d, Y) * (1.0 + d)
    I = IH + IC + FC
    return {"retained_value": retained, "wom_value": TB - retained, "total_benefit": TB,
            "incremental_handling_cost": IH, "incremental_compensation_cost": IC,
            "fixed_cost_total": FC, "incremental_cost": I, "net_value": TB - I}


def net_value(p: Mapping[str, np.ndarray]) -> np.ndarray:
    """net_value alone, from resolved 1-D parameter arrays (what the break-even search needs),
    added up exactly as :func:`core` adds it."""
    p = {k: np.atleast_1d(np.asarray(v, float)) for k, v in p.items()}
    w = per_customer(p)
    return _money(p, w, _projection(p, w))["net_value"]


def _year_one(p: Mapping[str, np.ndarray], w: Mapping[str, np.ndarray]) -> dict:
    """Year 1's counts and costs in each world (MODEL.md: failed_customers .. compensation_cost_k,
    customers_saved S, retention_lift S / F, overall retention rho_k)."""
    N = p["customers"]
    out = {"failed_customers": N * w["f_baseline"], "failed_customers_program": N * w["f_program"]}
    for k in WORLDS:
        out[f"complaints_{k}"] = N * w[f"a_{k}"]
        out[f"resolved_{k}"] = N * w[f"b_{k}"]
        out[f"resolved_fast_{k}"] = N * w[f"g_{k}"]
        out[f"retained_failed_{k}"] = N * w[f"kf_{k}"]
        out[f"handling_cost_{k}"] = N * w[f"a_{k}"] * p["handling_cost_per_complaint"]
        out[f"compensation_cost_{k}"] = (N * w[f"b_{k}"] * p[f"compensation_per_resolution_{k}"]
                                         * p["compensation_cost_share"])
    S = N * (w["rho_program"] - w["rho_baseline"])
    F = out["failed_customers"]
    out["customers_saved"] = S
    out["retention_lift"] = np.where(F > 0, _safe_div(S, F, F > 0), 0.0)
    out["overall_retention_baseline"] = w["rho_baseline"]
    out["overall_retention_program"] = w["rho_program"]
    return out


def closed_form_break_even(p: Mapping[str, np.ndarray], w: Mapping[str, np.ndarray], run,
                           money: Mapping[str, np.ndarray]):
    """MODEL.md's closed form ``m* = (TB - IH - FC + cs m_b A_b) / (cs A_p)``, with
    ``A_k = Q b_k``, and its divisor ``cs A_p`` (m* is NaN where the divisor is 0)."""
    cs, Q = p["compensation_cost_share"], run.customers_paid
    divisor = cs * Q * w["b_program"]
    root = _safe_div(money["total_benefit"] - money["incremental_handling_cost"]
                     - money["fixed_cost_total"]
                     + cs * p["compensation_per_resolution_baseline"] * Q * w["b_baseline"],
                     divisor, divisor != 0)
    return root, divisor


def core(p: Mapping[str, np.ndarray], paths: str | None = None):
    """Every metric from resolved parameter arrays of one shape (1-D). Returns (metrics, Paths);
    ``paths`` is passed to :func:`calc.model.flows.year_paths` ("each", "sum" or None).
    break_even_compensation is MODEL.md's closed form here, unreported range included:
    :func:`calc.model.evaluation.run_model` replaces it by the version-3 figure (the search
    calls :func:`net_value`, so this module cannot call the search)."""
    p = {k: np.atleast_1d(np.asarray(v, float)) for k, v in p.items()}
    w = per_customer(p)
    run = _projection(p, w, paths)
    P = p["revenue_per_customer"] * p["operating_margin"]
    M = discounted_survival_sum(w["rho_baseline"], p["discount_rate"], p["horizon_years"])
    out = {"profit_per_customer": P, "margin_multiple": M, "customer_value": P * M}
    out.update(_year_one(p, w))
    saved = run.saved_total
    omega = p["wom_reach_per_lost_customer"] * p["wom_conversion_rate"]
    out["customers_saved_total"] = saved
    out["wom_customers_saved"] = omega * saved
    money = _money(p, w, run)
    out.update(money)
    TB, I, NV = money["total_benefit"], money["incremental_cost"], money["net_value"]
    out["roi"] = _safe_div(NV, I, I > 0)
    out["benefit_cost_ratio"] = _safe_div(TB, I, I > 0)
    out["cost_per_customer_saved"] = _safe_div(I, saved, saved > 0)
    out["break_even_compensation"] = closed_form_break_even(p, w, run, money)[0]
    out["replacement_cost"] = saved * p["acquisition_cost"]
    out["payback_years"] = run.payback
    r = p["retention_no_failure"]
    out["paradox_assumed"] = ((w["rr_baseline"] > r) | (w["rf_baseline"] > r)
                              | (w["rr_program"] > r) | (w["rf_program"] > r))
    return {name: out[name] for name in METRICS}, run
