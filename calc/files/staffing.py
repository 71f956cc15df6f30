"""Files of the contact-centre model: the cases CSV of ``python -m calc staffing`` (read, checked,
evaluated) and the interval volumes a user uploads on the Staffing page."""

from __future__ import annotations

import numpy as np
import pandas as pd

from calc.files.cells import check_header, parse_number_column, read_rows, read_text
from calc.model.params import InputError, Problem
from calc.staffing.erlang import MAX_AGENTS, RULES
from calc.staffing.cases import (INPUTS, REQUIRED, CASE_COLUMN, MAX_TRAFFIC, OPTIONAL_BLANK,
                                 TARGETS)

# Shares: a file may write 80% as well as 0.8.
SHARES = ("service_level_target", "max_occupancy", "max_abandon_rate", "shrinkage")


def _problems_of(name: str, values: np.ndarray, blank: np.ndarray, lines: np.ndarray, raw):
    ok, rule = RULES[name]
    with np.errstate(invalid="ignore"):
        bad = ~blank & ~(np.isfinite(values) & ok(values))
    out = [Problem(int(lines[i]), name, raw[i].strip(), rule) for i in np.flatnonzero(bad)[:20]]
    if bad.sum() > 20:
        out.append(Problem(None, name, None, f"{int(bad.sum()) - 20} more values are invalid"))
    if name not in OPTIONAL_BLANK:
        out += [Problem(int(lines[i]), name, "", "is blank; give a number")
                for i in np.flatnonzero(blank)[:20]]
    return out


def parse_cases(text: str) -> pd.DataFrame:
    """The cases CSV -> one row per case with every input column (blank optional cells NaN).
    Every problem is listed as row, column, value and what is wrong."""
    header, body, sep, lines = read_rows(text, "cases file")
    problems = check_header(header, (CASE_COLUMN, *INPUTS), REQUIRED,
                            f"the columns are {', '.join((CASE_COLUMN, *INPUTS))}")
    if problems:
        raise InputError(problems)
    line_no = np.asarray(lines)
    columns = dict(zip(header, zip(*body))) if body else {c: () for c in header}
    if not body:
        raise InputError([Problem(None, None, None, "the cases file has a header but no rows")])
    out = {CASE_COLUMN: ([str(c).strip() for c in columns[CASE_COLUMN]]
                         if CASE_COLUMN in columns else [str(i + 1) for i in range(len(body))])}
    for name in INPUTS:
        if name not in columns:
            out[name] = np.full(len(body), np.nan)
            continue
        values, blank, col_problems = parse_number_column(
            name, list(columns[name]), line_no, sep, allow_percent=name in SHARES)
        problems += col_problems or _problems_of(name, values, blank, line_no, columns[name])
        out[name] = values
    frame = pd.DataFrame(out)
    if not problems:
        problems += _row_problems(frame, line_no, columns)
    if not problems:
        traffic = frame["arrivals_per_hour"] * frame["handle_time_seconds"] / 3600.0
        targeted = frame[list(TARGETS)].notna().any(axis=1).to_numpy()
        big = np.flatnonzero((traffic > MAX_TRAFFIC) & targeted)
        problems += [Problem(int(line_no[i]), "arrivals_per_hour", columns["arrivals_per_hour"][i],
                             f"with this handle time the traffic is {traffic[i]:,.0f} erlangs; "
                             f"agents are sized up to {MAX_AGENTS:,}: split the case into "
                             f"sites") for i in big[:20]]
    if problems:
        raise InputError(problems)
    return frame


def _row_problems(frame: pd.DataFrame, line_no: np.ndarray, columns) -> list[Problem]:
    """Rules across the columns of a row: an abandonment target needs a patience (Erlang A),
    and a row needs agents or a target (else there is nothing to compute)."""
    out = []
    no_patience = frame["patience_seconds"].isna().to_numpy()
    bad = np.flatnonzero(no_patience & frame["max_abandon_rate"].notna().to_numpy())
    out += [Problem(int(line_no[i]), "max_abandon_rate", columns["max_abandon_rate"][i],
                    "is a target of Erlang A only: give patience_seconds in this row, or leave "
                    "max_abandon_rate blank (contacts that never hang up never abandon)")
            for i in bad[:20]]
    nothing = (frame["agents"].isna() & ~frame[list(TARGETS)].notna().any(axis=1)).to_numpy()
    out += [Problem(int(line_no[i]), "agents", "", "is blank and the row has no target: give "
                    "agents, or a service_level_target, max_occupancy or max_abandon_rate")
            for i in np.flatnonzero(nothing)[:20]]
    return out


def read_cases(source) -> pd.DataFrame:
    return parse_cases(read_text(source))


INTERVAL_COLUMNS = ("interval_start", "contacts")


def parse_intervals(text: str, interval_minutes: float | None = None) -> pd.DataFrame:
    """Interval volumes (interval_start, contacts), e.g. half-hours of a typical week, sorted by
    start. Returns the columns interval_start (datetime) and contacts, with attribute
    ``interval_hours`` set from the spacing of the starts, or, given ``interval_minutes`` (15, 30
    or 60), checked against it: every start a whole number of intervals after the one before
    (closed hours may be left out), each row named where one is not."""
    header, body, sep, lines = read_rows(text, "interval file")
    problems = check_header(header, INTERVAL_COLUMNS, INTERVAL_COLUMNS,
                            "the columns are interval_start, contacts")
    if problems:
        raise InputError(problems)
    line_no = np.asarray(lines)
    if len(body) < 2:
        raise InputError([Problem(None, None, None, "the interval file needs at least two "
                                                    "intervals, one row each")])
    columns = dict(zip(header, zip(*body)))
    starts = pd.to_datetime(pd.Series(columns["interval_start"]).str.strip(), errors="coerce",
                            format="mixed")
    problems += [Problem(int(line_no[i]), "interval_start", columns["interval_start"][i],
                         "is not a date and time such as 2025-03-03 09:00")
                 for i in np.flatnonzero(starts.isna())[:20]]
    values, blank, col_problems = parse_number_column("contacts", list(columns["contacts"]),
                                                      line_no, sep, allow_percent=False)
    with np.errstate(invalid="ignore"):
        bad = blank | ~np.isfinite(values) | (values < 0)
    problems += col_problems or [Problem(int(line_no[i]), "contacts", columns["contacts"][i],
                                         "must be a number of contacts, 0 or more")
                                 for i in np.flatnonzero(bad)[:20]]
    if problems:
        raise InputError(problems)
    frame = pd.DataFrame({"interval_start": starts.to_numpy(), "contacts": values},
                         index=line_no)
    frame = frame.sort_values("interval_start")
    if frame["interval_start"].duplicated().any():
        i = frame.index[frame["interval_start"].duplicated()][0]
        raise InputError([Problem(int(i), "interval_start", str(frame["interval_start"][i]),
                                  "appears twice; give each interval once")])
    if frame["contacts"].sum() <= 0:
        raise InputError([Problem(None, "contacts", None, "every interval has 0 contacts")])
    gaps = frame["interval_start"].diff().dt.total_seconds() / 60.0
    if interval_minutes is not None:
        steps = gaps.to_numpy()[1:] / interval_minutes
        off = np.flatnonzero(np.abs(steps - np.round(steps)) > 1e-9)
        if off.size:
            raise InputError([Problem(
                int(frame.index[i + 1]), "interval_start", str(frame["interval_start"].iloc[i + 1]),
                f"is {gaps.iloc[i + 1]:g} minutes after the interval before it; with "
                f"{interval_minutes:g}-minute intervals each start must be a whole number of "
                f"intervals after the last (check --interval-minutes)") for i in off[:20]])
    frame = frame.reset_index(drop=True)
    frame.attrs["interval_hours"] = (float(gaps.min()) / 60.0 if interval_minutes is None
                                     else interval_minutes / 60.0)
    return frame


def read_intervals(source, interval_minutes: float | None = None) -> pd.DataFrame:
    return parse_intervals(read_text(source), interval_minutes)

