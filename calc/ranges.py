"""Uncertainty ranges: a low, most likely and high value for some parameters (triangular draws).

The check lives beside the registry it reads, and serves the ranges file, the Uncertainty
page's table and :func:`calc.analysis.draw_scenarios` alike. A ranges file lists every one of
its problems at once: cells that are not numbers, unknown or repeated parameters, values outside
a parameter's range, and low / most likely / high out of order.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .csvread import MAX_LISTED, read_bytes, read_table
from .numbers import parse_numbers
from .csvcells import check_header
from .params import BY_NAME, InputError, Problem, closest_name, format_value

RANGE_COLUMNS = ("parameter", "low", "most_likely", "high")
_VALUES = ("low", "most_likely", "high")


def check_ranges(ranges: pd.DataFrame) -> list[Problem]:
    """Problems with a table of triangular ranges (parameter, low, most_likely, high), indexed
    by the row number to report. A blank value (NaN) is left to whoever read the table."""
    problems = []
    rows = ranges.index.to_numpy()
    seen: set[str] = set()
    for i, row in enumerate(ranges.itertuples(index=False)):
        r = int(rows[i])
        name = str(row.parameter).strip()
        if name not in BY_NAME:
            hint = closest_name(name)
            problems.append(Problem(r, "parameter", name, "unknown parameter" + (
                f"; did you mean '{hint}'?" if hint else "")))
            continue
        if name in seen:
            problems.append(Problem(r, "parameter", name, "this parameter is listed twice"))
        seen.add(name)
        spec = BY_NAME[name]
        vals = {}
        for col in _VALUES:
            v = getattr(row, col)
            try:
                v = float(v)
            except (TypeError, ValueError):
                problems.append(Problem(r, col, v, "is not a number"))
                continue
            if np.isnan(v):
                continue
            if not np.isfinite(v) or v < spec.min or v > spec.max:
                problems.append(Problem(r, col, format_value(v), f"is outside the allowed range "
                                                                 f"of {name} ({spec.range_text})"))
                continue
            vals[col] = v
        if len(vals) == 3 and not vals["low"] <= vals["most_likely"] <= vals["high"]:
            shown = " / ".join(format_value(vals[c]) for c in _VALUES)
            problems.append(Problem(r, "low/most_likely/high", shown,
                                    "need low <= most_likely <= high"))
    return problems


def parse_ranges(data: str | bytes) -> pd.DataFrame:
    """Ranges CSV (parameter, low, most_likely, high) -> DataFrame indexed by line number.
    Fractions may be written as percentages. Raises :class:`InputError` with every problem."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    table = read_table(data, "ranges file")
    problems = header_problems(table.header)
    lines = table.lines
    n = len(lines)
    out: dict[str, object] = {}
    bad_total, listed = 0, set()
    col = table.columns.get("parameter")
    out["parameter"] = ([str(x or "").strip() for x in col.to_pylist()] if col is not None
                        else [""] * n)
    for c in _VALUES:
        if c not in table.columns:
            out[c] = np.full(n, np.nan)
            continue
        cells = table.columns[c]
        values, blank, bad, messages = parse_numbers(cells, decimal_comma=table.sep == ";",
                                                     listed=MAX_LISTED)
        bad_total += bad.sum()
        listed.update((c, i) for i in messages)
        for i, m in messages.items():
            problems.append(Problem(int(lines[i]), c, cells[i].as_py(), m))
        for i in np.flatnonzero(blank):
            problems.append(Problem(int(lines[i]), c, "", "is blank; give a number"))
        out[c] = values
    frame = pd.DataFrame(out, index=pd.Index(lines, name="row"))
    if "parameter" in table.columns:
        problems += check_ranges(frame)
    if problems:
        order = {c: j for j, c in enumerate(RANGE_COLUMNS)}
        problems.sort(key=lambda p: (p.row if p.row is not None else 0,
                                     order.get(p.column, len(order))))
        more = len(problems) - MAX_LISTED + int(bad_total) - len(listed)
        problems = problems[:MAX_LISTED]
        if more > 0:
            problems.append(Problem(None, None, None, f"{more:,} more problems"))
        raise InputError(problems)
    return frame


def header_problems(header: list[str]) -> list[Problem]:
    """Unknown or missing columns of a ranges file."""
    return check_header(header, RANGE_COLUMNS, RANGE_COLUMNS,
                        f"the columns are {', '.join(RANGE_COLUMNS)}")


def read_ranges(source) -> pd.DataFrame:
    """:func:`parse_ranges` of a path, ``-`` (stdin), bytes or a binary file object."""
    return parse_ranges(read_bytes(source))
