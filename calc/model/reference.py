"""A second, deliberately plain implementation of the model specification, version 2
(docs/MODEL.md): one scenario at a time, plain Python floats, a loop wherever the text says "for
each year", "sum" or "running sum"; no numpy.

It is written from the text only, not from the vectorised ``calc.model``, so that the tests can
compare the two on random scenarios (1e-9 relative), and ``bench/run.py`` times it as the per-row
loop. It does not validate: give it a dict holding every parameter, with valid values.
"""

from __future__ import annotations

import math

NAN = math.nan

# Numeric break-even with a compensation response. Beyond TAIL_X times the peak compensation
# the uplift U x e^(1-x) is below 5e-16 U, so the customer counts no longer depend on
# compensation and net value is a straight line in it. Below, net value is scanned on GRID_X
# (multiples of the peak compensation: steps of 0.05 up to 2, then 5% steps up to TAIL_X) and
# at the corners where a retention reaches its cap of 1, and the highest sign change is refined
# by bisection. A window of positive net value narrower than the grid's step, away from a
# corner, can be missed: that is the limit of any scan.
TAIL_X = 40.0
GRID_X = [i / 20 for i in range(41)]
while GRID_X[-1] < TAIL_X:
    GRID_X.append(min(GRID_X[-1] * 1.05, TAIL_X))


def world(p: dict, k: str, m: float) -> dict:
    """One year in world ``k`` ("baseline" or "program") with compensation ``m``, per customer."""
    f = p["failure_rate"]
    if k == "program":
        f = f * (1 - p["failure_reduction_program"])
    a = f * p[f"complaint_rate_{k}"]
    b = a * p[f"resolution_rate_{k}"]
    g = b * p[f"fast_resolution_share_{k}"]
    U = p["compensation_uplift_at_peak"]
    if U == 0:
        e = 0.0                      # "e_k = 0 when U = 0" (loss_per_failure may then be 0)
    else:
        x = m / (p["loss_per_failure"] * p["compensation_peak_ratio"])
        e = U * x * math.exp(1 - x)
    rr = min(1.0, p["retention_resolved"] + e)
    rf = min(1.0, p["retention_resolved_fast"] + e)
    kf = ((f - a) * p["retention_silent"] + (a - b) * p["retention_unresolved"]
          + (b - g) * rr + g * rf)
    rho = (1 - f) * p["retention_no_failure"] + kf
    u = a * p["handling_cost_per_complaint"] + b * m * p["compensation_cost_share"]
    return {"f": f, "a": a, "b": b, "g": g, "m": m, "rr": rr, "rf": rf, "kf": kf, "rho": rho,
            "u": u}


def years(p: dict, wb: dict, wp: dict, omega: float) -> tuple[list, list, list]:
    """Customers of both worlds at t = 0..H and the saves sigma_t (sigma_0 = 0)."""
    N = p["customers"]
    H, Y = int(p["horizon_years"]), int(p["program_years"])
    rho_b = wb["rho"]
    w = N * (1 - rho_b)
    Bb, Bp, sigma = [float(N)], [float(N)], [0.0]
    for t in range(1, H + 1):
        rho_pt = wp["rho"] if t <= Y else rho_b
        s = Bp[t - 1] * (rho_pt - rho_b)
        Bb.append(Bb[t - 1] * rho_b + w)
        Bp.append(Bp[t - 1] * rho_pt + w + omega * s)
        sigma.append(s)
    return Bb, Bp, sigma


def sums(p: dict, wb: dict, wp: dict, omega: float) -> dict:
    """The present values and totals over the horizon that the metrics need."""
    Bb, Bp, sigma = years(p, wb, wp, omega)
    P = p["revenue_per_customer"] * p["operating_margin"]
    d = p["discount_rate"]
    H, Y = int(p["horizon_years"]), int(p["program_years"])
    h, c, fixed = (p["handling_cost_per_complaint"], p["compensation_cost_share"],
                   p["program_fixed_cost"])
    pv_profit = saves = 0.0
    for t in range(1, H + 1):
        pv_profit += P * (Bp[t] - Bb[t]) / (1 + d) ** t
        saves += sigma[t]
    ih = icc = fixed_total = A_b = A_p = 0.0
    for t in range(1, Y + 1):
        disc = (1 + d) ** (t - 1)
        ih += Bp[t - 1] * (wp["a"] - wb["a"]) * h / disc
        icc += Bp[t - 1] * (wp["b"] * wp["m"] - wb["b"] * wb["m"]) * c / disc
        fixed_total += fixed / disc
        A_b += Bp[t - 1] * wb["b"] / disc
        A_p += Bp[t - 1] * wp["b"] / disc
    return {"pv_profit": pv_profit, "saves": saves, "ih": ih, "icc": icc, "fixed": fixed_total,
            "A_b": A_b, "A_p": A_p, "Bb": Bb, "Bp": Bp}


def omega_of(p: dict) -> float:
    return p["wom_reach_per_lost_customer"] * p["wom_conversion_rate"]


def evaluate_row(p: dict) -> dict:
    """Every metric of version 2, in the specification's order, for one scenario."""
    N = p["customers"]
    d = p["discount_rate"]
    H = int(p["horizon_years"])
    P = p["revenue_per_customer"] * p["operating_margin"]
    wb = world(p, "baseline", p["compensation_per_resolution_baseline"])
    wp = world(p, "program", p["compensation_per_resolution_program"])
    omega = omega_of(p)
    full = sums(p, wb, wp, omega)
    plain = full if omega == 0 else sums(p, wb, wp, 0.0)

    M = 0.0
    for t in range(1, H + 1):
        M += wb["rho"] ** (t - 1) / (1 + d) ** t
    F = N * wb["f"]
    out = {"profit_per_customer": P, "margin_multiple": M, "customer_value": P * M,
           "failed_customers": F, "failed_customers_program": N * wp["f"]}
    ws = {"baseline": wb, "program": wp}
    for name, key in (("complaints", "a"), ("resolved", "b"), ("resolved_fast", "g"),
                      ("retained_failed", "kf")):
        for k in ("baseline", "program"):
            out[f"{name}_{k}"] = N * ws[k][key]
    S = N * (wp["rho"] - wb["rho"])
    out["customers_saved"] = S
    out["retention_lift"] = S / F if F != 0 else 0.0
    out["overall_retention_baseline"] = wb["rho"]
    out["overall_retention_program"] = wp["rho"]
    saves = full["saves"]
    out["customers_saved_total"] = saves
    out["retained_value"] = plain["pv_profit"]
    out["wom_customers_saved"] = omega * saves
    out["wom_value"] = full["pv_profit"] - plain["pv_profit"]
    TB = out["retained_value"] + out["wom_value"]
    out["total_benefit"] = TB
    h, c = p["handling_cost_per_complaint"], p["compensation_cost_share"]
    for k in ("baseline", "program"):
        out[f"handling_cost_{k}"] = N * ws[k]["a"] * h
    for k in ("baseline", "program"):
        out[f"compensation_cost_{k}"] = N * ws[k]["b"] * ws[k]["m"] * c
    out["incremental_handling_cost"] = full["ih"]
    out["incremental_compensation_cost"] = full["icc"]
    out["fixed_cost_total"] = full["fixed"]
    IC = full["ih"] + full["icc"] + full["fixed"]
    out["incremental_cost"] = IC
    NV = TB - IC
    out["net_value"] = NV
    out["roi"] = NV / IC if IC > 0 else NAN
    out["benefit_cost_ratio"] = TB / IC if IC > 0 else NAN
    out["cost_per_customer_saved"] = IC / saves if saves > 0 else NAN
    if p["compensation_uplift_at_peak"] == 0:
        div = c * full["A_p"]
        out["break_even_compensation"] = (
            (TB - full["ih"] - full["fixed"] + c * wb["m"] * full["A_b"]) / div
            if div != 0 else NAN)
    else:
        out["break_even_compensation"] = break_even_numeric(p, wb, omega)
    out["replacement_cost"] = saves * p["acquisition_cost"]
    rows = table(p, wb, wp, full["Bb"], full["Bp"])
    out["payback_years"] = payback([r["cumulative_discounted_cash_flow"] for r in rows],
                                   [r["discounted_cash_flow"] for r in rows])
    out["paradox_assumed"] = any(w[key] > p["retention_no_failure"]
                                 for w in (wb, wp) for key in ("rr", "rf"))
    return out


def projection_rows(p: dict) -> list[dict]:
    """The projection table, one dict per time t = 0..H: ``year`` and then the specification's
    columns in its order (the caller adds the scenario's name)."""
    wb = world(p, "baseline", p["compensation_per_resolution_baseline"])
    wp = world(p, "program", p["compensation_per_resolution_program"])
    Bb, Bp, _ = years(p, wb, wp, omega_of(p))
    return table(p, wb, wp, Bb, Bp)


def table(p: dict, wb: dict, wp: dict, Bb: list, Bp: list) -> list[dict]:
    P = p["revenue_per_customer"] * p["operating_margin"]
    d = p["discount_rate"]
    H, Y = int(p["horizon_years"]), int(p["program_years"])
    rows, cum = [], 0.0
    for t in range(H + 1):
        extra = Bp[t] - Bb[t]
        profit = P * extra if t > 0 else 0.0
        # K_(t+1), paid at time t, for program years t+1 <= Y
        cost = Bp[t] * (wp["u"] - wb["u"]) + p["program_fixed_cost"] if t + 1 <= Y else 0.0
        cash = profit - cost
        factor = 1 / (1 + d) ** t
        dcf = cash * factor
        cum += dcf
        rows.append({"year": t, "customers_baseline": Bb[t], "customers_program": Bp[t],
                     "extra_customers": extra, "profit": profit, "program_cost": cost,
                     "cash_flow": cash, "discount_factor": factor, "discounted_cash_flow": dcf,
                     "cumulative_discounted_cash_flow": cum})
    return rows


def payback(cum: list[float], dcf: list[float]) -> float:
    """Payback from the cumulative discounted cash flow C_0..C_H, as the specification reads."""
    if cum[-1] < 0:
        return NAN
    negative = [t for t, c in enumerate(cum) if c < 0]
    if not negative:
        return 0.0
    u = negative[-1]
    return u + (-cum[u]) / dcf[u + 1]


def break_even_numeric(p: dict, wb: dict, omega: float) -> float:
    """The highest compensation_per_resolution_program >= 0 at which net value is 0, with a
    compensation response (U > 0); NaN where there is none."""
    def parts(m):
        s = sums(p, wb, world(p, "program", m), omega)
        return s["pv_profit"] - (s["ih"] + s["icc"] + s["fixed"]), s

    peak = p["loss_per_failure"] * p["compensation_peak_ratio"]
    top = TAIL_X * peak
    net_top, s_top = parts(top)
    # above `top`: net(m) = net_top - slope (m - top), customers fixed
    slope = p["compensation_cost_share"] * s_top["A_p"]
    if slope != 0 and net_top / slope > 0:
        hi = top + 2 * net_top / slope
        return bisect(lambda m: parts(m)[0], top, hi, net_top)
    # scan down from `top`, through the grid and the corners: the first sign change met is
    # the highest
    upper, net_upper = top, net_top
    for x in sorted(set(GRID_X[:-1] + corners(p)), reverse=True):
        if net_upper == 0:
            return upper
        m = x * peak
        net_m = parts(m)[0]
        if net_m != 0 and (net_m < 0) != (net_upper < 0):
            return bisect(lambda m: parts(m)[0], m, upper, net_m)
        upper, net_upper = m, net_m
    return upper if net_upper == 0 else NAN


def corners(p: dict) -> list[float]:
    """The x (compensation over the peak compensation) where rr or rf reaches its cap of 1.
    Net value has a corner there, often its highest point, and a window where it is positive
    can be narrower than the grid's step."""
    U = p["compensation_uplift_at_peak"]
    out = []
    for base in (p["retention_resolved"], p["retention_resolved_fast"]):
        c = (1 - base) / U                   # e = U x e^(1-x) reaches 1 - base
        if 0 < c < 1:
            def gap(x):
                return x * math.exp(1 - x) - c
            out.append(bisect(gap, 0.0, 1.0, -c))          # rising side of the curve
            if gap(TAIL_X) < 0:
                out.append(bisect(gap, 1.0, TAIL_X, 1 - c))  # falling side
    return out


def bisect(fn, lo: float, hi: float, f_lo: float) -> float:
    """A root of ``fn`` between lo and hi, where fn(lo) = f_lo and fn(hi) have opposite signs."""
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if not lo < mid < hi or hi - lo <= 4e-16 * abs(hi):
            break
        f_mid = fn(mid)
        if f_mid == 0:
            return mid
        if (f_mid < 0) == (f_lo < 0):
            lo, f_lo = mid, f_mid
        else:
            hi = mid
    return 0.5 * (lo + hi)
