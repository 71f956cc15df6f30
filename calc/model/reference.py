"""A second, deliberately plain implementation of the model specification, version 3
(docs/MODEL.md): one scenario at a time, plain Python floats, a loop wherever the text says "for
each year", "sum" or "running sum".

Written from the text only (v2 reference updated to v3 by a second engineer who did not read the
vectorised code), so that tests can compare the two. It does not validate ranges: give it a dict
holding every parameter, with valid values. It does check the two word-of-mouth rules of v3
("Word of mouth within bounds"), which depend on several parameters together, and refuses a
scenario that breaks one (ValueError).

Break-even compensation follows v3: a figure in [0, 1e9] or NaN with a reason; with a
compensation response (U > 0) the fixed grid of the specification, refined at local maxima with
bounded Brent, then Brent's root. See NOTES.md beside this file for each reading of the text.
numpy is used only to lay out the grid (linspace / geomspace), scipy only for
``minimize_scalar(method="bounded")`` and ``brentq``, as the specification names them.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.optimize import brentq, minimize_scalar

NAN = math.nan

M_LOW, M_HIGH = 0.0, 1e9          # allowed range of compensation_per_resolution_program
GRID_N = 200                      # points on (0, z] and points on [z, 1e9]
XATOL_REL = 1e-10                 # bounded Brent: xatol = 1e-10 x the interval's upper end
ROOT_RTOL = 1e-12                 # brentq relative tolerance

DOES_NOT_PAY = "does not pay at any compensation"
PAYS_ALWAYS = "pays at any compensation"
NO_EFFECT = "compensation changes nothing"


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


# ---------------------------------------------------------------- word of mouth within bounds

def wom_violation(p: dict):
    """None where the scenario keeps both word-of-mouth rules of v3, else
    ``(rule, omega, omega_max)``: the rule broken (1 or 2), omega = reach x conversion and the
    largest omega this scenario allows. Rules as written, on unrounded rho, equality allowed:
    1. omega (rho_b - rho_p) <= 1 - rho_b;  2. omega (rho_p - rho_b) <= 1 - rho_p."""
    wb = world(p, "baseline", p["compensation_per_resolution_baseline"])
    wp = world(p, "program", p["compensation_per_resolution_program"])
    return _wom_check(omega_of(p), wb["rho"], wp["rho"])


def _omega_max(num: float, den: float) -> float:
    # the largest omega with omega * den <= num (den > 0: num / den; den <= 0 and num >= 0: any)
    if den > 0:
        return num / den
    return math.inf if num >= 0 else NAN       # NaN: no omega >= 0 allowed (rounding corner)


def _wom_check(omega: float, rho_b: float, rho_p: float):
    if not omega * (rho_b - rho_p) <= 1 - rho_b:
        return (1, omega, _omega_max(1 - rho_b, rho_b - rho_p))
    if not omega * (rho_p - rho_b) <= 1 - rho_p:
        return (2, omega, _omega_max(1 - rho_p, rho_p - rho_b))
    return None


def check_wom(p: dict) -> None:
    """Raise ValueError where the scenario breaks a word-of-mouth rule."""
    v = wom_violation(p)
    if v is not None:
        rule, omega, omax = v
        what = ("no negative new customers" if rule == 1
                else "no growth from word of mouth alone")
        raise ValueError(
            f"word of mouth out of bounds (rule {rule}, {what}): wom_reach_per_lost_customer "
            f"{p['wom_reach_per_lost_customer']!r} x wom_conversion_rate "
            f"{p['wom_conversion_rate']!r} gives omega = {omega!r}; the largest omega this "
            f"scenario allows is {omax!r}")


# ---------------------------------------------------------------- metrics

def _money(p: dict, wb: dict, wp: dict, omega: float) -> dict:
    """total benefit, costs and net value exactly as evaluate_row adds them up."""
    full = sums(p, wb, wp, omega)
    plain = full if omega == 0 else sums(p, wb, wp, 0.0)
    retained = plain["pv_profit"]
    wom = full["pv_profit"] - plain["pv_profit"]
    TB = retained + wom
    IC = full["ih"] + full["icc"] + full["fixed"]
    return {"full": full, "retained": retained, "wom": wom, "TB": TB, "IC": IC, "NV": TB - IC}


def net_value_at(p: dict, m: float, wb: dict | None = None) -> float:
    """net_value with compensation_per_resolution_program = m, all else fixed (no WOM check:
    the formulas are evaluated as written; see NOTES.md)."""
    if wb is None:
        wb = world(p, "baseline", p["compensation_per_resolution_baseline"])
    return _money(p, wb, world(p, "program", m), omega_of(p))["NV"]


def evaluate_row(p: dict) -> dict:
    """Every metric of version 3, in the specification's order, for one scenario. Raises
    ValueError where the scenario breaks a word-of-mouth rule."""
    check_wom(p)
    N = p["customers"]
    d = p["discount_rate"]
    H = int(p["horizon_years"])
    P = p["revenue_per_customer"] * p["operating_margin"]
    wb = world(p, "baseline", p["compensation_per_resolution_baseline"])
    wp = world(p, "program", p["compensation_per_resolution_program"])
    omega = omega_of(p)
    mon = _money(p, wb, wp, omega)
    full = mon["full"]

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
    out["retained_value"] = mon["retained"]
    out["wom_customers_saved"] = omega * saves
    out["wom_value"] = mon["wom"]
    TB = mon["TB"]
    out["total_benefit"] = TB
    h, c = p["handling_cost_per_complaint"], p["compensation_cost_share"]
    for k in ("baseline", "program"):
        out[f"handling_cost_{k}"] = N * ws[k]["a"] * h
    for k in ("baseline", "program"):
        out[f"compensation_cost_{k}"] = N * ws[k]["b"] * ws[k]["m"] * c
    out["incremental_handling_cost"] = full["ih"]
    out["incremental_compensation_cost"] = full["icc"]
    out["fixed_cost_total"] = full["fixed"]
    IC = mon["IC"]
    out["incremental_cost"] = IC
    NV = mon["NV"]
    out["net_value"] = NV
    out["roi"] = NV / IC if IC > 0 else NAN
    out["benefit_cost_ratio"] = TB / IC if IC > 0 else NAN
    out["cost_per_customer_saved"] = IC / saves if saves > 0 else NAN
    out["break_even_compensation"] = _break_even(p, wb, wp, mon)[0]
    out["replacement_cost"] = saves * p["acquisition_cost"]
    rows = table(p, wb, wp, full["Bb"], full["Bp"])
    out["payback_years"] = payback([r["cumulative_discounted_cash_flow"] for r in rows],
                                   [r["discounted_cash_flow"] for r in rows])
    out["paradox_assumed"] = any(w[key] > p["retention_no_failure"]
                                 for w in (wb, wp) for key in ("rr", "rf"))
    return out


def projection_rows(p: dict) -> list[dict]:
    """The projection table, one dict per time t = 0..H: ``year`` and then the specification's
    columns in its order (the caller adds the scenario's name). Raises ValueError where the
    scenario breaks a word-of-mouth rule."""
    check_wom(p)
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


# ---------------------------------------------------------------- break-even compensation

def break_even_compensation(p: dict) -> tuple[float, str | None]:
    """(figure, None), or (NaN, reason) with reason one of DOES_NOT_PAY, PAYS_ALWAYS, NO_EFFECT.
    Raises ValueError where the scenario breaks a word-of-mouth rule."""
    check_wom(p)
    wb = world(p, "baseline", p["compensation_per_resolution_baseline"])
    wp = world(p, "program", p["compensation_per_resolution_program"])
    return _break_even(p, wb, wp, _money(p, wb, wp, omega_of(p)))


def _break_even(p, wb, wp, mon):
    if p["compensation_uplift_at_peak"] == 0:
        return break_even_closed_form(p, wb, mon)
    return break_even_search(p, wb, mon)


def break_even_closed_form(p: dict, wb: dict | None = None, mon: dict | None = None):
    """U = 0: m* = (TB - IH - FC + c m_b A_b) / (c A_p), reported where 0 <= m* <= 1e9."""
    if wb is None or mon is None:
        wb = world(p, "baseline", p["compensation_per_resolution_baseline"])
        wp = world(p, "program", p["compensation_per_resolution_program"])
        mon = _money(p, wb, wp, omega_of(p))
    full, c = mon["full"], p["compensation_cost_share"]
    div = c * full["A_p"]
    if div == 0:
        return NAN, NO_EFFECT
    m_star = (mon["TB"] - full["ih"] - full["fixed"] + c * wb["m"] * full["A_b"]) / div
    if m_star < M_LOW:
        return NAN, DOES_NOT_PAY
    if m_star > M_HIGH:
        return NAN, PAYS_ALWAYS          # net value is then > 0 at 1e9 (it falls with m)
    return m_star, None


def break_even_grid(p: dict, wb: dict | None = None) -> tuple[list[float], list[float], list[float]]:
    """The search grid of "Break-even compensation with a response", refined: returns
    (points ascending, net values there, the maximisers that the refinement added)."""
    if wb is None:
        wb = world(p, "baseline", p["compensation_per_resolution_baseline"])
    y = p["loss_per_failure"] * p["compensation_peak_ratio"]
    if not y > 0:
        raise ValueError("the grid needs loss_per_failure x compensation_peak_ratio > 0")
    z = min(10 * y, M_HIGH)
    pts = {M_LOW}
    pts.update(float(v) for v in np.linspace(0.0, z, GRID_N + 1)[1:])      # (0, z]
    pts.update(float(v) for v in np.geomspace(z, M_HIGH, GRID_N))          # [z, 1e9]
    if y <= M_HIGH:
        pts.add(float(y))
    grid = sorted(pts)
    assert grid[0] == M_LOW and grid[-1] == M_HIGH
    net = {m: net_value_at(p, m, wb) for m in grid}

    def neg(m):
        return -net_value_at(p, m, wb)

    added = []
    n = len(grid)
    for i, m in enumerate(grid):
        v = net[m]
        if not v < 0:
            continue
        nbrs = [j for j in (i - 1, i + 1) if 0 <= j < n]
        if not all(v >= net[grid[j]] for j in nbrs):
            continue                                   # not a (non-strict) local maximum
        for j in nbrs:
            lo, hi = min(m, grid[j]), max(m, grid[j])
            res = minimize_scalar(neg, bounds=(lo, hi), method="bounded",
                                  options={"xatol": XATOL_REL * hi})
            added.append(float(res.x))
    for m in added:
        if m not in net:
            net[m] = net_value_at(p, m, wb)
    grid = sorted(net)
    return grid, [net[m] for m in grid], added


def break_even_search(p: dict, wb: dict | None = None, mon: dict | None = None):
    """The numeric break-even of v3 (the definition for U > 0; a check of the closed form for
    U = 0 where loss_per_failure x compensation_peak_ratio > 0)."""
    if wb is None or mon is None:
        wb = world(p, "baseline", p["compensation_per_resolution_baseline"])
        wp = world(p, "program", p["compensation_per_resolution_program"])
        mon = _money(p, wb, wp, omega_of(p))
    div = p["compensation_cost_share"] * mon["full"]["A_p"]
    if div == 0 and net_value_at(p, M_LOW, wb) == net_value_at(p, M_HIGH, wb):
        return NAN, NO_EFFECT
    grid, vals, _ = break_even_grid(p, wb)
    if vals[-1] >= 0:                                  # the point 1e9
        return NAN, PAYS_ALWAYS
    ok = [i for i, v in enumerate(vals) if v >= 0]
    if not ok:
        return NAN, DOES_NOT_PAY
    h = ok[-1]                                         # h + 1 exists: vals[-1] < 0
    lo, hi = grid[h], grid[h + 1]
    if vals[h] == 0:
        return lo, None
    root = brentq(lambda m: net_value_at(p, m, wb), lo, hi, rtol=ROOT_RTOL)
    return float(root), None


def grid_wom_violations(p: dict) -> list[tuple[float, int]]:
    """(m, rule) for each point of the refined break-even grid at which the scenario, with
    compensation_per_resolution_program = m, would break a word-of-mouth rule. The search above
    evaluates the formulas there anyway (NOTES.md, ambiguity A1); this says where that happens."""
    wb = world(p, "baseline", p["compensation_per_resolution_baseline"])
    omega = omega_of(p)
    out = []
    for m in break_even_grid(p, wb)[0]:
        v = _wom_check(omega, wb["rho"], world(p, "program", m)["rho"])
        if v is not None:
            out.append((m, v[0]))
    return out
