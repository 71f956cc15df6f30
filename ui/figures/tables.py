"""Tables of metrics as the headline figures show them: short labels with units, currency,
percentages and years as text ("not reached" for a payback beyond the horizon), so nothing is
rounded to significant figures or shown as None."""

from __future__ import annotations

import pandas as pd

from calc.model.metrics import METRIC_BY_NAME

from calc.text.format import metric_value


def metric_heading(name: str) -> str:
    return METRIC_BY_NAME[name].short


def metric_columns(table: pd.DataFrame, names, cur: str, first: str | None = None,
                   first_heading: str = "Scenario") -> pd.DataFrame:
    """One text column per metric in ``names`` (rows as in ``table``), headed by its short
    label; ``first`` (e.g. the scenario name column) is kept in front."""
    out = {}
    if first is not None:
        out[first_heading] = table[first].astype(str).to_list()
    for name in names:
        spec = METRIC_BY_NAME[name]
        out[metric_heading(name)] = [metric_value(spec, v, cur) for v in table[name]]
    return pd.DataFrame(out)


def metric_rows(table: pd.DataFrame, names, cur: str) -> pd.DataFrame:
    """Metrics down, one column per row of ``table`` (its index names the columns)."""
    return pd.DataFrame({str(col): [metric_value(METRIC_BY_NAME[n], table.loc[col, n], cur)
                                    for n in names] for col in table.index},
                        index=[METRIC_BY_NAME[n].label for n in names])
