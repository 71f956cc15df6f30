"""Scenario files of any size, in partitions: CSV or Parquet read a piece at a time, results
written a piece at a time.

A file is cut into :class:`Part` descriptors (small, picklable: a byte range of a CSV, a slice
of a Parquet row group) before any cell is read; :func:`read_part` reads and checks one of them
with the same reader and checks as a whole file (:func:`calc.files.scenarios.scenarios_of`),
and every problem names its row in the whole file (the header is row 1; in a Parquet file the
first data row is row 2, as in the CSV it would be written as). A CSV is cut at line ends that
are not inside a quoted cell (an even number of quotes before the cut), so a cell over several
lines stays whole. Names left blank are numbered across the whole file by the caller
(:func:`name_blanks`), since a part does not know how many rows came before it.

:class:`PartWriter` writes CSV (header once) or Parquet (one row group a part) to a temporary
file beside the target, renamed into place only by :meth:`PartWriter.commit`.
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from calc.files.limits import MAX_COLUMNS, MAX_ROWS, Table, fail, header_problems, read_bytes
from calc.files.reader import read_table
from calc.files.scenarios import SCENARIO_COLUMN, scenario_types, scenarios_of
from calc.files.write import arrow_table, csv_parts
from calc.model.params import InputError, Problem

DEFAULT_PARTITION_ROWS = 250_000
PARQUET_SUFFIXES = (".parquet", ".pq")
# A blank name is written as this prefix and the row's place in its part, then numbered across
# the whole file by name_blanks (a NUL never starts a name read from a text CSV).
BLANK = "\x00\x00blank "
_SCAN = 16 * 1024 * 1024


@dataclass(frozen=True)
class Part:
    """One partition of a file: ``kind`` "csv" (bytes ``start``..``stop``, the header's bytes
    ``head`` prepended), "parquet" (row group ``group``, its ``index``-th slice of ``rows``) or
    "bytes" (``data``, a whole small file such as stdin). ``first_row`` is the row number, in
    the whole file, of the part's first line."""
    kind: str
    path: str
    number: int
    first_row: int
    start: int = 0
    stop: int = 0
    head: int = 0
    group: int = 0
    index: int = 0
    rows: int = 0
    data: bytes = b""
    columns: tuple = ()


class PartProblems(Exception):
    """The problems of one part, rows numbered in the whole file (picklable, to cross from a
    worker process)."""

    def __init__(self, problems, part: int):
        super().__init__(problems, part)
        self.problems, self.part = list(problems), part


def is_parquet(target) -> bool:
    return str(target).lower().endswith(PARQUET_SUFFIXES)


def plan_parts(source, partition_rows: int = DEFAULT_PARTITION_ROWS) -> list[Part]:
    """Cut a scenarios file (a path, or ``-`` for stdin, read whole within the CSV limits) into
    parts of at most ``partition_rows`` rows. Raises :class:`InputError` for a file that cannot
    be opened or a Parquet header that is wrong."""
    if str(source) == "-":
        return [Part("bytes", "-", 0, 2, data=read_bytes("-"))]
    path = Path(os.fspath(source))
    if not path.exists():
        raise fail(f"file not found: {path}")
    if path.is_dir():
        raise fail(f"{path} is a folder, not a {'Parquet' if is_parquet(path) else 'CSV'} file")
    if not os.access(path, os.R_OK):
        raise fail(f"no permission to read {path}")
    if is_parquet(path):
        return _parquet_parts(str(path), partition_rows)
    return _csv_parts(str(path), partition_rows)


def _csv_parts(path: str, rows: int) -> list[Part]:
    """Byte ranges of ``rows`` records each (a record ends at a line end outside quotes), in
    one pass over the file that keeps no more than a block of it."""
    cuts: list[tuple[int, int]] = []       # (byte where a part starts, lines before it)
    head = None
    quotes = lines = records = 0
    with open(path, "rb") as fh:
        base = 0
        while True:
            block = fh.read(_SCAN)
            if not block:
                break
            arr = np.frombuffer(block, np.uint8)
            nl = np.flatnonzero(arr == 10)
            q = np.flatnonzero(arr == 34)
            ends = nl[(quotes + np.searchsorted(q, nl)) % 2 == 0]      # outside any quotes
            line_of = np.searchsorted(nl, ends) + lines + 1               # lines up to the end
            if head is None and ends.size:
                head = int(ends[0]) + base + 1
                ends, line_of = ends[1:], line_of[1:]
            if head is not None:
                # every rows-th record end (counted from the header) cuts a part
                k = np.arange(records + 1, records + ends.size + 1)
                at = np.flatnonzero(k % rows == 0)
                cuts += [(int(ends[i]) + base + 1, int(line_of[i])) for i in at]
                records += ends.size
            quotes += q.size
            lines += nl.size
            base += len(block)
        size = base
    if head is None:                       # one line (or none): a small file, read whole
        return [Part("csv", path, 0, 2, 0, size, 0)]
    starts = [(head, 1)] + [c for c in cuts if c[0] < size]
    parts = []
    for i, (start, before) in enumerate(starts):
        stop = starts[i + 1][0] if i + 1 < len(starts) else size
        parts.append(Part("csv", path, i, before + 1, start, stop, head))
    return parts


def _parquet_parts(path: str, rows: int) -> list[Part]:
    import pyarrow.parquet as pq
    try:
        pf = pq.ParquetFile(path)
    except Exception as e:     # pyarrow says what is wrong with the file
        raise fail(f"{path} is not a Parquet file pyarrow can read ({e})") from None
    names = [str(n) for n in pf.schema_arrow.names]
    header = [n.strip() for n in names]
    if len(names) > MAX_COLUMNS:
        raise fail(f"the scenarios file has {len(names):,} columns; at most {MAX_COLUMNS} are "
                   f"allowed", 1)
    wanted = set(scenario_types())
    probe = Table(header, {}, np.zeros(0, dtype=np.int64), ",")
    problems = header_problems(header)
    if not problems:
        try:
            scenarios_of(probe, allow_empty=True)
        except InputError as e:
            problems = e.problems
    if problems:
        raise InputError(problems)
    columns = tuple(n for n, h in zip(names, header) if h in wanted)
    parts, first, number = [], 2, 0
    meta = pf.metadata
    for g in range(meta.num_row_groups):
        n = meta.row_group(g).num_rows
        for index in range(-(-n // rows)):
            take = min(rows, n - index * rows)
            parts.append(Part("parquet", path, number, first, group=g, index=index, rows=rows,
                              columns=columns))
            first += take
            number += 1
    return parts or [Part("parquet", path, 0, 2, group=-1, rows=rows, columns=columns)]


def read_part(part: Part, batch=None) -> pd.DataFrame:
    """The scenarios of one part, checked as :func:`calc.files.parse_scenarios` checks a whole
    file, indexed by row number in the whole file; blank names as :data:`BLANK` and the row's
    place in the part. ``batch``: the part's Parquet rows when already read (the local engine
    reads a row group once). Raises :class:`PartProblems`."""
    try:
        try:
            table = _parquet_table(part, batch) if part.kind == "parquet" else _csv_table(part)
        except OSError as e:        # on a cluster: the file is not where this worker looks
            raise fail(f"cannot read {part.path}: {e.strerror or e} (with --engine dask every "
                       f"worker needs the file at the same path)") from None
        blanks = []

        def blank(i):
            blanks.append(i)
            return f"{BLANK}{i}"
        frame = scenarios_of(table, blank_name=blank, allow_empty=True)
        frame.attrs["blanks"] = len(blanks)
        return frame
    except InputError as e:
        # a CSV part is read as a file of its own (header, then its lines); a Parquet part's
        # rows are numbered in the whole file already
        shift = part.first_row - 2 if part.kind == "csv" else 0
        raise PartProblems([p if p.row is None or p.row < 2 else
                            Problem(p.row + shift, p.column, p.value, p.message)
                            for p in e.problems], part.number) from None


def _csv_table(part: Part) -> Table:
    if part.kind == "bytes":
        data = part.data
        return read_table(data, "scenarios file", MAX_ROWS, types=scenario_types(),
                          keep=set(scenario_types()))
    with open(part.path, "rb") as fh:
        head = fh.read(part.head)
        fh.seek(part.start)
        body = fh.read(part.stop - part.start)
    data = head + body
    del body
    # a part has at most partition_rows records: the whole-file row limit does not apply
    return read_table(data, "scenarios file", sys.maxsize, types=scenario_types(),
                      keep=set(scenario_types()))


def parquet_batches(part: Part):
    """The Parquet rows of one part (reads its row group up to the part)."""
    import pyarrow.parquet as pq
    pf = pq.ParquetFile(part.path)
    if part.group < 0:
        return pf.schema_arrow.empty_table().select(list(part.columns))
    for i, batch in enumerate(pf.iter_batches(batch_size=part.rows, row_groups=[part.group],
                                              columns=list(part.columns))):
        if i == part.index:
            return batch
    raise fail(f"{part.path} changed while it was read (row group {part.group})")


def local_batches(parts: list[Part]):
    """(part, its Parquet rows or None) in order, each Parquet row group read once."""
    import pyarrow.parquet as pq
    files: dict[str, object] = {}
    current: tuple | None = None
    it = None
    for part in parts:
        if part.kind != "parquet" or part.group < 0:
            yield part, None
            continue
        pf = files.get(part.path) or files.setdefault(part.path, pq.ParquetFile(part.path))
        if current != (part.path, part.group):
            current = (part.path, part.group)
            it = pf.iter_batches(batch_size=part.rows, row_groups=[part.group],
                                 columns=list(part.columns))
        yield part, next(it)


def _parquet_table(part: Part, batch) -> Table:
    import pyarrow as pa
    import pyarrow.compute as pc
    if batch is None:
        batch = parquet_batches(part)
    columns = {}
    for name in part.columns:
        col = batch.column(name)
        if isinstance(col, pa.ChunkedArray):
            col = col.combine_chunks()
        if pa.types.is_dictionary(col.type):
            col = col.dictionary_decode()
        if name.strip() == SCENARIO_COLUMN:
            col = col if pa.types.is_string(col.type) else pc.cast(col, pa.string())
        elif pa.types.is_large_string(col.type):
            col = pc.cast(col, pa.string())
        elif pa.types.is_integer(col.type) or pa.types.is_boolean(col.type) or \
                pa.types.is_decimal(col.type) or pa.types.is_floating(col.type):
            col = pc.cast(col, pa.float64())          # numbers stay numbers
        elif not pa.types.is_string(col.type):
            raise fail(f"column '{name}' holds {col.type} values; a parameter column holds "
                       f"numbers or text", 1)
        columns[name.strip()] = col
    header = [n.strip() for n in part.columns]
    return Table(header, columns, np.arange(part.first_row, part.first_row + batch.num_rows), ",")


def name_blanks(frame: pd.DataFrame, before: int) -> pd.DataFrame:
    """Blank names (:data:`BLANK` and a place in the part) as ``scenario N``, N counted over the
    whole file (``before`` rows came before this part), as a whole-file read names them."""
    if SCENARIO_COLUMN not in frame.columns or not len(frame):
        return frame
    names = frame[SCENARIO_COLUMN].astype(object)
    blank = names.str.startswith(BLANK, na=False).to_numpy(dtype=bool)
    if blank.any():
        place = names[blank].str.slice(len(BLANK)).astype(np.int64).to_numpy()
        values = names.to_numpy(dtype=object, copy=True)
        values[blank] = [f"scenario {before + k + 1}" for k in place]
        frame = frame.assign(**{SCENARIO_COLUMN: values})
    return frame


class PartWriter:
    """One output (a path, or ``-`` for stdout as CSV) written part by part: CSV with the
    header once, or Parquet (by extension) one row group a part. Nothing appears at the target
    until :meth:`commit`; :meth:`abort` removes the temporary file."""

    def __init__(self, target, bom: bool = False):
        self.target, self.bom = str(target), bom
        self.parquet = self.target != "-" and is_parquet(self.target)
        self._fh = self._tmp = self._writer = self._path = None
        self._first = True
        if self.target == "-":      # held in a temporary file until the run is through
            self._fh = tempfile.TemporaryFile()
            return
        path = Path(os.path.realpath(self.target))
        if path.is_dir():
            raise IsADirectoryError(21, "it is a folder", self.target)
        self._path = path
        if path.exists() and not path.is_file():     # a device or a pipe: written as it is
            self._fh = open(path, "wb")
            return
        try:
            fd, self._tmp = tempfile.mkstemp(prefix=".tmp-", suffix=path.suffix or ".csv",
                                             dir=path.parent)
        except OSError as e:
            raise OSError(e.errno, e.strerror, self.target) from None
        mask = os.umask(0o22)
        os.umask(mask)
        os.chmod(self._tmp, 0o666 & ~mask)
        self._fh = os.fdopen(fd, "wb")

    def write(self, frame: pd.DataFrame) -> None:
        if self.parquet:
            import pyarrow.parquet as pq
            table = arrow_table(frame)
            if self._writer is None:
                self._schema = table.schema
                # no dictionary pages: figures are seldom repeated, and trying costs 5x the time
                self._writer = pq.ParquetWriter(self._fh, table.schema, use_dictionary=False)
            self._writer.write_table(table.cast(self._schema))
        else:
            parts = csv_parts(frame, self.bom and self._first)
            self._fh.writelines(parts if self._first else parts[2:])
        self._first = False

    def commit(self) -> None:
        if self._writer is not None:
            self._writer.close()
        if self.target == "-":
            import shutil
            self._fh.seek(0)
            shutil.copyfileobj(self._fh, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        self._fh.close()
        if self._tmp is not None:
            os.replace(self._tmp, self._path)
            self._tmp = None

    def abort(self) -> None:
        try:
            if self._writer is not None:
                self._writer.close()
            if self._fh is not None:
                self._fh.close()
        finally:
            if self._tmp is not None and os.path.exists(self._tmp):
                os.unlink(self._tmp)
            self._tmp = None
