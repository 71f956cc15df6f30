"""Figures of the Budget page, as plain plotly dicts (tables in, figures out; no formulas: the
numbers come from calc). User text (the currency symbol, budget labels) goes through
ui.escape.chart_text here, never in the page."""

from __future__ import annotations

import math

import pandas as pd

from ui.figures.charts import BLUE, GREEN, GREY, ORANGE, RED
from ui.figures.layout import TOP_MARGIN, title_layout
from ui.figures.escape import chart_text, chart_texts
from calc.text.format import money


def _layout(title: str, height: int, **extra) -> dict:
    layout = {"title": title_layout(title), "height": height,
              "margin": {"l": 10, "r": 10, "t": TOP_MARGIN, "b": 10}}
    layout.update(extra)
    return layout


def _f(values) -> list[float]:
    return [float(v) for v in values]


def _finite(x) -> bool:
    return x is not None and math.isfinite(float(x))


def lever_values(table: pd.DataFrame, cur: str) -> dict:
    """Horizontal bars, the most valuable step on top (``calc.budget.levers.ranked``)."""
    cur = chart_text(cur)
    t = table[table["net_value_change"].notna()].iloc[::-1]
    labels = [f"{lab} ({step})" for lab, step in zip(t["label"], chart_texts(t["step_text"]))]
    v = _f(t["net_value_change"])
    trace = {"type": "bar", "orientation": "h", "y": labels, "x": v,
             "marker": {"color": [GREEN if x >= 0 else RED for x in v]},
             "text": [money(x, cur, cents=False) for x in v], "textposition": "auto",
             "hovertemplate": "%{y}: %{x:,.0f}<extra></extra>"}
    return {"data": [trace],
            "layout": _layout("Net value of one step of each lever, over the horizon", 360,
                              xaxis={"title": {"text": f"change in net value ({cur})"},
                                     "separatethousands": True},
                              yaxis={"automargin": True})}


def split(columns: dict[str, pd.DataFrame], cur: str) -> dict:
    """Spend per lever for one or more budgets: ``{budget label: split table}``, as horizontal
    grouped bars (the lever names stay readable)."""
    colours = [BLUE, ORANGE, GREEN]
    cur = chart_text(cur)
    data = []
    for i, (raw_name, table) in enumerate(columns.items()):
        name, t = chart_text(raw_name), table.iloc[::-1]
        data.append({"type": "bar", "orientation": "h", "name": name, "y": list(t["label"]),
                     "x": _f(t["spend"]), "marker": {"color": colours[i % 3]},
                     "text": [money(x, cur, cents=False) for x in t["spend"]],
                     "textposition": "auto",
                     "hovertemplate": "%{y}: %{x:,.0f} a year<extra>" + name + "</extra>"})
    return {"data": data[::-1],
            "layout": _layout("Recommended spend per lever, a year", 400, barmode="group",
                              legend={"orientation": "h", "y": -0.2, "traceorder": "reversed"},
                              yaxis={"automargin": True},
                              xaxis={"title": {"text": f"{cur} a year"},
                                     "separatethousands": True, "rangemode": "tozero"})}


def frontier(table: pd.DataFrame, budget: float, net_at_budget: float, saturation: float,
             net_at_zero: float, cur: str) -> dict:
    """Best net value against the yearly budget, the current budget and the point where one
    more dollar returns less than a dollar marked."""
    cur = chart_text(cur)
    data = [{"type": "scatter", "mode": "lines", "name": "Best net value",
             "x": _f(table["budget"]), "y": _f(table["net_value"]),
             "line": {"color": BLUE, "width": 3},
             "hovertemplate": "budget %{x:,.0f}: net value %{y:,.0f}<extra></extra>"},
            {"type": "scatter", "mode": "markers+text", "name": "Your budget",
             "x": [float(budget)], "y": [float(net_at_budget)],
             "marker": {"color": ORANGE, "size": 13, "symbol": "diamond"},
             "text": [f"your budget: {money(net_at_budget, cur, cents=False)}"],
             "textposition": "bottom right"}]
    shapes = [{"type": "line", "xref": "paper", "x0": 0, "x1": 1, "yref": "y",
               "y0": float(net_at_zero), "y1": float(net_at_zero),
               "line": {"color": GREY, "width": 1, "dash": "dot"}}]
    notes = [{"xref": "paper", "x": 1, "y": float(net_at_zero), "yref": "y",
              "text": "nothing spent", "showarrow": False, "xanchor": "right",
              "yanchor": "top", "font": {"color": GREY}}]
    if _finite(saturation):
        shapes.append({"type": "line", "x0": float(saturation), "x1": float(saturation),
                       "yref": "paper", "y0": 0, "y1": 1,
                       "line": {"color": RED, "width": 2, "dash": "dash"}})
        notes.append({"x": float(saturation), "y": 0.5, "yref": "paper", "xanchor": "left",
                      "align": "left", "showarrow": False, "font": {"color": RED},
                      "bgcolor": "rgba(255,255,255,0.8)",
                      "text": f" beyond {money(saturation, cur, cents=False)} a year,<br> one "
                              f"more dollar returns<br> less than a dollar"})
    return {"data": data,
            "layout": _layout("Best net value for each yearly budget", 400, shapes=shapes,
                              annotations=notes, legend={"orientation": "h", "y": -0.25},
                              xaxis={"title": {"text": f"yearly budget ({cur})"},
                                     "separatethousands": True},
                              yaxis={"title": {"text": f"net value ({cur})"},
                                     "separatethousands": True})}


def compensation_response(curve: pd.DataFrame, peak_ratio: float, uplift_at_peak: float,
                          current_ratio: float) -> dict:
    """Retention uplift of resolved complainants against compensation / loss."""
    data = [{"type": "scatter", "mode": "lines", "name": "Retention uplift",
             "x": _f(curve["compensation_to_loss"]), "y": _f(curve["uplift"] * 100),
             "line": {"color": GREEN, "width": 3},
             "hovertemplate": "compensation %{x:.2f} x loss: +%{y:.2f} points<extra></extra>"},
            {"type": "scatter", "mode": "markers+text", "name": "Peak",
             "x": [float(peak_ratio)], "y": [float(uplift_at_peak) * 100],
             "marker": {"color": RED, "size": 12, "symbol": "diamond"},
             "text": [f"peak: +{uplift_at_peak * 100:.1f} points at {peak_ratio:g} x loss"],
             "textposition": "top right"}]
    shapes = []
    if _finite(current_ratio):
        shapes.append({"type": "line", "x0": float(current_ratio), "x1": float(current_ratio),
                       "yref": "paper", "y0": 0, "y1": 1,
                       "line": {"color": GREY, "width": 1, "dash": "dot"}})
    return {"data": data,
            "layout": _layout("What compensation buys: retention uplift", 360, shapes=shapes,
                              showlegend=False,
                              xaxis={"title": {"text": "compensation / loss per failure"}},
                              yaxis={"title": {"text": "retention points added"},
                                     "rangemode": "tozero"})}


def compensation_net(curve: pd.DataFrame, best: float, net_best: float, now: float,
                     break_even: float, cur: str) -> dict:
    """Net value against compensation per resolution, the best and the current marked."""
    cur = chart_text(cur)
    data = [{"type": "scatter", "mode": "lines", "name": "Net value",
             "x": _f(curve["compensation"]), "y": _f(curve["net_value"]),
             "line": {"color": BLUE, "width": 3},
             "hovertemplate": "compensation %{x:,.2f}: net value %{y:,.0f}<extra></extra>"},
            {"type": "scatter", "mode": "markers+text", "name": "Best",
             "x": [float(best)], "y": [float(net_best)],
             "marker": {"color": GREEN, "size": 13, "symbol": "star"},
             "text": [f"best: {money(best, cur)}"], "textposition": "top right"}]
    shapes = [{"type": "line", "x0": float(now), "x1": float(now), "yref": "paper", "y0": 0,
               "y1": 1, "line": {"color": GREY, "width": 1, "dash": "dot"}},
              {"type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": 0, "y1": 0,
               "line": {"color": RED, "width": 1}}]
    notes = [{"x": float(now), "y": 0, "yref": "paper", "text": f" now {money(now, cur)}",
              "showarrow": False, "xanchor": "left", "yanchor": "bottom", "font": {"color": GREY}}]
    if _finite(break_even) and break_even >= 0:
        notes.append({"x": float(break_even), "y": 0,
                      "text": f"break-even {money(break_even, cur)}", "showarrow": True,
                      "arrowhead": 2, "ax": 40, "ay": 35, "font": {"color": RED}})
    return {"data": data,
            "layout": _layout("Net value against compensation per resolved complaint", 360,
                              shapes=shapes, annotations=notes, showlegend=False,
                              xaxis={"title": {"text": f"compensation per resolution ({cur})"},
                                     "separatethousands": True},
                              yaxis={"title": {"text": f"net value ({cur})"},
                                     "separatethousands": True})}
