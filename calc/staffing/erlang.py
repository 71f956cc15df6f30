"""Contact-centre capacity (the model specification, "Contact-centre capacity"): an M/M/n queue,
Erlang C when contacts never hang up, Erlang A (M/M/n+M, exponential patience) when they do.

Vectorised: every argument is a scalar or an array, broadcast together; one call evaluates a
whole grid of volumes x agents. Numerically sound to 100,000 agents: the Erlang B recursion runs
in log space (no factorials), and the Erlang A sums are Kummer functions or regularised incomplete
gamma functions, whichever of the two cannot overflow.

Erlang A, with x = n mu / theta, y = lambda / theta, rho = lambda / (n mu) (theta = 1 / patience)
and A = M(1; x + 1; y) = sum_j y^j / ((x + 1) ... (x + j)):
  prob_wait     = A B / (1 + (A - 1) B), B the Erlang B blocking of n agents (Mandelbaum & Zeltyn)
  abandon_rate  = prob_wait (1 - (1 - 1/A) / rho)
  service_level = 1 - prob_wait + prob_wait (1 - 1/A) / rho (1 - P(x+1, y u) / P(x+1, y)),
                  u = exp(-theta t), P the regularised lower incomplete gamma function
  asa_seconds   = abandon_rate x patience (the mean of min(wait, patience)), occupancy =
                  rho (1 - abandon_rate).
The service-level term: an arrival that finds k contacts waiting is answered after -log(Beta(x,
k + 1)) / theta unless it hangs up first; summed over k this gives the incomplete gamma ratio.
"""

from __future__ import annotations

import numpy as np

from calc.model.params import InputError, Problem


def _special():
    """scipy.special, imported at first use: `python -m calc` commands that never touch the
    queue do not pay its import time."""
    from scipy import special
    return special

OUTPUTS = ("traffic_erlangs", "prob_wait", "service_level", "asa_seconds", "abandon_rate",
           "occupancy")
MAX_AGENTS = 100_000
# Patience beyond this (about 116 days) is an impatience-free queue: Erlang A is within about
# 1e-5 of Erlang C there, and far beyond it (from about 1e14 s) floating point drifts. Such a
# patience is an error that says to leave patience blank (Erlang C).
MAX_PATIENCE_SECONDS = 1e7
# A target counts as met within this slack (floating-point rounding of the inputs), as a search
# over exact sums does.
TARGET_SLACK = 1e-12

# name -> (test of a valid value, what the value must be); blank (NaN) is handled by the caller.
RULES = {
    "arrivals_per_hour": (lambda v: v > 0, "must be above 0 (contacts an hour)"),
    "handle_time_seconds": (lambda v: v > 0, "must be above 0 (seconds per contact)"),
    "agents": (lambda v: (v >= 1) & (v <= MAX_AGENTS) & (v == np.round(v)),
               f"must be a whole number of agents from 1 to {MAX_AGENTS:,}"),
    "target_answer_seconds": (lambda v: v >= 0, "must be 0 or more (seconds)"),
    "patience_seconds": (lambda v: (v > 0) & (v <= MAX_PATIENCE_SECONDS),
                         f"must be above 0 and at most {MAX_PATIENCE_SECONDS:,.0f} seconds "
                         f"(about 116 days); a longer patience is a queue whose contacts never "
                         f"hang up: leave it blank (Erlang C)"),
    "service_level_target": (lambda v: (v > 0) & (v < 1),
                             "must be above 0 and below 1 (0.8 or 80% = 80% answered in time; "
                             "no finite number of agents answers 100% in time), or blank"),
    "max_occupancy": (lambda v: (v > 0) & (v <= 1),
                      "must be above 0 and at most 1 (0.85 or 85%), or blank for no cap"),
    "max_abandon_rate": (lambda v: (v > 0) & (v < 1),
                         "must be above 0 and below 1 (0.05 or 5%), or blank for no target"),
    "shrinkage": (lambda v: (v >= 0) & (v <= 0.9),
                  "must be from 0 to 0.9 (0.3 or 30% of paid time not taking contacts)"),
}


def problems(**values) -> list[Problem]:
    """Problems with the queue's inputs given as keywords (scalars or arrays; NaN or infinite
    patience = never hangs up; NaN = blank for the optional targets), one per input: its first
    bad value, its range and how many values break it."""
    out = []
    for name, value in values.items():
        try:
            v = np.asarray(value, float)
        except (TypeError, ValueError):
            out.append(Problem(None, name, value, "is not a number"))
            continue
        ok, rule = RULES[name]
        with np.errstate(invalid="ignore"):
            blank = np.isnan(v) if name in BLANK_OK else np.zeros(v.shape, bool)
            if name == "patience_seconds":
                blank = blank | (v == np.inf)
            bad = ~blank & ~(np.isfinite(v) & ok(v))
        if bad.any():
            first = float(v.ravel()[np.flatnonzero(bad.ravel())[0]])
            many = f" ({int(bad.sum()):,} values break it)" if bad.sum() > 1 else ""
            out.append(Problem(None, name, first, rule + many))
    return out


# Inputs that may be blank (NaN): patience (never hangs up) and the targets (none).
BLANK_OK = ("patience_seconds", "service_level_target", "max_occupancy", "max_abandon_rate")


def _check(**values) -> None:
    found = problems(**values)
    if found:
        raise InputError(found)


def traffic_erlangs(arrivals_per_hour, handle_time_seconds):
    return np.asarray(arrivals_per_hour, float) * np.asarray(handle_time_seconds, float) / 3600.0


def _log_r_table(traffic: np.ndarray, kmax: int) -> np.ndarray:
    """log(1 / B_k) for k = 0..kmax (rows) and each traffic (columns), with B_k the Erlang B
    blocking of k agents: 1/B_k = 1 + (k / a) / B_(k-1), B_0 = 1, run as a log-sum-exp."""
    table = np.zeros((kmax + 1, traffic.size))
    log_a = np.log(traffic)
    cur = np.zeros(traffic.size)
    for k in range(1, kmax + 1):
        cur = np.logaddexp(0.0, np.log(k) - log_a + cur)
        table[k] = cur
    return table


def _log_r(traffic: np.ndarray, agents: np.ndarray) -> np.ndarray:
    """log(1 / B_(n-1)) for each case (traffic a, n agents). The recursion runs once per
    distinct traffic, each only as far as its cases need (the traffics needing the most steps
    first, so every step updates a prefix), and each case takes its value on the way."""
    out = np.zeros(traffic.size)
    need = agents.ravel() - 1
    if traffic.size == 0 or need.max() <= 0:
        return out.reshape(traffic.shape)
    unique, inverse = np.unique(traffic.ravel(), return_inverse=True)
    furthest = np.zeros(unique.size, np.int64)
    np.maximum.at(furthest, inverse, need)
    order = np.argsort(-furthest, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    log_a, furthest = np.log(unique[order]), furthest[order]
    kmax = int(furthest[0])
    active = np.searchsorted(-furthest, -np.arange(kmax + 1), side="right")
    by_need = np.argsort(need, kind="stable")
    starts = np.searchsorted(need[by_need], np.arange(kmax + 2))
    where = rank[inverse]
    cur = np.zeros(unique.size)
    for k in range(1, kmax + 1):
        m = active[k]
        cur[:m] = np.logaddexp(0.0, np.log(k) - log_a[:m] + cur[:m])
        if starts[k + 1] > starts[k]:
            idx = by_need[starts[k]:starts[k + 1]]
            out[idx] = cur[where[idx]]
    return out.reshape(traffic.shape)


def _log_kummer(b: np.ndarray, z: np.ndarray) -> np.ndarray:
    """log M(1; b + 1; z) for b > 0, z >= 0. For z <= b the series' terms fall (M <= b + 1);
    above, M = b e^z z^-b gamma(b, z) with the regularised P(b, z) >= about one half."""
    low = z <= b
    out = np.empty(np.broadcast(b, z).shape)
    out[low] = np.log(_special().hyp1f1(1.0, b[low] + 1.0, z[low]))
    bh, zh = b[~low], z[~low]
    sp = _special()
    out[~low] = np.log(bh) + zh - bh * np.log(zh) + sp.gammaln(bh) + np.log(sp.gammainc(bh, zh))
    return out


def _gamma_ratio(a: np.ndarray, y: np.ndarray, log_u: np.ndarray) -> np.ndarray:
    """P(a, y u) / P(a, y) for 0 < u <= 1 (log_u = log u), without underflow."""
    low = y <= a
    out = np.empty(np.broadcast(a, y).shape)
    al, yl, lu = a[low], y[low], log_u[low]
    u = np.exp(lu)
    out[low] = np.exp(al * lu + yl * (1.0 - u) + _log_kummer(al, yl * u) - _log_kummer(al, yl))
    ah, yh = a[~low], y[~low]
    sp = _special()
    out[~low] = sp.gammainc(ah, yh * np.exp(log_u[~low])) / sp.gammainc(ah, yh)
    return out


def _metrics(lam, h, n, t, pat, log_r_prev) -> dict[str, np.ndarray]:
    """The outputs given log(1 / B_(n-1)); arguments are broadcast arrays of one shape."""
    a = lam * h / 3600.0
    nf = n.astype(float)
    rho = a / nf
    log_odds = np.log(nf / a) + log_r_prev            # log((1 - B_n) / B_n)
    patient = ~np.isfinite(pat)
    pw = np.ones(a.shape)
    sl = np.zeros(a.shape)
    asa = np.full(a.shape, np.inf)
    ab = np.zeros(a.shape)
    occ = np.ones(a.shape)

    c = patient & (rho < 1.0)                          # Erlang C, stable
    pw[c] = _special().expit(-(np.log1p(-rho[c]) + log_odds[c]))
    gap = (nf[c] - a[c]) / h[c]                        # n mu - lambda, per second
    sl[c] = 1.0 - pw[c] * np.exp(-gap * t[c])
    asa[c] = pw[c] / gap
    occ[c] = rho[c]

    e = ~patient                                       # Erlang A
    x, y = nf[e] * pat[e] / h[e], a[e] * pat[e] / h[e]
    log_a = _log_kummer(x, y)
    pw[e] = _special().expit(log_a - log_odds[e])
    answered_late = pw[e] * -np.expm1(-log_a) / rho[e]   # answered after a wait, of all
    answered_late = np.minimum(answered_late, pw[e])
    ab[e] = pw[e] - answered_late
    ratio = _gamma_ratio(x + 1.0, y, -t[e] / pat[e])
    sl[e] = 1.0 - pw[e] + answered_late * (1.0 - ratio)
    asa[e] = ab[e] * pat[e]
    occ[e] = rho[e] * (1.0 - ab[e])
    return {"traffic_erlangs": a, "prob_wait": pw, "service_level": sl, "asa_seconds": asa,
            "abandon_rate": ab, "occupancy": occ}


def _prepare(arrivals_per_hour, handle_time_seconds, agents, target_answer_seconds,
             patience_seconds):
    arrays = np.broadcast_arrays(*(np.asarray(v, float) for v in (
        arrivals_per_hour, handle_time_seconds, agents, target_answer_seconds,
        patience_seconds)))
    lam, h, n, t, pat = (np.array(v, float) for v in arrays)
    return lam, h, n.astype(np.int64), t, pat


def _unwrap(out: dict, scalar: bool) -> dict:
    return {k: float(v) for k, v in out.items()} if scalar else out


def queue(arrivals_per_hour, handle_time_seconds, agents, target_answer_seconds,
          patience_seconds=np.inf) -> dict:
    """The outputs of OUTPUTS for each case. ``patience_seconds`` NaN or infinite: contacts
    never hang up (Erlang C). Inputs must be valid (arrivals, handle time > 0; agents whole >= 1;
    target >= 0; 0 < patience <= MAX_PATIENCE_SECONDS): anything else raises InputError naming
    the input and its range, as the CLI does for files. Scalars in, floats out."""
    _check(arrivals_per_hour=arrivals_per_hour, handle_time_seconds=handle_time_seconds,
           agents=agents, target_answer_seconds=target_answer_seconds,
           patience_seconds=patience_seconds)
    scalar = all(np.ndim(v) == 0 for v in (arrivals_per_hour, handle_time_seconds, agents,
                                           target_answer_seconds, patience_seconds))
    lam, h, n, t, pat = _prepare(arrivals_per_hour, handle_time_seconds, agents,
                                 target_answer_seconds, patience_seconds)
    out = _metrics(lam, h, n, t, pat, _log_r(lam * h / 3600.0, n))
    return _unwrap(out, scalar)


def _broadcast(*values):
    return [np.array(v, float).ravel() for v in np.broadcast_arrays(
        *(np.asarray(v, float) for v in values))]


def agents_required(arrivals_per_hour, handle_time_seconds, target_answer_seconds,
                    service_level_target, patience_seconds=np.inf, max_occupancy=np.nan,
                    max_abandon_rate=np.nan):
    """The least whole number of agents on duty meeting every target given: service_level >=
    service_level_target, occupancy <= max_occupancy, abandon_rate <= max_abandon_rate (Erlang A
    only), and, without patience, a stable queue (more agents than traffic). A blank (NaN)
    target is no target; NaN where no target is given or more than MAX_AGENTS would be needed.
    Each measure improves with agents, so a bisection over a table of the Erlang B recursion
    finds the least n. Invalid inputs raise InputError."""
    _check(arrivals_per_hour=arrivals_per_hour, handle_time_seconds=handle_time_seconds,
           target_answer_seconds=target_answer_seconds,
           service_level_target=service_level_target, patience_seconds=patience_seconds,
           max_occupancy=max_occupancy, max_abandon_rate=max_abandon_rate)
    shape = np.broadcast_shapes(*(np.shape(v) for v in (
        arrivals_per_hour, handle_time_seconds, target_answer_seconds, service_level_target,
        patience_seconds, max_occupancy, max_abandon_rate)))
    lam, h, t, goal, pat, occ_cap, ab_cap = _broadcast(
        arrivals_per_hour, handle_time_seconds, target_answer_seconds, service_level_target,
        patience_seconds, max_occupancy, max_abandon_rate)
    pat = np.where(np.isnan(pat), np.inf, pat)
    patient = ~np.isfinite(pat)
    if np.any(patient & ~np.isnan(ab_cap)):
        raise InputError([Problem(None, "max_abandon_rate", float(ab_cap[patient][~np.isnan(
            ab_cap[patient])][0]), "is a target of Erlang A only: give patience_seconds, or "
            "leave max_abandon_rate blank (contacts that never hang up never abandon)")])
    a = lam * h / 3600.0
    out = np.full(a.shape, np.nan)
    todo = np.flatnonzero(~(np.isnan(goal) & np.isnan(occ_cap) & np.isnan(ab_cap)))
    if todo.size:
        g = np.where(np.isnan(goal), -np.inf, goal)[todo] - TARGET_SLACK
        oc = np.where(np.isnan(occ_cap), np.inf, occ_cap)[todo] + TARGET_SLACK
        ac = np.where(np.isnan(ab_cap), np.inf, ab_cap)[todo] + TARGET_SLACK
        unique, inverse = np.unique(a[todo], return_inverse=True)
        floor = a[todo] / np.where(np.isfinite(oc), oc, 1.0)
        kmax = int(min(MAX_AGENTS, np.ceil(np.max(floor + 6.0 * np.sqrt(a[todo]) + 20.0))))
        while True:
            table = _log_r_table(unique, kmax - 1)

            def meets(k, idx=todo, inv=inverse):
                m = _metrics(lam[idx], h[idx], k, t[idx], pat[idx], table[k - 1, inv])
                stable = np.isfinite(m["asa_seconds"])
                return (stable & (m["service_level"] >= g) & (m["occupancy"] <= oc)
                        & (m["abandon_rate"] <= ac))

            top = np.full(todo.size, kmax, np.int64)
            met = meets(top)
            if met.all() or kmax >= MAX_AGENTS:
                break
            kmax = min(MAX_AGENTS, 2 * kmax)
        lo, hi = np.zeros(todo.size, np.int64), top.copy()   # meets(hi); not meets(lo)
        while np.any(hi - lo > 1):
            mid = np.maximum((lo + hi) // 2, 1)
            ok = meets(mid)
            hi = np.where(ok, mid, hi)
            lo = np.where(ok, lo, mid)
        out[todo] = np.where(met, hi, np.nan)
    out = out.reshape(shape)
    return float(out) if out.ndim == 0 else out


def agents_scheduled(agents_required, shrinkage=0.0):
    """Agents to pay for: ceil(agents_required / (1 - shrinkage)), the quotient rounded to 9
    decimals first so that 14 / 0.7 is 20 (not 20.000000000000004 -> 21). NaN stays NaN."""
    _check(shrinkage=shrinkage)
    req = np.asarray(agents_required, float)
    out = np.ceil(np.round(req / (1.0 - np.asarray(shrinkage, float)), 9))
    return float(out) if out.ndim == 0 else out


__all__ = ["MAX_AGENTS", "MAX_PATIENCE_SECONDS", "OUTPUTS", "RULES", "TARGET_SLACK", "agents_required",
           "agents_scheduled", "problems", "queue", "traffic_erlangs"]
