"""What money buys, per budget lever (MODEL.md, "Budget allocation"): the response curves.

Spending ``s`` a year on a lever moves it from the scenario's value ``v0`` toward a reachable
value ``v1`` as ``v0 + (v1 - v0) (1 - 2^(-s / half_spend))``; ``half_spend`` is the yearly spend
that buys half the way. A responses table has the columns :data:`RESPONSE_COLUMNS`, one row per
lever used, each lever once. The defaults are illustrative: the user's own figures are the point.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from calc.model.params import BY_NAME, InputError, Problem, closest_name, format_value

RESPONSE_COLUMNS = ("lever", "reachable_value", "half_spend")


@dataclass(frozen=True)
class BudgetLever:
    """A lever money can move, with an illustrative response and what the money buys."""

    name: str
    buys: str
    reachable_value: float
    half_spend: float

    @property
    def label(self) -> str:
        return BY_NAME[self.name].label


BUDGET_LEVERS: tuple[BudgetLever, ...] = (
    BudgetLever("complaint_rate_program",
                "Easier channels and outreach: a free callback line, a complaint button in the "
                "app, a message to customers hit by a known outage.", 0.70, 15_000.0),
    BudgetLever("resolution_rate_program",
                "Training and empowerment: front-line staff taught to settle complaints and "
                "allowed to refund up to a limit without asking.", 0.95, 15_000.0),
    BudgetLever("fast_resolution_share_program",
                "Staffing and tools: more agents at peak hours and a knowledge base, so more "
                "complaints are settled at first contact.", 0.95, 10_000.0),
    BudgetLever("failure_reduction_program",
                "Root-cause fixes: a small team that traces repeated complaints to their causes "
                "and removes them.", 0.50, 60_000.0),
)
BUDGET_LEVER_NAMES: tuple[str, ...] = tuple(b.name for b in BUDGET_LEVERS)
BUDGET_LEVER_BY_NAME = {b.name: b for b in BUDGET_LEVERS}


def default_responses() -> pd.DataFrame:
    """The illustrative responses of every budget lever, in :data:`RESPONSE_COLUMNS`."""
    return pd.DataFrame([(b.name, b.reachable_value, b.half_spend) for b in BUDGET_LEVERS],
                        columns=list(RESPONSE_COLUMNS))


def lever_response(v0, v1, half_spend, spend):
    """The lever's value after spending ``spend`` a year (MODEL.md); broadcasts. Always between
    ``v0`` and ``v1`` for ``spend >= 0``."""
    return v0 + (v1 - v0) * (1.0 - np.exp2(-np.asarray(spend, float) / half_spend))


def check_responses(frame: pd.DataFrame) -> list[Problem]:
    """Problems with a responses table (index: the line number in the file, or row numbers for
    a table typed on the page): lever names among the budget levers, each once; reachable value
    inside the lever's allowed range; half-spend a positive number. Nothing is clipped."""
    problems: list[Problem] = []
    rows = frame.index.to_numpy()
    seen: dict[str, int] = {}
    if len(frame) == 0:
        return [Problem(None, None, None, "the responses table has no rows; give one row per "
                                          "budget lever used: " + ", ".join(BUDGET_LEVER_NAMES))]
    for i, row in enumerate(frame.itertuples(index=False)):
        r = int(rows[i])
        name = str(row.lever).strip()
        if name not in BUDGET_LEVER_BY_NAME:
            hint = closest_name(name, BUDGET_LEVER_NAMES)
            problems.append(Problem(r, "lever", name, "is not a budget lever" + (
                f"; did you mean '{hint}'?" if hint else "; the budget levers are "
                + ", ".join(BUDGET_LEVER_NAMES))))
        elif name in seen:
            problems.append(Problem(r, "lever", name, f"is listed twice (also row {seen[name]}); "
                                                      f"give each lever one row"))
        else:
            seen[name] = r
        spec = BY_NAME.get(name)
        v1 = _number(row.reachable_value)
        if v1 is None or not np.isfinite(v1):
            problems.append(Problem(r, "reachable_value", row.reachable_value,
                                    "is not a number; give the value the lever can reach"))
        elif spec is not None and not spec.min <= v1 <= spec.max:
            problems.append(Problem(r, "reachable_value", format_value(v1),
                                    f"is outside the allowed range of {name} ({spec.range_text})"))
        h = _number(row.half_spend)
        if h is None or not np.isfinite(h) or h <= 0:
            problems.append(Problem(r, "half_spend", _shown(row.half_spend, h),
                                    "must be a positive amount of money per year (the yearly "
                                    "spend that buys half the way to the reachable value)"))
    return problems


def _shown(raw, number: float | None):
    return format_value(number) if number is not None and np.isfinite(number) else raw


def _number(v) -> float | None:
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def validated(frame: pd.DataFrame) -> pd.DataFrame:
    """The responses as clean columns (lever stripped, numbers as floats), or InputError."""
    problems = check_responses(frame)
    if problems:
        raise InputError(problems)
    return pd.DataFrame({"lever": [str(x).strip() for x in frame["lever"]],
                         "reachable_value": frame["reachable_value"].astype(float).to_numpy(),
                         "half_spend": frame["half_spend"].astype(float).to_numpy()},
                        index=frame.index)


