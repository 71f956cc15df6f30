"""Tables of metrics as the headline figures show them: short labels with units, currency,
percentages and years as text ("not reached" for a payback beyond the horizon), so nothing is
rounded to significant figures or shown as None."""

from __future__ import annotations

import pandas as pd

from calc.model.metrics import METRIC_BY_NAME

from calc.text.format import count, metric_value, money


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


PROJECTION_TIMING = ("When money falls: each plan year's program cost is paid at its start and "
                     "its profit arrives at its end, so the row at time t holds the profit of "
                     "plan year t and the cost of plan year t+1 (time 0: plan year 1's cost "
                     "only). Discounted to the start of plan year 1.")


def _plan_year(t: int, last: int) -> str:
    if t == 0:
        return "start of 1"
    if t == last:
        return f"end of {t}"
    return f"end of {t}, start of {t + 1}"


def projection_rows(proj: pd.DataFrame, cur: str) -> pd.DataFrame:
    """The year-by-year projection as the calculator shows it under the cash-flow chart: one
    row per time t = 0..H with the plan year it falls in, figures to the cent."""
    last = int(proj["year"].iloc[-1])
    return pd.DataFrame({
        "time t": proj["year"].astype(int).to_list(),
        "plan year": [_plan_year(int(t), last) for t in proj["year"]],
        "extra customers": [count(v, 1) for v in proj["extra_customers"]],
        "profit (of plan year t)": [money(v, cur) for v in proj["profit"]],
        "program cost (of year t+1)": [money(v, cur) for v in proj["program_cost"]],
        "cash flow": [money(v, cur) for v in proj["cash_flow"]],
        "discounted": [money(v, cur) for v in proj["discounted_cash_flow"]],
        "cumulative": [money(v, cur) for v in
                                          proj["cumulative_discounted_cash_flow"]],
    })
