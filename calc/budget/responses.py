"""What money buys, per budget lever (MODEL.md, "Budget allocation"): the response curves.

Spending ``s`` a year on a lever moves it from the scenario's value ``v0`` toward a reachable
value ``v1`` as ``v0 + (v1 - v0) (1 - 2^(-s / half_spend))``; ``half_spend`` is the yearly spend
that buys half the way. A responses table has the columns :data:`RESPONSE_COLUMNS`, one row per
lever used, each lever once. The defaults are illustrative: the user's own figures are the point.

The optional compensation lever (:data:`COMPENSATION_LEVER`, docs/budget.md) has no curve of its
own: its row leaves ``reachable_value`` and ``half_spend`` blank. Spending ``s`` a year on it
raises compensation per resolution by the amount whose extra compensation cost in the first
program year is ``s`` (:func:`compensation_after_spend`); what that buys is the model's own
compensation response, nothing where ``compensation_uplift_at_peak`` is 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

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
# Bigger refunds: optional, off unless a responses table lists it; no curve (blank cells).
COMPENSATION_LEVER = BudgetLever(
    "compensation_per_resolution_program",
    "Bigger refunds: a higher refund, credit or goodwill gesture per resolved complaint. Its "
    "spend is the compensation cost it adds in the first program year; what it buys is the "
    "compensation response (compensation_uplift_at_peak), nothing where that is 0.",
    float("nan"), float("nan"))
# Every lever a responses table may list: the four with curves, then compensation.
SPLIT_LEVER_NAMES: tuple[str, ...] = (*BUDGET_LEVER_NAMES, COMPENSATION_LEVER.name)
_BY_NAME = {**BUDGET_LEVER_BY_NAME, COMPENSATION_LEVER.name: COMPENSATION_LEVER}


def default_responses() -> pd.DataFrame:
    """The illustrative responses of every budget lever, in :data:`RESPONSE_COLUMNS`."""
    return pd.DataFrame([(b.name, b.reachable_value, b.half_spend) for b in BUDGET_LEVERS],
                        columns=list(RESPONSE_COLUMNS))


def lever_response(v0, v1, half_spend, spend):
    """The lever's value after spending ``spend`` a year (MODEL.md); broadcasts. Always between
    ``v0`` and ``v1`` for ``spend >= 0``."""
    return v0 + (v1 - v0) * (1.0 - np.exp2(-np.asarray(spend, float) / half_spend))


def compensation_after_spend(params: Mapping[str, object], spend):
    """Compensation per resolution after spending ``spend`` a year on the compensation lever
    (docs/budget.md): ``m0 + spend / (N b_p compensation_cost_share)``, the raise whose extra
    compensation cost in the first program year (``N b_p`` resolved complaints, MODEL.md) is
    ``spend``. ``b_p`` is taken from ``params`` as given, so with the other levers' values after
    their spend. Where a raise costs nothing (no resolved complaints, or compensation that
    costs the firm nothing) money cannot buy one and compensation stays at ``m0``; it never
    passes the parameter's largest value. Broadcasts."""
    per_unit = _raise_cost(params)
    m0 = np.asarray(params[COMPENSATION_LEVER.name], float)
    spend = np.asarray(spend, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        raised = m0 + np.where(per_unit > 0, spend / np.where(per_unit > 0, per_unit, 1.0), 0.0)
    return np.minimum(raised, BY_NAME[COMPENSATION_LEVER.name].max)


def compensation_spend(params: Mapping[str, object], compensation):
    """The spend a year on the compensation lever that raises compensation per resolution from
    ``params``' to ``compensation`` (the inverse of :func:`compensation_after_spend`, with the
    other levers' values in ``params``); negative below it. Broadcasts."""
    m0 = np.asarray(params[COMPENSATION_LEVER.name], float)
    return (np.asarray(compensation, float) - m0) * _raise_cost(params)


def _raise_cost(p: Mapping[str, object]):
    """What one unit more compensation per resolution costs in the first program year: ``N b_p
    compensation_cost_share``."""
    resolved = (np.asarray(p["customers"], float) * np.asarray(p["failure_rate"], float)
                * (1.0 - np.asarray(p["failure_reduction_program"], float))
                * np.asarray(p["complaint_rate_program"], float)
                * np.asarray(p["resolution_rate_program"], float))
    return resolved * np.asarray(p["compensation_cost_share"], float)


def check_responses(frame: pd.DataFrame) -> list[Problem]:
    """Problems with a responses table (index: the line number in the file, or row numbers for
    a table typed on the page): lever names among the budget levers, each once; reachable value
    inside the lever's allowed range; half-spend a positive number; both blank for the
    compensation lever. Nothing is clipped."""
    problems: list[Problem] = []
    rows = frame.index.to_numpy()
    seen: dict[str, int] = {}
    if len(frame) == 0:
        return [Problem(None, None, None, "the responses table has no rows; give one row per "
                                          "budget lever used: " + ", ".join(SPLIT_LEVER_NAMES))]
    for i, row in enumerate(frame.itertuples(index=False)):
        r = int(rows[i])
        name = str(row.lever).strip()
        if name not in _BY_NAME:
            hint = closest_name(name, SPLIT_LEVER_NAMES)
            problems.append(Problem(r, "lever", name, "is not a budget lever" + (
                f"; did you mean '{hint}'?" if hint else "; the budget levers are "
                + ", ".join(SPLIT_LEVER_NAMES))))
        elif name in seen:
            problems.append(Problem(r, "lever", name, f"is listed twice (also row {seen[name]}); "
                                                      f"give each lever one row"))
        else:
            seen[name] = r
        if name == COMPENSATION_LEVER.name:
            for column in ("reachable_value", "half_spend"):
                raw = getattr(row, column)
                if not _blank(raw):
                    problems.append(Problem(r, column, raw, "must be blank for the compensation "
                                            "lever: its spend is the compensation cost it adds "
                                            "and its effect the compensation response"))
            continue
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


def _blank(v) -> bool:
    if v is None or (isinstance(v, str) and not v.strip()):
        return True
    number = _number(v)
    return number is not None and np.isnan(number)


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
    numbers = {c: [np.nan if _blank(v) else float(v) for v in frame[c]]
               for c in ("reachable_value", "half_spend")}
    return pd.DataFrame({"lever": [str(x).strip() for x in frame["lever"]],
                         "reachable_value": np.array(numbers["reachable_value"], float),
                         "half_spend": np.array(numbers["half_spend"], float)},
                        index=frame.index)


