"""The shareable link: what it cannot use is said in one message, on whichever page it opens;
a link the server drops whole is reported (the browser half is in test_escaping_browser.py)."""

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import calc
from ui.state import link

ROOT = Path(__file__).resolve().parents[1]


def shown(markdown: str) -> str:
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


def open_link(query: dict, page: str | None = None):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update(query)
    if page:
        at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_many_problems_make_one_message_with_cut_values(data_dir):
    long_value = "9" * 5_000
    query = {"failure_rate": "1.7", "customers": long_value, "horizon_years": "lots",
             **{f"junk{i}": "1" for i in range(20)}, "x" * 300: "1", "currency": "EURO€€"}
    at = open_link(query)
    assert len(at.warning) == 1, [w.value for w in at.warning]
    text = shown(at.warning[0].value)
    assert "failure_rate = '1.7': is outside the allowed range 0 to 1" in text
    assert f"customers = '{'9' * 37}...'" in text and "9" * 41 not in text
    assert "horizon_years = 'lots': is not a number" in text
    # 21 unknown keys: the first 8 named (sorted as the link is read), 13 counted
    assert "'junk0', 'junk1', 'junk10', 'junk11', 'junk12', 'junk13', 'junk14', 'junk15'" in text
    assert "and 13 more" in text and "x" * 41 not in text
    assert "currency symbol is at most 5 characters" in text
    assert at.session_state["currency"] == "EURO€"
    # the good part of the link is used, the bad values keep their defaults
    assert at.session_state["params"] == calc.DEFAULTS
    assert len(text) < 1_500


@pytest.mark.parametrize("page, title", [("app_pages/sensitivity.py", "Sensitivity"),
                                         ("app_pages/segments.py", "Segments"),
                                         ("app_pages/methodology.py", "Methodology")])
def test_link_message_shows_on_the_page_it_opens(data_dir, page, title):
    at = open_link({"failure_rate": "0.35", "nonsense": "1"}, page)
    assert at.title[0].value == title
    about_link = [w.value for w in at.warning if "this link" in w.value]
    assert len(about_link) == 1 and "'nonsense'" in shown(about_link[0])
    assert at.session_state["params"]["failure_rate"] == 0.35
    at.run()                                        # said once, not on every rerun
    assert not any("nonsense" in w.value for w in at.warning)


def test_good_link_says_nothing(data_dir):
    at = open_link({"failure_rate": "0.35", "currency": "£"})
    assert not [w for w in at.warning if "link" in w.value]


def test_summary_by_hand():
    problems = link.LinkProblems(unknown=["[a](http://e.test)"],
                                 bad=[("customers", "$x$", "is not a number")])
    assert link.summary(problems) == (
        "Some values in this link could not be used; every other input comes from the link:"
        "\n\n- customers = '\\$x\\$': is not a number; the default is used."
        "\n- not inputs of this model, ignored: '\\[a\\]\\(http\\://e\\.test\\)'.")
    assert link.summary(link.LinkProblems()) is None
    many = link.LinkProblems(bad=[(f"k{i}", "v", "bad") for i in range(30)])
    lines = link.summary(many).splitlines()
    assert len(lines) == 2 + link.MAX_LISTED + 1 and lines[-1] == "- ... and 22 more problems."


def test_dropped_link_message_names_the_server_limits():
    # streamlit drops a query string of more than 1,000 fields or 512 KiB (its query_params.py)
    assert (link.SERVER_MAX_FIELDS, link.SERVER_MAX_CHARS) == (1000, 524_288)
    text = link.dropped_message(1_200, 9_000)
    assert "1,200 values" in text and "at most 1,000 values" in text
    assert "every input has its default" in text
