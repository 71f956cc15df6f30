"""Reading one estimate out of a calibration table, so pages never filter tables themselves."""

from __future__ import annotations

import numpy as np
import pandas as pd

from calc.calibration.estimates import COMPLAINANT_RETENTION


def estimate_of(table: pd.DataFrame, label: str) -> float | None:
    """The estimate in the row labelled ``label`` (column ``estimate_of``), or None when the
    table has no such row or the estimate is not a finite number (no customers in the group)."""
    row = table[table["estimate_of"] == label]
    if not len(row):
        return None
    value = float(row["estimate"].iloc[0])
    return value if np.isfinite(value) else None


def complainant_retention(table: pd.DataFrame) -> float | None:
    """Share of the log's complainants who stayed: where the experiment planner starts."""
    return estimate_of(table, COMPLAINANT_RETENTION)
