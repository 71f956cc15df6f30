"""Monte Carlo ranges built around a scenario: the relative spread of each uncertain input,
defined once, and ranges written relative to the scenario ("-20%", "+30%").

Default ranges: most likely = the scenario's value, low = value x (1 - down), high = value x
(1 + up), kept inside the parameter's allowed range (whole numbers stay whole). A ranges CSV may
mix absolute cells (0.25, 25% for a fraction, 40000) with relative ones: a percentage written
with a sign is relative to the scenario's value; a blank most_likely is the scenario's value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

import numpy as np
import pandas as pd

from . import csvio
from .numbers import NotANumber, parse_number
from .analysis import RANGE_COLUMNS, check_ranges
from .params import BY_NAME, DEFAULTS, InputError, Problem, allowed_range

# (down, up) relative spread of each input the default ranges cover: the sample ranges'
# spreads at the model defaults, rounded (e.g. failure rate 0.20 / 0.30 / 0.40 is -33% / +33%).
SPREADS: dict[str, tuple[float, float]] = {
    "failure_rate": (0.33, 0.33),
    "complaint_rate_program": (0.25, 0.25),
    "resolution_rate_program": (0.20, 0.125),
    "fast_resolution_share_program": (0.25, 0.15),
    "retention_silent": (0.15, 0.15),
    "retention_resolved": (0.15, 0.15),
    "retention_resolved_fast": (0.10, 0.05),
    "handling_cost_per_complaint": (0.20, 0.40),
    "compensation_per_resolution_program": (0.33, 0.50),
    "program_fixed_cost": (0.25, 0.50),
}
_RELATIVE_RE = re.compile(r"([+-])\s*(\d+(?:\.\d*)?|\.\d+)\s*%")
_VALUE_COLUMNS = ("low", "most_likely", "high")


def _inside(name: str, value: float, base: Mapping[str, float]) -> float:
    lo, hi = allowed_range(name, base)
    v = min(max(float(value), lo), hi)
    return float(round(v)) if BY_NAME[name].integer else v


def ranges_around(base: Mapping[str, float] | None = None, spreads=None) -> pd.DataFrame:
    """The default ranges around ``base`` (parameter, low, most_likely, high)."""
    b = {**DEFAULTS, **(base or {})}
    rows = []
    for name, (down, up) in (spreads or SPREADS).items():
        v = float(b[name])
        rows.append({"parameter": name, "low": _inside(name, v * (1 - down), b),
                     "most_likely": v, "high": _inside(name, v * (1 + up), b)})
    return pd.DataFrame(rows, columns=list(RANGE_COLUMNS))


def most_likely_differs(ranges: pd.DataFrame, base: Mapping[str, float]) -> list[str]:
    """Parameters whose most likely value is not the scenario's (beyond rounding)."""
    b = {**DEFAULTS, **base}
    out = []
    for row in ranges.itertuples(index=False):
        name = str(row.parameter).strip()
        if name in b and not np.isclose(float(row.most_likely), float(b[name]),
                                        rtol=1e-9, atol=1e-12):
            out.append(name)
    return out


@dataclass(frozen=True)
class RangeCell:
    value: float
    relative: bool


def _cell(raw: str, row: int, col: str, sep: str) -> tuple[RangeCell | None, Problem | None]:
    s = raw.strip()
    m = _RELATIVE_RE.fullmatch(s)
    if m:
        r = float(m.group(2)) / 100.0
        return RangeCell(-r if m.group(1) == "-" else r, True), None
    if not s:
        if col == "most_likely":
            return RangeCell(0.0, True), None
        return None, Problem(row, col, "", "is blank; give a number, or a change such as -20%")
    try:
        value = parse_number(s, decimal_comma=(sep == ";"), allow_percent=True, required=True)
    except NotANumber as e:
        return None, Problem(row, col, raw, f"{e}; or write a change such as -20% or +30%")
    return RangeCell(value, False), None


def read(source) -> list[tuple[int, str, dict[str, RangeCell]]]:
    """A ranges CSV whose cells may be relative. Returns (line, parameter, cells) per row."""
    header, body, sep, lines = csvio.read_rows(csvio.read_text(source), "ranges file")
    problems = csvio.check_header(header, RANGE_COLUMNS, RANGE_COLUMNS,
                                  f"the columns are {', '.join(RANGE_COLUMNS)}")
    if problems:
        raise InputError(problems)
    out = []
    for line, cells in zip(lines, body):
        row = dict(zip(header, cells))
        name = str(row["parameter"]).strip()
        parsed = {}
        for col in _VALUE_COLUMNS:
            cell, problem = _cell(str(row[col]), int(line), col, sep)
            if problem:
                problems.append(problem)
            else:
                parsed[col] = cell
        out.append((int(line), name, parsed))
    if problems:
        raise InputError(problems)
    return out


def absolute(rows, base: Mapping[str, float]) -> pd.DataFrame:
    """The ranges of :func:`read` for one scenario: relative cells become the scenario's value
    x (1 + change), kept inside the allowed range. Checked like any ranges table."""
    b = {**DEFAULTS, **base}
    records, index = [], []
    for line, name, cells in rows:
        rec = {"parameter": name}
        for col, cell in cells.items():
            if cell.relative and name in BY_NAME:
                rec[col] = _inside(name, float(b[name]) * (1 + cell.value), b)
            else:
                rec[col] = cell.value
        records.append(rec)
        index.append(line)
    frame = pd.DataFrame(records, columns=list(RANGE_COLUMNS),
                         index=pd.Index(index, name="row"))
    problems = check_ranges(frame)
    if problems:
        raise InputError(problems)
    return frame


# --- the ranges as the dashboard shows them: labels and percentages ---------------------------

SHOWN_COLUMNS = ("Input", "Unit", "Low", "Most likely", "High")


def to_shown(ranges: pd.DataFrame, cur: str = "$") -> pd.DataFrame:
    """A ranges table with labels for names and percentages (30 for 0.30) for fractions."""
    from .shown import scale, unit_shown
    rows = []
    for row in ranges.itertuples(index=False):
        name = str(row.parameter).strip()
        k = scale(name) if name in BY_NAME else 1.0
        rows.append({"Input": BY_NAME[name].label if name in BY_NAME else name,
                     "Unit": unit_shown(name, cur) if name in BY_NAME else "",
                     "Low": float(row.low) * k, "Most likely": float(row.most_likely) * k,
                     "High": float(row.high) * k})
    return pd.DataFrame(rows, columns=list(SHOWN_COLUMNS))


def from_shown(table: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """The editor's table back in model units, rows counted from 1. Rows left wholly empty
    (a row added and not filled) are dropped; a row with an input but a missing number, or a
    number but no input, is a problem, never silently used."""
    from .shown import BY_LABEL, scale
    records, index, problems = [], [], []
    cells = table.reindex(columns=["Input", "Low", "Most likely", "High"])
    for i, row in enumerate(cells.itertuples(index=False), start=1):
        label, values = row[0], row[1:4]
        blank_label = label is None or (isinstance(label, float) and np.isnan(label)) or \
            not str(label).strip()
        blank_values = [v is None or (isinstance(v, float) and np.isnan(v)) for v in values]
        if blank_label and all(blank_values):
            continue
        if blank_label:
            problems.append(Problem(i, "Input", None, "choose an input, or delete the row"))
            continue
        spec = BY_LABEL.get(str(label))
        if spec is None:
            problems.append(Problem(i, "Input", label, "is not an input of the model"))
            continue
        for col, missing in zip(("Low", "Most likely", "High"), blank_values):
            if missing:
                problems.append(Problem(i, col, None, "is empty; give a number"))
        if any(blank_values):
            continue
        k = scale(spec.name)
        records.append({"parameter": spec.name, "low": float(values[0]) / k,
                        "most_likely": float(values[1]) / k, "high": float(values[2]) / k})
        index.append(i)
    frame = pd.DataFrame(records, columns=list(RANGE_COLUMNS), index=pd.Index(index, name="row"))
    return frame, problems
