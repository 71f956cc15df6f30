"""Plotly figures for the dashboard. Pure: tables in, figures out; no streamlit, no formulas
(the numbers come from calc).

Every builder takes user text raw (names, the currency symbol, labels) and passes each piece
through ui.escape.chart_text before it reaches the figure, so plotly shows it as typed; pages
never escape for a chart themselves."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ui.figures.escape import chart_text, chart_texts
from ui.figures.layout import TOP_MARGIN, share_ticks, title_layout
from calc.text.format import money, pct

BLUE, GREEN, RED, GREY, ORANGE = "#1f77b4", "#2ca02c", "#d62728", "#7f7f7f", "#ff7f0e"
NODE_COLOURS = {"Failed": GREY, "Silent": "#9467bd", "Complained": BLUE, "Unresolved": ORANGE,
                "Resolved slowly": "#17becf", "Resolved fast": GREEN, "Kept": GREEN, "Lost": RED}


def _layout(fig: go.Figure, title: str, height: int = 380) -> go.Figure:
    fig.update_layout(title=title_layout(chart_text(title)), height=height,
                      margin=dict(l=10, r=10, t=TOP_MARGIN, b=10))
    return fig


# The calculator's three figures are built as plain plotly dicts (the JSON plotly.js reads):
# they are redrawn on every input change, and graph_objects' validation cost ~80 ms a rerun.

def _dict_layout(title: str, height: int, **extra) -> dict:
    layout = {"title": title_layout(chart_text(title)), "height": height,
              "margin": {"l": 10, "r": 10, "t": TOP_MARGIN, "b": 10}}
    layout.update(extra)
    return layout


def _floats(values) -> list[float]:
    return [float(v) for v in values]


def customer_flow(flow: pd.DataFrame, world: str, title: str) -> dict:
    """Sankey of one world's failed customers (from calc.model.customer_flow)."""
    w = flow[flow["world"] == world]
    nodes = list(dict.fromkeys([*w["source"], *w["target"]]))
    index = {n: i for i, n in enumerate(nodes)}
    totals = {n: max(w[w["target"] == n]["customers"].sum(), w[w["source"] == n]["customers"].sum())
              for n in nodes}
    columns = {"Failed": 0.001, "Silent": 0.3, "Complained": 0.3, "Unresolved": 0.62,
               "Resolved slowly": 0.62, "Resolved fast": 0.62, "Kept": 0.999, "Lost": 0.999}
    rows = {"Silent": 0.2, "Complained": 0.75, "Unresolved": 0.55, "Resolved slowly": 0.75,
            "Resolved fast": 0.92, "Kept": 0.3, "Lost": 0.8}
    sankey = {
        "type": "sankey", "arrangement": "snap", "valueformat": ",.1f",
        "node": {"label": chart_texts(f"{n}: {totals[n]:,.0f}" for n in nodes),
                 "color": [NODE_COLOURS.get(n, GREY) for n in nodes], "pad": 18, "thickness": 14,
                 "x": [columns.get(n, 0.5) for n in nodes], "y": [rows.get(n, 0.5) for n in nodes]},
        "link": {"source": [index[x] for x in w["source"]],
                 "target": [index[x] for x in w["target"]],
                 "value": _floats(w["customers"]),
                 "color": ["rgba(44,160,44,0.35)" if t == "Kept" else
                           "rgba(214,39,40,0.30)" if t == "Lost" else "rgba(127,127,127,0.25)"
                           for t in w["target"]]},
    }
    return {"data": [sankey], "layout": _dict_layout(title, 420, font={"size": 12})}


def value_waterfall(m: dict, cur: str) -> dict:
    """Benefit, minus handling, compensation and fixed cost, gives the net value."""
    cur = chart_text(cur)
    steps = [("Total<br>benefit", m["total_benefit"], "relative"),
             ("Extra<br>handling", -m["incremental_handling_cost"], "relative"),
             ("Extra<br>compensation", -m["incremental_compensation_cost"], "relative"),
             ("Fixed<br>cost", -m["fixed_cost_total"], "relative"),
             ("Net<br>value", m["net_value"], "total")]
    trace = {"type": "waterfall", "x": [s[0] for s in steps], "y": _floats(s[1] for s in steps),
             "measure": [s[2] for s in steps],
             "text": [money(s[1], cur, cents=False) for s in steps], "textposition": "outside",
             "increasing": {"marker": {"color": GREEN}},
             "decreasing": {"marker": {"color": RED}},
             "totals": {"marker": {"color": BLUE}},
             "connector": {"line": {"color": GREY, "width": 1}}}
    layout = _dict_layout("Where the net value comes from", 380, showlegend=False,
                          xaxis={"tickangle": 0, "automargin": True},
                          yaxis={"title": {"text": f"{cur} (discounted)"},
                                 "separatethousands": True})
    return {"data": [trace], "layout": layout}


def cumulative_cash_flow(proj: pd.DataFrame, payback: float, cur: str) -> dict:
    cur = chart_text(cur)
    dcf = _floats(proj["discounted_cash_flow"])
    years = [int(y) for y in proj["year"]]
    data = [
        {"type": "bar", "x": years, "y": dcf, "name": "Discounted cash flow", "opacity": 0.55,
         "marker": {"color": [RED if v < 0 else GREEN for v in dcf]}},
        {"type": "scatter", "x": years, "y": _floats(proj["cumulative_discounted_cash_flow"]),
         "mode": "lines+markers", "name": "Cumulative", "line": {"color": BLUE, "width": 3}},
    ]
    if payback is not None and np.isfinite(payback):
        data.append({"type": "scatter", "x": [float(payback)], "y": [0.0],
                     "mode": "markers+text", "name": "Payback",
                     "marker": {"symbol": "diamond", "size": 14, "color": ORANGE},
                     "text": [f"payback {payback:.2f} years"], "textposition": "bottom right"})
    layout = _dict_layout(
        "Cumulative discounted cash flow", 400,
        legend={"orientation": "h", "y": -0.25},
        xaxis={"title": {"text": "Year"}, "dtick": 1},
        yaxis={"title": {"text": f"{cur} (discounted)"}, "separatethousands": True},
        shapes=[{"type": "line", "xref": "paper", "x0": 0, "x1": 1, "yref": "y", "y0": 0,
                 "y1": 0, "line": {"color": GREY, "width": 1}}])
    return {"data": data, "layout": layout}


def tornado(table: pd.DataFrame, metric: str, metric_label: str, cur: str, top: int = 12) -> go.Figure:
    t = table.head(top).iloc[::-1]
    base = float(t[f"{metric}_base"].iloc[0]) if len(t) else 0.0
    labels, axis = chart_texts(t["label"]), chart_text(metric_label)
    fig = go.Figure()
    fig.add_bar(y=labels, x=t[f"{metric}_low"] - base, base=base, orientation="h",
                name="Parameter low", marker_color=RED,
                customdata=t["low_value"], hovertemplate="%{y}: low %{customdata:.4g} -> %{x:,.2f}<extra></extra>")
    fig.add_bar(y=labels, x=t[f"{metric}_high"] - base, base=base, orientation="h",
                name="Parameter high", marker_color=GREEN,
                customdata=t["high_value"], hovertemplate="%{y}: high %{customdata:.4g} -> %{x:,.2f}<extra></extra>")
    fig.add_vline(x=base, line=dict(color=GREY, dash="dot"))
    fig.update_layout(barmode="overlay", legend=dict(orientation="h", y=-0.15))
    fig.update_xaxes(title_text=axis, separatethousands=True)
    fig.update_yaxes(automargin=True)
    return _layout(fig, f"Tornado: {metric_label} when each input moves", 120 + 32 * len(t))


def _tick(v: float) -> str:
    """An axis value: 60,000 rather than 6e+04; 0.475 as it is."""
    return f"{v:,.0f}" if abs(v) >= 1000 else f"{v:.4g}"


def heatmap(grid: pd.DataFrame, x_label: str, y_label: str, metric_label: str) -> go.Figure:
    z = grid.to_numpy()
    lim = float(np.nanmax(np.abs(z))) if np.isfinite(z).any() else 1.0
    title = f"{metric_label} over two inputs"
    x_label, y_label, metric_label = map(chart_text, (x_label, y_label, metric_label))
    fig = go.Figure(go.Heatmap(
        z=z, x=[_tick(v) for v in grid.columns], y=[_tick(v) for v in grid.index],
        colorscale="RdYlGn", zmid=0, zmin=-lim, zmax=lim,
        colorbar=dict(title=dict(text=metric_label)),
        hovertemplate=f"{x_label} %{{x}}<br>{y_label} %{{y}}<br>{metric_label} %{{z:,.2f}}<extra></extra>",
    ))
    fig.update_xaxes(title_text=x_label, type="category")
    fig.update_yaxes(title_text=y_label, type="category")
    return _layout(fig, title, 480)


def histogram(values: np.ndarray, summary: dict, cur: str, bins: int = 60) -> go.Figure:
    v = np.asarray(values, float)
    v = v[np.isfinite(v)]
    shown = chart_text(cur)
    counts, edges = np.histogram(v, bins=bins)
    mids = (edges[:-1] + edges[1:]) / 2
    share = counts / max(len(v), 1)
    fig = go.Figure(go.Bar(x=mids, y=share, width=np.diff(edges),
                           marker_color=[GREEN if m > 0 else RED for m in mids],
                           hovertemplate=f"net value ~ {shown}%{{x:,.0f}}<br>%{{y:.2%}} of draws<extra></extra>"))
    for key, label in (("net_value_p5", "p5"), ("net_value_p50", "median"), ("net_value_p95", "p95")):
        fig.add_vline(x=summary[key], line=dict(color=GREY, dash="dash"),
                      annotation_text=label, annotation_position="top")
    fig.add_vline(x=0, line=dict(color="black", width=1))
    fig.update_xaxes(title_text=f"Net value ({shown})", separatethousands=True)
    fig.update_yaxes(title_text="Share of draws", **share_ticks(float(share.max(initial=0.0))))
    title = f"Net value over {len(v):,} draws: P(net value > 0) = {pct(summary['prob_net_value_positive'])}"
    return _layout(fig, title, 420)


def bars(labels, values, title: str, axis: str, cur: str | None = None) -> go.Figure:
    """Horizontal bars, one per label, the first at the top: names of any length and any number
    (a page of 50 segments) stay readable, each on its own line."""
    values = np.asarray(values, float)
    shown = chart_text(cur) if cur else None
    fig = go.Figure(go.Bar(y=chart_texts(labels), x=values, orientation="h",
                           marker_color=[GREEN if v > 0 else RED for v in values],
                           text=[money(v, shown, cents=False) if cur else f"{v:,.3g}"
                                 for v in values],
                           textposition="auto", cliponaxis=False,
                           hovertemplate="%{y}: %{text}<extra></extra>"))
    # the value axis on top, under the title: with 50 bars the foot of the chart is off screen
    fig.update_xaxes(title_text=chart_text(axis), separatethousands=True, automargin=True,
                     side="top", zeroline=True, zerolinecolor="black")
    fig.update_yaxes(automargin=True, autorange="reversed", type="category", dtick=1)
    _layout(fig, title, max(320, 120 + 24 * len(values)))
    fig.update_layout(margin=dict(r=20))
    return fig


def grouped_bars(table: pd.DataFrame, label_col: str, value_cols: dict[str, str], title: str,
                 axis: str, cur: str | None = None) -> go.Figure:
    fig = go.Figure()
    labels = chart_texts(table[label_col])
    # fixed colours, none red: a cost is a positive amount, not a loss
    for (col, name), colour in zip(value_cols.items(), [GREEN, GREY, BLUE, ORANGE] * 4):
        fig.add_bar(x=labels, y=table[col], name=chart_text(name), marker_color=colour)
    # legend above the bars: below them, long tilted names would run under it
    fig.update_layout(barmode="group",
                      legend=dict(orientation="h", x=1, xanchor="right", y=1.02,
                                  yanchor="bottom"))
    fig.update_yaxes(title_text=chart_text(axis), separatethousands=True)
    fig.update_xaxes(automargin=True)        # long names tilt inside the figure, not off it
    _layout(fig, title, 420)
    fig.update_layout(margin=dict(t=TOP_MARGIN + 30))     # room for the legend above the bars
    return fig
