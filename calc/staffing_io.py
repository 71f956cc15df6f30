"""Files of the contact-centre model: the cases CSV of ``python -m calc staffing`` (read, checked,
evaluated) and the interval volumes a user uploads on the Staffing page."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .csvio import check_header, parse_number_column, read_rows, read_text
from .params import InputError, Problem
from .staffing import MAX_AGENTS, OUTPUTS, agents_required, queue

CASE_COLUMN = "case"
INPUTS = ("arrivals_per_hour", "handle_time_seconds", "agents", "target_answer_seconds",
          "patience_seconds", "service_level_target")
REQUIRED = INPUTS[:4]
OPTIONAL_BLANK = {"patience_seconds": "never hangs up",
                  "service_level_target": "no agents_required"}
MAX_TRAFFIC = 0.9 * MAX_AGENTS
# name -> (test of a valid value, what the value must be)
RULES = {
    "arrivals_per_hour": (lambda v: v > 0, "must be above 0 (contacts an hour)"),
    "handle_time_seconds": (lambda v: v > 0, "must be above 0 (seconds per contact)"),
    "agents": (lambda v: (v >= 1) & (v <= MAX_AGENTS) & (v == np.round(v)),
               f"must be a whole number of agents from 1 to {MAX_AGENTS:,}"),
    "target_answer_seconds": (lambda v: v >= 0, "must be 0 or more (seconds)"),
    "patience_seconds": (lambda v: v > 0, "must be above 0 seconds, or blank for contacts that "
                                          "never hang up"),
    "service_level_target": (lambda v: (v > 0) & (v < 1),
                             "must be above 0 and below 1 (0.8 or 80% = 80% answered in time), "
                             "or blank"),
}
OUTPUT_COLUMNS = (CASE_COLUMN, *INPUTS, *OUTPUTS, "agents_required")


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
            name, list(columns[name]), line_no, sep, allow_percent=name == "service_level_target")
        problems += col_problems or _problems_of(name, values, blank, line_no, columns[name])
        out[name] = values
    frame = pd.DataFrame(out)
    if not problems:
        traffic = frame["arrivals_per_hour"] * frame["handle_time_seconds"] / 3600.0
        big = np.flatnonzero((traffic > MAX_TRAFFIC) & frame["service_level_target"].notna())
        problems += [Problem(int(line_no[i]), "arrivals_per_hour", columns["arrivals_per_hour"][i],
                             f"with this handle time the traffic is {traffic[i]:,.0f} erlangs; "
                             f"agents are sized up to {MAX_AGENTS:,}: split the case into "
                             f"sites") for i in big[:20]]
    if problems:
        raise InputError(problems)
    return frame


def read_cases(source) -> pd.DataFrame:
    return parse_cases(read_text(source))


def evaluate_cases(frame: pd.DataFrame) -> pd.DataFrame:
    """The input columns, then every output and agents_required (blank where no target)."""
    args = [frame[c].to_numpy(float) for c in INPUTS[:4]]
    patience = frame["patience_seconds"].to_numpy(float)
    result = queue(*args, patience)
    out = frame[list((CASE_COLUMN, *INPUTS))].copy()
    for name in OUTPUTS:
        out[name] = result[name]
    out["agents_required"] = agents_required(args[0], args[1], args[3],
                                             frame["service_level_target"].to_numpy(float),
                                             patience)
    return out[list(OUTPUT_COLUMNS)]


INTERVAL_COLUMNS = ("interval_start", "contacts")


def parse_intervals(text: str) -> pd.DataFrame:
    """Interval volumes (interval_start, contacts), e.g. half-hours of a typical week, sorted by
    start. Returns the columns interval_start (datetime) and contacts, with attribute
    ``interval_hours`` set from the spacing of the starts."""
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
    gaps = frame["interval_start"].diff().dropna().dt.total_seconds() / 3600.0
    frame = frame.reset_index(drop=True)
    frame.attrs["interval_hours"] = float(gaps.min())
    return frame


def read_intervals(source) -> pd.DataFrame:
    return parse_intervals(read_text(source))


__all__ = ["INPUTS", "OUTPUT_COLUMNS", "evaluate_cases", "parse_cases", "parse_intervals",
           "read_cases", "read_intervals"]
