"""A ranges file written relative to each scenario ("-20%", "+30%"), for ``python -m calc
montecarlo``; the default spreads are :mod:`calc.model.spreads`. A ranges CSV may
mix absolute cells (0.25, 25% for a fraction, 40000) with relative ones: a percentage written
with a sign is relative to the scenario's value; a blank most_likely is the scenario's value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping

import pandas as pd

from calc.files.cells import check_header, read_rows, read_text
from calc.text.numbers import NotANumber, parse_number
from calc.model.ranges import RANGE_COLUMNS, check_ranges
from calc.model.params import BY_NAME, DEFAULTS, InputError, Problem
from calc.model.spreads import inside_range

_RELATIVE_RE = re.compile(r"([+-])\s*(\d+(?:\.\d*)?|\.\d+)\s*%")
_VALUE_COLUMNS = ("low", "most_likely", "high")


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


def read_relative(source) -> list[tuple[int, str, dict[str, RangeCell]]]:
    """A ranges CSV whose cells may be relative. Returns (line, parameter, cells) per row."""
    header, body, sep, lines = read_rows(read_text(source), "ranges file")
    problems = check_header(header, RANGE_COLUMNS, RANGE_COLUMNS,
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
                rec[col] = inside_range(name, float(b[name]) * (1 + cell.value), b)
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


