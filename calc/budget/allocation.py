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
is evaluated in one vectorised call; scipy's SLSQP then polishes (``calc.budget.polish``: stretch
by stretch of compensation where a capped retention bends net value, ``calc.budget.kinks``)
from the best grid points, from every corner (one allocation) and, on a frontier, from the
previous budget's split. The answer
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
from calc.budget.polish import FD_STEP, polishes
from calc.model.params import BY_NAME, InputError, Problem, resolve_one
from calc.model.wom import wom_broken
from calc.budget.responses import (COMPENSATION_LEVER, compensation_after_spend,
                                   compensation_spend, lever_response, validated)

GRID_POINTS = 600       # at most this many grid splits per budget


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
        # every curve lever at either end of its curve (infinite spend reaches v1): where a raise
        # of compensation costs least is among these, as its cost is a product of lever values
        self.ends = None
        if len(self.kinks):
            ends = np.array(list(itertools.product((0.0, np.inf), repeat=int(self.curves.sum()))))
            spends = np.zeros((len(ends), len(self.levers)))
            spends[:, self.curves] = ends.reshape(len(ends), -1)
            trial = self.trial(spends)
            if (compensation_spend(trial, self.m0 + 1.0) > 0).any():    # money can buy a raise
                self.ends = trial

    def kink_edges(self, budget: float) -> np.ndarray | None:
        """``-inf``, the kinks of net value that ``budget`` can reach, ``inf``; None where it
        reaches none (net value is smooth over every split). A kink is in reach if all of the
        budget on bigger refunds gets there with the other levers where a raise costs least."""
        if self.ends is None:
            return None
        cheapest = np.min(compensation_spend(self.ends, self.m0 + 1.0))
        with np.errstate(divide="ignore"):
            inside = self.kinks[self.kinks <= self.m0 + budget / cheapest]
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
                for z in polishes(sc, b, z0, scale, edges):
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
