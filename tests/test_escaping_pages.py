"""Every page, headless: the currency symbol and user names reach markdown (metric values and
labels, widget labels and help, captions, alerts, headings) escaped, so they show as typed and
never as LaTeX, a link or a style. Plain-text sinks (tables, select options, text boxes) get
them as typed."""

from pathlib import Path

import pytest

import calc
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
CUR = "$\\pi$"                  # LaTeX in markdown: would show as the letter pi
NAME = "[x](https://e.test)"    # a markdown link in a scenario name
# element types whose text is shown as plain text, never as markdown
PLAIN = {"TextInput": {"value", "default"}, "Selectbox": {"options", "default", "value"},
         "Multiselect": {"options", "default", "value"}, "Dataframe": None, "ArrowTable": None,
         "UnknownElement": None}


def nodes(node):
    children = getattr(node, "children", None)
    for child in (children.values() if isinstance(children, dict) else children or []):
        yield child
        yield from nodes(child)


def raw_user_text(at, needles) -> list[str]:
    """Every markdown text field of every element that holds one of ``needles`` unescaped."""
    found = []
    for node in nodes(at._tree):
        proto = getattr(node, "proto", None)
        if proto is None or not hasattr(proto, "ListFields"):
            continue
        kind = type(node).__name__
        allowed = PLAIN.get(kind, set())
        if allowed is None:
            continue
        for field, value in proto.ListFields():
            if field.name in allowed:
                continue
            texts = [value] if isinstance(value, str) else (
                [v for v in value if isinstance(v, str)]
                if hasattr(value, "__iter__") and not isinstance(value, bytes) else [])
            for text in texts:
                if any(n in text for n in needles):
                    found.append(f"{kind}.{field.name}: {text[:120]!r}")
    return found


@pytest.fixture
def at(data_dir):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["currency"] = CUR
    at.run()
    assert at.session_state["currency"] == CUR
    return at


def test_currency_and_names_are_escaped_in_markdown_on_every_page(at):
    seen = {"Calculator": raw_user_text(at, [CUR])}
    at.switch_page("app_pages/sensitivity.py").run()
    seen["Sensitivity"] = raw_user_text(at, [CUR])
    at.switch_page("app_pages/uncertainty.py").run()
    at.number_input(key="mc_draws").set_value(2000)
    at.button(key="mc_run").click().run()
    seen["Uncertainty"] = raw_user_text(at, [CUR])
    at.switch_page("app_pages/scenarios.py").run()
    for name in (NAME, NAME + " 2"):
        at.text_input(key="scen_name").set_value(name).run()
        at.button(key="scen_save").click().run()
    at.switch_page("app_pages/scenarios.py").run()
    seen["Scenarios"] = raw_user_text(at, [CUR, NAME])
    at.switch_page("app_pages/segments.py").run()
    at.button(key="seg_sample").click().run()
    seen["Segments"] = raw_user_text(at, [CUR])
    at.switch_page("app_pages/calibrate.py").run()
    at.button(key="cal_sample").click().run()
    seen["Calibrate"] = raw_user_text(at, [CUR])
    at.switch_page("app_pages/methodology.py").run()
    seen["Methodology"] = raw_user_text(at, [CUR])
    assert not at.exception
    assert {page: found for page, found in seen.items() if found} == {}


def test_money_in_a_metric_reads_as_typed(at):
    # markdown drops the backslash before any punctuation: what is shown is the typed symbol
    value = {m.label: m.value for m in at.metric}["Net value"]
    # the card's compact form (issue 24): "$\\pi$" and "10,651" are 11 characters, over a
    # card's nine, so thousands with as many decimals as fit: 10.7k
    assert round(calc.evaluate()["net_value"] / 1e3, 1) == 10.7
    digits = "10.7k"
    assert value == "\\$\\\\pi\\$" + digits          # each of $ \\ $ escaped once
    shown = value.replace("\\$", "$").replace("\\\\", "\\")
    assert shown == "$\\pi$" + digits
