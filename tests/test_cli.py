"""python -m calc, end to end in a subprocess: outputs, and every error path."""

import io
import math
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from calc import evaluate, projection
from calc.metrics import METRICS
from calc.params import NAMES

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_inputs"


def run(*args, stdin=None, cwd=None):
    return subprocess.run([sys.executable, "-m", "calc", *map(str, args)], input=stdin,
                          capture_output=True, text=True, cwd=cwd or ROOT)


def frame(text):
    return pd.read_csv(io.StringIO(text))


def test_template_has_scenario_then_every_parameter():
    r = run("template")
    assert r.returncode == 0
    assert list(frame(r.stdout).columns) == ["scenario", *NAMES]


def test_evaluate_baseline_prints_worked_example():
    r = run("evaluate", SAMPLES / "baseline.csv")
    assert r.returncode == 0, r.stderr
    out = frame(r.stdout)
    assert list(out.columns) == ["scenario", *NAMES, *METRICS]
    # MODEL.md worked example: net value 10,651.2745..., payback 3.73562...
    assert abs(out.loc[0, "net_value"] - 10651.2745) < 1e-4
    assert abs(out.loc[0, "payback_years"] - 3.73562) < 1e-5
    assert out.loc[0, "replacement_cost"] == pytest.approx(56640, rel=1e-12)


def test_evaluate_keeps_row_order_and_values_for_every_row():
    out = frame(run("evaluate", SAMPLES / "segments.csv").stdout)
    src = pd.read_csv(SAMPLES / "segments.csv")
    assert list(out["scenario"]) == list(src["scenario"])
    for i in range(len(src)):
        params = {c: src.loc[i, c] for c in src.columns if c in NAMES}
        assert out.loc[i, "net_value"] == evaluate(params)["net_value"]


def test_stdin_and_output_file(tmp_path):
    target = tmp_path / "out.csv"
    r = run("evaluate", "-", "-o", target, stdin="customers\n5000\n")
    assert r.returncode == 0 and r.stdout == ""
    assert frame(target.read_text()).loc[0, "customers"] == 5000


def test_template_evaluate_read_back_round_trip(tmp_path):
    t, e = tmp_path / "t.csv", tmp_path / "e.csv"
    assert run("template", "-o", t).returncode == 0
    assert run("evaluate", t, "-o", e).returncode == 0
    # an evaluate output fed back to evaluate gives identical values
    e2 = tmp_path / "e2.csv"
    assert run("evaluate", e, "-o", e2).returncode == 0
    assert e.read_text() == e2.read_text()


def test_project_long_format():
    out = frame(run("project", SAMPLES / "segments.csv").stdout)
    assert list(out.columns) == ["scenario", "year", "customers_baseline", "customers_program",
                                 "extra_customers", "profit", "program_cost", "cash_flow",
                                 "discount_factor", "discounted_cash_flow",
                                 "cumulative_discounted_cash_flow"]
    first = out[out["scenario"] == "minor / new"]
    assert list(first["year"]) == [0, 1, 2, 3, 4, 5]
    base = frame(run("project", SAMPLES / "baseline.csv").stdout)
    pd.testing.assert_series_equal(base["cumulative_discounted_cash_flow"],
                                   projection()["cumulative_discounted_cash_flow"],
                                   check_exact=False, rtol=1e-15)


def test_sensitivity_per_scenario():
    out = frame(run("sensitivity", SAMPLES / "segments.csv", "--swing", "0.1").stdout)
    assert len(out) == 6 * len(NAMES)
    assert {"scenario", "parameter", "net_value_low", "net_value_high", "swing"} <= set(out)
    out = frame(run("sensitivity", SAMPLES / "baseline.csv", "--metric", "roi").stdout)
    assert "roi_low" in out.columns


def test_montecarlo_same_seed_same_output():
    args = ("montecarlo", SAMPLES / "baseline.csv", "--ranges", SAMPLES / "ranges.csv",
            "--draws", "20000", "--seed", "42")
    a, b = run(*args), run(*args)
    assert a.returncode == 0, a.stderr
    assert a.stdout == b.stdout
    out = frame(a.stdout)
    assert 0 < out.loc[0, "prob_net_value_positive"] < 1


# --- error paths: status 2, every problem on stderr, no traceback, no file written ---------------

def check_bad(r, *expected_lines):
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    for line in expected_lines:
        assert line in r.stderr.splitlines(), r.stderr
    return r


def test_bad_values_listed_by_row_and_column_and_no_file_written(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("scenario,customers,failure_rate\na,-5,0.2\nb,100,abc\n")
    target = tmp_path / "out.csv"
    target.write_text("precious")
    r = run("evaluate", src, "-o", target)
    check_bad(r, "row 2, column customers: value '-5': is outside the allowed range 1 to 1e9",
              "row 3, column failure_rate: value 'abc': is not a number")
    assert target.read_text() == "precious"
    assert r.stdout == ""


def test_unknown_column(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("custmers\n5\n")
    check_bad(run("evaluate", src),
              "row 1, column custmers: unknown column; did you mean 'customers'?")


def test_missing_file():
    check_bad(run("evaluate", "no/such.csv"), "file not found: no/such.csv")


def test_folder_instead_of_file(tmp_path):
    check_bad(run("project", tmp_path), f"{tmp_path} is a folder, not a CSV file")


def test_empty_stdin():
    check_bad(run("evaluate", "-", stdin=""),
              "row 1: the scenarios file is empty: it needs a header row naming the columns")


def test_bad_ranges(tmp_path):
    rng = tmp_path / "r.csv"
    rng.write_text("parameter,low,most_likely,high\nfailure_rate,0.5,0.2,0.9\n")
    check_bad(run("montecarlo", SAMPLES / "baseline.csv", "--ranges", rng, "--draws", "10",
                  "--seed", "1"),
              "row 2, column low/most_likely/high: value '0.5 / 0.2 / 0.9': need low <= "
              "most_likely <= high")


@pytest.mark.parametrize("args, message", [
    (("montecarlo", "sample_inputs/baseline.csv", "--ranges", "sample_inputs/ranges.csv",
      "--draws", "2000000", "--seed", "1"), "draws must be between 1 and 1,000,000"),
    (("sensitivity", "sample_inputs/baseline.csv", "--swing", "1.5"), "swing must be between 0"),
    (("montecarlo", "sample_inputs/baseline.csv"), "the following arguments are required"),
    (("frobnicate",), "invalid choice"),
])
def test_usage_errors_exit_2(args, message):
    r = run(*args)
    assert r.returncode == 2 and message in r.stderr and "Traceback" not in r.stderr


def test_unknown_metric():
    check_bad(run("sensitivity", SAMPLES / "baseline.csv", "--metric", "net_valu"),
              "column metric: value 'net_valu': unknown metric; did you mean 'net_value'?")


def test_unwritable_output(tmp_path):
    r = run("template", "-o", tmp_path / "no" / "such" / "dir.csv")
    assert r.returncode == 2 and "cannot write" in r.stderr and "Traceback" not in r.stderr
