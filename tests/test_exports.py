"""Every download of the dashboard and every CSV the CLI writes: text cells cannot run as
spreadsheet formulas, and numbers stay numbers."""

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from apptest import wake

ROOT = Path(__file__).resolve().parents[1]
# What a spreadsheet runs: = + - @ (ASCII or full-width, also after leading whitespace), tab, CR.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
NASTY = ["=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
         "\tstart", "\rstart", "＝HYPERLINK(\"http://x\")", "＋1", "－1", "＠SUM(A1)"]
SPACED = " =HYPERLINK(\"http://x\",\"y\")"    # leading whitespace kept by the calculator


def numeric_columns():
    import calc
    from calc.model.metrics import PROJECTION_COLUMNS
    return (set(calc.NAMES) | (set(calc.METRICS) - {"paradox_assumed"}) | set(PROJECTION_COLUMNS)
            | {"year", "low", "most_likely", "high", "estimate", "count", "n", "draws", "seed",
               "net_value_mean", "net_value_p50", "roi_p95", "prob_net_value_positive",
               "swing", "base_value", "low_value", "high_value", "net_value_low",
               "net_value_high", "break_even_value", "current_value"})


NUMERIC_COLUMNS = numeric_columns()


def nasty_scenarios_csv() -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["scenario", "customers"])
    for i, name in enumerate(NASTY):
        w.writerow([name, 1000 + i])
    return buf.getvalue()


def is_number(cell: str) -> bool:
    try:
        float(cell)
        return True
    except ValueError:
        return False


def assert_safe_csv(data: bytes, where: str) -> int:
    """No cell a spreadsheet would run; returns the number of cells checked."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert rows, where
    cells = 0
    for r, row in enumerate(rows, start=1):
        for c, cell in enumerate(row, start=1):
            cells += 1
            if cell.startswith(FORMULA_START) or cell.lstrip().startswith(FORMULA_START):
                assert is_number(cell), f"{where}: row {r}, column {c}: {cell!r} would run"
    return cells


def assert_numeric_columns(data: bytes, columns, where: str):
    import pandas as pd
    frame = pd.read_csv(io.BytesIO(data))
    for col in columns:
        if col in frame.columns:
            assert frame[col].dtype.kind in "fiub", f"{where}: {col} is {frame[col].dtype}"


class Recording(MemoryMediaFileStorage):
    instances: list = []

    def __init__(self, *a, **k):
        super().__init__(*a, **k)
        Recording.instances.append(self)


@pytest.fixture
def app(monkeypatch, data_dir):
    import streamlit.testing.v1.app_test as app_test
    monkeypatch.setattr(app_test, "MemoryMediaFileStorage", Recording)

    def make():
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.run()
        wake(at)      # the inputs and downloads come in the second run (ui/state/deferred.py)
        return at
    return make


def downloads(at) -> dict[str, bytes]:
    storage = Recording.instances[-1]
    out = {}
    for d in at.get("download_button"):
        if d.proto.HasField("deferred_file_id"):
            continue        # workbook and PDF, built on click: tests/test_downloads.py
        file_id = d.proto.url.rsplit("/", 1)[-1].split(".")[0]
        out[d.label] = storage.get_file(file_id).content
    return out


def test_every_dashboard_download_is_safe(app):
    import calc
    seen: dict[str, bytes] = {}
    at = app()
    at.text_input(key="scenario_name").set_value(SPACED).run()
    seen.update(downloads(at))

    at.switch_page("app_pages/sensitivity.py").run()
    for view in ("Tornado", "Two-way table", "Break-even"):     # one view computed at a time
        at.radio(key="sens_view").set_value(view).run()
        seen.update(downloads(at))

    at.switch_page("app_pages/uncertainty.py").run()
    at.number_input(key="mc_draws").set_value(2000)
    at.button(key="mc_run").click().run()
    seen.update(downloads(at))

    at.switch_page("app_pages/scenarios.py").run()
    for name in NASTY[:4]:
        at.text_input(key="scen_name").set_value(name).run()
        at.button(key="scen_save").click().run()
    seen.update(downloads(at))

    at.switch_page("app_pages/segments.py").run()
    text = nasty_scenarios_csv()
    at.file_uploader(key="seg_upload").upload("s.csv", text.encode(), "text/csv").run()
    seen.update(downloads(at))

    at.switch_page("app_pages/calibrate.py").run()
    at.button(key="cal_sample").click().run()
    seen.update(downloads(at))

    at.switch_page("app_pages/staffing.py").run()
    seen.update(downloads(at))

    at.switch_page("app_pages/budget.py").run()
    seen.update(downloads(at))

    # CSV downloads are drawn by the pages and by ui/state's page parts (the workbook and PDF
    # buttons of ui/state/downloads.py are built on click: tests/test_downloads.py)
    drawn = [*(ROOT / "app_pages").glob("*.py"), *(ROOT / "ui" / "state").glob("*.py")]
    calls = sum(p.read_text().count("download_button(") for p in drawn if p.name != "downloads.py")
    assert len(seen) == calls, sorted(seen)          # every download on every page was checked
    for label, data in seen.items():
        # a UTF-8 byte-order mark first, so Excel reads accented names right (issue 11)
        assert data.startswith(b"\xef\xbb\xbf"), label
        data = data[3:]
        assert_safe_csv(data, label)
        assert_numeric_columns(data, NUMERIC_COLUMNS, label)
    # the nasty names went through, neutralised, not dropped
    results = seen["Download scenario + results (CSV)"].decode("utf-8-sig")
    assert "' =HYPERLINK" in results
    # full precision: the shortest text that reads back to the very same float
    assert f",{calc.evaluate()['net_value']!r}," in results
    export = seen["Export every saved scenario (CSV)"].decode()
    assert "'@SUM(A1:A9)" in export and "'+cmd" in export
    assert calc.evaluate()["net_value"] != 0


def run_cli(*args, stdin=None):
    r = subprocess.run([sys.executable, "-m", "calc", *map(str, args)], input=stdin,
                       capture_output=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr.decode()
    return r.stdout


def test_every_cli_output_is_safe(tmp_path):
    src = tmp_path / "s.csv"
    src.write_text(nasty_scenarios_csv())
    outputs = {
        "template": run_cli("template"),
        "evaluate": run_cli("evaluate", src),
        "project": run_cli("project", src),
        "sensitivity": run_cli("sensitivity", src),
        "montecarlo": run_cli("montecarlo", src, "--ranges", ROOT / "sample_inputs/ranges.csv",
                              "--draws", "500", "--seed", "1"),
        "calibrate": run_cli("calibrate", ROOT / "sample_inputs/case_log.csv", "--estimates",
                             tmp_path / "est.csv"),
    }
    outputs["calibrate estimates"] = (tmp_path / "est.csv").read_bytes()
    cases = tmp_path / "cases.csv"
    import pandas as pd
    pd.DataFrame({"case": NASTY[:4], "arrivals_per_hour": 200, "handle_time_seconds": 180,
                  "agents": 14, "target_answer_seconds": 20}).to_csv(cases, index=False)
    outputs["staffing"] = run_cli("staffing", cases)
    for name, data in outputs.items():
        assert_safe_csv(data, name)
        assert_numeric_columns(data, NUMERIC_COLUMNS, name)
    assert "'-2+3" in outputs["evaluate"].decode()
    assert "'＝HYPERLINK" in outputs["evaluate"].decode() and "'＠SUM" in outputs["project"].decode()
