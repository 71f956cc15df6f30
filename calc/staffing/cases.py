"""A table of contact-centre cases evaluated: the columns of ``python -m calc staffing``, the
rule each input must meet, and every queue output per case (the file itself is read by
:mod:`calc.files.staffing`)."""

from __future__ import annotations
import numpy as np
import pandas as pd
from calc.staffing.erlang import (MAX_AGENTS, OUTPUTS, agents_required, agents_scheduled,
                                  queue)


CASE_COLUMN = "case"


INPUTS = ("arrivals_per_hour", "handle_time_seconds", "agents", "target_answer_seconds",
          "patience_seconds", "service_level_target", "max_occupancy", "max_abandon_rate",
          "shrinkage")


REQUIRED = ("arrivals_per_hour", "handle_time_seconds", "target_answer_seconds")

# The targets: a case with any of them gets agents_required and agents_scheduled.
TARGETS = ("service_level_target", "max_occupancy", "max_abandon_rate")


OPTIONAL_BLANK = {"agents": "the queue's outputs describe agents_required agents",
                  "patience_seconds": "never hangs up",
                  "service_level_target": "no service-level target",
                  "max_occupancy": "no occupancy cap",
                  "max_abandon_rate": "no abandonment target",
                  "shrinkage": "0"}


MAX_TRAFFIC = 0.9 * MAX_AGENTS


OUTPUT_COLUMNS = (CASE_COLUMN, *INPUTS, *OUTPUTS, "agents_required", "agents_scheduled")


def evaluate_cases(frame: pd.DataFrame) -> pd.DataFrame:
    """The input columns, then every output, agents_required and agents_scheduled (blank where
    no target is given). Where agents is blank the queue's outputs describe agents_required
    agents (the case staffed to its targets)."""
    col = {c: frame[c].to_numpy(float) for c in INPUTS}
    shrinkage = np.where(np.isnan(col["shrinkage"]), 0.0, col["shrinkage"])
    required = agents_required(col["arrivals_per_hour"], col["handle_time_seconds"],
                               col["target_answer_seconds"], col["service_level_target"],
                               col["patience_seconds"], col["max_occupancy"],
                               col["max_abandon_rate"])
    agents = np.where(np.isnan(col["agents"]), required, col["agents"])
    known = ~np.isnan(agents)
    out = frame[list((CASE_COLUMN, *INPUTS))].copy()
    for name in OUTPUTS:
        out[name] = np.nan
    if known.any():
        result = queue(col["arrivals_per_hour"][known], col["handle_time_seconds"][known],
                       agents[known], col["target_answer_seconds"][known],
                       col["patience_seconds"][known])
        for name in OUTPUTS:
            out.loc[known, name] = result[name]
    out["agents_required"] = required
    out["agents_scheduled"] = agents_scheduled(required, shrinkage)
    return out[list(OUTPUT_COLUMNS)]
