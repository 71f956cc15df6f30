"""``python -m calc staffing``, run in-process: the reference cases from a file, and every kind of
bad input exits 2 naming row and column, with no output file."""

from pathlib import Path

import pandas as pd
import pytest

from calc.cli.commands import main
from calc.staffing.cases import OUTPUT_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
HEAD = "case,arrivals_per_hour,handle_time_seconds,agents,target_answer_seconds"


def run(tmp_path, text, capsys):
    src, out = tmp_path / "cases.csv", tmp_path / "out.csv"
    src.write_text(text)
    code = main(["staffing", str(src), "-o", str(out)])
    return code, out, capsys.readouterr().err


def test_sample_reproduces_the_reference_cases(tmp_path, capsys):
    out = tmp_path / "out.csv"
    assert main(["staffing", str(ROOT / "sample_inputs" / "staffing_cases.csv"),
                 "-o", str(out)]) == 0
    t = pd.read_csv(out, keep_default_na=False, na_values=[""])
    assert tuple(t.columns) == OUTPUT_COLUMNS
    ref1, ref2 = t.iloc[0], t.iloc[1]
    assert ref1["prob_wait"] == pytest.approx(0.1741319, abs=5e-8)
    assert ref1["service_level"] == pytest.approx(0.8883500, abs=5e-8)
    assert ref1["asa_seconds"] == pytest.approx(7.8359, abs=5e-5)
    assert ref1["agents_required"] == 14
    assert ref2["service_level"] == pytest.approx(0.9372106, abs=5e-8)
    assert ref2["asa_seconds"] == pytest.approx(3.4333, abs=5e-5)
    unstable = t[t["case"] == "unstable"].iloc[0]
    assert unstable["prob_wait"] == 1 and unstable["service_level"] == 0
    assert unstable["asa_seconds"] == float("inf") and pd.isna(unstable["agents_required"])


def test_optional_columns_may_be_left_out(tmp_path, capsys):
    code, out, err = run(tmp_path, "arrivals_per_hour,handle_time_seconds,agents,"
                                   "target_answer_seconds\n200,180,14,20\n", capsys)
    assert code == 0, err
    t = pd.read_csv(out)
    assert t["case"].tolist() == [1] and pd.isna(t["patience_seconds"][0])
    assert pd.isna(t["agents_required"][0])
    assert t["service_level"][0] == pytest.approx(0.8883500, abs=5e-8)


@pytest.mark.parametrize("rows, expected", [
    ("a,-1,180,14,20", "row 2, column arrivals_per_hour: value '-1': must be above 0"),
    ("a,200,0,14,20", "row 2, column handle_time_seconds: value '0': must be above 0"),
    ("a,200,180,2.5,20", "row 2, column agents: value '2.5': must be a whole number"),
    ("a,200,180,0,20", "row 2, column agents: value '0': must be a whole number"),
    ("a,200,180,14,-3", "row 2, column target_answer_seconds: value '-3': must be 0 or more"),
    ("a,200,180,14,", "row 2, column target_answer_seconds: value '': is blank"),
    ("a,200,abc,14,20", "row 2, column handle_time_seconds: value 'abc': is not a number"),
    ("a,200,180,14,20\nb,200,180,14,20,9", "row 3: has 6 cells but the header has 5"),
])
def test_bad_values_exit_2_naming_row_and_column(tmp_path, capsys, rows, expected):
    code, out, err = run(tmp_path, HEAD + "\n" + rows + "\n", capsys)
    assert code == 2
    assert expected in err
    assert "Traceback" not in err and not out.exists()


@pytest.mark.parametrize("extra, cell, expected", [
    ("patience_seconds", "0", "column patience_seconds: value '0': must be above 0 and at most 10,000,000 seconds"),
    ("service_level_target", "1", "column service_level_target: value '1': must be above 0 "
                                  "and below 1"),
    ("service_level_target", "120%", "value '120%': must be above 0 and below 1"),
    ("pateince_seconds", "30", "row 1, column pateince_seconds: unknown column; did you mean "
                               "'patience_seconds'?"),
])
def test_bad_optional_columns(tmp_path, capsys, extra, cell, expected):
    code, out, err = run(tmp_path, f"{HEAD},{extra}\na,200,180,14,20,{cell}\n", capsys)
    assert code == 2 and expected in err and not out.exists()


def test_missing_column_and_empty_file(tmp_path, capsys):
    code, _, err = run(tmp_path, "arrivals_per_hour,agents\n1,2\n", capsys)
    assert code == 2
    assert "column handle_time_seconds: required column is missing" in err
    code, _, err = run(tmp_path, HEAD + "\n", capsys)
    assert code == 2 and "has a header but no rows" in err


def test_traffic_beyond_what_can_be_sized_is_refused(tmp_path, capsys):
    code, out, err = run(tmp_path, HEAD + ",service_level_target\na,1e7,3600,14,20,0.8\n",
                         capsys)
    assert code == 2 and "split the case into sites" in err and not out.exists()


def test_an_existing_output_is_left_alone_on_bad_input(tmp_path, capsys):
    out = tmp_path / "out.csv"
    out.write_text("keep me")
    src = tmp_path / "cases.csv"
    src.write_text(HEAD + "\na,200,180,0,20\n")
    assert main(["staffing", str(src), "-o", str(out)]) == 2
    assert out.read_text() == "keep me"


def test_sample_stages_the_published_targets(tmp_path, capsys):
    out = tmp_path / "out.csv"
    assert main(["staffing", str(ROOT / "sample_inputs" / "staffing_cases.csv"),
                 "-o", str(out)]) == 0
    t = pd.read_csv(out).set_index("case")
    assert t.loc["shrinkage", ["agents_required", "agents_scheduled"]].tolist() == [14, 20]
    assert t.loc["occupancy_cap", ["agents_required", "agents_scheduled"]].tolist() == [15, 22]
    assert t.loc["abandon_target", "abandon_rate"] <= 0.02
