"""Reading a firm's complaint log: one row per customer-year.

Columns ``customer_id``, ``failed``, ``complained``, ``resolved``, ``resolved_fast``,
``retained`` (0/1 or true/false) and optionally ``revenue``, ``compensation`` and
``handling_cost`` (money, numbers as :mod:`calc.text.numbers` reads them). Limits are checked while
reading (see :mod:`calc.files.limits`), with at most 5,000,000 rows.

Rows that contradict themselves (resolved without a complaint, a complaint without a failure,
resolved fast but not resolved, a flag that is not 0/1/true/false, a money value that is not a
non-negative number) are reported by line number; nothing is dropped silently: the caller
decides whether to stop or to estimate without them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from calc.files.limits import MAX_LISTED, read_bytes
from calc.files.reader import read_table
from calc.text.numbers import parse_numbers
from calc.files.cells import check_header
from calc.model.params import InputError, Problem

FLAGS = ("failed", "complained", "resolved", "resolved_fast", "retained")
MONEY = ("revenue", "compensation", "handling_cost")
REQUIRED = ("customer_id", *FLAGS)
ALL_COLUMNS = (*REQUIRED, *MONEY)
MAX_LOG_ROWS = 5_000_000
TRUE_WORDS = ("1", "true", "1.0")
FALSE_WORDS = ("0", "false", "0.0")


@dataclass
class Log:
    """A read log: the usable rows (indexed by line number), the problems of the others."""
    frame: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    bad_rows: int = 0
    total_rows: int = 0


def read_log(source) -> Log:
    """Read and check a case log (path, '-', bytes or file object). Structural problems (not a
    CSV, missing or unknown columns) raise :class:`InputError`; row problems are returned in
    :attr:`Log.problems` with the rows left out of :attr:`Log.frame`."""
    return parse_log(read_bytes(source))


def header_problems(header: list[str]) -> list[Problem]:
    """Unknown columns (with the closest valid name) and missing required ones."""
    return check_header(header, ALL_COLUMNS, REQUIRED,
                        f"a log has {', '.join(REQUIRED)} and optionally {', '.join(MONEY)}")


def parse_log(data: str | bytes) -> Log:
    """:func:`read_log` of CSV text or bytes."""
    import pyarrow as pa
    import pyarrow.compute as pc
    if isinstance(data, str):
        data = data.encode("utf-8")
    types = {"customer_id": pa.string(), **{f: pa.bool_() for f in FLAGS},
             **{m: pa.float64() for m in MONEY}}
    words = {"true_values": ["1", "true", "True", "TRUE"],
             "false_values": ["0", "false", "False", "FALSE"]}
    table = read_table(data, "case log", MAX_LOG_ROWS, types=types, convert=words,
                       header_check=header_problems)
    lines = table.lines
    if len(lines) == 0:
        raise InputError([Problem(None, None, None, "the case log has a header but no rows")])
    cols, invalid = {}, {}
    for f in FLAGS:
        col = table.columns[f]
        if pa.types.is_boolean(col.type):
            invalid[f] = col.is_null().to_numpy(zero_copy_only=False)
            cols[f] = col.fill_null(False).to_numpy(zero_copy_only=False)
        else:
            s = pc.utf8_lower(pc.utf8_trim_whitespace(col.fill_null("")))
            yes = pc.is_in(s, value_set=pa.array(TRUE_WORDS)).to_numpy(zero_copy_only=False)
            no = pc.is_in(s, value_set=pa.array(FALSE_WORDS)).to_numpy(zero_copy_only=False)
            invalid[f], cols[f] = ~(yes | no), yes
    for m in MONEY:
        if m in table.columns:
            values, _, bad, _ = parse_numbers(table.columns[m], decimal_comma=table.sep == ";",
                                              allow_percent=False, listed=0)
            invalid[m], cols[m] = bad, values
    ids = table.columns["customer_id"]
    cols["customer_id"] = ids
    blank_id = pc.equal(pc.utf8_trim_whitespace(ids.fill_null("")), "").to_numpy(
        zero_copy_only=False)
    return check_rows(cols, lines, invalid, table.columns, blank_id)


def check_rows(cols: dict, lines: np.ndarray, invalid: dict[str, np.ndarray], raw: dict,
               blank_id: np.ndarray) -> Log:
    """Typed columns -> the usable rows and the problems of the others. ``invalid`` marks cells
    that could not be read (shown with their ``raw`` text)."""
    n = len(lines)
    bad = np.zeros(n, dtype=bool)
    row_problems: list[tuple[int, int, Problem]] = []     # (row index, column order, problem)

    def report(mask, column, order, message, values=None):
        for i in np.flatnonzero(mask)[:MAX_LISTED]:
            v = None if values is None else values[int(i)]
            v = v.as_py() if hasattr(v, "as_py") else v
            v = "" if v is None and values is not None else v
            row_problems.append((int(i), order, Problem(int(lines[i]), column, v, message)))

    for order, c in enumerate(FLAGS):
        report(invalid[c], c, order, "must be 0/1 or true/false", raw[c])
        bad |= invalid[c]
    ok = ~bad
    f, c_, r, q = (cols[k] for k in ("failed", "complained", "resolved", "resolved_fast"))
    for mask, column, message in (
            (ok & c_ & ~f, "complained", "complained without a failure (failed is 0)"),
            (ok & r & ~c_, "resolved", "resolved without a complaint (complained is 0)"),
            (ok & q & ~r, "resolved_fast", "resolved fast but not resolved (resolved is 0)")):
        report(mask, column, FLAGS.index(column), message)
        bad |= mask
    for order, m in enumerate(MONEY, start=len(FLAGS)):
        if m in cols:
            with np.errstate(invalid="ignore"):
                wrong = invalid[m] | (cols[m] < 0)
            report(wrong, m, order, "must be a number of at least 0 (or blank)", raw[m])
            bad |= wrong
    report(blank_id, "customer_id", -1, "customer_id is blank")
    bad |= blank_id
    row_problems.sort(key=lambda x: (x[0], x[1]))
    problems = [p for _, _, p in row_problems[:MAX_LISTED]]
    n_bad = int(bad.sum())
    if n_bad > len({p.row for p in problems}):
        problems.append(Problem(None, None, None, f"{n_bad:,} rows in all have problems; the "
                                                  f"first {MAX_LISTED} problems are listed"))
    keep = ~bad
    ids = cols["customer_id"].filter(keep).to_pandas().array     # Arrow-backed: compact
    frame = pd.DataFrame({"customer_id": ids,
                          **{k: cols[k][keep] for k in FLAGS},
                          **{k: cols[k][keep] for k in MONEY if k in cols}},
                         index=pd.Index(lines[keep], name="row"))
    return Log(frame, problems, n_bad, n)
