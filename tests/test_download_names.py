"""Issue 24 item 2: every download on every page is named after the scenario
("Tomas 5y - projection.csv"), with the characters a file system or shell could act on replaced;
and the calculator shows the projection year by year under its charts."""

from __future__ import annotations

import pytest
import streamlit.testing.v1.app_test as app_test

import calc
from apptest import app
from calc.text.format import money
from test_downloads import Recording
from test_escaping import HOSTILE
from ui.state.downloads import named

PAGES = ["app_pages/calculator.py", "app_pages/budget.py", "app_pages/staffing.py",
         "app_pages/sensitivity.py", "app_pages/uncertainty.py", "app_pages/segments.py"]


def file_names(at) -> dict[str, str]:
    """Label -> the file name the browser would save, for every download button on the page."""
    mgr = Recording.last
    out = {}
    for d in at.get("download_button"):
        if d.proto.HasField("deferred_file_id"):
            url = mgr.execute_deferred(d.proto.deferred_file_id)
        else:
            url = d.proto.url
        file_id = url.rsplit("/", 1)[-1].split(".")[0]
        out[d.label] = mgr._storage.get_file(file_id).filename
    return out


@pytest.fixture
def recording(monkeypatch, data_dir):
    monkeypatch.setattr(app_test, "MediaFileManager", Recording)


def test_every_download_on_every_page_carries_the_scenario_name(recording):
    # replaced by hand: each run of characters outside letters, digits, '.', '_', '-' and
    # space is one '_'
    hostile = '<script>alert(1)</script> Q3/"east"'
    stem = "_script_alert_1_script_ Q3_east_ - "
    at = app(query={"scenario": hostile})
    seen = {}
    for page in PAGES:
        at.switch_page(page).run()
        if page.endswith("uncertainty.py"):
            at.button(key="mc_run").click().run()
        if page.endswith("segments.py"):
            at.button(key="seg_sample").click().run()
        assert not at.exception, [e.value for e in at.exception]
        names = file_names(at)
        assert names, page
        seen[page] = names
        for label, name in names.items():
            assert name.startswith(stem), (page, label, name)
            assert "/" not in name and "<" not in name and '"' not in name
    calc_names = seen["app_pages/calculator.py"]
    assert calc_names["Download cash-flow projection (CSV)"] == stem + "projection.csv"
    assert calc_names["Download workbook (Excel, live formulas)"] == stem + "workbook.xlsx"
    assert calc_names["Download one-page report (PDF)"] == stem + "report.pdf"
    assert sum(len(v) for v in seen.values()) >= 15


def test_the_issue_example_and_hostile_names():
    assert named("projection", "csv", "Tomas 5y") == "Tomas 5y - projection.csv"
    assert named("report", "pdf", "") == "download - report.pdf"
    assert named("report", "pdf", "../../etc/passwd") == "_.._etc_passwd - report.pdf"
    assert named("x", "csv", "a" * 500) == "a" * 60 + " - x.csv"      # what stays whole
    for text in HOSTILE:
        name = named("projection", "csv", text)
        assert name.endswith(" - projection.csv")
        assert not set(name) & set('<>:"/\\|?*%&\u202e\n\r\t'), name


def test_calculator_shows_the_projection_year_by_year():
    at = app(query={"program_years": "2", "horizon_years": "4"})
    frame = next(d.value for d in at.dataframe if "plan year" in d.value.columns)
    assert list(frame["time t"]) == [0, 1, 2, 3, 4]
    assert list(frame["plan year"]) == ["start of 1", "end of 1, start of 2",
                                        "end of 2, start of 3", "end of 3, start of 4",
                                        "end of 4"]
    m = calc.evaluate(program_years=2, horizon_years=4)
    # MODEL.md: the last cumulative value is net_value; the cost of plan year 3 (none: the
    # program runs two years) is paid at time 2, so times 2.. carry no program cost
    assert frame["cumulative"].iloc[-1] == money(m["net_value"])
    assert list(frame["program cost (of year t+1)"].iloc[2:]) == ["$0.00"] * 3
    # time 0 is plan year 1's cost alone: the fixed cost plus extra handling and compensation
    # on today's customers, no profit
    assert frame["profit (of plan year t)"].iloc[0] == "$0.00"
    assert frame["program cost (of year t+1)"].iloc[0] == money(
        calc.DEFAULTS["program_fixed_cost"] + m["handling_cost_program"] - m["handling_cost_baseline"]
        + m["compensation_cost_program"] - m["compensation_cost_baseline"])
    assert "paid at its start" in " ".join(c.value for c in at.caption)
