"""Uncertainty ranges as the dashboard's editor shows them: labels for names, percentages for
fractions, and back (rows counted from 1, blank rows dropped, half-filled rows a problem)."""

from __future__ import annotations
import numpy as np
import pandas as pd
from calc.model.ranges import RANGE_COLUMNS
from calc.model.params import BY_NAME, Problem
from calc.text.shown import BY_LABEL, scale, unit_shown


SHOWN_COLUMNS = ("Input", "Unit", "Low", "Most likely", "High")


def to_shown(ranges: pd.DataFrame, cur: str = "$") -> pd.DataFrame:
    """A ranges table with labels for names and percentages (30 for 0.30) for fractions."""
    rows = []
    for row in ranges.itertuples(index=False):
        name = str(row.parameter).strip()
        k = scale(name) if name in BY_NAME else 1.0
        rows.append({"Input": BY_NAME[name].label if name in BY_NAME else name,
                     "Unit": unit_shown(name, cur) if name in BY_NAME else "",
                     "Low": float(row.low) * k, "Most likely": float(row.most_likely) * k,
                     "High": float(row.high) * k})
    return pd.DataFrame(rows, columns=list(SHOWN_COLUMNS))


def from_shown(table: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """The editor's table back in model units, rows counted from 1. Rows left wholly empty
    (a row added and not filled) are dropped; a row with an input but a missing number, or a
    number but no input, is a problem, never silently used."""
    records, index, problems = [], [], []
    cells = table.reindex(columns=["Input", "Low", "Most likely", "High"])
    for i, row in enumerate(cells.itertuples(index=False), start=1):
        label, values = row[0], row[1:4]
        blank_label = label is None or (isinstance(label, float) and np.isnan(label)) or \
            not str(label).strip()
        blank_values = [v is None or (isinstance(v, float) and np.isnan(v)) for v in values]
        if blank_label and all(blank_values):
            continue
        if blank_label:
            problems.append(Problem(i, "Input", None, "choose an input, or delete the row"))
            continue
        spec = BY_LABEL.get(str(label))
        if spec is None:
            problems.append(Problem(i, "Input", label, "is not an input of the model"))
            continue
        for col, missing in zip(("Low", "Most likely", "High"), blank_values):
            if missing:
                problems.append(Problem(i, col, None, "is empty; give a number"))
        if any(blank_values):
            continue
        k = scale(spec.name)
        records.append({"parameter": spec.name, "low": float(values[0]) / k,
                        "most_likely": float(values[1]) / k, "high": float(values[2]) / k})
        index.append(i)
    frame = pd.DataFrame(records, columns=list(RANGE_COLUMNS), index=pd.Index(index, name="row"))
    return frame, problems

