"""The year-by-year recursion of ``docs/MODEL.md`` and the payback rule, vectorised.

Conventions, decided once: year t's profit arrives at time t (its end) and is discounted by
``(1 + d) ** t``; the program's cost of year t is paid at its start (time t - 1). Customers are
tracked as the program world's *extra* customers ``E(t) = B_p(t) - N`` (the baseline holds ``N``
steady), which keeps every digit where the difference is small beside ``N``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Below this distance of x = r / (1 + d) from 1, the closed form of the annuity sum loses
# digits to cancellation, so the sum is added term by term instead.
_NEAR_ONE = 1e-2


def discounted_survival_sum(r, d, t):
    """``sum over j = 1..t of r**(j-1) / (1+d)**j``, elementwise; 0 where t = 0.

    MODEL.md's margin_multiple is this with r = rho_b and t = H.

    >>> round(float(discounted_survival_sum(0.7786, 0.10, 5)), 8)
    2.55859447
    """
    r, d, t = np.broadcast_arrays(np.asarray(r, float), np.asarray(d, float),
                                  np.asarray(t, float))
    x = r / (1.0 + d)
    near = np.abs(1.0 - x) < _NEAR_ONE
    out = np.empty(x.shape)
    far = ~near
    with np.errstate(divide="ignore", invalid="ignore"):
        out[far] = (1.0 - x[far] ** t[far]) / ((1.0 - x[far]) * (1.0 + d[far]))
    if near.any():
        xn, tn, dn = x[near], t[near], d[near]
        acc = np.zeros(xn.shape)
        term = 1.0 / (1.0 + dn)
        for j in range(1, int(tn.max()) + 1 if tn.size else 1):
            acc += np.where(j <= tn, term, 0.0)
            term = term * xn
        out[near] = acc
    return out


# Scenarios are run in blocks of this many: one block's temporaries stay in the processor's cache.
CHUNK = 16384


@dataclass
class Paths:
    """What the recursion yields for n scenarios, each of shape (n,), in the caller's order.

    With ``paths="each"`` the matrices hold one row per time t = 0..T (T the largest horizon;
    rows past a scenario's own horizon are 0) and one column per scenario; with ``paths="sum"``
    they are summed over the scenarios (shape (T + 1,)), for the total of many segments.
    """

    pv_extra: np.ndarray         # sum over t = 1..H of E(t) / (1+d)^t
    pv_extra_no_wom: np.ndarray  # the same with omega = 0
    customers_paid: np.ndarray   # Q = sum over t <= Y of B_p(t-1) / (1+d)^(t-1)
    saved_total: np.ndarray      # sum over t of sigma_t
    payback: np.ndarray          # payback_years of each scenario's own cash flow
    dcf: np.ndarray | None = None     # discounted cash flow by time
    extra: np.ndarray | None = None   # E(t) by time
    cost: np.ndarray | None = None    # program cost paid at time t
    profit: np.ndarray | None = None  # P x E(t) by time


def year_paths(N, P, d, rho_b, rho_p, omega, cost_per_customer, fixed, Y, H,
               paths: str | None = None) -> Paths:
    """Run MODEL.md's recursion for every scenario at once (1-D float arrays of one length).

    ``cost_per_customer`` is ``u_p - u_b``; ``fixed`` is program_fixed_cost; ``Y`` and ``H``
    hold whole numbers with 1 <= Y <= H. Scenarios run in blocks of :data:`CHUNK`; inside a
    block they are taken in order of falling program years, so that year t works on the
    contiguous run of those whose program still runs.
    """
    cols = (N, P, d, rho_b, rho_p, omega, cost_per_customer, fixed, Y, H)
    n = N.shape[0]
    T = int(H.max()) if n else 0
    sums = [np.empty(n) for _ in range(5)]
    keys = ("dcf", "extra", "cost", "profit")
    each = {k: np.zeros((T + 1, n)) for k in keys} if paths == "each" else None
    total = {k: np.zeros(T + 1) for k in keys} if paths == "sum" else None
    for start in range(0, n, CHUNK):
        s = slice(start, start + CHUNK)
        ys = Y[s]
        order = np.argsort((T - ys).astype(np.uint8 if T < 256 else np.int64), kind="stable")
        back = np.empty(order.size, dtype=np.intp)
        back[order] = np.arange(order.size)
        block = _block(*(c[s][order] for c in cols), keep=paths is not None)
        for out, part in zip(sums, block[:5]):
            out[s] = part[back]
        for key, matrix in zip(keys, block[5:]):
            if matrix is None:
                continue
            if each is not None:
                each[key][: matrix.shape[0], s] = matrix[:, back]
            if total is not None:
                total[key][: matrix.shape[0]] += matrix.sum(axis=1)
    result = Paths(*sums)
    for key in keys:
        if each is not None:
            setattr(result, key, each[key])
        if total is not None:
            setattr(result, key, total[key])
    return result


def _block(N, P, d, rho_b, rho_p, omega, du, fixed, Y, H, keep):
    """The recursion over one block of scenarios sorted by falling program years. Returns the
    sums, the payback and, with ``keep``, the matrices of extra customers, cost and profit.

    While the program runs (t <= Y), with ``D = rho_p - rho_b``, MODEL.md's
    ``B_p(t) = B_p(t-1) rho_p + w + omega sigma_t`` (``w = N (1 - rho_b)``,
    ``sigma_t = B_p(t-1) D``) reads, for the extra customers ``E(t) = B_p(t) - N``:
    ``E(t) = E(t-1) rho_b + sigma_t (1 + omega)``; without word of mouth
    ``E0(t) = E0(t-1) rho_b + (N + E0(t-1)) D``. Once it has stopped, E falls by rho_b a year,
    no cost is paid, and year t's discounted cash flow is the previous one times rho_b / (1+d):
    those years run as one multiplication each, and their present values are closed forms.
    """
    n = N.shape[0]
    T = int(H.max())
    st = _State(n, T, keep)
    coef = _Coefficients(N, P, d, rho_b, rho_p, omega, du, fixed)
    st.dcf[0] = -coef.K_1
    st.cum[0] = st.dcf[0]
    if keep:
        st.cost[0] = coef.K_1
    wom = bool(np.any(omega))                 # without word of mouth E0 is E
    # the scenarios whose program still runs in year t are the first running[t]
    running = np.searchsorted(-Y, -np.arange(T + 2), side="right")
    for t in range(1, T + 1):
        n_on, n_next = int(running[t]), int(running[t + 1])
        if n_on:
            _program_year(st, coef, t, n_on, n_next, wom)
        if n_on < n:
            _stopped_year(st, coef, t, slice(n_on, n), Y, H)
    # present values of the years after the program: E(Y) v^Y sum_{j=1..H-Y} (rho_b v)^j
    tail = st.v_t * rho_b * discounted_survival_sum(rho_b, d, H - Y)
    pv = st.pv + st.E * tail
    pv0 = st.pv0 + st.E0 * tail if wom else pv
    return (pv, pv0, st.Q, st.saved, payback_years(st.dcf, st.cum), st.dcf, st.extra, st.cost,
            None if st.extra is None else st.extra * P)


class _Coefficients:
    """What each scenario of a block brings to every year: ``v = 1/(1+d)``, ``D = rho_p -
    rho_b``, ``1 + omega``, ``K_1 = N (u_p - u_b) + program_fixed_cost`` (paid at time 0) and
    ``rho_b v`` (what a year does to the cash flow once the program has stopped)."""

    def __init__(self, N, P, d, rho_b, rho_p, omega, du, fixed):
        self.N, self.P, self.rho_b, self.du = N, P, rho_b, du
        self.v = 1.0 / (1.0 + d)
        self.D = rho_p - rho_b
        self.spread = 1.0 + omega
        self.K_1 = N * du + fixed
        self.after = rho_b * self.v


class _State:
    """The running state of the recursion: ``E(t)``, ``E0(t)`` (extra customers with and
    without word of mouth), ``v^t``, the sums ``Q`` (customers paid for, discounted), the saves
    ``sigma_t`` and present values, and the cash-flow matrices by time."""

    def __init__(self, n, T, keep):
        self.E, self.E0, self.Q, self.saved, self.pv, self.pv0 = (np.zeros(n) for _ in range(6))
        self.v_t = np.ones(n)
        self.flow = np.zeros(n)               # the last discounted cash flow, once stopped
        self.dcf = np.empty((T + 1, n))
        self.cum = np.empty((T + 1, n))
        self.keep = keep
        self.extra, self.cost = ((np.zeros((T + 1, n)) for _ in range(2)) if keep
                                 else (None, None))


def _program_year(st: _State, c: _Coefficients, t: int, n_on: int, n_next: int, wom: bool):
    """Year t for the first ``n_on`` scenarios, whose program runs in year t; the first
    ``n_next`` of them also pay next year's cost ``K_(t+1)`` now."""
    on = slice(0, n_on)
    E, v_t = st.E[on], st.v_t[on]
    B_prev = c.N[on] + E                      # B_p(t-1)
    st.Q[on] += B_prev * v_t
    sigma = B_prev * c.D[on]                  # sigma_t
    st.saved[on] += sigma
    E *= c.rho_b[on]
    E += sigma * c.spread[on]                 # E(t)
    v_t *= c.v[on]
    st.pv[on] += E * v_t
    if wom:
        E0 = st.E0[on]
        grow = c.N[on] + E0
        grow *= c.D[on]
        E0 *= c.rho_b[on]
        E0 += grow
        st.pv0[on] += E0 * v_t
    row = c.P[on] * E                         # profit of year t
    if st.keep:
        st.extra[t, on] = E
    if n_next:                                # next year's cost, paid now, by those still on
        K = E[:n_next] * c.du[:n_next]
        K += c.K_1[:n_next]
        row[:n_next] -= K
        if st.keep:
            st.cost[t, :n_next] = K
    row *= v_t
    st.flow[on] = row
    st.dcf[t, on] = row
    st.cum[t, on] = st.cum[t - 1, on] + row


def _stopped_year(st: _State, c: _Coefficients, t: int, off: slice, Y, H):
    """Year t for the scenarios whose program has stopped: the cash flow decays by rho_b v,
    until each one's horizon."""
    x = st.flow[off]
    x *= c.after[off]
    row = x * (H[off] >= t)
    st.dcf[t, off] = row
    st.cum[t, off] = st.cum[t - 1, off] + row
    if st.keep:
        st.extra[t, off] = st.E[off] * c.rho_b[off] ** (t - Y[off]) * (H[off] >= t)


def payback_years(dcf, cumulative=None):
    """MODEL.md's payback rule, read off discounted cash flows by time (axis 0; one column per
    scenario, or a 1-D path): with ``C_t`` the running sum, NaN where ``C_H < 0``; 0 where no
    ``C_t`` is negative; otherwise ``u + (-C_u) / dcf_(u+1)`` with ``u`` the last time
    ``C_u < 0``. Trailing zero rows (past a scenario's horizon) change nothing. ``cumulative``,
    the running sum of ``dcf`` when the caller has it already, saves adding it up again.

    >>> round(float(payback_years(np.array([-100.0, 60.0, 60.0]))), 12)   # 1 + 40 / 60
    1.666666666667
    """
    dcf = np.asarray(dcf, float)
    one = dcf.ndim == 1
    if one:
        dcf = dcf[:, None]
    C = np.cumsum(dcf, axis=0) if cumulative is None else np.asarray(cumulative, float).reshape(
        dcf.shape)
    T = C.shape[0] - 1
    # the last time t with C_t < 0 (-1 where none): the largest of (t + 1) x [C_t < 0], less 1,
    # in the smallest integer type that holds T + 1 (a reduction along the contiguous axis)
    step_type = np.uint8 if T < 255 else np.int64
    marks = (C < 0) * np.arange(1, T + 2, dtype=step_type)[:, None]
    last = marks.max(axis=0).astype(np.intp) - 1
    u = np.clip(last, 0, max(T - 1, 0))
    cols = np.arange(C.shape[1])
    c_u = C[u, cols]
    step = dcf[np.minimum(u + 1, T), cols]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        years = u + (-c_u) / step
    out = np.where(C[-1] < 0, np.nan, np.where(last >= 0, years, 0.0))
    return float(out[0]) if one else out


# Below this distance from 1 a geometric ratio is summed term by term (the closed form would
# lose digits to cancellation); the same for c - 1 in the divided differences below.
_GEO_NEAR = 1e-2


def _geometric(x, n):
    """``sum over t = 0..n-1 of x**t`` elementwise (n whole, >= 0)."""
    x, n = np.broadcast_arrays(np.asarray(x, float), np.asarray(n, float))
    out = np.empty(x.shape)
    near = np.abs(1.0 - x) < _GEO_NEAR
    far = ~near
    with np.errstate(over="ignore", invalid="ignore"):
        out[far] = (1.0 - x[far] ** n[far]) / (1.0 - x[far])
    if near.any():
        xn, nn = x[near], n[near]
        acc, term = np.zeros(xn.shape), np.ones(xn.shape)
        for t in range(int(nn.max()) if nn.size else 0):
            acc += np.where(t < nn, term, 0.0)
            term = term * xn
        out[near] = acc
    return out


def program_net_value(N, P, d, rho_b, rho_p, omega, du, fixed, Y, H, parts: bool = False):
    """net_value of MODEL.md's recursion in closed form, elementwise over broadcastable arrays
    (what the break-even search evaluates on its grid: one row of scenario values against many
    compensations). While the program runs the extra customers follow
    ``E(t) = c E(t-1) + G`` with ``c = rho_b + (rho_p - rho_b)(1 + omega)`` and
    ``G = N (rho_p - rho_b)(1 + omega)``, so ``E(t) = G S_t`` with ``S_t = sum_{j<t} c^j``;
    after it, E falls by rho_b a year. With ``v = 1/(1+d)``:
    ``pv = sum_{t<=Y} E(t) v^t + E(Y) v^Y sum_{j=1..H-Y} (rho_b v)^j``,
    ``Q = sum_{t<=Y} (N + E(t-1)) v^(t-1)`` and net value ``P pv - Q du - fixed sum_{t<Y} v^t``.
    The sums over ``S_t`` are divided differences ``(f(c v) - f(v)) / (c - 1)``; where c or
    c v is within 1e-2 of 1 they are added year by year instead."""
    N, P, d, rho_b, rho_p, omega, du, fixed, Y, H = (
        np.asarray(a, float) for a in (N, P, d, rho_b, rho_p, omega, du, fixed, Y, H))
    return net_from_terms(scenario_terms(N, P, d, rho_b, omega, fixed, Y, H), rho_p, du,
                          parts=parts)


def scenario_terms(N, P, d, rho_b, omega, fixed, Y, H) -> dict[str, np.ndarray]:
    """What :func:`program_net_value` needs that does not depend on the program world's
    retention or cost (so the break-even search computes it once per scenario, not once per
    compensation): the scenario's own values, ``v = 1/(1+d)``, ``1 + omega``,
    ``B1 = sum_{t<Y} v^t`` and ``v^Y sum_{j=1..H-Y} (rho_b v)^j``."""
    v = 1.0 / (1.0 + d)
    vY = v ** Y
    tail = vY * rho_b * discounted_survival_sum(rho_b, d, H - Y)   # v^Y sum (rho_b v)^j
    B1 = _geometric(v, Y)
    return {"N": N, "P": P, "Y": Y, "v": v, "rho_b": rho_b, "g": 1.0 + omega, "B1": B1,
            "tail": tail, "vY": vY, "vB1": v * B1, "NB1": N * B1, "fB1": fixed * B1}


def net_from_terms(s: dict[str, np.ndarray], rho_p, du, parts: bool = False):
    """:func:`program_net_value` from :func:`scenario_terms` ``s`` and the program world's
    retention ``rho_p`` and cost per customer ``du``, broadcast against ``s``'s arrays."""
    N, P, rho_b, Y, v, g, B1, tail, vY, vB1, NB1, fB1 = (
        s[k] for k in ("N", "P", "rho_b", "Y", "v", "g", "B1", "tail", "vY", "vB1", "NB1", "fB1"))
    rho_p, du = np.asarray(rho_p, float), np.asarray(du, float)
    # what depends on the scenario only keeps its own (smaller) shape: v, B1, the tail
    D = rho_p - rho_b
    G = N * D * g
    c = rho_b + D * g
    shape = np.broadcast_shapes(c.shape, v.shape, Y.shape, G.shape, du.shape)
    c, G = np.broadcast_to(c, shape), np.broadcast_to(G, shape)
    vb, Yb = np.broadcast_to(v, shape), np.broadcast_to(Y, shape)
    x = c * vb
    vYb = np.broadcast_to(vY, shape)
    cm1, omx = c - 1.0, 1.0 - x
    near = (np.abs(cm1) < _GEO_NEAR) | (np.abs(omx) < _GEO_NEAR)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        # the closed forms everywhere (whole arrays, no gathering); the points near 1 are
        # replaced by the year-by-year sums below
        cy = c ** Yb
        C1 = (1.0 - cy * vYb) / omx                   # sum_{t<Y} (c v)^t
        sum_ev = (x * C1 - vB1) / cm1                  # sum_{t=1..Y} S_t v^t
        sum_sv = (C1 - B1) / cm1                       # sum_{t=0..Y-1} S_t v^t
        s_y = (1.0 - cy) / (1.0 - c)                   # S_Y
    if near.any():
        sum_ev, sum_sv, s_y = np.asarray(sum_ev), np.asarray(sum_sv), np.asarray(s_y)
        cn, vn, yn = c[near], vb[near], Yb[near]
        S, vt = np.zeros(cn.shape), np.ones(cn.shape)
        ev, sv = np.zeros(cn.shape), np.zeros(cn.shape)
        for t in range(int(yn.max())):
            on = t < yn
            sv += np.where(on, S * vt, 0.0)
            S = np.where(on, cn * S + 1.0, S)
            vt = np.where(on, vt * vn, vt)
            ev += np.where(on, S * vt, 0.0)
        sum_ev[near], sum_sv[near], s_y[near] = ev, sv, S
    pv = G * (sum_ev + s_y * tail)
    Q = NB1 + G * sum_sv
    if parts:
        return pv, Q, B1
    return P * pv - Q * du - fB1
