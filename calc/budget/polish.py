"""The local search of a budget split (calc.budget.allocation): scipy's SLSQP from one start
over the shares of the budget, with forward-difference gradients.

Where a kink of net value is in reach (a capped retention reaching 100% as compensation rises,
:mod:`calc.budget.kinks`), a search across it oscillates at the kink, where the best split often
sits, and stops at its iteration limit. There the search runs once per stretch of compensation
between two kinks, where net value is smooth, with the compensation itself as the refunds
coordinate (a step of another lever then never crosses a kink), and goes on into the next
stretch wherever an answer ends on its edge. Elsewhere it is one plain run.
"""

from __future__ import annotations

import numpy as np

FD_STEP = 1e-7          # forward-difference step, as a share of the budget
KINK_TOLERANCE = 1e-6   # an answer this close to a kink (relative compensation) ends on it


def polishes(sc, budget: float, z0: np.ndarray, scale: float,
             edges: np.ndarray | None) -> list[np.ndarray]:
    """Polished splits (shares, feasible) from the shares ``z0`` for the scenario ``sc`` (a
    ``calc.budget.allocation._Scenario``), net value divided by ``scale``: one where net value is
    smooth (``edges`` None); else one per stretch visited between ``edges`` (``-inf``, the kinks
    in reach, ``inf``)."""
    if edges is None:
        return [_polish(sc, budget, z0, scale)]
    m0 = sc.net_and_compensation((z0 * budget)[None])[1][0]
    todo, seen, out = [(int(np.searchsorted(edges, m0, side="right")) - 1, z0)], set(), []
    while todo:
        i, z = todo.pop()
        if i in seen:
            continue
        seen.add(i)
        z = _polish_stretch(sc, budget, z, scale, max(edges[i], sc.m0), edges[i + 1])
        out.append(z)
        m = sc.net_and_compensation((z * budget)[None])[1][0]
        for j, edge in ((i - 1, edges[i]), (i + 1, edges[i + 1])):
            if 0 <= j < len(edges) - 1 and abs(m - edge) <= KINK_TOLERANCE * abs(edge):
                todo.append((j, z))
    return out


def _polish(sc, budget: float, z0: np.ndarray, scale: float) -> np.ndarray:
    """SLSQP from ``z0`` over the shares z (0 <= z_i, sum z <= 1); returns shares, feasible."""
    k = len(z0)
    steps = np.vstack([np.zeros(k), np.eye(k) * FD_STEP])

    def fun(z):
        vals = sc.net((np.clip(z, 0.0, None) + steps) * budget) / scale
        return -vals[0], -(vals[1:] - vals[0]) / FD_STEP

    # scipy.optimize loads here, with the first allocation (0.3 s of every CLI start otherwise)
    from scipy.optimize import minimize
    res = minimize(fun, z0, jac=True, method="SLSQP", bounds=[(0.0, 1.0)] * k,
                   constraints=[{"type": "ineq", "fun": lambda z: 1.0 - z.sum(),
                                 "jac": lambda z: -np.ones(k)}],
                   options={"maxiter": 200, "ftol": 1e-12})
    return _feasible(res.x)


def _feasible(z: np.ndarray) -> np.ndarray:
    z = np.clip(z, 0.0, 1.0)
    z[z < 1e-9] = 0.0         # rounding dust from the solver, not a spend
    total = z.sum()
    return z / total if total > 1.0 else z


def _polish_stretch(sc, budget: float, z0: np.ndarray, scale: float, lo: float,
                    hi: float) -> np.ndarray:
    """SLSQP from ``z0`` with compensation per resolution kept in [lo, hi], between two kinks,
    where net value is smooth. The refunds coordinate is the compensation itself (in units of
    ``sc.unit``), so that a step of another lever never crosses a kink; its spend follows from
    the others' values and counts against the budget. Returns shares, feasible."""
    k, r = len(z0), sc.refunds
    steps = np.eye(k) * FD_STEP

    def at(w):      # net value and budget left at w and at its k steps (inward at hi)
        key = w.tobytes()
        if key not in memo:
            memo.clear()
            h = steps.copy()
            h[r, r] *= -1.0 if w[r] + FD_STEP > hi / sc.unit else 1.0
            rows = np.vstack([w, w + h])
            net, spend = sc.at_compensation(np.clip(rows, 0.0, None) * budget,
                                            rows[:, r] * sc.unit)
            rows[:, r] = spend / budget
            left = 1.0 - rows.sum(axis=1)
            memo[key] = (net / scale, left, h.diagonal())
        return memo[key]

    def fun(w):
        net, _, h = at(w)
        return -net[0], -(net[1:] - net[0]) / h

    def room(w):
        return at(w)[1][0]

    def room_jac(w):
        _, left, h = at(w)
        return (left[1:] - left[0]) / h

    memo: dict[bytes, tuple] = {}
    w0 = z0.copy()
    w0[r] = np.clip(sc.net_and_compensation((z0 * budget)[None])[1][0], lo, hi) / sc.unit
    bounds = [(0.0, 1.0)] * k
    bounds[r] = (lo / sc.unit, hi / sc.unit)
    from scipy.optimize import minimize     # scipy loads lazily (see _polish)
    res = minimize(fun, w0, jac=True, method="SLSQP", bounds=bounds,
                   constraints=[{"type": "ineq", "fun": room, "jac": room_jac}],
                   options={"maxiter": 200, "ftol": 1e-12})
    z = res.x.copy()
    z[r] = sc.at_compensation((np.clip(z, 0.0, None) * budget)[None],
                              np.array([z[r] * sc.unit]))[1][0] / budget
    return _feasible(z)
