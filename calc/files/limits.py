"""Reading a CSV within limits, checked while reading and before any work.

UTF-8 with or without BOM; comma or semicolon separated (sniffed from the header line). The
limits are checked on the raw bytes first, in C-speed passes that allocate little: the header
must end within its first 1,000,000 characters and name at most 200 columns, no line may be
longer than 1,000,000 characters and the file may have at most ``max_rows`` lines after the
header. Only then are the cells read: by Arrow's C++ reader when every row stands on one line,
else by Python's csv module row by row (rows are counted as they stream, and no row may grow
beyond 1,000,000 characters over several lines). Either way the result is a :class:`Table` of
compact Arrow columns with each row's line number in the file (the header is row 1).
"""

from __future__ import annotations

import codecs
import csv
import re
from dataclasses import dataclass

import numpy as np

from calc.model.params import InputError, Problem

MAX_ROWS = 1_000_000
MAX_COLUMNS = 200
MAX_CELL_CHARS = 100_000
MAX_LINE_CHARS = 1_000_000
MAX_LISTED = 200
_CHUNK = 1024 * 1024


@dataclass
class Table:
    header: list[str]              # column names, stripped
    columns: dict                  # name -> pyarrow Array (text, or typed by the fast reader)
    lines: np.ndarray              # line number of each row in the file
    sep: str


def fail(message: str, row: int | None = None) -> InputError:
    return InputError([Problem(row, None, None, message)])


_MORE = re.compile(r"^([0-9][0-9,]*) more ")


def count_text(problems: list[Problem]) -> str:
    """How many problems, in how many rows: "4 rows, 5 problems". A summary line ("20 more
    cells are not valid numbers") counts as the problems it stands for."""
    n = 0
    for p in problems:
        more = _MORE.match(p.message) if p.row is None else None
        n += int(more.group(1).replace(",", "")) if more else 1
    rows = len({p.row for p in problems if p.row is not None})
    more_rows = any(p.row is None for p in problems)
    return (f"{'at least ' if more_rows and rows else ''}{rows:,} row{'s' * (rows != 1)}, "
            f"{n:,} problem{'s' * (n != 1)}") if rows else f"{n:,} problem{'s' * (n != 1)}"


def sniff_separator(header_line: str) -> str:
    return ";" if header_line.count(";") > header_line.count(",") else ","


def check_shape(data: bytes, what: str, max_rows: int) -> tuple[int, list[str], str, int]:
    """Limits on raw bytes: (offset after any BOM, header names as written, separator, lines
    after the header). Raises :class:`InputError` for binary data, an empty file, a header of
    too many columns, a line too long or too many lines."""
    if b"\x00" in data[:4096]:
        raise fail("the file is not a text CSV (it contains binary data); export it from your "
                   "spreadsheet as CSV UTF-8")
    start = 3 if data.startswith(codecs.BOM_UTF8) else 0
    window = data[start:start + MAX_LINE_CHARS + 2]
    ends = [i for i in (window.find(b"\n"), window.find(b"\r")) if i >= 0]
    end = min(ends) if ends else len(window)
    if end > MAX_LINE_CHARS:
        cells = window[:MAX_LINE_CHARS].count(b",") + 1
        raise fail(f"the {what}'s first line is longer than {MAX_LINE_CHARS:,} characters "
                   f"(more than {cells:,} columns); a header names at most {MAX_COLUMNS} columns",
                   1)
    head = decode(window[:end], start)
    if not head.strip(" \t,;"):
        raise fail(f"the {what} is empty: it needs a header row naming the columns", 1)
    sep = sniff_separator(head)
    names = next(csv.reader([head], delimiter=sep))
    if len(names) > MAX_COLUMNS:
        raise fail(f"the {what} has {len(names):,} columns; at most {MAX_COLUMNS} are allowed", 1)
    lines, longest, where = _scan_lines(data, start)
    if longest > MAX_LINE_CHARS:
        raise fail(f"the line is {longest:,} characters long; a row may have at most "
                   f"{MAX_LINE_CHARS:,} characters", where)
    if lines - 1 > max_rows:
        raise fail(f"the {what} has {lines - 1:,} rows; at most {max_rows:,} are allowed")
    return start, names, sep, lines - 1


def _scan_lines(data: bytes, start: int) -> tuple[int, int, int]:
    """(lines, longest line's length, its line number), in chunks: no copy of the file."""
    eol = 10 if data.find(b"\n", start) >= 0 else 13     # '\n', or '\r' in an old Mac file
    count, longest, where, prev = 0, 0, 1, start - 1
    for pos in range(start, len(data), _CHUNK):
        chunk = np.frombuffer(data, np.uint8, count=min(_CHUNK, len(data) - pos), offset=pos)
        ends = np.flatnonzero(chunk == eol) + pos
        if ends.size:
            lengths = np.diff(ends, prepend=prev) - 1
            i = int(lengths.argmax())
            if lengths[i] > longest:
                longest, where = int(lengths[i]), count + i + 1
            count += ends.size
            prev = int(ends[-1])
    tail = len(data) - prev - 1
    if tail > 0:
        count += 1
        if tail > longest:
            longest, where = tail, count
    return count, longest, where


def decode(data: bytes, offset: int = 0) -> str:
    """Bytes (that start at ``offset`` in the file) as UTF-8 text, or an error saying where."""
    try:
        return data.decode("utf-8-sig" if offset == 0 else "utf-8")
    except UnicodeDecodeError as e:
        raise fail(f"the file is not UTF-8 text (byte 0x{data[e.start]:02x} at position "
                   f"{e.start + offset}); save it as 'CSV UTF-8'",
                   data.count(b"\n", 0, e.start) + 1) from None


def check_utf8(data: bytes, start: int) -> None:
    """The whole file is UTF-8, checked in chunks (no decoded copy kept)."""
    dec = codecs.getincrementaldecoder("utf-8")()
    for pos in range(start, len(data), _CHUNK):
        try:
            dec.decode(data[pos:pos + _CHUNK], final=pos + _CHUNK >= len(data))
        except UnicodeDecodeError as e:
            bad = pos + e.start - len(dec.getstate()[0])
            line = data.count(b"\n", 0, bad) + 1
            raise fail(f"the file is not UTF-8 text (byte 0x{data[bad]:02x} at position "
                       f"{bad}); save it as 'CSV UTF-8'", line) from None


def header_problems(header: list[str]) -> list[Problem]:
    problems, seen = [], {}
    for j, h in enumerate(header):
        if not h:
            problems.append(Problem(1, f"#{j + 1}", None, "blank column name; name it or delete "
                                                          "the column"))
        elif h in seen:
            problems.append(Problem(1, h, None, f"column name appears twice (columns "
                                                f"{seen[h] + 1} and {j + 1})"))
        else:
            seen[h] = j
    return problems


def read_bytes(source) -> bytes:
    """Bytes of a CSV from a path, ``-`` (stdin), raw bytes or a binary file object."""
    import os
    import sys
    from pathlib import Path
    if isinstance(source, bytes):
        return source
    if hasattr(source, "read"):
        return source.read()
    if str(source) == "-":
        return sys.stdin.buffer.read()
    path = Path(os.fspath(source))
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise fail(f"file not found: {path}") from None
    except IsADirectoryError:
        raise fail(f"{path} is a folder, not a CSV file") from None
    except PermissionError:
        raise fail(f"no permission to read {path}") from None
