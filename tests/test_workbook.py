"""The workbook's formulas, recalculated by a real spreadsheet (LibreOffice), equal the model.

Independent check: LibreOffice computes every Results and Cash flow cell from the formulas and
the Inputs alone (a planted wrong cached value is replaced), and the figures are compared with
calc.evaluate / calc.projection, which share no code with the formulas. The worked examples of
the specification are checked on the same recalculated file. Each formula is written with its
value as calc computed it (issue 24: the file reads with figures before any recalculation):
every cached value of Results, Cash flow and Workings equals LibreOffice's recalculation.
"""

from __future__ import annotations

import math
import re
import shutil
import zipfile

import numpy as np
import openpyxl
import pandas as pd
import pytest

import calc
import calc.files
from calc.model.metrics import METRIC_BY_NAME, METRICS, PROJECTION_COLUMNS
from calc.model.sampling import random_scenarios
from calc.model.wom import wom_broken
from calc.export.workbook import blocks, write_workbook
from calc.export.formulas import CASH_FLOW, FULL_BLOCKS_UP_TO, METRIC_FORMULAS
from recalc import recalculate, values

TOL = 1e-9
ODD_NAMES = ["=1+1", "@SUM(A1:A2)", "Île-de-France, \"quoted\"", "tab\there", "-2"]


def scenarios(n: int = 120, seed: int = 11) -> pd.DataFrame:
    """Random valid scenarios: multi-year programs, prevention on, the compensation response on
    in a third; then the specification's worked examples and edge cases."""
    frame = pd.DataFrame(random_scenarios(n, seed, response_share=0.35))
    frame.loc[: n // 4, "failure_reduction_program"] = 0.0     # some without prevention
    frame.loc[n // 2:, "wom_reach_per_lost_customer"] = 0.0    # some without word of mouth
    # turning prevention off moves rho_p: word of mouth off where that breaks a WOM rule
    broken = wom_broken({k: frame[k].to_numpy() for k in frame.columns})
    frame.loc[broken, "wom_reach_per_lost_customer"] = 0.0
    extra = [{}, {"program_years": 3},                          # the two worked examples
             {"program_fixed_cost": 0, "compensation_per_resolution_program": 0,
              "handling_cost_per_complaint": 0},                 # no cost: roi n/a, payback 0
             {"program_fixed_cost": 5e6},                        # never pays back: payback n/a
             {"horizon_years": 50, "program_years": 50, "discount_rate": 0,
              "retention_no_failure": 1, "failure_rate": 0},     # x = 1 in the margin multiple
             {"compensation_uplift_at_peak": 0.1, "retention_resolved_fast": 0.95},  # paradox
             {"failure_rate": 0}]                                # nobody fails: lift 0
    rows = [{**calc.DEFAULTS, **e} for e in extra]
    frame = pd.concat([frame, pd.DataFrame(rows)], ignore_index=True)
    names = [f"random {i}" for i in range(n)] + ["defaults", "three years"] + ODD_NAMES
    frame.insert(0, "scenario", names)
    return frame


def close(got, want, scale: float = 1.0) -> bool:
    """Equal to 1e-9: relative, or absolute beside ``scale`` (the size of the sums a figure
    is the difference of)."""
    if isinstance(want, (bool, np.bool_)):
        return got is not None and bool(got) == bool(want)
    if want is None or (isinstance(want, float) and math.isnan(want)):
        return got in (None, "")                 # n/a is shown as empty text
    if not isinstance(got, (int, float)):
        return False
    return math.isclose(got, want, rel_tol=TOL, abs_tol=TOL * scale)


def plant_wrong_cached_value(path, sheet_index: int, cell: str, value: str):
    """Write a cached value into a formula cell, as if an older spreadsheet had computed it."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == f"xl/worksheets/sheet{sheet_index}.xml":
                text, count = re.subn(rf'(<c r="{cell}"[^>]*><f>[^<]*</f>)<v>[^<]*</v>',
                                      rf"\g<1><v>{value}</v>", data.decode())
                assert count == 1
                data = text.encode()
            dst.writestr(item, data)
    shutil.move(tmp, path)


def check_results(sheet, frame, written=None):
    """Every Results cell equals evaluate. Where a compensation response makes break-even
    compensation numeric, the cell holds the value computed for the inputs as ``written``."""
    expected = calc.evaluate_table(frame)
    if written is not None:
        response = written["compensation_uplift_at_peak"].to_numpy() > 0
        before = calc.evaluate_table(written)["break_even_compensation"].to_numpy()
        expected.loc[response, "break_even_compensation"] = before[response]
    assert sheet[0] == ["scenario", *METRICS]
    bad = []
    for i, row in enumerate(sheet[1:len(frame) + 1]):
        e = expected.iloc[i]
        money = max(1.0, abs(e["total_benefit"]) + abs(e["incremental_cost"]))
        assert row[0] == frame["scenario"].iat[i]
        for name, got in zip(METRICS, row[1:]):
            kind = METRIC_BY_NAME[name].kind
            scale = money if kind == "money" else e["customers"] if kind == "count" else 1.0
            if not close(got, e[name], scale):
                bad.append((frame["scenario"].iat[i], name, got, e[name]))
    assert not bad, bad[:10]


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    frame = scenarios()
    path = tmp_path_factory.mktemp("wb") / "scenarios.xlsx"
    write_workbook(frame, path)
    as_written = path.with_name("as_written.xlsx")
    shutil.copy(path, as_written)
    col = openpyxl.utils.get_column_letter(METRICS.index("net_value") + 2)
    plant_wrong_cached_value(path, 3, f"{col}2", "999")     # sheet 3 is Results
    return frame, path, values(recalculate(path)), as_written


def check_cached(written, recalculated, skip=()):
    """Every cell of Results, Cash flow and Workings as written (its cached value, read by
    openpyxl with data_only=True, as pandas reads it) equals LibreOffice's recalculation of the
    same cell; ``skip``: (sheet, row, column) cells changed after writing. Returns the number of
    cells compared."""
    mine = values(written)
    bad, seen = [], 0
    for sheet in ("Results", "Cash flow", "Workings"):
        assert len(mine[sheet]) == len(recalculated[sheet]), sheet
        for r, (a_row, b_row) in enumerate(zip(mine[sheet], recalculated[sheet])):
            if r == 0:
                assert a_row == b_row
                continue
            scale = max([1.0] + [abs(v) for v in b_row if isinstance(v, (int, float))
                                 and not isinstance(v, bool)])
            for c, (a, b) in enumerate(zip(a_row, b_row)):
                if (sheet, r, c) in skip:
                    continue
                seen += 1
                if isinstance(b, bool) or isinstance(a, bool):
                    ok = a == b
                elif isinstance(b, (int, float)) and isinstance(a, (int, float)):
                    ok = math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9 * scale)
                else:
                    ok = (a in (None, "") and b in (None, "")) or a == b
                if not ok:
                    bad.append((sheet, r + 1, c + 1, a, b))
    assert not bad, (len(bad), bad[:10])
    return seen


def test_cached_values_equal_the_recalculated_ones(book):
    frame, _, sheets, written = book
    col = METRICS.index("net_value") + 1
    seen = check_cached(written, sheets, skip={("Results", 1, col)})   # the planted cell
    assert seen > 120 * 51 * len(CASH_FLOW)           # every block of 51 years was compared


def test_pandas_reads_figures_without_a_spreadsheet(book):
    """The issue's complaint: pandas.read_excel saw every Results cell empty."""
    frame, _, _, written = book
    res = pd.read_excel(written, sheet_name="Results")
    want = calc.evaluate_table(frame)
    assert res["scenario"].to_list() == frame["scenario"].to_list()
    assert np.allclose(res["net_value"], want["net_value"], rtol=1e-12)
    cash = pd.read_excel(written, sheet_name="Cash flow")
    first = cash[cash["scenario"] == "defaults"].dropna(subset=["year"])
    proj = calc.projection(calc.DEFAULTS)
    assert np.allclose(first["cumulative_discounted_cash_flow"],
                       proj["cumulative_discounted_cash_flow"], rtol=1e-12)


def test_names_come_from_the_registries():
    assert tuple(c[0] for c in CASH_FLOW[2:11]) == PROJECTION_COLUMNS
    assert set(METRICS) <= set(METRIC_FORMULAS)


def test_planted_cached_value_is_replaced_by_recalculation(book):
    frame, _, sheets, _ = book
    assert sheets["Results"][1][1 + METRICS.index("net_value")] != 999


def test_every_result_equals_evaluate(book):
    frame, _, sheets, _ = book
    assert sheets["Inputs"][0] == ["scenario", *calc.NAMES]
    check_results(sheets["Results"], frame)


def test_worked_examples_of_the_specification(book):
    res = sheets_by_name(book[2]["Results"])
    assert res["defaults"]["net_value"] == pytest.approx(10651.2745, abs=1e-4)
    assert res["defaults"]["payback_years"] == pytest.approx(3.73562, abs=1e-5)
    assert res["three years"]["customers_saved_total"] == pytest.approx(430.39964, abs=1e-5)
    assert res["three years"]["net_value"] == pytest.approx(7846.1351, abs=1e-4)
    assert res["three years"]["break_even_compensation"] == pytest.approx(32.95121, abs=1e-5)


def sheets_by_name(sheet):
    return {row[0]: dict(zip(sheet[0], row)) for row in sheet[1:] if row[0] is not None}


def test_cash_flow_equals_projection(book):
    frame, _, sheets, _ = book
    cash = sheets["Cash flow"]
    assert cash[0][:11] == ["scenario", "year", *PROJECTION_COLUMNS]
    for b, (_, row) in zip(blocks(frame["horizon_years"]), frame.iterrows()):
        params = {n: row[n] for n in calc.NAMES}
        proj = calc.projection(params)
        H = int(row["horizon_years"])
        got = cash[b["s"] - 1: b["e"]]
        scale = max(1.0, float(proj["program_cost"].abs().max()), float(proj["profit"].abs().max()))
        for t in range(H + 1):
            assert got[t][:2] == [row["scenario"], t]
            for j, name in enumerate(PROJECTION_COLUMNS):
                s = row["customers"] if "customers" in name else scale
                assert close(got[t][2 + j], float(proj[name].iat[t]), s), (row["scenario"], t, name)
        assert all(v in (None, "") for r in got[H + 1:] for v in r)   # past the horizon: empty


def test_user_text_is_shown_literally(book):
    frame, _, sheets, _ = book
    shown = [r[0] for r in sheets["Inputs"][1:]]
    assert shown[-len(ODD_NAMES):] == ODD_NAMES
    assert [r[0] for r in sheets["Results"][1:]][-len(ODD_NAMES):] == ODD_NAMES


def test_edited_inputs_recalculate_every_metric(tmp_path):
    frame = scenarios(6, seed=6)
    written = frame.copy()
    assert (frame["compensation_uplift_at_peak"].iloc[:2] > 0).all()   # edits reach a response
    path = tmp_path / "edit.xlsx"
    write_workbook(frame, path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Inputs"]
    col = {c.value: c.column for c in ws[1]}
    edits = {2: {"horizon_years": 12, "program_years": 4, "discount_rate": 0.03},
             3: {"customers": 250000, "failure_reduction_program": 0.4,
                 "wom_reach_per_lost_customer": 8},
             8: {"program_years": 3, "compensation_per_resolution_program": 55,
                 "resolution_rate_program": 0.9},            # the defaults row
             9: {"horizon_years": 2, "program_years": 1}}
    for r, change in edits.items():
        for name, v in change.items():
            ws.cell(r, col[name]).value = v
            frame.loc[r - 2, name] = v
    wb.save(path)
    sheets = values(recalculate(path))
    check_results(sheets["Results"], frame, written)


def test_compact_blocks_beyond_the_limit(tmp_path):
    """Over FULL_BLOCKS_UP_TO scenarios each block holds its own horizon; results still equal
    evaluate, and a horizon raised past the block shows #N/A rather than a wrong figure."""
    n = FULL_BLOCKS_UP_TO + 1
    frame = pd.DataFrame({"scenario": [f"s{i}" for i in range(n)],
                          "horizon_years": [1 + i % 3 for i in range(n)],
                          "customers": np.linspace(100, 1e5, n)})
    path = tmp_path / "compact.xlsx"
    write_workbook(frame, path)
    wb = openpyxl.load_workbook(path)
    wb["Inputs"].cell(2, 2 + calc.NAMES.index("horizon_years")).value = 9
    wb.save(path)
    sheets = values(recalculate(path))
    assert sheets["Results"][1][1 + METRICS.index("net_value")] == "#N/A"
    sheets["Results"] = [sheets["Results"][0]] + sheets["Results"][2:]
    check_results(sheets["Results"], frame.iloc[1:].reset_index(drop=True))
    assert len(sheets["Cash flow"]) == 1 + sum(2 + i % 3 for i in range(n))


def test_cli_writes_the_segments_workbook(tmp_path):
    import subprocess
    import sys
    from pathlib import Path
    root = Path(__file__).resolve().parents[1]
    out = tmp_path / "seg.xlsx"
    done = subprocess.run([sys.executable, "-m", "calc", "workbook",
                           str(root / "sample_inputs" / "segments.csv"), "-o", str(out)],
                          cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    frame = calc.files.read_scenarios(root / "sample_inputs" / "segments.csv")
    check_results(values(recalculate(out))["Results"], frame)
    bad = tmp_path / "bad.csv"
    bad.write_text("scenario,customers\na,-5\n")
    done = subprocess.run([sys.executable, "-m", "calc", "workbook", str(bad), "-o",
                           str(tmp_path / "bad.xlsx")], cwd=root, capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.strip() == ("row 2, column customers: value '-5': is outside the allowed "
                                   "range 1 to 1e9")
    assert not (tmp_path / "bad.xlsx").exists()


def test_structure_formats_comments_and_unstorable_text(tmp_path):
    """Without recalculation: frozen headers, number formats from the registries, header
    notes, every metric a formula, and characters a workbook cannot hold written as \\xNN."""
    frame = pd.DataFrame([{"scenario": "bell\x07 and tab\t", "compensation_uplift_at_peak": 0.1},
                          {"scenario": "plain", "compensation_uplift_at_peak": 0.0}])
    path = tmp_path / "s.xlsx"
    write_workbook(frame, path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Read me", "Inputs", "Results", "Cash flow", "Workings", "Sources"]
    assert wb.calculation.fullCalcOnLoad
    ins, res = wb["Inputs"], wb["Results"]
    assert ins["A2"].value == "bell\\x07 and tab\t" and ins["A2"].data_type == "s"
    for ws in (ins, res, wb["Cash flow"], wb["Workings"]):
        assert ws.freeze_panes == "B2"
    col = {c.value: c for c in ins[1]}
    assert col["operating_margin"].comment.text.startswith("Operating margin")
    assert ins.cell(2, col["operating_margin"].column).number_format == "0.00%"
    be = 2 + METRICS.index("break_even_compensation")
    for r in (2, 3):
        cells = [res.cell(r, c) for c in range(2, len(METRICS) + 2)]
        formulas = [c for c in cells if isinstance(c.value, str) and c.value.startswith("=")]
        if r == 2:      # with a compensation response: the tool's value, with its note
            assert len(formulas) == len(METRICS) - 1
            assert isinstance(res.cell(r, be).value, float)
            assert "Computed by the tool" in res.cell(r, be).comment.text
        else:
            assert len(formulas) == len(METRICS)
    assert [c.value for c in wb["Sources"][1]][:3] == ["parameter", "label", "unit"]
    assert wb["Sources"].max_row == 1 + len(calc.NAMES)


def test_segments_total_row_equals_analysis_segments(tmp_path):
    """The Total row follows calc.model.analyses.segments: sums, ratios from the sums, overall
    retention weighted by customers, payback from the summed cash flows."""
    from calc.model.analyses import segments
    from pathlib import Path
    sample = calc.files.read_scenarios(Path(__file__).resolve().parents[1] / "sample_inputs"
                                       / "segments.csv")
    frame = pd.concat([sample, pd.DataFrame([{**calc.DEFAULTS, "scenario": "three years",
                                              "program_years": 3, "horizon_years": 7}])],
                      ignore_index=True)
    path = tmp_path / "total.xlsx"
    write_workbook(frame, path, total=True)
    sheets = values(recalculate(path))
    check_cached(path, sheets)                  # the Total row and block carry calc's values
    res = sheets["Results"]
    want = segments(frame).iloc[-1]
    got = dict(zip(res[0], res[len(frame) + 1]))
    assert got["scenario"] == "Total"
    assert 0 < want["payback_years"] < 7 and want["roi"] > 0        # a payback to read off
    money = abs(want["total_benefit"]) + abs(want["incremental_cost"])
    bad = []
    for name in METRICS:
        w = want[name]
        kind = METRIC_BY_NAME[name].kind
        scale = money if kind == "money" else want["customers"] if kind == "count" else 1.0
        if not close(got[name], w if not pd.isna(w) else float("nan"), scale):
            bad.append((name, got[name], w))
    assert not bad, bad
