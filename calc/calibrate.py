"""Calibrate the baseline from a firm's own complaint log, and plan a test of the program.

A log has one row per customer-year with columns ``customer_id``, ``failed``, ``complained``,
``resolved``, ``resolved_fast``, ``retained`` (0/1 or true/false) and optionally ``revenue``,
``compensation`` and ``handling_cost`` (money). From it come the baseline rates of MODEL.md,
each with its count and a 95% Wilson score interval; a branch with fewer than 30 customers is
flagged as too thin to trust.

Rows that contradict themselves (resolved without a complaint, a complaint without a failure,
resolved fast but not resolved, a flag that is not 0/1/true/false, a money value that is not a
non-negative number) are reported by line number; nothing is dropped silently: the caller
decides whether to stop or to estimate without them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from .csvio import (MAX_COLUMNS, arrow_read, check_header, first_line_header, read_rows,
                    read_text)
from .params import BY_NAME, DEFAULTS, NAMES, InputError, Problem

FLAGS = ("failed", "complained", "resolved", "resolved_fast", "retained")
MONEY = ("revenue", "compensation", "handling_cost")
REQUIRED = ("customer_id", *FLAGS)
ALL_COLUMNS = (*REQUIRED, *MONEY)
THIN = 30
CONFIDENCE = 0.95
MAX_LOG_ROWS = 5_000_000
MAX_LISTED = 200
_TRUE = ("1", "true", "1.0")
_FALSE = ("0", "false", "0.0")


@dataclass
class Log:
    """A read log: the usable rows (indexed by line number), the problems of the others."""
    frame: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    bad_rows: int = 0
    total_rows: int = 0


def wilson(successes, n, confidence: float = CONFIDENCE):
    """Wilson score interval for a proportion (Wilson 1927; Newcombe 1998, method 3).
    Vectorised; NaN where n = 0."""
    k = np.asarray(successes, float)
    n = np.asarray(n, float)
    z = stats.norm.ppf(0.5 + confidence / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k / n
        denom = 1 + z * z / n
        centre = (p + z * z / (2 * n)) / denom
        half = z / denom * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
        low, high = centre - half, centre + half
    ok = n > 0
    return (np.where(ok, np.clip(low, 0, 1), np.nan), np.where(ok, np.clip(high, 0, 1), np.nan))


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------

def read_log(source) -> Log:
    """Read and check a case log (path, '-', bytes or file object). Structural problems (not a
    CSV, missing or unknown columns) raise :class:`InputError`; row problems are returned in
    :attr:`Log.problems` with the rows left out of :attr:`Log.frame`."""
    return parse_log(read_text(source))


def _header_problems(header: list[str]) -> list[Problem]:
    if len(header) > MAX_COLUMNS:
        return [Problem(1, None, None, f"the case log has {len(header):,} columns; it needs "
                                       f"{len(REQUIRED)} to {len(ALL_COLUMNS)}")]
    return check_header(header, ALL_COLUMNS, REQUIRED,
                        f"a log has {', '.join(REQUIRED)} and optionally {', '.join(MONEY)}")


def _read_table(text: str) -> tuple[list[str], dict[str, np.ndarray], np.ndarray]:
    """Columns as arrays of stripped text, and each row's line number."""
    import pyarrow as pa
    import pyarrow.compute as pc
    sep, _, header = first_line_header(text)
    if len(set(header)) == len(header) and all(header):
        table = arrow_read(text, sep, {h: pa.string() for h in header},
                           strings_can_be_null=False, null_values=[])
        if table is not None:       # one line per row: line = index + 2
            cols = {h: pc.utf8_trim_whitespace(table.column(i).cast(pa.string()))
                    .to_numpy(zero_copy_only=False) for i, h in enumerate(header)}
            return header, cols, np.arange(2, table.num_rows + 2)
    # the careful reader says what is wrong, and where
    header, body, _, lines = read_rows(text, "case log")
    cols = {h: np.array([row[j].strip() for row in body], dtype=object)
            for j, h in enumerate(header)}
    return header, cols, np.asarray(lines)


def _read_typed(text: str):
    """The common case in one pass of Arrow's reader: every flag 0/1/true/false, every money
    cell a number or blank, one line per row. None for anything else (the careful path then
    reports exactly what is wrong, where)."""
    import pyarrow as pa
    sep, raw, header = first_line_header(text)
    if _header_problems(header) or raw != header:
        return None
    types = {"customer_id": pa.string(), **{f: pa.bool_() for f in FLAGS},
             **{m: pa.float64() for m in MONEY if m in header}}
    table = arrow_read(text, sep, types, true_values=["1", "true", "True", "TRUE"],
                       false_values=["0", "false", "False", "FALSE"], null_values=[""],
                       strings_can_be_null=False)
    if table is None or table.num_rows == 0 or table.num_columns != len(header):
        return None
    n = table.num_rows
    if any(table.column(f).null_count for f in FLAGS):
        return None
    cols = {"customer_id": table.column("customer_id").to_numpy(zero_copy_only=False)}
    for f in FLAGS:
        cols[f] = table.column(f).to_numpy(zero_copy_only=False).astype(bool)
    for m in MONEY:
        if m in header:
            col = table.column(m)
            values = col.to_numpy(zero_copy_only=False).astype(float)
            if not np.isfinite(values[~col.is_null().to_numpy(zero_copy_only=False)]).all():
                return None        # 'nan' or 'inf' written in a cell: not a blank
            cols[m] = values
    return cols, np.arange(2, n + 2)


def parse_log(text: str) -> Log:
    typed = _read_typed(text)
    if typed is not None:
        return _check_rows(*typed)
    header, cols, lines = _read_table(text)
    problems = _header_problems(header)
    if problems:
        raise InputError(problems)
    n = len(lines)
    if n == 0:
        raise InputError([Problem(None, None, None, "the case log has a header but no rows")])
    if n > MAX_LOG_ROWS:
        raise InputError([Problem(None, None, None, f"the case log has {n:,} rows; at most "
                                                    f"{MAX_LOG_ROWS:,} are allowed")])
    typed: dict[str, np.ndarray] = {"customer_id": cols["customer_id"]}
    invalid: dict[str, np.ndarray] = {}
    for c in FLAGS:
        s = pd.Series(cols[c], dtype=object).str.lower()
        yes = s.isin(_TRUE).to_numpy()
        invalid[c] = ~(yes | s.isin(_FALSE).to_numpy())
        typed[c] = yes
    for m in MONEY:
        if m not in cols:
            continue
        s = pd.Series(cols[m], dtype=object)
        blank = (s == "").to_numpy()
        values = pd.to_numeric(s.where(~blank, None), errors="coerce").to_numpy(dtype=float,
                                                                              copy=True)
        invalid[m] = ~blank & ~np.isfinite(values)
        typed[m] = values
    return _check_rows(typed, lines, invalid, cols)


def _check_rows(cols: dict[str, np.ndarray], lines: np.ndarray,
                invalid: dict[str, np.ndarray] | None = None,
                raw: dict[str, np.ndarray] | None = None) -> Log:
    """Typed columns -> the usable rows and the problems of the others. ``invalid`` marks cells
    that could not be read (with their ``raw`` text for the message)."""
    invalid = invalid or {}
    n = len(lines)
    if n > MAX_LOG_ROWS:
        raise InputError([Problem(None, None, None, f"the case log has {n:,} rows; at most "
                                                    f"{MAX_LOG_ROWS:,} are allowed")])
    bad = np.zeros(n, dtype=bool)
    row_problems: list[tuple[int, int, Problem]] = []     # (row index, column order, problem)

    def report(mask, column, order, message, values=None):
        idx = np.flatnonzero(mask)
        for i in idx[:MAX_LISTED]:
            value = None if values is None else values[i]
            row_problems.append((int(i), order, Problem(int(lines[i]), column, value, message)))
        return idx.size

    flags = {}
    for order, c in enumerate(FLAGS):
        if c in invalid:
            report(invalid[c], c, order, "must be 0/1 or true/false", raw[c])
            bad |= invalid[c]
        flags[c] = cols[c]
    ok = ~bad
    f, c_, r, q = flags["failed"], flags["complained"], flags["resolved"], flags["resolved_fast"]
    for mask, column, message in (
            (ok & c_ & ~f, "complained", "complained without a failure (failed is 0)"),
            (ok & r & ~c_, "resolved", "resolved without a complaint (complained is 0)"),
            (ok & q & ~r, "resolved_fast", "resolved fast but not resolved (resolved is 0)")):
        report(mask, column, FLAGS.index(column), message)
        bad |= mask
    money = {}
    for order, m in enumerate(MONEY, start=len(FLAGS)):
        if m not in cols:
            continue
        values = cols[m]
        unread = invalid.get(m, np.zeros(n, dtype=bool))
        with np.errstate(invalid="ignore"):
            wrong = unread | (values < 0) | np.isinf(values)
        shown = raw[m] if raw is not None and m in raw else values
        report(wrong, m, order, "must be a number of at least 0 (or blank)", shown)
        bad |= wrong
        money[m] = values
    ids = pd.Series(cols["customer_id"], dtype=object)
    blank_id = (ids.str.strip() == "").to_numpy()
    report(blank_id, "customer_id", -1, "customer_id is blank")
    bad |= blank_id

    row_problems.sort(key=lambda x: (x[0], x[1]))
    problems = [p for _, _, p in row_problems[:MAX_LISTED]]
    n_bad = int(bad.sum())
    if n_bad > len({p.row for p in problems}):
        problems.append(Problem(None, None, None, f"{n_bad:,} rows in all have problems; the "
                                                  f"first {MAX_LISTED} problems are listed"))
    keep = ~bad
    frame = pd.DataFrame({"customer_id": ids.to_numpy()[keep],
                          **{k: v[keep] for k, v in flags.items()},
                          **{k: v[keep] for k, v in money.items()}},
                         index=pd.Index(lines[keep], name="row"))
    return Log(frame, problems, n_bad, n)


# --------------------------------------------------------------------------------------------
# Estimates
# --------------------------------------------------------------------------------------------

@dataclass
class Calibration:
    table: pd.DataFrame      # one row per estimate
    rows_used: int

    def baseline(self) -> dict[str, float]:
        """The inputs the log estimates (those it has data for): put them over a scenario to
        make the log its baseline."""
        return {row.parameter: float(row.estimate) for row in self.table.itertuples()
                if row.parameter in BY_NAME and np.isfinite(row.estimate)}

    def params(self) -> dict[str, float]:
        """Defaults with every estimate put in as the baseline."""
        return {**DEFAULTS, **self.baseline()}

    def scenario_frame(self, name: str = "calibrated from case log") -> pd.DataFrame:
        from .model import evaluate_table
        frame = pd.DataFrame([{"scenario": name, **self.params()}])
        return evaluate_table(frame)

    def ranges(self) -> pd.DataFrame:
        """Monte Carlo ranges (low / most likely / high) from the rates' 95% intervals."""
        t = self.table[(self.table["kind"] == "rate") & np.isfinite(self.table["estimate"])
                       & self.table["parameter"].isin(NAMES)]
        return pd.DataFrame({"parameter": t["parameter"].to_numpy(),
                             "low": t["low"].to_numpy(), "most_likely": t["estimate"].to_numpy(),
                             "high": t["high"].to_numpy()})


# (estimate label, registry parameter, numerator flag, denominator)
RATES = (
    ("Failure rate", "failure_rate", "failed", "all customers"),
    ("Complaint rate", "complaint_rate_baseline", "complained", "failed"),
    ("Resolution rate", "resolution_rate_baseline", "resolved", "complained"),
    ("Fast-resolution share", "fast_resolution_share_baseline", "resolved_fast", "resolved"),
    ("Retention, no failure", "retention_no_failure", "retained", "no failure"),
    ("Retention, failed and silent", "retention_silent", "retained", "silent"),
    ("Retention, complained and unresolved", "retention_unresolved", "retained", "unresolved"),
    ("Retention, resolved slowly", "retention_resolved", "retained", "resolved slowly"),
    ("Retention, resolved quickly", "retention_resolved_fast", "retained", "resolved fast"),
    # not a model input: the holdout retention the experiment planner starts from
    ("Retention, all complainants", "", "retained", "complained"),
)


def estimate(frame: pd.DataFrame, confidence: float = CONFIDENCE) -> Calibration:
    """Rates with counts and Wilson intervals; mean money values with a normal-approximation
    interval (mean +- z x standard error)."""
    f = frame["failed"].to_numpy(bool)
    c = frame["complained"].to_numpy(bool)
    r = frame["resolved"].to_numpy(bool)
    q = frame["resolved_fast"].to_numpy(bool)
    kept = frame["retained"].to_numpy(bool)
    groups = {"all customers": np.ones(len(frame), bool), "failed": f, "complained": c,
              "resolved": r, "no failure": ~f, "silent": f & ~c, "unresolved": c & ~r,
              "resolved slowly": r & ~q, "resolved fast": q}
    flag = {"failed": f, "complained": c, "resolved": r, "resolved_fast": q, "retained": kept}
    rows = []
    for label, param, num, den in RATES:
        g = groups[den]
        n = int(g.sum())
        k = int((flag[num] & g).sum())
        lo, hi = wilson(k, n, confidence)
        rows.append({"estimate_of": label, "parameter": param, "kind": "rate", "base": den,
                     "count": k, "n": n, "estimate": k / n if n else np.nan,
                     "low": float(lo), "high": float(hi), "thin": n < THIN})
    z = stats.norm.ppf(0.5 + confidence / 2)
    for label, param, col, den in (
            ("Revenue per customer", "revenue_per_customer", "revenue", "all customers"),
            ("Compensation per resolution", "compensation_per_resolution_baseline",
             "compensation", "resolved"),
            ("Handling cost per complaint", "handling_cost_per_complaint", "handling_cost",
             "complained")):
        if col not in frame.columns:
            continue
        v = frame[col].to_numpy(float)[groups[den]]
        v = v[np.isfinite(v)]
        n = v.size
        mean = float(v.mean()) if n else np.nan
        se = float(v.std(ddof=1) / np.sqrt(n)) if n > 1 else np.nan
        rows.append({"estimate_of": label, "parameter": param, "kind": "mean", "base": den,
                     "count": n, "n": n, "estimate": mean,
                     "low": max(mean - z * se, 0.0) if n > 1 else np.nan,
                     "high": mean + z * se if n > 1 else np.nan, "thin": n < THIN})
    return Calibration(pd.DataFrame(rows), len(frame))


# --------------------------------------------------------------------------------------------
# Experiment planner
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Plan:
    per_group: int              # with continuity correction (Fleiss, Tytun & Ury 1980)
    per_group_uncorrected: int  # the "classical" normal-approximation formula
    total: int
    months: float               # months of complaints needed at the given volume


def sample_size(p1: float, p2: float, alpha: float = 0.05, power: float = 0.80,
                two_sided: bool = True) -> tuple[int, int]:
    """Customers per group to detect retention p1 (holdout) against p2 (program) with a
    two-proportion test: Fleiss (1981), equal groups. Returns (with continuity correction,
    without), each rounded up."""
    problems = []
    for name, v in (("p1", p1), ("p2", p2)):
        if not 0 < v < 1:
            problems.append(Problem(None, name, v, "must be strictly between 0 and 1"))
    if p1 == p2:
        problems.append(Problem(None, "lift", 0, "the lift must not be 0"))
    if not 0 < alpha < 1:
        problems.append(Problem(None, "alpha", alpha, "must be strictly between 0 and 1"))
    if not 0 < power < 1:
        problems.append(Problem(None, "power", power, "must be strictly between 0 and 1"))
    if problems:
        raise InputError(problems)
    za = stats.norm.ppf(1 - alpha / 2 if two_sided else 1 - alpha)
    zb = stats.norm.ppf(power)
    pbar = (p1 + p2) / 2
    d = abs(p2 - p1)
    n = (za * np.sqrt(2 * pbar * (1 - pbar)) + zb * np.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) ** 2
    n /= d * d
    n_cc = n / 4 * (1 + np.sqrt(1 + 4 / (n * d))) ** 2
    return int(np.ceil(n_cc - 1e-9)), int(np.ceil(n - 1e-9))


def plan(p1: float, lift: float, monthly_complaints: float, alpha: float = 0.05,
         power: float = 0.80) -> Plan:
    """Holdout vs program: customers per group to detect ``lift`` (points of retention) over
    ``p1``, and the months of complaints that takes when every complainant is assigned to one
    of the two groups, half each."""
    if not monthly_complaints > 0:
        raise InputError([Problem(None, "monthly_complaints", monthly_complaints,
                                  "must be more than 0")])
    cc, plain = sample_size(p1, p1 + lift, alpha, power)
    return Plan(cc, plain, 2 * cc, 2 * cc / monthly_complaints)


__all__ = ["Calibration", "Log", "Plan", "estimate", "parse_log", "plan", "read_log",
           "sample_size", "wilson"]
