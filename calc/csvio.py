"""CSV in and out: the scenarios format of the CLI and the dashboard.

Reading
    UTF-8 with or without BOM; comma or semicolon separated (in a semicolon file a decimal comma
    such as ``0,3`` is read as 0.3). An optional ``scenario`` column of names, then any subset of
    the parameter columns; a missing column or a blank cell takes the default. Fractions may be
    written ``30%``. Metric columns (as written by ``evaluate``) are recognised and ignored, so
    an exported results file can be read back. Any other column is an error that suggests the
    closest valid name. Problems carry the line number in the file (the header is row 1).

Writing
    Full precision (shortest repr that reads back to the same float), numbers stay numbers,
    NaN is an empty cell, and text cells that a spreadsheet would run as a formula (starting
    with = + - @, tab or CR) are prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from pathlib import Path
from typing import IO, Iterable

import numpy as np
import pandas as pd

from .metrics import METRICS, PROJECTION_COLUMNS
from .params import (BY_NAME, MAX_LISTED_PER_COLUMN, NAMES, InputError, Problem, _show,
                     check_values, closest_name)

SCENARIO_COLUMN = "scenario"
# Columns an exported file may carry that are recomputed, never read as inputs.
# "active_saved_customers" is the projection column of version 1 of the model.
IGNORED_COLUMNS = frozenset(METRICS) | {"year", "active_saved_customers", *PROJECTION_COLUMNS}

NUMBER_RE = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_DECIMAL_COMMA_RE = re.compile(r"[+-]?\d+,\d+%?")
# A text cell starting with one of these runs as a formula in a spreadsheet: ASCII and
# full-width = + - @, and tab or carriage return; = + - @ also after leading whitespace.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")

# Limits that keep one upload from taking the server down; the dashboard shows them.
MAX_ROWS = 1_000_000
MAX_COLUMNS = 200
MAX_CELL_CHARS = 100_000


def decode(data: bytes) -> str:
    """Bytes of a CSV as text: UTF-8, with or without BOM; anything else is an error."""
    if b"\x00" in data[:4096]:
        raise InputError([Problem(None, None, None,
                                  "the file is not a text CSV (it contains binary data); export "
                                  "it from your spreadsheet as CSV UTF-8")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise InputError([Problem(line, None, None,
                                  f"the file is not UTF-8 text (byte 0x{data[e.start]:02x} at "
                                  f"position {e.start}); save it as 'CSV UTF-8'")]) from None


def sniff_separator(header_line: str) -> str:
    return ";" if header_line.count(";") > header_line.count(",") else ","


def read_rows(text: str, what: str = "file") -> tuple[list[str], list[list[str]], str, list[int]]:
    """Header, data rows, separator and the line number of each data row, checked for shape:
    header present, no blank or duplicated names, every row as long as the header (blank lines
    skipped)."""
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    sep = sniff_separator(first)
    csv.field_size_limit(MAX_CELL_CHARS)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=True)
    rows, starts = [], []
    try:
        prev = 0
        for row in reader:
            rows.append(row)
            starts.append(prev + 1)   # a quoted cell may span lines: report where the row starts
            prev = reader.line_num
    except csv.Error as e:
        raise InputError([Problem(reader.line_num, None, None,
                                  f"the {what} is not valid CSV: {e}")]) from None
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise InputError([Problem(1, None, None, f"the {what} is empty: it needs a header row "
                                                 f"naming the columns")])
    header = [h.strip() for h in rows[0]]
    problems = []
    if len(header) > MAX_COLUMNS:
        raise InputError([Problem(1, None, None, f"the {what} has {len(header):,} columns; at most "
                                                 f"{MAX_COLUMNS} are allowed")])
    seen: dict[str, int] = {}
    for j, h in enumerate(header):
        if not h:
            problems.append(Problem(1, f"#{j + 1}", None, "blank column name; name it or delete "
                                                          "the column"))
        elif h in seen:
            problems.append(Problem(1, h, None, f"column name appears twice (columns "
                                                f"{seen[h] + 1} and {j + 1})"))
        else:
            seen[h] = j
    body = []
    lines = []
    width = len(header)
    for row, line in zip(rows[1:], starts[1:]):
        if len(row) != width and not "".join(row).strip():
            continue   # a blank line
        if len(row) != width:
            problems.append(Problem(line, None, None, f"has {len(row)} cells but the header has "
                                                      f"{len(header)}"))
            continue
        body.append(row)
        lines.append(line)
    if len(body) > MAX_ROWS:
        problems.append(Problem(None, None, None, f"the {what} has {len(body):,} rows; at most "
                                                  f"{MAX_ROWS:,} are allowed"))
    if problems:
        raise InputError(problems[:200])
    return header, body, sep, lines


_PLAIN_COLUMN_RE = re.compile(rf"(?:{NUMBER_RE})?(?:\n(?:{NUMBER_RE})?)*")
_NUMBER_CELL_RE = re.compile(NUMBER_RE)
_NOT_A_NUMBER_WORDS = {"nan", "inf", "infinity", "na", "n/a", "null", "none"}


def parse_cell(raw: str, sep: str, allow_percent: bool) -> tuple[float | None, str | None]:
    """One text cell -> (value or None for blank, problem message or None)."""
    s = raw.strip()
    if not s:
        return None, None
    if sep == ";" and _DECIMAL_COMMA_RE.fullmatch(s):
        s = s.replace(",", ".")
    percent = s.endswith("%")
    if percent:
        s = s[:-1].strip()
    if not _NUMBER_CELL_RE.fullmatch(s):
        if s.lower().lstrip("+-") in _NOT_A_NUMBER_WORDS:
            return None, "is not a number; write a number or leave the cell blank for the default"
        return None, "is not a number"
    if percent and not allow_percent:
        return None, "a percentage is only allowed for fractions; write a plain number"
    value = float(s)
    return (value / 100.0 if percent else value), None


def parse_number_column(name: str, cells: list[str], lines: np.ndarray, sep: str,
                        allow_percent: bool) -> tuple[np.ndarray, np.ndarray, list[Problem]]:
    """Parse one column of text cells: returns (values, blank mask, problems).

    A column of plain numbers and blanks (the usual case) is checked with one regular expression
    over the whole column and converted in one numpy call; any other column is read cell by cell.
    """
    n = len(cells)
    if _PLAIN_COLUMN_RE.fullmatch("\n".join(cells)):
        arr = np.array(cells, dtype=str)
        blank = arr == ""
        if blank.any():
            arr[blank] = "0"    # fits any string width; set to NaN below
        values = arr.astype(float)
        values[blank] = np.nan
        return values, blank, []
    values = np.full(n, np.nan)
    blank = np.zeros(n, dtype=bool)
    problems: list[Problem] = []
    bad = 0
    for i, raw in enumerate(cells):
        value, message = parse_cell(raw, sep, allow_percent)
        if message is not None:
            bad += 1
            if bad <= MAX_LISTED_PER_COLUMN:
                problems.append(Problem(int(lines[i]), name, _show(raw), message))
        elif value is None:
            blank[i] = True
        else:
            values[i] = value
    if bad > MAX_LISTED_PER_COLUMN:
        problems.append(Problem(None, name, None, f"{bad - MAX_LISTED_PER_COLUMN} more cells are "
                                                  f"not valid numbers"))
    return values, blank, problems


def first_line_header(text: str) -> tuple[str, list[str], list[str]]:
    """(separator, names as written, names stripped) of a CSV's first line."""
    first = text.split("\n", 1)[0]
    sep = sniff_separator(first)
    raw = first.rstrip("\r").split(sep)
    return sep, raw, [h.strip() for h in raw]


def arrow_read(text: str, sep: str, column_types: dict, **convert):
    """The whole text through Arrow's C++ reader with the given column types, or None when Arrow
    refuses it or a row does not stand on exactly one line (then line numbers are not index + 2
    and the careful reader must say where things are)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv
    if '"' in text.split("\n", 1)[0]:
        return None
    try:
        table = pacsv.read_csv(
            io.BytesIO(text.encode("utf-8")), parse_options=pacsv.ParseOptions(delimiter=sep),
            convert_options=pacsv.ConvertOptions(column_types=column_types, **convert))
    except (pa.ArrowException, ValueError):
        return None
    if text.rstrip("\n").count("\n") != table.num_rows:
        return None
    return table


def _parse_scenarios_fast(text: str) -> pd.DataFrame | None:
    """The common case in one pass of Arrow's C++ CSV reader: known columns, plain numbers or
    blanks, one line per row. Returns None for anything else; the careful reader then decides
    and says exactly what is wrong, where."""
    import pyarrow as pa
    sep, _, header = first_line_header(text)
    if len(set(header)) != len(header) or not all(
            h == SCENARIO_COLUMN or h in BY_NAME or h in IGNORED_COLUMNS for h in header):
        return None
    types = {h: (pa.string() if h == SCENARIO_COLUMN else pa.float64()) for h in header}
    table = arrow_read(text, sep, types, null_values=[""], strings_can_be_null=True,
                       include_columns=header)
    if table is None or not 0 < table.num_rows <= MAX_ROWS:
        return None
    n = table.num_rows
    null_rows = np.ones(n, dtype=bool)
    for col in table.columns:
        null_rows &= col.is_null().to_numpy(zero_copy_only=False)
    if null_rows.any():
        return None
    line_no = np.arange(2, n + 2)
    out: dict[str, object] = {}
    if SCENARIO_COLUMN in header:
        import pyarrow.compute as pc
        if (pc.max(pc.utf8_length(table.column(SCENARIO_COLUMN))).as_py() or 0) > MAX_CELL_CHARS:
            return None
        names = table.column(SCENARIO_COLUMN).to_pylist()
        out[SCENARIO_COLUMN] = [x.strip() if x and x.strip() else f"scenario {i + 1}"
                                for i, x in enumerate(names)]
    else:
        out[SCENARIO_COLUMN] = [f"scenario {i + 1}" for i in range(n)]
    problems: list[Problem] = []
    for name in NAMES:
        spec = BY_NAME[name]
        if name not in header:
            out[name] = np.full(n, spec.default)
            continue
        col = table.column(name)
        values = col.to_numpy(zero_copy_only=False).astype(float)
        blank = col.is_null().to_numpy(zero_copy_only=False)
        values[blank] = spec.default
        problems += check_values(name, values, line_no)
        out[name] = values
    if problems:
        return None
    return pd.DataFrame(out, index=pd.Index(line_no, name="row"))


def parse_scenarios(text: str) -> pd.DataFrame:
    """Scenarios CSV text -> DataFrame indexed by file line number, with a ``scenario`` column
    and every parameter column (blank cells and missing columns filled with defaults), checked
    against the registry. Raises :class:`InputError` with every problem found."""
    fast = _parse_scenarios_fast(text)
    return fast if fast is not None else _parse_scenarios_careful(text)


def _parse_scenarios_careful(text: str) -> pd.DataFrame:
    """Cell by cell, with line numbers, collecting every problem."""
    header, body, sep, lines = read_rows(text, "scenarios file")
    problems: list[Problem] = []
    for h in header:
        if h == SCENARIO_COLUMN or h in BY_NAME or h in IGNORED_COLUMNS:
            continue
        hint = closest_name(h, NAMES + (SCENARIO_COLUMN,))
        problems.append(Problem(1, h, None, "unknown column" + (
            f"; did you mean '{hint}'?" if hint else
            "; see `python -m calc template` for the valid columns")))
    if not body:
        problems.append(Problem(None, None, None, "the scenarios file has a header but no data "
                                                  "rows; add one row per scenario"))
        raise InputError(problems)
    # Unknown columns do not stop the check: the values of the known ones are checked too, so
    # the user sees every problem at once.
    line_no = np.asarray(lines)
    columns = list(zip(*body))
    out: dict[str, object] = {}
    if SCENARIO_COLUMN in header:
        names = [str(x).strip() for x in columns[header.index(SCENARIO_COLUMN)]]
        out[SCENARIO_COLUMN] = [n if n else f"scenario {i + 1}" for i, n in enumerate(names)]
    else:
        out[SCENARIO_COLUMN] = [f"scenario {i + 1}" for i in range(len(body))]
    for spec_name in NAMES:
        spec = BY_NAME[spec_name]
        if spec_name not in header:
            out[spec_name] = np.full(len(body), spec.default)
            continue
        values, blank, col_problems = parse_number_column(
            spec_name, list(columns[header.index(spec_name)]), line_no, sep, spec.is_fraction)
        problems += col_problems
        values[blank] = spec.default
        # cells that are not numbers were reported above; range-check the rest
        parsed = ~np.isnan(values) | blank
        problems += check_values(spec_name, values[parsed], line_no[parsed])
        out[spec_name] = values
    if problems:
        order = {h: j for j, h in enumerate(header)}
        problems.sort(key=lambda p: (p.row if p.row is not None else 10**12,
                                     order.get(p.column, len(order))))
        raise InputError(problems)
    return pd.DataFrame(out, index=pd.Index(line_no, name="row"))


def check_header(header: list[str], allowed, required, unknown_hint: str) -> list[Problem]:
    """Problems with the header of a file whose columns are fixed: duplicates, unknown names
    (with the closest valid one), required columns missing."""
    problems, seen = [], set()
    for h in header:
        if h in seen:
            problems.append(Problem(1, h, None, "column name appears twice"))
        seen.add(h)
        if h not in allowed:
            hint = closest_name(h, tuple(allowed))
            problems.append(Problem(1, h, None, "unknown column" + (
                f"; did you mean '{hint}'?" if hint else f"; {unknown_hint}")))
    problems += [Problem(1, c, None, "required column is missing")
                 for c in required if c not in header]
    return problems


def parse_ranges(text: str) -> pd.DataFrame:
    """Monte Carlo ranges CSV (parameter, low, most_likely, high) -> DataFrame indexed by line.
    Fractions may be written as percentages."""
    from .analysis import RANGE_COLUMNS, check_ranges
    header, body, sep, lines = read_rows(text, "ranges file")
    problems = check_header(header, RANGE_COLUMNS, RANGE_COLUMNS,
                            f"the columns are {', '.join(RANGE_COLUMNS)}")
    if problems:
        raise InputError(problems)
    line_no = np.asarray(lines)
    columns = dict(zip(header, zip(*body))) if body else {c: () for c in header}
    out = {"parameter": [str(x).strip() for x in columns["parameter"]]}
    for c in ("low", "most_likely", "high"):
        values, blank, col_problems = parse_number_column(
            c, list(columns[c]), line_no, sep, allow_percent=True)
        problems += col_problems
        for i in np.flatnonzero(blank):
            problems.append(Problem(int(line_no[i]), c, "", "is blank; give a number"))
        out[c] = values
    if problems:
        raise InputError(problems)
    frame = pd.DataFrame(out, index=pd.Index(line_no, name="row"))
    problems = check_ranges(frame)
    if problems:
        raise InputError(problems)
    return frame


def read_text(source: str | os.PathLike | IO[bytes] | bytes) -> str:
    """Text of a CSV from a path, ``-`` (stdin), raw bytes or a binary file object."""
    if isinstance(source, bytes):
        return decode(source)
    if hasattr(source, "read"):
        return decode(source.read())
    if str(source) == "-":
        import sys
        return decode(sys.stdin.buffer.read())
    path = Path(source)
    try:
        return decode(path.read_bytes())
    except FileNotFoundError:
        raise InputError([Problem(None, None, None, f"file not found: {path}")]) from None
    except IsADirectoryError:
        raise InputError([Problem(None, None, None, f"{path} is a folder, not a CSV file")]) from None
    except PermissionError:
        raise InputError([Problem(None, None, None, f"no permission to read {path}")]) from None


def read_scenarios(source) -> pd.DataFrame:
    return parse_scenarios(read_text(source))


def read_ranges(source) -> pd.DataFrame:
    return parse_ranges(read_text(source))


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------

def neutralise(text: str) -> str:
    """A text cell a spreadsheet will show as text, never run as a formula: one that starts
    with a formula character, or with whitespace and then one, gets a leading quote.

    >>> neutralise(" =1+1"), neutralise("\uff1dSUM(A1)"), neutralise("- 10% price")
    ("' =1+1", "'\uff1dSUM(A1)", "'- 10% price")
    >>> neutralise("minor / new")
    'minor / new'
    """
    s = str(text)
    return "'" + s if s.startswith(FORMULA_START) or s.lstrip().startswith(FORMULA_START) else s


def _arrow_table(frame: pd.DataFrame):
    import pyarrow as pa
    arrays, names = [], []
    for c in frame.columns:
        col = frame[c]
        if col.dtype == bool:
            arr = pa.array(col.to_numpy())
        elif pd.api.types.is_numeric_dtype(col):
            arr = pa.array(col.to_numpy(dtype=float), from_pandas=True)   # NaN -> empty cell
        else:
            arr = pa.array([None if v is None or (isinstance(v, float) and np.isnan(v))
                            else neutralise(v) for v in col], type=pa.string())
        arrays.append(arr)
        names.append(neutralise(c))
    return pa.Table.from_arrays(arrays, names=names)


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV of a table: full precision (the shortest text that reads back to the same
    float), numbers numeric, booleans true/false, empty cells for NaN, formula-like text
    neutralised. Written by Arrow's C++ writer: 100,000 rows x 60 columns in about a second."""
    import pyarrow.csv as pacsv
    head = io.StringIO()
    csv.writer(head, lineterminator="\n").writerow([neutralise(c) for c in frame.columns])
    sink = io.BytesIO()
    sink.write(head.getvalue().encode("utf-8"))
    # Arrow quotes every text cell (valid CSV); the header above is quoted only where needed.
    pacsv.write_csv(_arrow_table(frame), sink,
                    write_options=pacsv.WriteOptions(include_header=False,
                                                     quoting_style="needed"))
    return sink.getvalue()


def to_csv_text(frame: pd.DataFrame) -> str:
    return to_csv_bytes(frame).decode("utf-8")


def write_csv(frame: pd.DataFrame, target: str | os.PathLike) -> None:
    """Write a table to a path (atomically: a temporary file renamed into place) or to stdout
    for ``-``."""
    data = to_csv_bytes(frame)
    if str(target) == "-":
        import sys
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    path = Path(target)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".csv", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def template_frame() -> pd.DataFrame:
    """One row of defaults, ``scenario`` then every parameter in MODEL.md order."""
    row = {SCENARIO_COLUMN: "defaults"}
    row.update({n: BY_NAME[n].default for n in NAMES})
    return pd.DataFrame([row])


def scenario_params(frame: pd.DataFrame) -> Iterable[tuple[str, dict[str, float]]]:
    """(name, parameters) for each row of a parsed scenarios table."""
    for _, row in frame.iterrows():
        yield str(row[SCENARIO_COLUMN]), {n: float(row[n]) for n in NAMES}
