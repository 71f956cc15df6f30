"""Reading a CSV's cells once its limits are checked (:mod:`calc.files.limits`): Arrow's reader
(:mod:`calc.files.fast_reader`) where every row stands on one line, else Python's csv module
row by row (:mod:`calc.files.careful_reader`)."""

from __future__ import annotations
from calc.model.params import InputError
from calc.files.limits import MAX_ROWS, Table, check_shape, header_problems
from calc.files.fast_reader import read_fast
from calc.files.careful_reader import read_careful


def read_table(data: bytes, what: str = "file", max_rows: int = MAX_ROWS,
               types: dict | None = None, keep=None, convert: dict | None = None,
               header_check=None, fast: bool = True) -> Table:
    """Check the limits, then read the cells of the columns in ``keep`` (all when None).
    ``types`` (name -> Arrow type, with ``convert`` options) lets the fast reader convert
    columns as it reads; when one does not convert, the file is read as text. Row problems
    (ragged rows) raise :class:`InputError` with every one listed, as do the problems
    ``header_check(header)`` returns, before any cell is read. ``fast=False`` reads with the
    careful reader only (the tests compare the two)."""
    start, raw, sep, n_lines = check_shape(data, what, max_rows)
    header = [h.strip() for h in raw]
    problems = header_problems(header) or (header_check(header) if header_check else [])
    if problems:
        raise InputError(problems)
    for t, c in ([(types, convert), (None, None)] if types else [(None, None)]) if fast else []:
        table = read_fast(data, start, sep, header, raw, n_lines, t, keep, c)
        if table is not None:
            return table
    table = read_careful(data, start, sep, header, what, max_rows)
    if keep is not None:
        table.columns = {h: v for h, v in table.columns.items() if h in keep}
    return table

