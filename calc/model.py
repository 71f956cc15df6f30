"""The recovery value model of ``shared/MODEL.md``, vectorised.

Every function takes scalars or arrays (or DataFrame columns) and broadcasts: one call evaluates
one scenario or a million. Conventions, decided once:

* Rates are decimals per year; money is in the user's currency unit, no conversion.
* Timing: the program's cost is paid at t = 0; a customer kept earns ``P`` at the end of each
  year t = 1..H and is still there in year t with chance ``r ** (t - 1)``; year t is discounted
  by ``(1 + d) ** t``.
"""

from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd

from .params import NAMES, resolve, resolve_one

# Metric names in MODEL.md order; these are also the CSV column names.
METRICS: tuple[str, ...] = (
    "profit_per_customer",
    "margin_multiple",
    "customer_value",
    "failed_customers",
    "complaints_baseline",
    "complaints_program",
    "resolved_baseline",
    "resolved_program",
    "resolved_fast_baseline",
    "resolved_fast_program",
    "retained_failed_baseline",
    "retained_failed_program",
    "customers_saved",
    "retention_lift",
    "overall_retention_baseline",
    "overall_retention_program",
    "retained_value",
    "wom_customers_saved",
    "wom_value",
    "total_benefit",
    "handling_cost_baseline",
    "handling_cost_program",
    "compensation_cost_baseline",
    "compensation_cost_program",
    "incremental_handling_cost",
    "incremental_compensation_cost",
    "incremental_cost",
    "net_value",
    "roi",
    "benefit_cost_ratio",
    "cost_per_customer_saved",
    "break_even_compensation",
    "replacement_cost",
    "payback_years",
    "paradox_assumed",
)

# How each metric is shown: label, kind ("money", "count", "fraction", "ratio", "years", "flag")
# and the MODEL.md formula in words. The dashboard's help texts and the Methodology page read it.
METRIC_INFO: dict[str, tuple[str, str, str]] = {
    "profit_per_customer": ("Profit per customer", "money", "revenue_per_customer x operating_margin (per year)"),
    "margin_multiple": ("Margin multiple", "ratio", "sum over t = 1..H of r^(t-1) / (1 + d)^t"),
    "customer_value": ("Customer value", "money", "profit per customer x margin multiple: discounted profit of one customer kept"),
    "failed_customers": ("Failed customers", "count", "customers x failure_rate"),
    "complaints_baseline": ("Complaints, today", "count", "failed customers x complaint rate"),
    "complaints_program": ("Complaints, with program", "count", "failed customers x complaint rate"),
    "resolved_baseline": ("Resolved, today", "count", "complaints x resolution rate"),
    "resolved_program": ("Resolved, with program", "count", "complaints x resolution rate"),
    "resolved_fast_baseline": ("Resolved fast, today", "count", "resolved x fast-resolution share"),
    "resolved_fast_program": ("Resolved fast, with program", "count", "resolved x fast-resolution share"),
    "retained_failed_baseline": ("Failed customers kept, today", "count", "each branch's customers x its retention, added"),
    "retained_failed_program": ("Failed customers kept, with program", "count", "each branch's customers x its retention, added"),
    "customers_saved": ("Customers saved", "count", "failed customers kept with the program - kept today"),
    "retention_lift": ("Retention lift", "fraction", "customers saved / failed customers"),
    "overall_retention_baseline": ("Overall retention, today", "fraction", "((N - F) x r + failed customers kept) / N"),
    "overall_retention_program": ("Overall retention, with program", "fraction", "((N - F) x r + failed customers kept) / N"),
    "retained_value": ("Retained value", "money", "customers saved x customer value"),
    "wom_customers_saved": ("Word-of-mouth customers saved", "count", "customers saved x reach x conversion"),
    "wom_value": ("Word-of-mouth value", "money", "word-of-mouth customers saved x customer value"),
    "total_benefit": ("Total benefit", "money", "retained value + word-of-mouth value"),
    "handling_cost_baseline": ("Handling cost, today", "money", "complaints x handling cost per complaint"),
    "handling_cost_program": ("Handling cost, with program", "money", "complaints x handling cost per complaint"),
    "compensation_cost_baseline": ("Compensation cost, today", "money", "resolved x compensation x cost share"),
    "compensation_cost_program": ("Compensation cost, with program", "money", "resolved x compensation x cost share"),
    "incremental_handling_cost": ("Extra handling cost", "money", "handling cost with program - today"),
    "incremental_compensation_cost": ("Extra compensation cost", "money", "compensation cost with program - today"),
    "incremental_cost": ("Incremental cost", "money", "extra handling + extra compensation + program fixed cost"),
    "net_value": ("Net value", "money", "total benefit - incremental cost"),
    "roi": ("ROI", "fraction", "net value / incremental cost (n/a when the cost is not positive)"),
    "benefit_cost_ratio": ("Benefit-cost ratio", "ratio", "total benefit / incremental cost"),
    "cost_per_customer_saved": ("Cost per customer saved", "money", "incremental cost / customers saved (n/a when none are saved)"),
    "break_even_compensation": ("Break-even compensation", "money", "compensation per resolution (with program) at which net value = 0, all else fixed; negative: the program does not pay even with none"),
    "replacement_cost": ("Replacement cost (comparison only)", "money", "customers saved x acquisition cost: what winning as many new customers would cost; never added to the value"),
    "payback_years": ("Payback", "years", "first year the cumulative discounted cash flow reaches 0, interpolated; n/a when not within the horizon"),
    "paradox_assumed": ("Recovery paradox assumed", "flag", "retention_resolved or retention_resolved_fast above retention_no_failure"),
}

# Metrics that are counts of customers or sums of money: these add across segments. The ratios
# are recomputed from the sums (see ``analysis.segments``); the rest do not add.
ADDITIVE_METRICS: tuple[str, ...] = (
    "failed_customers", "complaints_baseline", "complaints_program", "resolved_baseline",
    "resolved_program", "resolved_fast_baseline", "resolved_fast_program",
    "retained_failed_baseline", "retained_failed_program", "customers_saved", "retained_value",
    "wom_customers_saved", "wom_value", "total_benefit", "handling_cost_baseline",
    "handling_cost_program", "compensation_cost_baseline", "compensation_cost_program",
    "incremental_handling_cost", "incremental_compensation_cost", "incremental_cost",
    "net_value", "replacement_cost",
)

PROJECTION_COLUMNS: tuple[str, ...] = (
    "active_saved_customers", "profit", "cash_flow", "discount_factor", "discounted_cash_flow",
    "cumulative_discounted_cash_flow",
)

# Below this distance of x = r / (1 + d) from 1, the closed form of the annuity sum loses
# digits to cancellation, so the sum is added term by term instead.
_NEAR_ONE = 1e-2


def discounted_survival_sum(r, d, t):
    """``sum over j = 1..t of r**(j-1) / (1+d)**j``, elementwise; 0 where t = 0.

    This is MODEL.md's margin_multiple with H = t. ``t`` must hold whole numbers 0..50 (or more;
    the term-by-term branch loops to its maximum).
    """
    r, d, t = np.broadcast_arrays(np.asarray(r, float), np.asarray(d, float),
                                  np.asarray(t, float))
    x = r / (1.0 + d)
    near = np.abs(1.0 - x) < _NEAR_ONE
    if not near.any():
        return (1.0 - x ** t) / ((1.0 - x) * (1.0 + d))
    out = np.empty(x.shape)
    far = ~near
    if far.any():
        xf, tf, df = x[far], t[far], d[far]
        out[far] = (1.0 - xf ** tf) / ((1.0 - xf) * (1.0 + df))
    if near.any():
        xn, tn, dn = x[near], t[near], d[near]
        acc = np.zeros(xn.shape)
        term = 1.0 / (1.0 + dn)
        for j in range(1, int(tn.max()) + 1 if tn.size else 1):
            acc += np.where(j <= tn, term, 0.0)
            term = term * xn
        out[near] = acc
    return out


def _safe_div(num, den, valid):
    """num / den where ``valid``, NaN elsewhere, without warnings."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return np.where(valid, num / np.where(valid, den, 1.0), np.nan)


def _core(p: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """All metrics from resolved (validated, broadcast) parameter arrays."""
    N = p["customers"]
    r = p["retention_no_failure"]
    d = p["discount_rate"]
    H = p["horizon_years"]

    P = p["revenue_per_customer"] * p["operating_margin"]
    M = discounted_survival_sum(r, d, H)
    V = P * M
    F = N * p["failure_rate"]

    m: dict[str, np.ndarray] = {"profit_per_customer": P, "margin_multiple": M,
                                "customer_value": V, "failed_customers": F}
    for k in ("baseline", "program"):
        C = F * p[f"complaint_rate_{k}"]
        R = C * p[f"resolution_rate_{k}"]
        Q = R * p[f"fast_resolution_share_{k}"]
        m[f"complaints_{k}"] = C
        m[f"resolved_{k}"] = R
        m[f"resolved_fast_{k}"] = Q
        m[f"retained_failed_{k}"] = ((F - C) * p["retention_silent"]
                                     + (C - R) * p["retention_unresolved"]
                                     + (R - Q) * p["retention_resolved"]
                                     + Q * p["retention_resolved_fast"])
        m[f"handling_cost_{k}"] = C * p["handling_cost_per_complaint"]
        m[f"compensation_cost_{k}"] = (R * p[f"compensation_per_resolution_{k}"]
                                       * p["compensation_cost_share"])

    S = m["retained_failed_program"] - m["retained_failed_baseline"]
    m["customers_saved"] = S
    m["retention_lift"] = np.where(F > 0, _safe_div(S, F, F > 0), 0.0)
    for k in ("baseline", "program"):
        m[f"overall_retention_{k}"] = ((N - F) * r + m[f"retained_failed_{k}"]) / N
    m["retained_value"] = S * V
    W = S * p["wom_reach_per_lost_customer"] * p["wom_conversion_rate"]
    m["wom_customers_saved"] = W
    m["wom_value"] = W * V
    TB = m["retained_value"] + m["wom_value"]
    m["total_benefit"] = TB
    IH = m["handling_cost_program"] - m["handling_cost_baseline"]
    IC = m["compensation_cost_program"] - m["compensation_cost_baseline"]
    I = IH + IC + p["program_fixed_cost"]
    m["incremental_handling_cost"] = IH
    m["incremental_compensation_cost"] = IC
    m["incremental_cost"] = I
    NV = TB - I
    m["net_value"] = NV
    m["roi"] = _safe_div(NV, I, I > 0)
    m["benefit_cost_ratio"] = _safe_div(TB, I, I > 0)
    m["cost_per_customer_saved"] = _safe_div(I, S, S > 0)
    divisor = m["resolved_program"] * p["compensation_cost_share"]
    m["break_even_compensation"] = _safe_div(
        TB - IH - p["program_fixed_cost"] + m["compensation_cost_baseline"], divisor, divisor != 0)
    m["replacement_cost"] = S * p["acquisition_cost"]
    m["payback_years"] = _payback(I, (S + W) * P, r, d, H, M)
    m["paradox_assumed"] = ((p["retention_resolved"] > r)
                            | (p["retention_resolved_fast"] > r))
    return {name: m[name] for name in METRICS}


def _payback(I, A, r, d, H, M):
    """Discounted payback year, interpolated inside the year (MODEL.md).

    The cumulative discounted cash flow at the end of year t is ``cum(t) = -I + A * S_t`` with
    ``S_t = discounted_survival_sum(r, d, t)``; with ``A > 0`` it never falls, so there is one
    first year t with ``cum(t) >= 0``. It is guessed from the closed form of ``S_t`` (solved for
    t with logarithms) and then moved a year at a time until ``cum(t - 1) < 0 <= cum(t)`` holds
    exactly as computed, so rounding in the guess cannot change the answer.
    """
    shape = np.shape(I)
    out = np.array(np.broadcast_to(np.where(I <= 0, 0.0, np.nan), shape), dtype=float)
    # Only scenarios with a cost to recover and a positive yearly profit can pay back.
    todo = (I > 0) & (A > 0)
    if not np.any(todo):
        return out
    I_, A_, r_, d_, H_, M_ = (np.broadcast_to(a, shape)[todo] for a in (I, A, r, d, H, M))

    def cum(t):
        return -I_ + A_ * discounted_survival_sum(r_, d_, t)

    reached = -I_ + A_ * M_ >= 0       # M is S_H, the margin multiple
    x = r_ / (1.0 + d_)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        # S_t >= I / A  <=>  x**t <= 1 - (I / A) * (1 + d - r)   (0 < x < 1)
        z = 1.0 - (I_ / A_) * (1.0 + d_ - r_)
        guess = np.where(x >= 1.0, (I_ / A_) * (1.0 + d_),            # S_t = t / (1 + d)
                         np.where(x <= 0.0, 1.0, np.log(z) / np.log(x)))
    t = np.clip(np.ceil(np.nan_to_num(guess, nan=1.0, posinf=1.0)), 1.0, H_)
    t = np.where(reached, t, H_)
    for _ in range(int(H_.max()) + 1):
        c_t = cum(t)
        dcf_t = A_ * x ** (t - 1) / (1.0 + d_)     # = A r^(t-1) / (1+d)^t
        up = reached & (c_t < 0)
        down = reached & (c_t - dcf_t >= 0) & (t > 1)
        if not (up.any() or down.any()):
            break
        t = t + up - down
    # cum(t - 1): exactly -I in year 1 (a payback of a tiny fraction of a year keeps its
    # digits), else cum(t) - dcf(t).
    c_prev = np.where(t == 1, -I_, c_t - dcf_t)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        # (t - 1) + (-cum(t - 1)) / dcf(t); the share of year t is clipped to [0, 1] only
        # against rounding.
        years = (t - 1) + np.clip(-c_prev / dcf_t, 0.0, 1.0)
    out[todo] = np.where(reached, years, np.nan)
    return out


# Large inputs are evaluated in blocks of this many scenarios: the temporaries of one block stay
# in the processor's cache and are reused, instead of a fresh 8 MB array per step for a million.
CHUNK = 65536


def _core_blocks(p: Mapping[str, np.ndarray], progress=None) -> dict[str, np.ndarray]:
    """:func:`_core` over blocks of :data:`CHUNK` scenarios; the same numbers, faster.
    ``progress(share_done)`` is called after each block when given."""
    shape = np.shape(next(iter(p.values())))
    n = int(np.prod(shape))
    if n <= CHUNK:
        out = _core(p)
        if progress:
            progress(1.0)
        return out
    flat = {k: np.reshape(v, -1) for k, v in p.items()}
    out: dict[str, np.ndarray] = {}
    for start in range(0, n, CHUNK):
        part = _core({k: v[start:start + CHUNK] for k, v in flat.items()})
        if not out:
            out = {k: np.empty(n, dtype=np.asarray(v).dtype) for k, v in part.items()}
        for k, v in part.items():
            out[k][start:start + CHUNK] = v
        if progress:
            progress(min(start + CHUNK, n) / n)
    return {k: v.reshape(shape) for k, v in out.items()}


def _scalarise(values: dict[str, np.ndarray]) -> dict[str, object]:
    out = {}
    for k, v in values.items():
        if np.ndim(v) == 0:
            v = np.asarray(v).item()
        out[k] = v
    return out


def evaluate(params: Mapping[str, object] | pd.DataFrame | None = None, **overrides):
    """Every metric of MODEL.md for one scenario or many.

    Parameters
    ----------
    params : mapping or DataFrame, optional
        Parameter name -> scalar or array (or DataFrame columns). Missing parameters take their
        default. Unknown names, non-numbers and out-of-range values raise
        :class:`calc.params.InputError` listing every problem.
    **overrides
        Parameter values given by keyword; they win over ``params``.

    Returns
    -------
    dict or DataFrame
        Metric name -> value. Scalars in give Python scalars out; arrays give arrays; a DataFrame
        in gives a DataFrame of metrics with the same index.

    Examples
    --------
    >>> m = evaluate()
    >>> round(m["net_value"], 6), round(m["customers_saved"], 6)
    (22184.804192, 141.6)
    """
    if isinstance(params, pd.DataFrame):
        frame = params
        data = {c: frame[c].to_numpy(dtype=float) for c in frame.columns if c in NAMES}
        data.update(overrides)
        metrics = _core_blocks(resolve(data, rows=frame.index.to_numpy()))
        return pd.DataFrame(metrics, index=frame.index, columns=list(METRICS))
    data = dict(params or {})
    data.update(overrides)
    scalar_in = all(np.ndim(v) == 0 for v in data.values())
    metrics = _core_blocks(resolve(data))
    return _scalarise(metrics) if scalar_in else metrics


def evaluate_table(frame: pd.DataFrame) -> pd.DataFrame:
    """``scenario`` (if present), every parameter (the value used) in MODEL.md order, then every
    metric in MODEL.md order: the layout of the CLI's ``evaluate`` output."""
    used = resolve({c: frame[c].to_numpy(dtype=float) for c in frame.columns if c in NAMES},
                   rows=frame.index.to_numpy())
    n = len(frame)
    cols: dict[str, object] = {}
    if "scenario" in frame.columns:
        cols["scenario"] = frame["scenario"].to_numpy()
    for name in NAMES:
        cols[name] = np.broadcast_to(used[name], (n,)).astype(float)
    metrics = _core_blocks({k: np.broadcast_to(v, (n,)) for k, v in used.items()})
    cols.update(metrics)
    return pd.DataFrame(cols, index=frame.index)


def projection(params: Mapping[str, object] | None = None, **overrides) -> pd.DataFrame:
    """The cohort cash flow of one scenario: one row per year t = 0..H (MODEL.md).

    Columns: ``year`` and :data:`PROJECTION_COLUMNS`. The last cumulative discounted cash flow
    equals ``net_value``.
    """
    data = dict(params or {})
    data.update(overrides)
    p = resolve_one(data)
    m = _core(p)
    H = int(p["horizon_years"])
    P = float(m["profit_per_customer"])
    r = float(p["retention_no_failure"])
    d = float(p["discount_rate"])
    kept = float(m["customers_saved"] + m["wom_customers_saved"])
    t = np.arange(H + 1, dtype=float)
    active = np.where(t >= 1, kept * r ** np.maximum(t - 1, 0), 0.0)
    profit = active * P
    cash = np.where(t == 0, -float(m["incremental_cost"]), profit)
    factor = 1.0 / (1.0 + d) ** t
    dcf = cash * factor
    return pd.DataFrame({
        "year": t.astype(int),
        "active_saved_customers": active,
        "profit": profit,
        "cash_flow": cash,
        "discount_factor": factor,
        "discounted_cash_flow": dcf,
        "cumulative_discounted_cash_flow": np.cumsum(dcf),
    })


def payback_from_cumulative(cumulative, discounted) -> float:
    """Discounted payback (MODEL.md rule) read off a cash-flow table: the first year t >= 1 whose
    cumulative reaches 0, interpolated inside the year; 0 where the year-0 flow is not a cost;
    NaN where it is not reached. Used for sums of projections (segment totals)."""
    cum = np.asarray(cumulative, float)
    dcf = np.asarray(discounted, float)
    if cum[0] >= 0:
        return 0.0
    for t in range(1, len(cum)):
        if cum[t] >= 0:
            return (t - 1) + (-cum[t - 1]) / dcf[t]
    return float("nan")


FLOW_COLUMNS = ("world", "source", "target", "customers")


def customer_flow(params: Mapping[str, object] | None = None, **overrides) -> pd.DataFrame:
    """Where this year's failed customers go, in each world: one row per link of the flow
    failed -> silent / complained -> unresolved / resolved slowly / resolved fast -> kept / lost.

    The kept links of a world add up to ``retained_failed_<world>``; every node's outflow equals
    its inflow.
    """
    data = dict(params or {})
    data.update(overrides)
    p = resolve_one(data)
    m = _core({k: np.asarray(v) for k, v in p.items()})
    rows = []
    for k in ("baseline", "program"):
        F = float(m["failed_customers"])
        C = float(m[f"complaints_{k}"])
        R = float(m[f"resolved_{k}"])
        Q = float(m[f"resolved_fast_{k}"])
        branches = (("Silent", F - C, p["retention_silent"]),
                    ("Unresolved", C - R, p["retention_unresolved"]),
                    ("Resolved slowly", R - Q, p["retention_resolved"]),
                    ("Resolved fast", Q, p["retention_resolved_fast"]))
        rows += [(k, "Failed", "Silent", F - C), (k, "Failed", "Complained", C),
                 (k, "Complained", "Unresolved", C - R),
                 (k, "Complained", "Resolved slowly", R - Q),
                 (k, "Complained", "Resolved fast", Q)]
        for name, count, keep in branches:
            rows += [(k, name, "Kept", count * keep), (k, name, "Lost", count * (1 - keep))]
    return pd.DataFrame(rows, columns=list(FLOW_COLUMNS))
