"""The workbook and report downloads of the Calculator, Scenarios and Segments pages exist and
hold valid files: each deferred download is executed as a click would, then the workbook is
recalculated by LibreOffice and compared with evaluate, and the PDF is read by pdftotext."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import streamlit.testing.v1.app_test as app_test
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

import calc
from apptest import wake
from calc.text.format import money_short
from recalc import recalculate, values
from test_workbook import check_results

ROOT = Path(__file__).resolve().parents[1]
XLSX_MAGIC = b"PK\x03\x04"


class Recording(MediaFileManager):
    last = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        Recording.last = self


@pytest.fixture
def app(monkeypatch, data_dir):
    monkeypatch.setattr(app_test, "MediaFileManager", Recording)

    def make(page="app.py"):
        at = AppTest.from_file(str(ROOT / page), default_timeout=120)
        at.run()
        wake(at)      # the inputs and downloads come in the second run (ui/state/deferred.py)
        assert not at.exception
        return at
    return make


def deferred(at) -> dict[str, bytes]:
    """Label -> file, for every download built on click (executed as a click would)."""
    mgr = Recording.last
    out = {}
    for d in at.get("download_button"):
        if not d.proto.HasField("deferred_file_id"):
            continue
        url = mgr.execute_deferred(d.proto.deferred_file_id)
        file_id = url.rsplit("/", 1)[-1].split(".")[0]
        out[d.label] = mgr._storage.get_file(file_id).content
    return out


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          check=True).stdout.decode()


def test_calculator_workbook_and_report(app, tmp_path):
    at = app()
    at.text_input(key="scenario_name").set_value("Budget $2027 =A1").run()
    files = deferred(at)
    assert set(files) == {"Download workbook (Excel, live formulas)",
                          "Download one-page report (PDF)"}
    book = files["Download workbook (Excel, live formulas)"]
    assert book.startswith(XLSX_MAGIC)
    path = tmp_path / "calc.xlsx"
    path.write_bytes(book)
    frame = pd.DataFrame([{"scenario": "Budget $2027 =A1", **calc.DEFAULTS}])
    check_results(values(recalculate(path))["Results"], frame)
    text = pdf_text(files["Download one-page report (PDF)"], tmp_path)
    assert "Budget $2027 =A1" in text and "$10,651" in text     # the defaults' net value


def test_scenarios_compare_workbook_and_report(app, tmp_path):
    at = app()
    at.switch_page("app_pages/scenarios.py").run()
    for name, rate in (("cautious", 0.35), ("bold", 0.5)):
        at.session_state["params"] = {**calc.DEFAULTS, "complaint_rate_program": rate}
        at.text_input(key="scen_name").set_value(name).run()
        at.button(key="scen_save").click().run()
    at.multiselect(key="scen_compare").set_value(["bold", "cautious"]).run()
    at.selectbox(key="scen_load_choice").set_value("bold").run()
    files = deferred(at)
    wb = openpyxl.load_workbook(io.BytesIO(files["Download workbook (Excel, live formulas)"]))
    rows = list(wb["Inputs"].iter_rows(values_only=True))
    col = rows[0].index("complaint_rate_program")
    assert [(r[0], r[col]) for r in rows[1:]] == [("bold", 0.5), ("cautious", 0.35)]
    text = pdf_text(files["Download one-page report (PDF)"], tmp_path)
    assert "bold" in text and "Complaint rate, with program" in text and "50%" in text


def test_segments_workbook(app, tmp_path):
    at = app("app_pages/segments.py")
    at.button(key="seg_sample").click().run()
    files = deferred(at)
    path = tmp_path / "seg.xlsx"
    path.write_bytes(files["Download workbook (Excel, live formulas)"])
    frame = calc.files.read_scenarios(ROOT / "sample_inputs" / "segments.csv")
    res = values(recalculate(path))["Results"]
    check_results(res, frame)
    assert res[len(frame) + 1][0] == "Total"       # the page's total, as formulas


def test_profit_typed_directly_is_kept_as_revenue_and_a_margin_of_one(app, tmp_path):
    # The airline knows profit per passenger (38) and types it with the profit toggle on; the
    # CSV and the workbook keep the model's two inputs: revenue 38, margin 1 (issue 24, item 5).
    from apptest import wake
    at = app()
    wake(at)
    at.toggle(key="profit_typed").set_value(True).run()
    assert "Profit per customer a year ($ / year)" in [t.label for t in at.text_input]
    assert "in_operating_margin" not in [t.key for t in at.text_input]
    at.text_input(key="in_revenue_per_customer").set_value("38").run()
    assert at.query_params["revenue_per_customer"] == "38"
    assert at.query_params["operating_margin"] == "1"
    # P = revenue x margin = 38: the same figures as revenue 190 at a 20% margin
    shown = {m.label: m.value for m in at.metric}
    assert shown["Net value"] == money_short(
        calc.evaluate({"revenue_per_customer": 190, "operating_margin": 0.2})["net_value"],
        "\\$")
    mgr = Recording.last
    csv = next(d for d in at.get("download_button")
               if d.label == "Download scenario + results (CSV)")
    data = mgr._storage.get_file(csv.proto.url.rsplit("/", 1)[-1].split(".")[0]).content
    row = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig").iloc[0]
    assert row["revenue_per_customer"] == 38 and row["operating_margin"] == 1
    assert row["profit_per_customer"] == 38
    book = openpyxl.load_workbook(io.BytesIO(deferred(at)["Download workbook (Excel, live "
                                                          "formulas)"]))
    inputs = book["Inputs"]
    header = [c.value for c in inputs[1]]
    assert inputs.cell(2, header.index("revenue_per_customer") + 1).value == 38
    assert inputs.cell(2, header.index("operating_margin") + 1).value == 1
    assert any("operating margin 100%" in c.value for c in at.caption)
