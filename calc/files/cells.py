"""Rows and number columns for the small readers (the staffing files): the general reader's
limits and number grammar, in the shapes those readers use (lists of rows, one column at a
time)."""

from __future__ import annotations

import numpy as np

from calc.files.limits import decode, read_bytes
from calc.files.reader import read_table
from calc.text.numbers import parse_numbers
from calc.model.params import MAX_LISTED_PER_COLUMN, Problem, closest_name


def read_text(source) -> str:
    """Text of a CSV from a path, ``-`` (stdin), raw bytes or a binary file object."""
    return decode(read_bytes(source))


def read_rows(text: str | bytes, what: str = "file") -> tuple[list[str], list[list[str]], str,
                                                               list[int]]:
    """Header (names stripped), data rows (blank cells as ""), separator and each row's line
    number; within the limits of :func:`calc.files.limits.read_table`."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    table = read_table(data, what)
    columns = [table.columns[h].fill_null("").to_pylist() for h in table.header]
    body = [list(row) for row in zip(*columns)] if columns else []
    return table.header, body, table.sep, [int(x) for x in table.lines]


def check_header(header: list[str], allowed, required, unknown_hint: str) -> list[Problem]:
    """Problems with the header of a file whose columns are fixed: unknown names (with the
    closest valid one) and required columns missing."""
    problems = []
    for h in header:
        if h not in allowed:
            hint = closest_name(h, tuple(allowed))
            problems.append(Problem(1, h, None, "unknown column" + (
                f"; did you mean '{hint}'?" if hint else f"; {unknown_hint}")))
    problems += [Problem(1, c, None, "required column is missing")
                 for c in required if c not in header]
    return problems


def parse_number_column(name: str, cells: list[str], lines, sep: str,
                        allow_percent: bool) -> tuple[np.ndarray, np.ndarray, list[Problem]]:
    """One column of text cells -> (values, blank mask, problems), by the number grammar."""
    lines = np.asarray(lines)
    values, blank, bad, messages = parse_numbers(list(cells), decimal_comma=sep == ";",
                                                 allow_percent=allow_percent,
                                                 listed=MAX_LISTED_PER_COLUMN)
    problems = [Problem(int(lines[i]), name, str(cells[i]).strip()[:60], m)
                for i, m in messages.items()]
    if bad.sum() > len(messages):
        problems.append(Problem(None, name, None, f"{int(bad.sum()) - len(messages):,} more "
                                                  f"cells are not valid numbers"))
    return values, blank, problems
