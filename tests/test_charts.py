"""The figures: valid plotly specs that carry calc's numbers."""

import math

import plotly.graph_objects as go
import pytest

import calc
from calc.model.scenario import customer_flow
from ui.figures import charts


def test_calculator_figures_are_valid_plotly():
    m = calc.evaluate()
    figs = [charts.value_waterfall(m, "$"),
            charts.cumulative_cash_flow(calc.projection(), m["payback_years"], "$"),
            charts.customer_flow(customer_flow(), "baseline", "Today"),
            charts.customer_flow(customer_flow(), "program", "With the program")]
    for fig in figs:
        go.Figure(fig)            # raises on any invalid property


def test_waterfall_steps_add_up_to_net_value():
    m = calc.evaluate()
    y = charts.value_waterfall(m, "$")["data"][0]["y"]
    # MODEL.md worked example: benefit 86,951.2745..., costs 7,500 + 28,800 + 40,000
    assert y[:4] == pytest.approx([86951.2744846953, -7500, -28800, -40000])
    assert math.isclose(sum(y[:4]), y[4])


def test_cash_flow_marks_the_payback_point():
    m = calc.evaluate()
    fig = charts.cumulative_cash_flow(calc.projection(), m["payback_years"], "$")
    payback = [t for t in fig["data"] if t.get("name") == "Payback"][0]
    assert payback["x"] == [m["payback_years"]]
    no_payback = charts.cumulative_cash_flow(calc.projection(horizon_years=1), math.nan, "$")
    assert not [t for t in no_payback["data"] if t.get("name") == "Payback"]


def test_sankey_kept_equals_retained_failed():
    fig = charts.customer_flow(customer_flow(), "program", "x")
    link = fig["data"][0]["link"]
    labels = fig["data"][0]["node"]["label"]
    kept = [i for i, l in enumerate(labels) if l.startswith("Kept")][0]
    total = sum(v for v, t in zip(link["value"], link["target"]) if t == kept)
    assert math.isclose(total, calc.evaluate()["retained_failed_program"])


@pytest.mark.parametrize("top, step, shown", [
    # the report: shares up to ~2% read 0%, 1%, 1%, 2% with whole percents at a 0.5% step
    (0.02, 0.005, ["0.0%", "0.5%", "1.0%", "1.5%", "2.0%"]),
    (0.031, 0.01, ["0%", "1%", "2%", "3%"]),
    (0.004, 0.001, ["0.0%", "0.1%", "0.2%", "0.3%", "0.4%"]),
    (0.07, 0.02, ["0%", "2%", "4%", "6%"]),
    (0.0012, 0.0005, ["0.00%", "0.05%", "0.10%"])])
def test_share_ticks_never_repeat(top, step, shown):
    from ui.figures.layout import share_ticks
    t = share_ticks(top)
    assert t["dtick"] == pytest.approx(step)
    labels = [format(i * t["dtick"], t["tickformat"])
              for i in range(int(top / t["dtick"] + 1e-9) + 1)]
    assert labels == shown           # d3's ".1%" is Python's ".1%"
