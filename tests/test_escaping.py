"""User text never becomes markup: every chart builder in ui/charts.py escapes every piece of user
text for plotly, and the escaping keeps names apart. (The browser test, test_escaping_browser.py,
checks what plotly then draws.)"""

import html
import inspect
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
import pytest

import calc
from calc.model.analyses import tornado, two_way
from calc.model.scenario import customer_flow
from ui.figures import charts
from ui.figures.escape import chart_text, chart_texts, file_name, md

RTL = "\u202e"
HOSTILE = [
    '<a href="https://example.com/phish">EXTLINK</a>',
    '<a href="javascript:alert(1)">JSLINK</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">DATALINK</a>',
    '<span style="font-size:60px">BIGTEXT</span>',
    '<b onmouseover="alert(1)">BOLDTEXT</b>',
    '<img src=x onerror="alert(1)">IMGTEXT',
    '<script>alert(1)</script>SCRIPTTEXT',
    f"invoice{RTL}fdp.exe",
    "R&D %{x} 100%",
]
CUR = "<i>$"
# markup the builders write themselves (line breaks, the hover box without the trace name)
OWN_MARKUP = ("<br>", "<extra></extra>")


def hostile_table(names):
    frame = pd.DataFrame({"scenario": names, "customers": 10_000 + 1_000 * np.arange(len(names))})
    return calc.evaluate_table(frame)


def hostile_tornado():
    t = tornado(calc.DEFAULTS, swing=0.2, metric="net_value").head(len(HOSTILE))
    return t.assign(label=HOSTILE[: len(t)])


def hostile_grid():
    return two_way(calc.DEFAULTS, "failure_rate", [0.2, 0.3], "customers", [1e4, 2e4])


# Every builder with user text in every argument that takes text.
BUILDERS = {
    "customer_flow": lambda: charts.customer_flow(customer_flow(), "program", HOSTILE[0]),
    "value_waterfall": lambda: charts.value_waterfall(calc.evaluate(), CUR),
    "cumulative_cash_flow": lambda: charts.cumulative_cash_flow(
        calc.projection(), calc.evaluate()["payback_years"], CUR),
    "tornado": lambda: charts.tornado(hostile_tornado(), "net_value", HOSTILE[3], CUR),
    "heatmap": lambda: charts.heatmap(hostile_grid(), HOSTILE[0], HOSTILE[1], HOSTILE[4]),
    "histogram": lambda: charts.histogram(
        np.linspace(-1e4, 3e4, 500),
        {"net_value_p5": -8e3, "net_value_p50": 1e4, "net_value_p95": 2.8e4,
         "prob_net_value_positive": 0.75}, CUR),
    "bars": lambda: charts.bars(HOSTILE, np.arange(len(HOSTILE)) - 3.0, HOSTILE[5],
                                f"Net value ({CUR})", CUR),
    "grouped_bars": lambda: charts.grouped_bars(
        hostile_table(HOSTILE), "scenario", {"net_value": HOSTILE[6]}, HOSTILE[2], CUR, CUR),
}


def figure_json(fig) -> str:
    """The JSON plotly.js receives, with JSON's own \\uXXXX escapes written out."""
    spec = fig if isinstance(fig, dict) else fig.to_plotly_json()
    return json.dumps(json.loads(pio.to_json(spec, validate=False)), ensure_ascii=False)


def test_every_chart_builder_is_covered():
    public = {name for name, f in inspect.getmembers(charts, inspect.isfunction)
              if not name.startswith("_") and f.__module__ == charts.__name__}
    assert public == set(BUILDERS), "add the new chart builder to BUILDERS"


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_builder_output_has_no_user_markup(name):
    fig = BUILDERS[name]()
    go.Figure(fig)                                  # still a valid figure
    text = figure_json(fig)
    rest = text
    for own in OWN_MARKUP:
        rest = rest.replace(own, "")
    assert "<" not in rest, re.findall(r".{30}<.{30}", rest)[:5]
    assert RTL not in text
    assert "%{x} 100%" not in text                # a name is never a template placeholder


@pytest.mark.parametrize("name", ["bars", "grouped_bars"])
def test_names_reach_the_figure_escaped_and_read_back_as_typed(name):
    fig = BUILDERS[name]()
    spec = fig.to_plotly_json()
    x = list(spec["data"][0]["y" if spec["data"][0].get("orientation") == "h" else "x"])
    # html.unescape stands in for plotly's entity decoding (same rule: named and numeric)
    shown = [html.unescape(v) for v in x]
    typed = [v.replace(RTL, "<U+202E>") for v in HOSTILE]
    assert shown == typed
    assert len(set(x)) == len(HOSTILE)


def test_currency_shows_as_typed_in_axis_titles_and_bar_text():
    fig = charts.value_waterfall(calc.evaluate(), CUR)
    assert html.unescape(fig["layout"]["yaxis"]["title"]["text"]) == "<i>$ (discounted)"
    assert all(html.unescape(t).lstrip("-").startswith("<i>$") for t in fig["data"][0]["text"])


@pytest.mark.parametrize("a, b", [
    ("a<b", "a&lt;b"), ("x&amp;", "x&"), ("50%", "50&#37;"), ("a\u202eb", "a<U+202E>b"),
    ("a\u202eb", "a&#60;U+202E&#62;b"), ("tab\there", "tab here"), ("", " ")])
def test_escaping_keeps_different_names_different(a, b):
    assert chart_text(a) != chart_text(b)


def test_escaping_by_hand():
    # each character's entity, written out by hand
    assert chart_text('<a href="x">&</a>') == '&lt;a href="x"&gt;&amp;&lt;/a&gt;'
    assert chart_text("100% %{y}") == "100&#37; &#37;{y}"
    assert chart_text("a\u202eb\u200bc") == "a&#60;U+202E&#62;b&#60;U+200B&#62;c"
    assert chart_text("Ünïcødé € £ ¥ 日本") == "Ünïcødé € £ ¥ 日本"
    assert chart_texts(["<", 1.5]) == ["&lt;", "1.5"]


def test_markdown_and_file_names():
    assert md("**$5** [x](y)") == r"\*\*\$5\*\* \[x\]\(y\)"
    assert file_name("Q3 <east>", "xlsx") == "Q3 _east_.xlsx"
    assert file_name("", "pdf") == "download.pdf"
    assert file_name("日本", "csv") == "_.csv"


def test_every_figure_is_built_where_user_text_is_escaped():
    # pages draw only figures from ui/ chart modules, and each of those escapes its text
    root = Path(__file__).resolve().parents[1]
    for path in sorted((root / "app_pages").glob("*.py")) + [root / "app.py"]:
        text = path.read_text()
        assert "import plotly" not in text and "from plotly" not in text, path.name
    for path in sorted((root / "ui").glob("*.py")):
        text = path.read_text()
        if ("import plotly" in text or "from plotly" in text) and path.name != "escape.py":
            assert "chart_text" in text, f"{path.name} builds figures without ui.escape"
