"""Readings of budget allocations for people: the split per lever, what to cut for a smaller
budget, and where one more dollar stops paying. Pure: allocations in, tables and numbers out."""

from __future__ import annotations

import pandas as pd

from calc.budget.allocation import Allocation
from calc.budget.responses import COMPENSATION_LEVER
from calc.model.params import BY_NAME

SPLIT_COLUMNS = ("lever", "label", "spend", "value_now", "value_after")
CUT_COLUMNS = ("lever", "label", "spend_larger", "spend_smaller", "cut", "value_larger",
               "value_smaller")
# Money left over below this share of the budget is rounding, not a decision to keep it.
UNSPENT_TOLERANCE = 1e-4
# A change in a lever's spend below this share of the larger budget (or below one unit of
# money) is the search's rounding, not a cut: $74,617 -> $74,618 is the same split.
CUT_TOLERANCE = 1e-3


def split_table(allocation: Allocation, params: dict) -> pd.DataFrame:
    """One row per lever: the spend a year, the lever's value now and after the spend."""
    return pd.DataFrame({
        "lever": list(allocation.levers),
        "label": [BY_NAME[n].label for n in allocation.levers],
        "spend": allocation.spend.astype(float),
        "value_now": [float(params[n]) for n in allocation.levers],
        "value_after": allocation.values.astype(float),
    }, columns=list(SPLIT_COLUMNS))


def is_partly_unspent(allocation: Allocation) -> bool:
    return allocation.unspent > UNSPENT_TOLERANCE * max(allocation.budget, 1.0)


def cut_table(larger: Allocation, smaller: Allocation) -> pd.DataFrame:
    """What changes per lever from the larger budget's best split to the smaller one's; rows
    with the biggest cut first."""
    table = pd.DataFrame({
        "lever": list(larger.levers),
        "label": [BY_NAME[n].label for n in larger.levers],
        "spend_larger": larger.spend.astype(float),
        "spend_smaller": smaller.spend.astype(float),
        "cut": (larger.spend - smaller.spend).astype(float),
        "value_larger": larger.values.astype(float),
        "value_smaller": smaller.values.astype(float),
    }, columns=list(CUT_COLUMNS))
    return table.sort_values("cut", ascending=False, kind="stable").reset_index(drop=True)


def real_cuts(cuts: pd.DataFrame, budget: float) -> pd.DataFrame:
    """The rows of :func:`cut_table` whose spend really falls (by more than
    :data:`CUT_TOLERANCE` of ``budget`` and more than one unit of money), biggest cut first."""
    return cuts[cuts["cut"] > _cut_floor(budget)].reset_index(drop=True)


def real_raises(cuts: pd.DataFrame, budget: float) -> pd.DataFrame:
    """The rows of :func:`cut_table` whose spend really rises under the smaller budget (money
    moved to a lever that pays more per dollar when there is less of it), biggest rise first."""
    rises = cuts[cuts["cut"] < -_cut_floor(budget)]
    return rises.sort_values("cut", kind="stable").reset_index(drop=True)


def _cut_floor(budget: float) -> float:
    return max(1.0, CUT_TOLERANCE * float(budget))


def net_value_change(larger: Allocation, smaller: Allocation) -> float:
    """Net value lost by moving to the smaller budget (positive: the smaller budget is worse)."""
    return float(larger.net_value - smaller.net_value)


def saturation_budget(frontier: list[Allocation]) -> float:
    """The yearly spend beyond which one more dollar returns less than a dollar: the total
    spend of the best split where the frontier's budget first leaves money unspent (from there
    on the best split no longer grows). NaN when every budget of the frontier is spent in full
    (every dollar up to its largest budget still returns more than it costs)."""
    for a in frontier:
        if a.budget > 0 and is_partly_unspent(a):
            return float(a.spend.sum())
    return float("nan")


def frontier_frame(frontier: list[Allocation]) -> pd.DataFrame:
    """``budget``, ``spent``, ``unspent``, ``net_value`` of each frontier point."""
    return pd.DataFrame({
        "budget": [a.budget for a in frontier],
        "spent": [float(a.spend.sum()) for a in frontier],
        "unspent": [a.unspent for a in frontier],
        "net_value": [a.net_value for a in frontier],
    })


def applied_params(params: dict, allocation: Allocation) -> dict:
    """The scenario with the split applied: each lever at its value after the spend, and the
    spend added to the program fixed cost (except the compensation lever's, which the model
    counts as compensation: docs/budget.md)."""
    out = dict(params)
    fixed = 0.0
    for name, value, spend in zip(allocation.levers, allocation.values, allocation.spend):
        out[name] = float(value)
        if name != COMPENSATION_LEVER.name:
            fixed += float(spend)
    out["program_fixed_cost"] = float(params["program_fixed_cost"]) + fixed
    return out
