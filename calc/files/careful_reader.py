"""The careful CSV reader: Python's csv module, row by row, for files Arrow's reader cannot
place (a cell over several lines, a blank line, a ragged row, bytes that are not UTF-8). It says
where each problem is, counts rows as they stream and stops a row that grows beyond
1,000,000 characters over several lines; cells are kept in compact Arrow columns, a batch at a
time."""

from __future__ import annotations

import csv
import io

import numpy as np

from calc.files.limits import MAX_CELL_CHARS, MAX_LINE_CHARS, MAX_LISTED, Table, check_utf8, fail
from calc.model.params import InputError, Problem

_BATCH = 65_536


class RowTooLong(Exception):
    """Raised from inside the csv module's line source: a row grew too long."""


def read_careful(data: bytes, start: int, sep: str, header: list[str], what: str,
                  max_rows: int) -> Table:
    """Row by row with Python's csv module, kept in compact Arrow columns batch by batch."""
    import pyarrow as pa
    check_utf8(data, start)
    stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
    budget = [0]

    def lines():
        for line in stream:
            budget[0] += len(line)
            if budget[0] > MAX_LINE_CHARS:
                raise RowTooLong
            yield line

    csv.field_size_limit(MAX_CELL_CHARS)
    reader = csv.reader(lines(), delimiter=sep, strict=True)
    width = len(header)
    chunks: list[list] = [[] for _ in header]
    batch: list[list[str]] = []
    row_lines: list[int] = []
    problems: list[Problem] = []
    ragged = 0
    prev = 0

    def flush():
        for j, col in enumerate(zip(*batch) if batch else [()] * width):
            chunks[j].append(pa.array(col, pa.string()))
        batch.clear()

    try:
        for i, row in enumerate(reader):
            line, prev = prev + 1, reader.line_num
            budget[0] = 0
            if i == 0:
                continue
            if len(row) != width:
                if "".join(row).strip():
                    ragged += 1
                    if ragged <= MAX_LISTED:
                        problems.append(Problem(line, None, None, f"has {len(row)} cells but "
                                                                  f"the header has {width}"))
                continue
            batch.append(row)
            row_lines.append(line)
            if len(row_lines) > max_rows:
                raise fail(f"the {what} has more than {max_rows:,} rows; at most {max_rows:,} "
                           f"are allowed")
            if len(batch) >= _BATCH:
                flush()
    except csv.Error as e:
        raise fail(f"the {what} is not valid CSV: {e}", reader.line_num) from None
    except RowTooLong:
        raise fail(f"a row starting at line {prev + 1:,} is longer than {MAX_LINE_CHARS:,} "
                   f"characters", prev + 1) from None
    if ragged > MAX_LISTED:
        problems.append(Problem(None, None, None, f"{ragged:,} rows in all have the wrong number "
                                                  f"of cells; the first {MAX_LISTED} are listed"))
    if problems:
        raise InputError(problems)
    flush()
    import pyarrow.compute as pc
    columns = {}
    for j, h in enumerate(header):       # an empty cell is null, as the fast reader has it
        col = pa.concat_arrays(chunks[j]) if chunks[j] else pa.array([], pa.string())
        columns[h] = pc.if_else(pc.equal(col, ""), pa.scalar(None, pa.string()), col)
    return Table(header, columns, np.asarray(row_lines, dtype=np.int64), sep)
