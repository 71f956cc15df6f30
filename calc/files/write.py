"""Writing CSV: exports of the CLI and the dashboard.

Full precision (the shortest text that reads back to the same float), numbers stay numbers,
NaN is an empty cell, and text cells that a spreadsheet would run as a formula are prefixed
with an apostrophe. Browser downloads start with a UTF-8 byte-order mark so Excel reads names
such as "Île-de-France" right; the CLI writes plain UTF-8 unless asked (``--bom``). Files are
written whole or not at all: to a temporary file renamed into place.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from calc.text.safety import FORMULA_START, neutralise


def _neutralise_column(values):
    """:func:`neutralise` over a whole text column at once (Arrow compute), nulls kept: an Arrow
    string array."""
    import pyarrow as pa
    import pyarrow.compute as pc
    try:        # a column of text (and missing values) converts at C speed
        arr = pa.array(values, type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        arr = pa.array([None if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)
                        for v in values], type=pa.string())
    starts = list(FORMULA_START)
    first = pc.utf8_slice_codeunits(arr, 0, 1)
    after_space = pc.utf8_slice_codeunits(pc.utf8_ltrim_whitespace(arr), 0, 1)
    risky = pc.or_(pc.is_in(first, value_set=pa.array(starts)),
                   pc.is_in(after_space, value_set=pa.array(starts)))
    quoted = pc.binary_join_element_wise(pa.scalar("'"), arr, pa.scalar(""))
    return pc.if_else(pc.fill_null(risky, False), quoted, arr)


def arrow_table(frame: pd.DataFrame):
    """The frame as an Arrow table: numbers as float64 (NaN as null), text neutralised."""
    import pyarrow as pa
    arrays, names = [], []
    for c in frame.columns:
        col = frame[c]
        if col.dtype == bool:
            arr = pa.array(col.to_numpy())
        elif pd.api.types.is_numeric_dtype(col):
            arr = pa.array(col.to_numpy(dtype=float), from_pandas=True)   # NaN -> empty cell
        else:
            arr = _neutralise_column(col)
        arrays.append(arr)
        names.append(neutralise(c))
    return pa.Table.from_arrays(arrays, names=names)


# Rows are formatted in this many slices at once: Arrow's writer releases the interpreter
# lock, so on two cores two slices take about half the time of one.
_WRITE_SLICES = 2
_SLICE_ROWS = 20_000


def to_csv_bytes(frame: pd.DataFrame, bom: bool = False) -> bytes:
    """UTF-8 CSV of a table (with a byte-order mark first when ``bom``): full precision,
    numbers numeric, booleans true/false, empty cells for NaN, formula-like text neutralised.
    Written by Arrow's C++ writer, large tables in slices on two threads."""
    return b"".join(csv_parts(frame, bom))


def csv_parts(frame: pd.DataFrame, bom: bool = False) -> list[bytes]:
    """:func:`to_csv_bytes` as consecutive pieces, to be written one after another without
    joining them first."""
    import pyarrow.csv as pacsv
    head = io.StringIO()
    csv.writer(head, lineterminator="\n").writerow([neutralise(c) for c in frame.columns])
    table = arrow_table(frame)
    options = pacsv.WriteOptions(include_header=False, quoting_style="needed")

    def write(part) -> bytes:
        sink = io.BytesIO()
        # Arrow quotes every text cell (valid CSV); the header is quoted only where needed.
        pacsv.write_csv(part, sink, write_options=options)
        return sink.getvalue()

    n = table.num_rows
    if n < 2 * _SLICE_ROWS:
        parts = [write(table)]
    else:
        from concurrent.futures import ThreadPoolExecutor
        size = -(-n // _WRITE_SLICES)
        with ThreadPoolExecutor(_WRITE_SLICES) as pool:
            parts = list(pool.map(write, [table.slice(i, size) for i in range(0, n, size)]))
    return [codecs.BOM_UTF8 if bom else b"", head.getvalue().encode("utf-8"), *parts]


def to_csv_text(frame: pd.DataFrame) -> str:
    return to_csv_bytes(frame).decode("utf-8")


def download_csv(frame: pd.DataFrame) -> bytes:
    """A browser download: CSV with a UTF-8 byte-order mark, so Excel opens it as UTF-8."""
    return to_csv_bytes(frame, bom=True)


def write_csv(frame: pd.DataFrame, target: str | os.PathLike, bom: bool = False) -> None:
    """Write a table to a path (atomically) or to stdout for ``-``."""
    write_files([(frame, target)], bom)


def _umask() -> int:
    mask = os.umask(0o22)
    os.umask(mask)
    return mask


def write_files(outputs, bom: bool = False) -> None:
    """Write several tables [(frame, path or '-')] all or none: each goes to a temporary file
    beside its target first; only when every one is written are they renamed into place (and
    stdout written). On any failure the temporary files are removed and nothing is left. A
    target that is not a regular file (a device such as /dev/null, a pipe) is written to as
    it is, after the renames; a symbolic link keeps pointing where it did."""
    import sys
    done: list[tuple[str, Path]] = []
    direct: list[tuple[list[bytes], Path]] = []
    stdout: list[list[bytes]] = []
    try:
        for frame, target in outputs:
            data = csv_parts(frame, bom)
            if str(target) == "-":
                stdout.append(data)
                continue
            path = Path(os.path.realpath(target))
            if path.is_dir():
                raise IsADirectoryError(21, "it is a folder", str(target))
            if path.exists() and not path.is_file():
                direct.append((data, path))
                continue
            try:
                fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".csv", dir=path.parent)
            except OSError as e:    # say which target, not which temporary name
                raise OSError(e.errno, e.strerror, str(target)) from None
            done.append((tmp, path))
            os.chmod(tmp, 0o666 & ~_umask())          # as an ordinary new file, not 0600
            with os.fdopen(fd, "wb") as fh:
                fh.writelines(data)
        for tmp, path in done:
            os.replace(tmp, path)
    except BaseException:
        for tmp, _ in done:
            if os.path.exists(tmp):
                os.unlink(tmp)
        raise
    for data, path in direct:
        with open(path, "wb") as fh:
            fh.writelines(data)
    for data in stdout:
        sys.stdout.buffer.writelines(data)
        sys.stdout.flush()
