"""break_even_compensation, version 3 (docs/MODEL.md), vectorised: the largest
compensation_per_resolution_program ``m`` in ``[0, 10^9]`` at which net_value = 0 with
net_value < 0 for every larger ``m`` in the range, all else fixed; NaN with a reason where there
is none.

Without a compensation response (U = 0) net value is linear in ``m`` and the figure is the
closed form, reported where ``0 <= m* <= 10^9``. With one (U > 0) MODEL.md fixes the search: net
value on a grid of ``m = 0``, 200 points evenly on ``(0, z]``, 200 evenly in logarithm on
``[z, 10^9]`` (``z = min(10 y, 10^9)``, ``y = loss_per_failure x compensation_peak_ratio``) and
``m = y``; every local maximum of the grid with net value < 0 refined over its two neighbouring
intervals by bounded Brent (the algorithm of scipy's ``minimize_scalar(method="bounded")``), the
maximiser added to the grid; then Brent's root (the algorithm of scipy's ``brentq``, relative
tolerance 1e-12) between the highest point with net value >= 0 and the next point above it.

The grid is evaluated for a block of rows at once (a rows x ~400 array); both Brent methods run
vectorised over the rows that need them (scipy's are scalar; here they are the same iterations
on arrays, checked against scipy in tests/test_breakeven.py).
"""

from __future__ import annotations

from typing import Mapping

import numpy as np

from calc.model.closed_form import _X_CAP, core, per_customer
from calc.model.flows import net_from_terms, scenario_terms

M_HIGH = 1e9                  # the top of compensation_per_resolution_program's range
GRID_N = 200
XATOL_REL = 1e-10             # bounded Brent: xatol = 1e-10 x the interval's upper end
ROOT_RTOL = 1e-12
ROOT_XTOL = 2e-12             # scipy's default xtol for brentq
ROWS_PER_BLOCK = 8192         # rows searched together (the refinements and roots: one array)
GRID_ROWS = 256               # rows whose grids are evaluated together (256 x 401 points)

# Why break_even_compensation is NaN: 0 = it is a figure.
FIGURE, DOES_NOT_PAY, PAYS_ALWAYS, NO_EFFECT = 0, 1, 2, 3
REASONS = {DOES_NOT_PAY: "does not pay at any compensation",
           PAYS_ALWAYS: "pays at any compensation",
           NO_EFFECT: "compensation changes nothing"}


def reason_text(code) -> str:
    """The words for a reason code ('' for a figure)."""
    return REASONS.get(int(code), "")


def closed_form_reason(root: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """U = 0: the closed form ``m*`` reported where ``0 <= m* <= 10^9``; NaN and its reason
    elsewhere (``m*`` NaN: the divisor is 0)."""
    root = np.asarray(root, float)
    code = np.where(np.isnan(root), NO_EFFECT,
                    np.where(root < 0, DOES_NOT_PAY,
                             np.where(root > M_HIGH, PAYS_ALWAYS, FIGURE)))
    return np.where(code == FIGURE, root, np.nan), code


def grid_for(y: np.ndarray) -> np.ndarray:
    """MODEL.md's grid for each row (one row per peak compensation ``y``), sorted: ``m = 0``,
    200 points on ``(0, z]``, 199 more on ``[z, 10^9]`` (z counted once) and ``y``; 401
    columns (``y`` may repeat a linear point: a repeated point changes nothing)."""
    y = np.asarray(y, float)[:, None]
    z = np.minimum(10.0 * y, M_HIGH)
    k = np.arange(1, GRID_N + 1) / GRID_N
    lin = z * k
    lin[:, -1] = z[:, 0]
    j = np.arange(GRID_N) / (GRID_N - 1)
    log = np.exp(np.log(z) + (np.log(M_HIGH) - np.log(z)) * j)[:, 1:]
    log[:, -1] = M_HIGH
    ys = np.where(y <= M_HIGH, y, M_HIGH)
    return np.sort(np.concatenate([np.zeros_like(y), lin, log, ys], axis=1), axis=1)


class _Block:
    """One block of rows (1-D parameter arrays of n) with everything net value needs that does
    not depend on the program's compensation ``m`` computed once: the baseline world, the
    program world's failure, complaint, resolution and fast shares, the response's scale, the
    discount powers and sums of the recursion (:func:`calc.model.flows.scenario_terms`) and the
    net value's parts at ``m = 0``. :meth:`net` then evaluates any compensations of any rows
    with the same operations, in the same order, as per_customer and program_net_value."""

    def __init__(self, p: Mapping[str, np.ndarray]):
        self.p = p
        self.all_response = bool((p["compensation_uplift_at_peak"] > 0).all())
        w = per_customer(p)
        self.b_program = w["b_program"]
        r = p["retention_no_failure"]
        f = w["f_program"]
        a, b, g = w["a_program"], w["b_program"], w["g_program"]
        scale = p["loss_per_failure"] * p["compensation_peak_ratio"]
        # per row: what per_customer's program world adds to the parts that depend on m
        self.row = {
            "U": p["compensation_uplift_at_peak"],
            "scale": np.where(scale > 0, scale, 1.0),
            "rres": p["retention_resolved"], "rfast": p["retention_resolved_fast"],
            "kf0": (f - a) * p["retention_silent"] + (a - b) * p["retention_unresolved"],
            "bg": b - g, "g": g, "stay": (1.0 - f) * r,
            "ah": a * p["handling_cost_per_complaint"], "b": b,
            "cs": p["compensation_cost_share"], "u_b": w["u_baseline"]}
        P = p["revenue_per_customer"] * p["operating_margin"]
        self.terms = scenario_terms(
            p["customers"], P, p["discount_rate"], w["rho_baseline"],
            p["wom_reach_per_lost_customer"] * p["wom_conversion_rate"],
            p["program_fixed_cost"], p["program_years"], p["horizon_years"])
        rho0, du0 = self.world(np.zeros(p["customers"].size))
        pv0, Q0, B1 = net_from_terms(self.terms, rho0, du0, parts=True)
        self.rho0, self.Ppv0, self.Q0, self.fB1 = rho0, P * pv0, Q0, p["program_fixed_cost"] * B1

    def world(self, m, rows=None):
        """rho_program and u_program - u_baseline at compensations ``m`` (n, n x k, or the
        size of ``rows``), as :func:`calc.model.closed_form.per_customer` computes them."""
        s = self.row if rows is None else {k: v[rows] for k, v in self.row.items()}
        if m.ndim == 2:
            s = {k: v[:, None] for k, v in s.items()}
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            x = np.minimum(m / s["scale"], _X_CAP)
            e = s["U"] * x * np.exp(1.0 - x)
            if not self.all_response:
                e = np.where(s["U"] > 0, e, 0.0)
        rr = np.minimum(1.0, s["rres"] + e)
        rf = np.minimum(1.0, s["rfast"] + e)
        kf = s["kf0"] + s["bg"] * rr + s["g"] * rf
        u = s["ah"] + s["b"] * m * s["cs"]
        return s["stay"] + kf, u - s["u_b"]

    def net(self, m, rows=None):
        """net_value at compensations ``m``: n x k (a grid for every row, in rising order), or
        1-D for the rows ``rows`` (all rows if None). On a grid, the columns past the last
        compensation whose uplift moves rho_p off its value at m = 0 in any row (far past the
        peak the uplift is below the last digit of a retention) reuse the recursion at m = 0:
        only the cost term changes, the same digits as the whole recursion gives there."""
        m = np.asarray(m, float)
        rho, du = self.world(m, rows)
        s = self.terms if rows is None else {k: v[rows] for k, v in self.terms.items()}
        if m.ndim == 1:
            return net_from_terms(s, rho, du)
        s = {k: v[:, None] for k, v in s.items()}
        idx = slice(None) if rows is None else rows
        out = self.Ppv0[idx][:, None] - self.Q0[idx][:, None] * du - self.fB1[idx][:, None]
        moved = np.flatnonzero((rho != self.rho0[idx][:, None]).any(axis=0))
        if moved.size:
            k = moved[-1] + 1
            out[:, :k] = net_from_terms(s, rho[:, :k], du[:, :k])
        return out

    def take(self, rows):
        """The same block restricted to ``rows`` (an index array)."""
        other = object.__new__(_Block)
        other.p = {k: v[rows] for k, v in self.p.items()}
        other.all_response = self.all_response
        other.b_program = self.b_program[rows]
        other.row = {k: v[rows] for k, v in self.row.items()}
        other.terms = {k: v[rows] for k, v in self.terms.items()}
        other.rho0, other.Ppv0 = self.rho0[rows], self.Ppv0[rows]
        other.Q0, other.fB1 = self.Q0[rows], self.fB1[rows]
        return other


def _block_of(p) -> _Block:
    return p if isinstance(p, _Block) else _Block(
        {k: np.atleast_1d(np.asarray(v, float)) for k, v in p.items()})


def _net_at(p, m: np.ndarray) -> np.ndarray:
    """net_value of each row of ``p`` (1-D arrays of n, or a :class:`_Block`) at the
    compensations ``m`` (n x k, or n): the recursion's closed form
    (:func:`calc.model.flows.program_net_value`) on the retention and recovery cost that each
    compensation gives (:func:`calc.model.closed_form.per_customer`)."""
    return _block_of(p).net(m)


def break_even_search(p: Mapping[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """MODEL.md's search (the U > 0 definition; with U = 0 a check of the closed form) for
    resolved 1-D parameter arrays with loss_per_failure x compensation_peak_ratio > 0.
    Returns (figure, reason code)."""
    p = {k: np.atleast_1d(np.asarray(v, float)) for k, v in p.items()}
    n = p["customers"].size
    value, code = np.full(n, np.nan), np.zeros(n, dtype=np.int8)
    for start in range(0, n, ROWS_PER_BLOCK):
        s = slice(start, start + ROWS_PER_BLOCK)
        value[s], code[s] = _search_block({k: v[s] for k, v in p.items()})
    return value, code


def _search_block(p):
    n = p["customers"].size
    blk = _Block(p)
    y = p["loss_per_failure"] * p["compensation_peak_ratio"]
    xs = grid_for(y)
    nv = np.empty(xs.shape)
    for start in range(0, n, GRID_ROWS):
        s = slice(start, start + GRID_ROWS)
        nv[s] = blk.net(xs[s], s)
    width = xs.shape[1]
    value, code = np.full(n, np.nan), np.zeros(n, dtype=np.int8)
    # compensation changes nothing: the same net value at 0 and 10^9 and the closed form's
    # divisor cs A_p is 0 (A_p = Q b_p with Q >= customers > 0)
    divisor = p["compensation_cost_share"] * blk.b_program
    none = (nv[:, 0] == nv[:, -1]) & (divisor == 0)
    top = nv[:, -1].copy()                  # net value at 10^9
    # narrow windows: each local maximum (>= its grid neighbours) with net value < 0, above the
    # highest point with net value >= 0 (a maximum below it cannot change the answer), refined
    # over each of its two neighbouring intervals
    ok = nv >= 0
    high = np.where(ok.any(axis=1), width - 1 - np.argmax(ok[:, ::-1], axis=1), -1)
    # (the first and last points have -inf beyond them; a NaN is never < 0)
    peak = nv < 0
    peak[:, 1:] &= nv[:, 1:] >= nv[:, :-1]
    peak[:, :-1] &= nv[:, :-1] >= nv[:, 1:]
    peak &= np.arange(width) > high[:, None]
    peak[none] = False
    extra_x, extra_f = _refine(blk, xs, peak)
    # each row's highest point with net value >= 0 and the next point above it, in the order of
    # the grid with the maximisers added (a stable sort by compensation: on equal compensations
    # a grid point comes before a maximiser, and maximisers keep their slot order), found
    # without sorting: the highest such point is the grid's or the highest maximiser >= 0
    # (which sorts after a grid point of the same compensation); the next is the first grid
    # point or maximiser whose (compensation, column) is larger
    at = np.arange(n)
    a, fa = xs[at, high], nv[at, high]
    above = np.minimum(high + 1, width - 1)
    b, fb = xs[at, above], nv[at, above]
    if extra_x is not None:
        ex, ef = extra_x, extra_f
        xg = np.where(high >= 0, a, -np.inf)
        bx, bj = np.full(n, -np.inf), np.full(n, -1)
        for j in range(ex.shape[1]):
            take = (ef[:, j] >= 0) & (ex[:, j] >= bx)
            bx, bj = np.where(take, ex[:, j], bx), np.where(take, j, bj)
        from_extra = (bj >= 0) & (bx >= xg)
        hx = np.where(from_extra, bx, xg)
        hcol = np.where(from_extra, width + bj, high)
        a = np.where(from_extra, bx, a)
        fa = np.where(from_extra, ef[at, bj], fa)
        nxt = high + 1
        fe = np.flatnonzero(from_extra)
        nxt[fe] = (xs[fe] <= hx[fe, None]).sum(axis=1)
        inside = nxt < width
        nxt = np.minimum(nxt, width - 1)
        b = np.where(inside, xs[at, nxt], np.inf)
        fb = nv[at, nxt]
        for j in range(ex.shape[1]):
            later = (ex[:, j] > hx) | ((ex[:, j] == hx) & (width + j > hcol))
            first = later & (ex[:, j] < b)
            b, fb = np.where(first, ex[:, j], b), np.where(first, ef[:, j], fb)
        high = np.where((high >= 0) | (bj >= 0), 0, -1)
    code[none] = NO_EFFECT
    pays = ~none & (top >= 0)
    code[pays] = PAYS_ALWAYS
    code[~none & ~pays & (high < 0)] = DOES_NOT_PAY
    todo = np.flatnonzero(code == FIGURE)
    if todo.size:
        a, b, fa, fb = a[todo], b[todo], fa[todo], fb[todo]
        value[todo] = brent_root(blk.take(todo), a, b, fa, fb)
    return value, code


def _refine(p, xs, peak):
    """Bounded Brent on both neighbouring intervals of every flagged local maximum: the
    maximisers and their net values, as extra grid columns, or (None, None). A row with fewer
    maximisers than others is padded with points at 10^9 whose net value is -inf: they sort
    after the real 10^9 point, which decides "pays at any compensation" by itself, so they are
    never the highest point >= 0 nor the point above it."""
    r, j = np.nonzero(peak)
    if r.size == 0:
        return None, None
    width = xs.shape[1]
    lo_r, lo_a, lo_b = [], [], []
    for side in (-1, 1):
        keep = (j + side >= 0) & (j + side < width)
        rr, jj = r[keep], j[keep]
        a = np.minimum(xs[rr, jj], xs[rr, jj + side])
        b = np.maximum(xs[rr, jj], xs[rr, jj + side])
        wide = b > a
        lo_r.append(rr[wide])
        lo_a.append(a[wide])
        lo_b.append(b[wide])
    rr, a, b = (np.concatenate(x) for x in (lo_r, lo_a, lo_b))
    if rr.size == 0:
        return None, None
    x, fx = bounded_max(p.take(rr), a, b)
    counts = np.bincount(rr, minlength=xs.shape[0])
    k = int(counts.max())
    out_x = np.full((xs.shape[0], k), M_HIGH)
    out_f = np.full((xs.shape[0], k), -np.inf)
    order = np.argsort(rr, kind="stable")
    rs = rr[order]
    slot = np.arange(rs.size) - np.searchsorted(rs, rs)
    out_x[rs, slot] = x[order]
    out_f[rs, slot] = fx[order]
    return out_x, out_f


def bounded_max(p, a, b):
    """Maximise net value over ``[a, b]`` for each row: scipy's ``minimize_scalar(method=
    "bounded")`` (fminbound: golden section with parabolic steps) on minus net value,
    ``xatol = 1e-10 x b``, at most 500 evaluations, every row at once. Returns (x, net value)."""
    blk = _block_of(p)

    def f(m, rows=None):
        return -blk.net(m, rows)

    a, b = np.array(a, float), np.array(b, float)
    xatol = XATOL_REL * b
    sqrt_eps = np.sqrt(2.2e-16)
    golden_mean = 0.5 * (3.0 - np.sqrt(5.0))
    fulc = a + golden_mean * (b - a)
    nfc, xf = fulc.copy(), fulc.copy()
    rat = np.zeros_like(a)
    e = np.zeros_like(a)
    fx = f(xf)
    ffulc, fnfc = fx.copy(), fx.copy()
    xm = 0.5 * (a + b)
    tol1 = sqrt_eps * np.abs(xf) + xatol / 3.0
    tol2 = 2.0 * tol1
    live = np.abs(xf - xm) > (tol2 - 0.5 * (b - a))
    num = 1
    while live.any() and num < 500:
        i = np.flatnonzero(live)
        A, B, XF, FX, NFC, FNFC, FULC, FFULC = (v[i] for v in (a, b, xf, fx, nfc, fnfc, fulc,
                                                               ffulc))
        E, RAT, XM, T1, T2 = e[i], rat[i], xm[i], tol1[i], tol2[i]
        golden = np.ones(i.size, bool)
        para = np.abs(E) > T1
        r = (XF - NFC) * (FX - FFULC)
        q = (XF - FULC) * (FX - FNFC)
        pp = (XF - FULC) * q - (XF - NFC) * r
        q = 2.0 * (q - r)
        pp = np.where(q > 0.0, -pp, pp)
        q = np.abs(q)
        r_old = E
        E = np.where(para, RAT, E)
        accept = para & (np.abs(pp) < np.abs(0.5 * q * r_old)) & (pp > q * (A - XF)) & (
            pp < q * (B - XF))
        with np.errstate(divide="ignore", invalid="ignore"):
            rat_p = (pp + 0.0) / q
        x_p = XF + rat_p
        near = ((x_p - A) < T2) | ((B - x_p) < T2)
        si = np.sign(XM - XF) + ((XM - XF) == 0)
        rat_p = np.where(near, T1 * si, rat_p)
        RAT = np.where(accept, rat_p, RAT)
        golden = ~accept
        e_g = np.where(XF >= XM, A - XF, B - XF)
        E = np.where(golden, e_g, E)
        RAT = np.where(golden, golden_mean * e_g, RAT)
        si = np.sign(RAT) + (RAT == 0)
        X = XF + si * np.maximum(np.abs(RAT), T1)
        FU = f(X, i)
        num += 1
        better = FU <= FX
        # fu <= fx: the new point is the best so far
        A2 = np.where(better, np.where(X >= XF, XF, A), np.where(X < XF, X, A))
        B2 = np.where(better, np.where(X >= XF, B, XF), np.where(X < XF, B, X))
        c1 = ~better & ((FU <= FNFC) | (NFC == XF))
        c2 = ~better & ~c1 & ((FU <= FFULC) | (FULC == XF) | (FULC == NFC))
        FULC2 = np.where(better | c1, NFC, np.where(c2, X, FULC))
        FFULC2 = np.where(better | c1, FNFC, np.where(c2, FU, FFULC))
        NFC2 = np.where(better, XF, np.where(c1, X, NFC))
        FNFC2 = np.where(better, FX, np.where(c1, FU, FNFC))
        XF2 = np.where(better, X, XF)
        FX2 = np.where(better, FU, FX)
        a[i], b[i], xf[i], fx[i] = A2, B2, XF2, FX2
        nfc[i], fnfc[i], fulc[i], ffulc[i] = NFC2, FNFC2, FULC2, FFULC2
        e[i], rat[i] = E, RAT
        xm[i] = 0.5 * (A2 + B2)
        tol1[i] = sqrt_eps * np.abs(XF2) + xatol[i] / 3.0
        tol2[i] = 2.0 * tol1[i]
        live[i] = np.abs(XF2 - xm[i]) > (tol2[i] - 0.5 * (B2 - A2))
    return xf, -fx


def brent_root(p, a, b, fa, fb):
    """The root of net value in ``[a, b]`` for each row, where ``fa >= 0 > fb``: scipy's
    ``brentq`` (Brent 1973: inverse quadratic interpolation, secant and bisection) with
    ``rtol = 1e-12`` and scipy's default ``xtol = 2e-12``, every row at once."""
    blk = _block_of(p)
    xpre, xcur = np.array(a, float), np.array(b, float)
    fpre, fcur = np.array(fa, float), np.array(fb, float)
    root = np.where(fpre == 0, xpre, np.where(fcur == 0, xcur, np.nan))
    xblk, fblk = np.zeros_like(xpre), np.zeros_like(xpre)
    spre, scur = np.zeros_like(xpre), np.zeros_like(xpre)
    live = np.isnan(root)
    for _ in range(100):
        i = np.flatnonzero(live)
        if i.size == 0:
            break
        XP, XC, FP, FC = xpre[i], xcur[i], fpre[i], fcur[i]
        XB, FB, SP, SC = xblk[i], fblk[i], spre[i], scur[i]
        flip = (FP != 0) & (FC != 0) & (np.signbit(FP) != np.signbit(FC))
        XB = np.where(flip, XP, XB)
        FB = np.where(flip, FP, FB)
        SP = np.where(flip, XC - XP, SP)
        SC = np.where(flip, XC - XP, SC)
        swap = np.abs(FB) < np.abs(FC)
        XP, XC, XB = (np.where(swap, XC, XP), np.where(swap, XB, XC), np.where(swap, XC, XB))
        FP, FC, FB = (np.where(swap, FC, FP), np.where(swap, FB, FC), np.where(swap, FC, FB))
        delta = (ROOT_XTOL + ROOT_RTOL * np.abs(XC)) / 2
        sbis = (XB - XC) / 2
        done = (FC == 0) | (np.abs(sbis) < delta)
        root[i[done]] = XC[done]
        interp = (np.abs(SP) > delta) & (np.abs(FC) < np.abs(FP))
        with np.errstate(divide="ignore", invalid="ignore"):
            secant = -FC * (XC - XP) / (FC - FP)
            dpre = (FP - FC) / (XP - XC)
            dblk = (FB - FC) / (XB - XC)
            iqi = -FC * (FB * dblk - FP * dpre) / (dblk * dpre * (FB - FP))
        stry = np.where(XP == XB, secant, iqi)
        good = interp & (2 * np.abs(stry) < np.minimum(np.abs(SP), 3 * np.abs(sbis) - delta))
        SP, SC = np.where(good, SC, sbis), np.where(good, stry, sbis)
        XP, FP = XC, FC
        XC = XC + np.where(np.abs(SC) > delta, SC, np.where(sbis > 0, delta, -delta))
        go = ~done
        j = i[go]
        xpre[j], fpre[j], xblk[j], fblk[j] = XP[go], FP[go], XB[go], FB[go]
        spre[j], scur[j], xcur[j] = SP[go], SC[go], XC[go]
        if j.size:
            fcur[j] = blk.net(xcur[j], j)
        live[i[done]] = False
    left = np.flatnonzero(live)
    root[left] = xcur[left]
    return root


def break_even(p: Mapping[str, np.ndarray], closed_form: np.ndarray):
    """break_even_compensation of resolved 1-D parameter arrays and why it is NaN (a code of
    :data:`REASONS`): the closed form ``closed_form`` (from :func:`calc.model.closed_form.core`)
    where U = 0, the search where U > 0."""
    value, code = closed_form_reason(closed_form)
    response = np.asarray(p["compensation_uplift_at_peak"], float) > 0
    if response.any():
        sub = {k: np.atleast_1d(np.asarray(v, float))[response] for k, v in p.items()}
        value[response], code[response] = break_even_search(sub)
    return value, code


def break_even_compensation(p: Mapping[str, np.ndarray]) -> np.ndarray:
    """The version-3 figure alone, for resolved 1-D arrays (no reason)."""
    return break_even(p, core(p)[0]["break_even_compensation"])[0]
