"""The scenarios CSV: the input format of the CLI, the Segments page and the scenario import.

An optional ``scenario`` column of names, then any subset of the parameter columns; a missing
column or a blank cell takes the default. Numbers follow :mod:`calc.text.numbers` (fractions may be
written ``30%``; a semicolon file may use decimal commas). Metric columns (as written by
``evaluate``) are recognised and ignored, so an exported results file can be read back. Any
other column is an error that suggests the closest valid name. Problems carry the line number
in the file (the header is row 1), every one of them at once.
"""

from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd

from calc.files.limits import MAX_CELL_CHARS, MAX_ROWS, Table, read_bytes
from calc.files.reader import read_table
from calc.model.metrics import METRICS, PROJECTION_COLUMNS
from calc.text.numbers import parse_numbers
from calc.model.params import (BY_NAME, MAX_LISTED_PER_COLUMN, NAMES, InputError, Problem,
                               check_together, check_values, closest_name, format_value)

SCENARIO_COLUMN = "scenario"
# The Segments page evaluates and keeps every row's metrics, and offers them all for download:
# this many rows keep one upload's memory well under 1 GiB (README, Limits). The CLI takes
# MAX_ROWS.
MAX_SEGMENT_ROWS = 100_000
# The Segments page's Excel workbook (every figure a formula) is built on a click, on the
# server: about 10 s for 1,000 scenarios (make bench), so it is offered up to this many.
MAX_WORKBOOK_SEGMENTS = 1_000
# Scenarios imported into the store at once (each is a saved, named scenario).
MAX_IMPORT_ROWS = 10_000
# Columns an exported file may carry that are recomputed, never read as inputs.
# "active_saved_customers" is the projection column of version 1 of the model.
IGNORED_COLUMNS = frozenset(METRICS) | {"year", "active_saved_customers", *PROJECTION_COLUMNS}


def parse_scenarios(data: str | bytes, max_rows: int = MAX_ROWS) -> pd.DataFrame:
    """Scenarios CSV (text or bytes) -> DataFrame indexed by file line number, with a
    ``scenario`` column and every parameter column (blank cells and missing columns filled with
    defaults), checked against the registry. Raises :class:`InputError` with every problem."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    types = scenario_types()
    table = read_table(data, "scenarios file", max_rows, types=types, keep=set(types))
    return scenarios_of(table)


def scenario_types() -> dict:
    """Arrow types of the columns a scenarios file is read for (the rest are not read)."""
    import pyarrow as pa
    return {SCENARIO_COLUMN: pa.string(), **{n: pa.float64() for n in NAMES}}


def scenarios_of(table: Table, blank_name=None, allow_empty: bool = False) -> pd.DataFrame:
    """:func:`parse_scenarios` of a table already read (a CSV, a piece of one, or a Parquet
    batch: text columns go through the number grammar, number columns are checked as they
    are). ``blank_name(i)`` names the i-th row when its name is blank (default
    ``scenario i+1``); ``allow_empty`` returns an empty table for a piece with no rows."""
    import pyarrow.compute as pc
    problems = unknown_columns(table.header)
    n = len(table.lines)
    if n == 0 and not allow_empty:
        problems.append(Problem(None, None, None, "the scenarios file has a header but no data "
                                                  "rows; add one row per scenario"))
    if n == 0 and problems:
        raise InputError(problems)
    lines = table.lines
    out: dict[str, object] = {}
    name_of = blank_name or (lambda i: f"scenario {i + 1}")
    if SCENARIO_COLUMN in table.columns:
        col = table.columns[SCENARIO_COLUMN]
        long = np.flatnonzero(pc.greater(pc.utf8_length(col), MAX_CELL_CHARS)
                              .fill_null(False).to_numpy(zero_copy_only=False))
        problems += [Problem(int(lines[i]), SCENARIO_COLUMN, None, f"the name is longer than "
                                                                   f"{MAX_CELL_CHARS:,} characters")
                     for i in long[:MAX_LISTED_PER_COLUMN]]
        trimmed = pc.utf8_trim_whitespace(col)
        blank = pc.fill_null(pc.equal(trimmed, ""), True)
        if pc.any(blank).as_py():
            names = trimmed.to_numpy(zero_copy_only=False).astype(object)
            for i in np.flatnonzero(blank.to_numpy(zero_copy_only=False)):
                names[i] = name_of(int(i))
        else:       # pandas' own text column over the Arrow array, not a million objects
            names = trimmed.to_pandas().array
        out[SCENARIO_COLUMN] = names
    else:
        out[SCENARIO_COLUMN] = [name_of(i) for i in range(n)]
    for name in NAMES:
        spec = BY_NAME[name]
        if name not in table.columns:
            out[name] = np.full(n, spec.default)
            continue
        col = table.columns[name]
        values, blank, bad, messages = parse_numbers(
            col, decimal_comma=table.sep == ";", allow_percent=spec.is_fraction,
            listed=MAX_LISTED_PER_COLUMN)
        problems += cell_problems(name, col, lines, bad, messages)
        values[blank] = spec.default
        problems += check_values(name, values[~bad], lines[~bad])
        out[name] = values
    # the rules that tie two parameters together, on every row (a bad value elsewhere does not
    # hide them)
    problems += check_together({n: out[n] for n in NAMES}, lines)
    if problems:
        order = {h: j for j, h in enumerate(table.header)}
        problems.sort(key=lambda p: (p.row if p.row is not None else 10**12,
                                     order.get(p.column, len(order))))
        raise InputError(problems)
    return pd.DataFrame(out, index=pd.Index(lines, name="row"), copy=False)   # new arrays: no copy


def cell_problems(name: str, col, lines: np.ndarray, bad: np.ndarray,
                  messages: dict[int, str]) -> list[Problem]:
    """The listed bad cells of one column as problems (value as typed), and a count of the
    rest."""
    out = [Problem(int(lines[i]), name, _typed(col[i].as_py()), m) for i, m in messages.items()]
    rest = int(bad.sum()) - len(messages)
    if rest > 0:
        out.append(Problem(None, name, None, f"{rest:,} more cells are not valid numbers"))
    return out


def _typed(raw) -> str:
    text = "" if raw is None else (raw if isinstance(raw, str) else format_value(raw))
    return text if len(text) <= 60 else text[:57] + "..."


def unknown_columns(header: list[str]) -> list[Problem]:
    problems = []
    for h in header:
        if h == SCENARIO_COLUMN or h in BY_NAME or h in IGNORED_COLUMNS:
            continue
        hint = closest_name(h, NAMES + (SCENARIO_COLUMN,))
        problems.append(Problem(1, h, None, "unknown column" + (
            f"; did you mean '{hint}'?" if hint else
            "; see `python -m calc template` for the valid columns")))
    return problems


def read_scenarios(source, max_rows: int = MAX_ROWS) -> pd.DataFrame:
    """:func:`parse_scenarios` of a path, ``-`` (stdin), bytes or a binary file object."""
    return parse_scenarios(read_bytes(source), max_rows)


def template_frame() -> pd.DataFrame:
    """One row of defaults, ``scenario`` then every parameter in MODEL.md order."""
    row = {SCENARIO_COLUMN: "defaults"}
    row.update({n: BY_NAME[n].default for n in NAMES})
    return pd.DataFrame([row])


def scenario_params(frame: pd.DataFrame) -> Iterable[tuple[str, dict[str, float]]]:
    """(name, parameters) for each row of a parsed scenarios table."""
    columns = [frame[n].to_numpy(dtype=float) for n in NAMES]
    for i, name in enumerate(frame[SCENARIO_COLUMN].to_numpy()):
        yield str(name), {n: float(c[i]) for n, c in zip(NAMES, columns)}
