"""The ranges file (``parameter,low,most_likely,high``, absolute values): read, every cell
checked by the number grammar and every row by :func:`calc.model.ranges.check_ranges`."""

from __future__ import annotations
import numpy as np
import pandas as pd
from calc.files.limits import MAX_LISTED, read_bytes
from calc.files.reader import read_table
from calc.text.numbers import parse_numbers
from calc.files.cells import check_header
from calc.model.params import InputError, Problem
from calc.model.ranges import RANGE_COLUMNS, RANGE_VALUES, check_ranges


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
    for c in RANGE_VALUES:
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

