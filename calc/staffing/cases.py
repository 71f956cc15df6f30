"""A table of contact-centre cases evaluated: the columns of ``python -m calc staffing``, the
rule each input must meet, and every queue output per case (the file itself is read by
:mod:`calc.files.staffing`)."""

from __future__ import annotations
import numpy as np
import pandas as pd
from calc.staffing.erlang import MAX_AGENTS, OUTPUTS, agents_required, queue


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

