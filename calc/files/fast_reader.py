"""The fast CSV reader: Arrow's C++ parser over the bytes as they are (no decoded copy).

Used only when it can say where each row is: every row on one line of its own (the number of
rows equals the number of lines after the header, no cell holds a line break). For anything
else it returns None and the careful reader of :mod:`calc.files.limits` reads the file row by row.
"""

from __future__ import annotations

import numpy as np
from calc.files.limits import Table

BLOCK_BYTES = 4 * 1024 * 1024      # more than the longest line allowed


def read_fast(data: bytes, start: int, sep: str, header: list[str], raw: list[str],
              n_lines: int, types: dict | None, keep=None, convert: dict | None = None):
    """The cells of ``data`` (header already checked) as Arrow columns, or None. ``types``
    maps column names to Arrow types (text where not given); ``keep`` names the columns to
    return (all when None); ``convert`` adds Arrow ConvertOptions (true/false words)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv
    if raw != header or n_lines == 0:
        return None
    wanted = [h for h in header if keep is None or h in keep]
    column_types = {h: (types or {}).get(h, pa.string()) for h in wanted}
    source = pa.BufferReader(pa.py_buffer(memoryview(data)[start:]))
    try:
        table = pacsv.read_csv(
            source, read_options=pacsv.ReadOptions(block_size=BLOCK_BYTES),
            parse_options=pacsv.ParseOptions(delimiter=sep, newlines_in_values=False),
            convert_options=pacsv.ConvertOptions(
                column_types=column_types, include_columns=wanted, null_values=[""],
                strings_can_be_null=True, **(convert or {})))
    except (pa.ArrowException, ValueError):
        return None
    if table.num_rows != n_lines:
        return None                 # a skipped blank line, or a row over several lines
    columns = {}
    for h in wanted:
        col = table.column(h).combine_chunks()
        if pa.types.is_string(col.type) and (
                pc.any(pc.match_substring(col, "\n")).as_py()
                or pc.any(pc.match_substring(col, "\r")).as_py()):
            return None
        if pa.types.is_floating(col.type) and not pc.all(pc.is_finite(col)).as_py():
            return None             # 'nan' or 'inf' written in a cell: the text read words it
        columns[h] = col
    return Table(header, columns, np.arange(2, table.num_rows + 2), sep)
