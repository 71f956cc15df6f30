"""Analyses built on the model (docs/MODEL.md): tornado, two-way grid, break-even, Monte Carlo,
segments. Each is a pure function that builds a table of scenarios and evaluates it in one
vectorised call."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np
import pandas as pd

from calc.model.flows import payback_years
from calc.model.metrics import ADDITIVE_METRICS, METRICS
from calc.model.closed_form import core
from calc.model.evaluation import evaluate_table, run_model
from calc.model.params import (BY_NAME, NAMES, PARAMS, WOM_COLUMN, InputError, Problem,
                               allowed_range, check_together, check_values, closest_name,
                               format_number, resolve, resolve_one)
from calc.model.ranges import check_ranges
from calc.model.wom import wom_bounds, wom_broken

DEFAULT_SWING = 0.2
MAX_DRAWS = 1_000_000
MC_BLOCK = 131072   # draws evaluated per step of a Monte Carlo run (progress is reported per step)
# The metrics a Monte Carlo run summarises (mean, std, p5, p50, p95 of each), in this order.
MC_SUMMARISED = ("net_value", "roi", "retention_lift")


def _scalar_base(base: Mapping[str, object] | None) -> dict[str, float]:
    return resolve_one(base)


def _evaluate_rows(rows: dict[str, np.ndarray],
                   metrics: tuple[str, ...] | None = None) -> tuple[dict[str, np.ndarray], int]:
    """Metrics of analysis rows and how many rows were refused: a row that breaks a rule tying
    parameters together (a grid cell with program years above the horizon, word of mouth out of
    bounds) gives NaN, not an error. ``metrics`` names those the analysis reports: the numeric
    break-even search runs only if break_even_compensation is among them."""
    p = resolve(rows, pairs=False)
    bad = ((p["program_years"] > p["horizon_years"])
           | ((p["compensation_uplift_at_peak"] > 0) & (p["loss_per_failure"] <= 0)))
    bad = bad | wom_broken(p)
    if bad.any():
        p = dict(p)
        p["program_years"] = np.where(bad, 1.0, p["program_years"])
        p["compensation_uplift_at_peak"] = np.where(bad, 0.0, p["compensation_uplift_at_peak"])
        p["wom_reach_per_lost_customer"] = np.where(bad, 0.0, p["wom_reach_per_lost_customer"])
    search = metrics is None or "break_even_compensation" in metrics
    out = run_model(p, break_even=search)[0]
    if bad.any():
        for k, v in out.items():
            if v.dtype.kind == "f":
                v[bad] = np.nan
    return out, int(np.count_nonzero(bad))


def refused_note(count: int, of: int, what: str = "points") -> str:
    """The sentence an analysis shows when some of its points broke a rule tying parameters
    together (left empty): '' where none did."""
    if not count:
        return ""
    return (f"{count:,} of {of:,} {what} left empty: they break a rule tying parameters "
            f"together (program years above the horizon, or word of mouth out of bounds).")


def _check_metric(metric: str) -> None:
    if metric not in METRICS:
        hint = closest_name(metric, METRICS)
        raise InputError([Problem(None, "metric", metric, "unknown metric" + (
            f"; did you mean '{hint}'?" if hint else ""))])


def clip_to_range(name: str, value, base: Mapping[str, float]):
    """``value`` clipped to the range ``name`` may take beside ``base`` (program years never
    above the horizon), rounded for whole-number parameters."""
    lo, hi = allowed_range(name, base)
    v = np.clip(np.asarray(value, float), lo, hi)
    return np.clip(np.round(v), lo, hi) if BY_NAME[name].integer else v


def tornado(base: Mapping[str, object] | None = None, *, swing: float = DEFAULT_SWING,
            metric: str = "net_value",
            ranges: Mapping[str, tuple[float, float]] | None = None,
            parameters: list[str] | None = None) -> pd.DataFrame:
    """One-at-a-time sensitivity of ``metric``.

    Each parameter is set to low and high with all else at base: by default base x (1 - swing)
    and base x (1 + swing), clipped to its allowed range and rounded for whole-number
    parameters; ``ranges`` gives a user's own (low, high) per parameter. Rows are sorted by
    ``swing = |metric_high - metric_low|``, largest first.
    """
    _check_metric(metric)
    b = _scalar_base(base)
    names = list(parameters or NAMES)
    ranges = dict(ranges or {})
    problems = []
    lows, highs = [], []
    for name in names:
        if name in ranges:
            lo, hi = (float(x) for x in ranges[name])
            for which, v in (("low", lo), ("high", hi)):
                problems += [Problem(None, f"{name} ({which})", pr.value, pr.message)
                             for pr in check_values(name, v)]
        else:
            lo = float(clip_to_range(name, b[name] * (1 - swing), b))
            hi = float(clip_to_range(name, b[name] * (1 + swing), b))
        lows.append(lo)
        highs.append(hi)
    if problems:
        raise InputError(problems)
    n = len(names)
    rows = {k: np.full(2 * n + 1, v) for k, v in b.items()}
    for i, name in enumerate(names):
        rows[name][2 * i] = lows[i]
        rows[name][2 * i + 1] = highs[i]
    evaluated, refused = _evaluate_rows(rows, (metric,))
    values = np.asarray(evaluated[metric], float)
    out = pd.DataFrame({
        "parameter": names,
        "label": [BY_NAME[x].label for x in names],
        "base_value": [b[x] for x in names],
        "low_value": lows,
        "high_value": highs,
        f"{metric}_base": values[-1],
        f"{metric}_low": values[0:2 * n:2],
        f"{metric}_high": values[1:2 * n:2],
    })
    out["swing"] = (out[f"{metric}_high"] - out[f"{metric}_low"]).abs()
    out = out.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)
    out.attrs["refused"] = refused
    out.attrs["refused_note"] = refused_note(refused, 2 * n + 1, "scenarios")
    return out


def two_way(base: Mapping[str, object] | None, x_name: str, x_values, y_name: str, y_values,
            metric: str = "net_value") -> pd.DataFrame:
    """``metric`` over a grid: rows are ``y_values`` of ``y_name``, columns ``x_values`` of
    ``x_name`` (index and columns are named after the parameters)."""
    _check_metric(metric)
    if x_name == y_name:
        raise InputError([Problem(None, None, None, "choose two different parameters")])
    b = _scalar_base(base)
    xs = np.asarray(x_values, float).ravel()
    ys = np.asarray(y_values, float).ravel()
    gx, gy = np.meshgrid(xs, ys)
    rows = {k: np.full(gx.size, v) for k, v in b.items()}
    rows[x_name] = gx.ravel()
    rows[y_name] = gy.ravel()
    evaluated, refused = _evaluate_rows(rows, (metric,))
    values = np.asarray(evaluated[metric], float).reshape(gy.shape)
    out = pd.DataFrame(values, index=pd.Index(ys, name=y_name), columns=pd.Index(xs, name=x_name))
    out.attrs["refused"] = refused
    out.attrs["refused_note"] = refused_note(refused, gx.size, "cells")
    return out


def default_grid_range(name: str, base: Mapping[str, object] | None) -> tuple[float, float]:
    """A starting range for one axis of the two-way grid: half to one and a half times the base
    value, kept inside what the parameter may take beside the others (a tenth of the maximum
    above 0 where the base is 0; the whole range where that collapses to a point)."""
    b = _scalar_base(base)
    value = b[name]
    lo = float(clip_to_range(name, value * 0.5, b))
    hi = float(clip_to_range(name, value * 1.5 if value else BY_NAME[name].max / 10, b))
    if lo == hi:
        lo, hi = allowed_range(name, b)
    return lo, hi


def grid_values(name: str, low: float, high: float, steps: int) -> np.ndarray:
    """Evenly spaced values of one parameter; whole numbers only for integer parameters."""
    values = np.linspace(low, high, steps)
    if BY_NAME[name].integer:
        values = np.unique(np.round(values))
    return values


@dataclass(frozen=True)
class BreakEven:
    parameter: str
    value: float
    reason: str
    refused: int = 0      # points of the scan left empty (a rule tying parameters broken)


def break_even(base: Mapping[str, object] | None, name: str, metric: str = "net_value",
               points: int = 401) -> BreakEven:
    """The value of ``name`` inside its allowed range at which ``metric`` is 0, all else at base.

    The range is scanned on a grid (every whole value for whole-number parameters); among the
    sign changes, the one nearest the base value is refined by bisection to machine precision.
    For a whole-number parameter the answer is the first whole value on the far side of zero.
    NaN, with the reason, where the metric keeps one sign over the whole range.
    """
    _check_metric(metric)
    b = _scalar_base(base)
    spec = BY_NAME[name]

    refused = [0, 0]      # points of the scan left empty, points scanned

    def f(values):
        rows = {k: np.full(np.size(values), v) for k, v in b.items()}
        rows[name] = np.asarray(values, float)
        evaluated, bad = _evaluate_rows(rows, (metric,))
        refused[0] += bad
        refused[1] += np.size(values)
        return np.asarray(evaluated[metric], float)

    lo_allowed, hi_allowed = allowed_range(name, b)
    if spec.integer:
        xs = np.arange(lo_allowed, hi_allowed + 1)
    else:
        xs = np.linspace(lo_allowed, hi_allowed, points)
        # Parameters with a huge range (money up to 1e9) need resolution near small values too;
        # the scan never leaves the allowed range (customers start at 1).
        if hi_allowed / max(lo_allowed, 1.0) > 1e4:
            small = np.geomspace(max(lo_allowed, 1e-6), hi_allowed, points)
            xs = np.unique(np.concatenate([xs, small, [lo_allowed, b[name]]]))
    ys = f(xs)
    scanned = refused[0]

    def done(parameter, value, reason):
        note = refused_note(scanned, xs.size, "points of the scan")
        return BreakEven(parameter, value, f"{reason}. {note}" if note else reason, scanned)

    finite = np.isfinite(ys)
    if not finite.any():
        return done(name, float("nan"), f"{metric} is undefined over the whole allowed range of "
                                        f"{spec.label}")
    if (ys[finite] == 0).any():
        zeros = xs[finite][ys[finite] == 0]
        z = zeros[np.argmin(np.abs(zeros - b[name]))]
        return done(name, float(z), f"{metric} is exactly 0 at this value")
    sign = np.sign(ys)
    changes = np.flatnonzero(finite[:-1] & finite[1:] & (sign[:-1] != sign[1:]))
    if changes.size == 0:
        where = "above" if np.nanmin(ys) > 0 else "below"
        return done(name, float("nan"),
                         f"{metric} stays {where} 0 over the whole allowed range of "
                         f"{spec.label} ({format_number(lo_allowed)} to "
                         f"{format_number(hi_allowed)}), so there is no break-even value")
    i = changes[np.argmin(np.abs(xs[changes] - b[name]))]
    lo, hi = float(xs[i]), float(xs[i + 1])
    if spec.integer:
        return done(name, hi, f"{metric} changes sign between {lo:g} and {hi:g} "
                                   f"{spec.unit}; {hi:g} is the first whole value past it")
    flo = float(f([lo])[0])
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if mid in (lo, hi):
            break
        fm = float(f([mid])[0])
        if np.sign(fm) == np.sign(flo):
            lo, flo = mid, fm
        else:
            hi = mid
    note = "" if changes.size == 1 else (
        f" ({changes.size} sign changes in range; this is the one nearest the base value)")
    return done(name, 0.5 * (lo + hi), f"{metric} = 0 here{note}")


# --------------------------------------------------------------------------------------------
# Monte Carlo
# --------------------------------------------------------------------------------------------

def draw_scenarios(base: Mapping[str, object] | None, ranges: pd.DataFrame, draws: int,
                   seed: int) -> dict[str, np.ndarray]:
    """``draws`` scenarios: parameters in ``ranges`` drawn from triangular distributions with a
    generator seeded by ``seed``, the rest at base. A whole-number parameter (horizon, program
    years) is drawn as a real number and then rounded to the nearest whole number, so its ends
    get half the weight of a whole step; program years drawn above the drawn horizon are cut to
    it (a program cannot run past the years counted)."""
    if not 1 <= int(draws) <= MAX_DRAWS:
        raise InputError([Problem(None, "draws", draws, f"must be between 1 and {MAX_DRAWS:,}")])
    problems = check_ranges(ranges)
    if problems:
        raise InputError(problems)
    b = _scalar_base(base)
    rng = np.random.default_rng(seed)
    n = int(draws)
    out: dict[str, np.ndarray] = {k: np.full(n, v) for k, v in b.items()}
    for row in ranges.itertuples(index=False):
        name = str(row.parameter).strip()
        lo, mode, hi = float(row.low), float(row.most_likely), float(row.high)
        if hi > lo:
            x = rng.triangular(lo, mode, hi, n)
        else:
            x = np.full(n, lo)
        out[name] = np.round(x) if BY_NAME[name].integer else x
    out["program_years"] = np.minimum(out["program_years"], out["horizon_years"])
    return out


def monte_carlo(base: Mapping[str, object] | None, ranges: pd.DataFrame, draws: int,
                seed: int, progress=None) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """Draw, evaluate in one call, summarise. Returns (summary, metrics of every draw).

    The summary has one row with each statistic (mean, std, p5, p50, p95) of each metric in
    MC_SUMMARISED, plus the probability that net_value > 0. Each metric is summarised over the
    draws where it is defined (roi: incremental_cost > 0); ``roi_defined_share`` says how many those are. ``progress``, if
    given, is called with the share done (0..1) as blocks of draws are evaluated; it does not
    change the numbers.
    """
    scen = resolve(draw_scenarios(base, ranges, draws, seed), pairs=False)
    _check_draws(scen, ranges)
    n = int(draws)
    metrics: dict[str, np.ndarray] = {}
    for start in range(0, n, MC_BLOCK):
        # only net value and roi are summarised: no break-even search per draw
        part, _ = run_model({k: v[start:start + MC_BLOCK] for k, v in scen.items()},
                            break_even=False)
        if not metrics:
            metrics = {k: np.empty(n, dtype=v.dtype) for k, v in part.items()}
        for k, v in part.items():
            metrics[k][start:start + MC_BLOCK] = v
        if progress:
            progress(min(start + MC_BLOCK, n) / n)
    return summarise_draws(metrics), metrics


# Parameters that move overall retention or omega, and so the word-of-mouth rules.
_WOM_INPUTS = ("wom_reach_per_lost_customer", "wom_conversion_rate", "failure_rate",
               "failure_reduction_program", "complaint_rate_baseline", "complaint_rate_program",
               "resolution_rate_baseline", "resolution_rate_program",
               "fast_resolution_share_baseline", "fast_resolution_share_program",
               "retention_no_failure", "retention_silent", "retention_unresolved",
               "retention_resolved", "retention_resolved_fast",
               "compensation_per_resolution_baseline", "compensation_per_resolution_program",
               "loss_per_failure", "compensation_uplift_at_peak", "compensation_peak_ratio")


def _check_draws(scen: Mapping[str, np.ndarray], ranges: pd.DataFrame) -> None:
    """Monte Carlo refuses a run in which some draws break a rule tying parameters together:
    dropping them would bias every figure (MODEL.md). The error counts them and names the
    ranges to narrow."""
    problems = [p for p in check_together(scen) if not p.column.startswith(WOM_COLUMN)]
    if problems:
        raise InputError(problems)
    rule, omega, omega_max = wom_bounds(scen)
    bad = rule > 0
    if not bad.any():
        return
    varied = [str(x).strip() for x, lo, hi in zip(ranges["parameter"], ranges["low"],
                                                  ranges["high"]) if float(hi) > float(lo)]
    narrow = [x for x in _WOM_INPUTS if x in varied]
    worst = float(np.max(omega[bad] - omega_max[bad]))
    raise InputError([Problem(None, WOM_COLUMN, None, (
        f"{int(bad.sum()):,} of {bad.size:,} draws break a word-of-mouth rule (ω = "
        f"wom_reach_per_lost_customer x wom_conversion_rate above the largest ω the draw "
        f"allows, by up to {worst:.6g}); dropping them would bias every figure, so nothing was "
        f"computed. Narrow the ranges of "
        + (", ".join(narrow) if narrow else "wom_reach_per_lost_customer and "
                                           "wom_conversion_rate")
        + " (lower the high ends of wom_reach_per_lost_customer and wom_conversion_rate first)"))])


def summarise_draws(metrics: Mapping[str, np.ndarray]) -> pd.DataFrame:
    nv = np.asarray(metrics["net_value"], float)
    roi = np.asarray(metrics["roi"], float)
    roi_ok = roi[np.isfinite(roi)]
    row = {"draws": nv.size}
    for name in MC_SUMMARISED:
        x = np.asarray(metrics[name], float)
        x = x[np.isfinite(x)]
        if x.size:
            p5, p50, p95 = np.percentile(x, [5, 50, 95])
            row.update({f"{name}_mean": x.mean(), f"{name}_std": x.std(ddof=1) if x.size > 1
                        else 0.0, f"{name}_p5": p5, f"{name}_p50": p50, f"{name}_p95": p95})
        else:
            row.update({f"{name}_{s}": np.nan for s in ("mean", "std", "p5", "p50", "p95")})
    row["roi_defined_share"] = roi_ok.size / max(nv.size, 1)
    row["prob_net_value_positive"] = float(np.mean(nv > 0))
    return pd.DataFrame([row])


# --------------------------------------------------------------------------------------------
# Segments
# --------------------------------------------------------------------------------------------

def segments(frame: pd.DataFrame) -> pd.DataFrame:
    """Evaluate a table of scenarios (one per segment) and add a ``Total`` row.

    The total adds every additive metric (counts and money) and customers, recomputes the
    ratios (roi, benefit_cost_ratio, retention_lift, cost_per_customer_saved, overall
    retention) from those sums, and reads payback off the summed discounted cash flows (one
    vectorised run of every segment; rows with a shorter horizon add nothing in later years).
    Per-customer figures and the other parameters are left blank in the total.
    """
    table = evaluate_table(frame)
    if "scenario" not in table.columns:
        table.insert(0, "scenario", [f"row {i}" for i in frame.index])
    total = total_row(segment_sums(table), table.columns)
    out = pd.concat([table.reset_index(drop=True), pd.DataFrame([total])], ignore_index=True)
    out["paradox_assumed"] = out["paradox_assumed"].astype(bool)
    return out


def segment_sums(table: pd.DataFrame) -> dict[str, object]:
    """What the ``Total`` row of :func:`segments` is made of, for one evaluated table (or one
    partition of a larger one): sums of customers and of every additive metric, the
    customer-weighted overall retentions, the summed discounted cash flows by year, and whether
    any row assumed the paradox. Partitions combine with :func:`add_segment_sums`."""
    sums: dict[str, object] = {"customers": float(table["customers"].sum())}
    for c in ADDITIVE_METRICS:
        sums[c] = float(table[c].sum())
    for k in ("baseline", "program"):
        sums[f"overall_retention_{k}"] = float((table[f"overall_retention_{k}"]
                                                * table["customers"]).sum())
    sums["discounted_cash_flow"] = (summed_projection(table)["discounted_cash_flow"].to_numpy()
                                    if len(table) else np.zeros(0))
    sums["paradox_assumed"] = bool(table["paradox_assumed"].any())
    return sums


def add_segment_sums(a: dict[str, object], b: dict[str, object]) -> dict[str, object]:
    """Two partitions' :func:`segment_sums` as one (a shorter cash-flow path adds nothing in
    the later years)."""
    out = {k: a[k] + b[k] for k in a if k not in ("discounted_cash_flow", "paradox_assumed")}
    x, y = a["discounted_cash_flow"], b["discounted_cash_flow"]
    flows = np.zeros(max(len(x), len(y)))
    flows[:len(x)] += x
    flows[:len(y)] += y
    out["discounted_cash_flow"] = flows
    out["paradox_assumed"] = a["paradox_assumed"] or b["paradox_assumed"]
    return out


def total_row(sums: dict[str, object], columns) -> dict[str, object]:
    """The ``Total`` row over ``columns`` from :func:`segment_sums`: sums, ratios from the
    sums, payback from the summed cash flows; everything else blank."""
    total: dict[str, object] = {c: np.nan for c in columns}
    total["scenario"] = "Total"
    total["customers"] = sums["customers"]
    for c in ADDITIVE_METRICS:
        total[c] = sums[c]
    inc, nv = total["incremental_cost"], total["net_value"]
    S, F, N = total["customers_saved_total"], total["failed_customers"], total["customers"]
    total["roi"] = nv / inc if inc > 0 else np.nan
    total["benefit_cost_ratio"] = total["total_benefit"] / inc if inc > 0 else np.nan
    total["retention_lift"] = total["customers_saved"] / F if F > 0 else 0.0
    total["cost_per_customer_saved"] = inc / S if S > 0 else np.nan
    for k in ("baseline", "program"):
        total[f"overall_retention_{k}"] = sums[f"overall_retention_{k}"] / N
    total["payback_years"] = payback_years(np.asarray(sums["discounted_cash_flow"]))
    total["paradox_assumed"] = sums["paradox_assumed"]
    return total


def summed_projection(table: pd.DataFrame) -> pd.DataFrame:
    """Year-by-year sums of every row's projection (MODEL.md columns; discount_factor is left
    out: rows may discount at different rates), from one vectorised run of all rows."""
    p = resolve({n: table[n].to_numpy(dtype=float) for n in NAMES})
    _, paths = core({k: np.broadcast_to(v, (len(table),)) for k, v in p.items()}, paths="sum")
    T = paths.dcf.shape[0]
    out = pd.DataFrame({
        "year": np.arange(T),
        "customers_baseline": np.full(T, float(table["customers"].sum())),
        "extra_customers": paths.extra,
        "profit": paths.profit,
        "program_cost": paths.cost,
        "cash_flow": paths.profit - paths.cost,
        "discounted_cash_flow": paths.dcf,
        "cumulative_discounted_cash_flow": np.cumsum(paths.dcf),
    })
    out.insert(2, "customers_program", out["customers_baseline"] + out["extra_customers"])
    return out


# --------------------------------------------------------------------------------------------
# Presets
# --------------------------------------------------------------------------------------------

PRESETS: dict[str, dict[str, float]] = {
    "Defaults": {},
    "TARP minor problem (loss under $5)": {
        "retention_silent": 0.37, "retention_unresolved": 0.46,
        "retention_resolved": 0.70, "retention_resolved_fast": 0.95},
    "TARP major problem (loss over $100)": {
        "retention_silent": 0.09, "retention_unresolved": 0.19,
        "retention_resolved": 0.54, "retention_resolved_fast": 0.82},
}


def preset(name: str) -> dict[str, float]:
    """Defaults with the preset's values applied."""
    values = {p.name: p.default for p in PARAMS}
    values.update(PRESETS[name])
    return values
