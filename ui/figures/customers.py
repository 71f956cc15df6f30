"""The calculator's model-v2 chart: customers in both worlds and the program's yearly cost.
A plain plotly dict (the JSON plotly.js reads), like the calculator's other figures."""

from __future__ import annotations

import pandas as pd

from ui.figures.layout import TOP_MARGIN, title_layout
from ui.figures.escape import chart_text

BLUE, GREEN, GREY, ORANGE = "#1f77b4", "#2ca02c", "#7f7f7f", "#ff7f0e"


def customers_and_cost(proj: pd.DataFrame, cur: str) -> dict:
    """Customers at the start of each year in both worlds (lines, left axis) and the program's
    cost paid at the start of each year (bars, right axis), from calc's projection."""
    years = [int(y) for y in proj["year"]]
    cur = chart_text(cur)           # the user's currency symbol, inert in plotly's text
    data = [
        {"type": "bar", "x": years, "y": [float(v) for v in proj["program_cost"]],
         "name": f"Program cost ({cur})", "yaxis": "y2", "opacity": 0.45,
         "marker": {"color": ORANGE},
         "hovertemplate": f"year %{{x}}: {cur}%{{y:,.0f}}<extra>program cost</extra>"},
        {"type": "scatter", "x": years, "y": [float(v) for v in proj["customers_baseline"]],
         "mode": "lines+markers", "name": "Customers, today", "line": {"color": GREY},
         "hovertemplate": "year %{x}: %{y:,.0f}<extra>today</extra>"},
        {"type": "scatter", "x": years, "y": [float(v) for v in proj["customers_program"]],
         "mode": "lines+markers", "name": "Customers, with program",
         "line": {"color": GREEN, "width": 3},
         "hovertemplate": "year %{x}: %{y:,.0f}<extra>with program</extra>"},
    ]
    layout = {"title": title_layout("Customers in both worlds, and what the program costs each "
                                    "year"),
              "height": 380, "margin": {"l": 10, "r": 10, "t": TOP_MARGIN, "b": 10},
              "legend": {"orientation": "h", "y": -0.25},
              "xaxis": {"title": {"text": "Year"}, "dtick": 1},
              # customers' axis fitted to the two lines (from 0 their gap would not show)
              "yaxis": {"title": {"text": "Customers"}, "separatethousands": True},
              "yaxis2": {"title": {"text": f"Program cost ({cur})"}, "overlaying": "y",
                         "side": "right", "separatethousands": True, "rangemode": "tozero",
                         "showgrid": False}}
    return {"data": data, "layout": layout}
