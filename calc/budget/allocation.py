"""Budget allocation (MODEL.md): the split of a yearly budget across the budget levers that
maximises net value, and the frontier of best net value against budget.

Spend ``s_i`` a year on lever ``i`` moves it along its response curve (``calc.budget.responses``) and is
added to ``program_fixed_cost`` in every program year. The optional compensation lever is the
exception (docs/budget.md): its spend raises compensation per resolution by what that spend buys
in the first program year, and is not added to the fixed cost, because the model already counts
compensation in the program's cost every year. The split maximises ``net_value`` subject
to ``s_i >= 0`` and ``sum s_i <= budget``: money that buys less than it costs stays unspent.

Search: a grid over the split (every way of cutting the budget into ``GRID_PARTS`` equal parts
across the levers and "unspent", so every corner -- all on one lever, nothing spent -- is on it)
is evaluated in one vectorised call; scipy's SLSQP then polishes from the best grid points, from
every corner (one allocation) and, on a frontier, from the previous budget's split. The answer
is the best point found, never worse than the grid; as every corner is on the grid, a corner
solution cannot be missed. On a frontier a bigger budget never gives a lower
best net value: the smaller budget's split is feasible under the bigger one and is kept if the
search found nothing better.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping

import numpy as np
import pandas as pd

from calc.budget.kinks import retention_kinks
from calc.budget.levers import net_values
from calc.model.params import BY_NAME, InputError, Problem, resolve_one
from calc.model.wom import wom_broken
from calc.budget.responses import (COMPENSATION_LEVER, compensation_after_spend,
                                   compensation_spend, lever_response, validated)

GRID_POINTS = 600       # at most this many grid splits per budget
FD_STEP = 1e-7          # forward-difference step, as a share of the budget
KINK_TOLERANCE = 1e-6   # a split this close to a kink (relative compensation) ends on it


@dataclass(frozen=True)
class Allocation:
    budget: float
    levers: tuple[str, ...]
    spend: np.ndarray           # per lever, money per year
    values: np.ndarray          # the levers' resulting values
    net_value: float

    @property
    def unspent(self) -> float:
        return max(0.0, self.budget - float(self.spend.sum()))


class _Scenario:
    """One scenario with its responses: net value for many splits in one evaluation."""

    def __init__(self, params: Mapping[str, object] | None, responses: pd.DataFrame):
        self.base = resolve_one(params)
        r = validated(responses)
        self.levers = tuple(r["lever"])
        self.v0 = np.array([self.base[name] for name in self.levers])
        self.v1 = r["reachable_value"].to_numpy(float)
        self.half = r["half_spend"].to_numpy(float)
        # the compensation lever's column, if listed; its spend is not a fixed cost
        self.refunds = (self.levers.index(COMPENSATION_LEVER.name)
                        if COMPENSATION_LEVER.name in self.levers else None)
        self.curves = np.array([name != COMPENSATION_LEVER.name for name in self.levers])
        # where a capped retention bends net value (calc.budget.kinks), above today's compensation
        self.m0 = self.base[COMPENSATION_LEVER.name]
        self.unit = self.base["loss_per_failure"] * self.base["compensation_peak_ratio"]
        kinks = retention_kinks(self.base) if self.refunds is not None else np.empty(0)
        self.kinks = kinks[kinks > self.m0]
        # every curve lever at either end of its curve: where a raise costs least is among these
        ends = itertools.product((0.0, np.inf), repeat=int(self.curves.sum()))
        spends = np.zeros((2 ** int(self.curves.sum()), len(self.levers)))
        spends[:, self.curves] = np.array(list(ends)).reshape(len(spends), -1)
        self.ends = self.trial(spends) if len(self.kinks) else None

    def kink_edges(self, budget: float) -> np.ndarray | None:
        """``-inf``, the kinks of net value that ``budget`` can reach, ``inf``; None where it
        reaches none (net value is smooth over every split). A kink is in reach if all of the
        budget on bigger refunds gets there with the other levers where a raise costs least."""
        if self.ends is None:
            return None
        reach = float(np.max(compensation_after_spend(self.ends, budget)))
        inside = self.kinks[self.kinks <= reach]
        return np.concatenate([[-np.inf], inside, [np.inf]]) if len(inside) else None

    def trial(self, spends: np.ndarray) -> dict[str, np.ndarray]:
        """The scenario after each row of ``spends`` (shape (m, levers)): each lever at its value
        after the spend, curve levers' spend added to the fixed cost."""
        spends = np.maximum(np.asarray(spends, float), 0.0)
        m = len(spends)
        trial = {k: np.full(m, v) for k, v in self.base.items()}
        curves = np.flatnonzero(self.curves)
        moved = lever_response(self.v0[curves], self.v1[curves], self.half[curves],
                               spends[:, curves])
        for j, i in enumerate(curves):
            trial[self.levers[i]] = moved[:, j]
        if self.refunds is not None:
            # after the other levers: what a raise costs depends on how many are resolved
            trial[COMPENSATION_LEVER.name] = compensation_after_spend(
                trial, spends[:, self.refunds])
        trial["program_fixed_cost"] = (self.base["program_fixed_cost"]
                                       + spends[:, curves].sum(axis=1))
        return trial

    def at_compensation(self, spends: np.ndarray, m: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Net value of each row of ``spends`` with the refunds column replaced by what raises
        compensation to ``m`` (one per row), and that spend."""
        spends = np.array(spends, float)
        spends[:, self.refunds] = 0.0
        trial = self.trial(spends)
        spend = compensation_spend(trial, m)
        trial[COMPENSATION_LEVER.name] = compensation_after_spend(trial, spend)
        return (np.where(wom_broken(trial), np.nan, net_values(trial, checked=True)), spend)

    def values(self, spends: np.ndarray) -> np.ndarray:
        trial = self.trial(spends)
        return np.column_stack([trial[name] for name in self.levers])

    def net(self, spends: np.ndarray) -> np.ndarray:
        """Net value of each row of ``spends`` (shape (m, levers))."""
        return self.net_and_compensation(spends)[0]

    def net_and_compensation(self, spends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Net value and compensation per resolution of each row of ``spends``."""
        # Valid by construction: each curve lever between two valid values, compensation at
        # most its largest value, the fixed cost within its range for every budget checked by
        # _check_budget.
        # A split whose lever values break a word-of-mouth rule of MODEL.md is not allowed: NaN,
        # never chosen.
        trial = self.trial(spends)
        return (np.where(wom_broken(trial), np.nan, net_values(trial, checked=True)),
                trial[COMPENSATION_LEVER.name])

    def result(self, budget: float, spend: np.ndarray, value: float) -> Allocation:
        return Allocation(float(budget), self.levers, spend, self.values(spend[None])[0],
                          float(value))


@lru_cache(maxsize=8)
def simplex_grid(levers: int) -> np.ndarray:
    """Every split of the budget into ``n`` equal parts across ``levers`` levers and "unspent"
    (stars and bars), with ``n`` as large as keeps it within :data:`GRID_POINTS` rows. Rows are
    shares of the budget; the corners are among them."""
    n = 1
    while _count(n + 1, levers) <= GRID_POINTS:
        n += 1
    rows = []
    for bars in itertools.combinations(range(n + levers), levers):
        parts = np.diff((-1, *bars, n + levers)) - 1
        rows.append(parts[:levers] / n)
    return np.array(rows)


def _count(n: int, levers: int) -> int:
    from math import comb
    return comb(n + levers, levers)


def _polish(sc: _Scenario, budget: float, z0: np.ndarray, scale: float) -> np.ndarray:
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


def _polish_stretch(sc: _Scenario, budget: float, z0: np.ndarray, scale: float, lo: float,
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


def _polishes(sc: _Scenario, budget: float, z0: np.ndarray, scale: float,
              edges: np.ndarray | None) -> list[np.ndarray]:
    """Polished splits from ``z0``: one where net value is smooth (``edges`` None); else one per
    stretch of compensation between two kinks (``edges``), from the stretch ``z0`` is in and on
    into the next wherever an answer ends on a kink, which the cap makes a corner of net value
    that the smooth search inside a stretch reaches in a few steps."""
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


def _search(sc: _Scenario, budgets: np.ndarray, every_corner: bool) -> list[Allocation]:
    k = len(sc.levers)
    grid = simplex_grid(k)
    nv = sc.net((budgets[:, None, None] * grid[None]).reshape(-1, k)).reshape(len(budgets), -1)
    corners = np.vstack([np.eye(k), np.zeros(k)])
    out: list[Allocation] = []
    for j, b in enumerate(budgets):
        order = np.argsort(-nv[j], kind="stable")
        best_z, best_v = grid[order[0]], nv[j, order[0]]
        if b > 0:
            starts = [grid[i] for i in order[:3]]
            if every_corner:
                starts += list(corners)
            if out and out[-1].budget > 0:
                starts.append(out[-1].spend / b)
            scale = max(1.0, float(b), abs(float(best_v)))
            edges = sc.kink_edges(float(b))
            tried: list[np.ndarray] = []
            for z0 in starts:
                if any(np.allclose(z0, t, atol=1e-9) for t in tried):
                    continue
                tried.append(z0)
                for z in _polishes(sc, b, z0, scale, edges):
                    v = sc.net((z * b)[None])[0]
                    if v > best_v:
                        best_z, best_v = z, v
        spend = best_z * b
        if out and out[-1].net_value > best_v:
            # The smaller budget's split is feasible here: never report less.
            spend, best_v = out[-1].spend, out[-1].net_value
        out.append(sc.result(b, spend, best_v))
    return out


def _check_budget(base: dict, budget: float, what: str = "budget") -> None:
    spec = BY_NAME["program_fixed_cost"]
    if not np.isfinite(budget) or budget < 0:
        raise InputError([Problem(None, what, budget, "must be an amount of money of 0 or more")])
    if base["program_fixed_cost"] + budget * (1 + 2 * FD_STEP) > spec.max:
        raise InputError([Problem(None, what, budget,
                                  f"with the program fixed cost of "
                                  f"{base['program_fixed_cost']:,.0f} this passes the largest "
                                  f"fixed cost allowed ({spec.max:,.0f} a year)")])


def allocate(params: Mapping[str, object] | None, responses: pd.DataFrame,
             budget: float) -> Allocation:
    """The best split of a yearly ``budget`` for one scenario (see the module docstring)."""
    sc = _Scenario(params, responses)
    _check_budget(sc.base, float(budget))
    return _search(sc, np.array([float(budget)]), every_corner=True)[0]


def frontier(params: Mapping[str, object] | None, responses: pd.DataFrame, budget: float,
             points: int) -> list[Allocation]:
    """Best splits for ``points + 1`` budgets evenly from 0 to twice ``budget``."""
    sc = _Scenario(params, responses)
    budgets = np.linspace(0.0, 2.0 * float(budget), int(points) + 1)
    _check_budget(sc.base, float(budgets[-1]), "budget (twice it, for the frontier)")
    return _search(sc, budgets, every_corner=False)


def allocation_frame(allocations: list[Allocation]) -> pd.DataFrame:
    """``budget``, ``spend_<lever>`` per lever, each lever's resulting value, ``net_value``."""
    levers = allocations[0].levers if allocations else ()
    cols: dict[str, object] = {"budget": [a.budget for a in allocations]}
    for i, name in enumerate(levers):
        cols[f"spend_{name}"] = [float(a.spend[i]) for a in allocations]
    for i, name in enumerate(levers):
        cols[name] = [float(a.values[i]) for a in allocations]
    cols["net_value"] = [a.net_value for a in allocations]
    return pd.DataFrame(cols)
