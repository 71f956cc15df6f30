"""Plotly figures of the Staffing page. Pure: tables in, figures out; the numbers come from
calc.staffing.plan."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ui.figures.charts import BLUE, GREEN, GREY, ORANGE, RED
from ui.figures.escape import chart_text
from calc.text.format import money


def agents_chart(curve: pd.DataFrame, current: int, required: float, target: float,
                 when: str = "busiest hour") -> go.Figure:
    """Service level and abandonment at the busiest hour against agents, with today's and the
    required staffing marked."""
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=curve["agents"], y=curve["service_level"] * 100,
                             name="Service level (% answered in time)", mode="lines",
                             line=dict(color=GREEN, width=3)))
    fig.add_trace(go.Scatter(x=curve["agents"], y=curve["abandon_rate"] * 100,
                             name="Abandoned (% hanging up)", mode="lines",
                             line=dict(color=RED, width=3)))
    fig.add_hline(y=target * 100, line=dict(color=GREY, dash="dot"),
                  annotation_text=f"target {target * 100:.0f}%", annotation_position="bottom right")
    same = required == current
    fig.add_vline(x=current, line=dict(color=BLUE, dash="dash"),
                  annotation_text=f"today = needed: {current}" if same else f"today: {current}",
                  annotation_position="top left")
    if required == required and not same:
        fig.add_vline(x=required, line=dict(color=ORANGE, dash="dash"),
                      annotation_text=f"needed: {required:.0f}", annotation_position="top right")
    fig.update_layout(title=dict(text=f"{when.capitalize()}: service level and abandonment by agents",
                                 x=0, xanchor="left"),
                      height=380, margin=dict(l=10, r=10, t=60, b=10),
                      xaxis_title="Agents on duty", yaxis_title="% of contacts",
                      yaxis_range=[0, 102], legend=dict(orientation="h", y=-0.25))
    return fig


def surge_chart(table: pd.DataFrame, cur: str) -> go.Figure:
    """What each way through the surge costs: extra agents and the value of customers lost."""
    body = table.iloc[1:]
    labels = ["Keep today's agents", "Staff up to the target"]
    fig = go.Figure()
    fig.add_trace(go.Bar(x=labels, y=body["extra_agent_cost"], name="Extra agent cost",
                         marker_color=BLUE))
    fig.add_trace(go.Bar(x=labels, y=body["value_lost"], name="Value of customers lost",
                         marker_color=RED,
                         text=[chart_text(money(v, cur, cents=False)) for v in body["total_cost"]],
                         textposition="outside"))
    fig.update_layout(barmode="stack", title=dict(text="Cost of the surge, both ways (bar "
                                                       "labels: total)", x=0, xanchor="left"),
                      height=360, margin=dict(l=10, r=10, t=60, b=10),
                      yaxis_title=f"{chart_text(cur)} over the surge",
                      legend=dict(orientation="h", y=-0.15))
    return fig


def plan_chart(table: pd.DataFrame, x, flat_agents: float, x_title: str) -> go.Figure:
    """Contacts an hour (bars, left axis) and agents required on duty and scheduled (right axis)
    per interval, with the flat plan's agents for comparison: steps over many intervals,
    markers over a few levels (the busiest hour and the rest)."""
    few = len(table) <= 3
    mode, shape = ("markers", "linear") if few else ("lines", "hv")
    fig = go.Figure()
    fig.add_trace(go.Bar(x=x, y=table["arrivals_per_hour"], name="Contacts an hour",
                         marker_color=GREY,
                         opacity=0.45, yaxis="y"))
    marker = dict(size=14 if few else 4)
    fig.add_trace(go.Scatter(x=x, y=table["agents"], name="Agents on duty (required)",
                             mode=mode, marker=dict(color=GREEN, symbol="circle", **marker),
                             line=dict(color=GREEN, width=2, shape=shape), yaxis="y2"))
    fig.add_trace(go.Scatter(x=x, y=table["scheduled"], name="Agents scheduled (after "
                             "shrinkage)", mode=mode,
                             marker=dict(color=BLUE, symbol="diamond", **marker),
                             line=dict(color=BLUE, width=2, shape=shape), yaxis="y2"))
    fig.add_trace(go.Scatter(x=x, y=[flat_agents] * len(table), name="Same agents on duty all day",
                             mode=mode, marker=dict(color=ORANGE, symbol="line-ew-open",
                                                    line=dict(width=3), size=30 if few else 4),
                             line=dict(color=ORANGE, dash="dash"), yaxis="y2"))
    fig.update_layout(title=dict(text="Contacts and agents, interval by interval", x=0,
                                 xanchor="left"),
                      height=400 if few else 460, margin=dict(l=10, r=10, t=60, b=10),
                      xaxis_title=x_title if few else None,
                      yaxis=dict(title="Contacts an hour", rangemode="tozero"),
                      yaxis2=dict(title="Agents", overlaying="y", side="right",
                                  rangemode="tozero", showgrid=False, tickformat=",d"),
                      legend=dict(orientation="h", y=-0.25 if few else -0.4))
    return fig
