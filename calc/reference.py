"""A second, deliberately plain implementation of MODEL.md: one scenario, plain Python floats,
loops where the spec says "sum" or "running sum", no numpy.

It exists to cross-check the vectorised model (tests compare the two on random scenarios to
1e-9 relative) and as the per-row loop that ``bench/run.py`` times against it. It does not
validate; give it valid parameters.
"""

from __future__ import annotations

import math


def evaluate_row(p: dict[str, float]) -> dict[str, float]:
    N = p["customers"]
    r = p["retention_no_failure"]
    d = p["discount_rate"]
    H = int(p["horizon_years"])
    P = p["revenue_per_customer"] * p["operating_margin"]
    M = 0.0
    for t in range(1, H + 1):
        M += r ** (t - 1) / (1 + d) ** t
    V = P * M
    F = N * p["failure_rate"]
    out = {"profit_per_customer": P, "margin_multiple": M, "customer_value": V,
           "failed_customers": F}
    for k in ("baseline", "program"):
        C = F * p[f"complaint_rate_{k}"]
        R = C * p[f"resolution_rate_{k}"]
        Q = R * p[f"fast_resolution_share_{k}"]
        out[f"complaints_{k}"], out[f"resolved_{k}"], out[f"resolved_fast_{k}"] = C, R, Q
        out[f"retained_failed_{k}"] = ((F - C) * p["retention_silent"]
                                       + (C - R) * p["retention_unresolved"]
                                       + (R - Q) * p["retention_resolved"]
                                       + Q * p["retention_resolved_fast"])
        out[f"handling_cost_{k}"] = C * p["handling_cost_per_complaint"]
        out[f"compensation_cost_{k}"] = (R * p[f"compensation_per_resolution_{k}"]
                                         * p["compensation_cost_share"])
    S = out["retained_failed_program"] - out["retained_failed_baseline"]
    out["customers_saved"] = S
    out["retention_lift"] = S / F if F != 0 else 0.0
    for k in ("baseline", "program"):
        out[f"overall_retention_{k}"] = ((N - F) * r + out[f"retained_failed_{k}"]) / N
    out["retained_value"] = S * V
    W = S * p["wom_reach_per_lost_customer"] * p["wom_conversion_rate"]
    out["wom_customers_saved"] = W
    out["wom_value"] = W * V
    TB = out["retained_value"] + out["wom_value"]
    out["total_benefit"] = TB
    IH = out["handling_cost_program"] - out["handling_cost_baseline"]
    IC = out["compensation_cost_program"] - out["compensation_cost_baseline"]
    I = IH + IC + p["program_fixed_cost"]
    out["incremental_handling_cost"], out["incremental_compensation_cost"] = IH, IC
    out["incremental_cost"] = I
    NV = TB - I
    out["net_value"] = NV
    nan = math.nan
    out["roi"] = NV / I if I > 0 else nan
    out["benefit_cost_ratio"] = TB / I if I > 0 else nan
    out["cost_per_customer_saved"] = I / S if S > 0 else nan
    div = out["resolved_program"] * p["compensation_cost_share"]
    out["break_even_compensation"] = ((TB - IH - p["program_fixed_cost"]
                                       + out["compensation_cost_baseline"]) / div
                                      if div != 0 else nan)
    out["replacement_cost"] = S * p["acquisition_cost"]
    # payback: running sum of the cohort cash flow
    if I <= 0:
        payback = 0.0
    else:
        payback = nan
        cum = -I
        for t in range(1, H + 1):
            dcf = (S + W) * r ** (t - 1) * P / (1 + d) ** t
            if cum + dcf >= 0:
                payback = (t - 1) + (-cum) / dcf
                break
            cum += dcf
    out["payback_years"] = payback
    out["paradox_assumed"] = (p["retention_resolved"] > r or p["retention_resolved_fast"] > r)
    return out
