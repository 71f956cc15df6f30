"""python -m calc: outputs and every error path.

Most tests call ``calc.cli.commands`` in-process (argument list in, exit status and captured
stdout / stderr out); two run ``python -m calc`` in a subprocess, end to end, to show that the
entry point, the exit status and the streams work for a real shell user.
"""

import io
import math
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from calc import evaluate, projection
from calc.cli.commands import main
from calc.model.metrics import METRICS
from calc.model.params import NAMES

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_inputs"


class Result:
    def __init__(self, returncode, stdout, stderr):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


@pytest.fixture
def cli(capsys, monkeypatch):
    """Run ``main`` in-process like the shell would: exit status, stdout and stderr text."""
    def run(*args, stdin=None):
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin.encode())))
        capsys.readouterr()
        try:
            code = main([str(a) for a in args])
        except SystemExit as e:          # argparse's usage errors
            code = e.code
        out, err = capsys.readouterr()
        return Result(code, out, err)
    return run


def subprocess_run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "calc", *map(str, args)], input=stdin,
                          capture_output=True, text=True, cwd=ROOT)


def frame(text):
    return pd.read_csv(io.StringIO(text))


# --- end to end, in a subprocess --------------------------------------------------------------

def test_end_to_end_evaluate_baseline_prints_worked_example():
    r = subprocess_run("evaluate", SAMPLES / "baseline.csv")
    assert r.returncode == 0, r.stderr
    out = frame(r.stdout)
    assert list(out.columns) == ["scenario", *NAMES, *METRICS]
    # docs/MODEL.md, "Worked examples": net_value = 10,651.2745..., payback 3.73562...,
    # replacement_cost 56,640
    assert round(out.loc[0, "net_value"], 4) == 10651.2745
    assert round(out.loc[0, "payback_years"], 5) == 3.73562
    assert out.loc[0, "replacement_cost"] == pytest.approx(56640, rel=1e-12)


def test_end_to_end_bad_values_exit_2_with_no_traceback_and_no_file_written(tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("scenario,customers,failure_rate\na,-5,0.2\nb,100,abc\n")
    target = tmp_path / "out.csv"
    target.write_text("precious")
    r = subprocess_run("evaluate", src, "-o", target)
    check_bad(r, "row 2, column customers: value '-5': is outside the allowed range 1 to 1e9",
              "row 3, column failure_rate: value 'abc': is not a number")
    assert target.read_text() == "precious"
    assert r.stdout == ""


# --- in-process -------------------------------------------------------------------------------

def test_template_has_scenario_then_every_parameter(cli):
    r = cli("template")
    assert r.returncode == 0
    assert list(frame(r.stdout).columns) == ["scenario", *NAMES]


def test_evaluate_three_program_years_prints_second_worked_example(cli, tmp_path):
    src = tmp_path / "three.csv"
    src.write_text("scenario,program_years\nthree years,3\n")
    r = cli("evaluate", src)
    assert r.returncode == 0, r.stderr
    out = frame(r.stdout)
    # docs/MODEL.md, "Worked examples", three program years
    assert round(out.loc[0, "net_value"], 4) == 7846.1351
    assert round(out.loc[0, "incremental_cost"], 3) == 209950.332
    assert round(out.loc[0, "break_even_compensation"], 5) == 32.95121


def test_evaluate_keeps_row_order_and_values_for_every_row(cli):
    out = frame(cli("evaluate", SAMPLES / "segments.csv").stdout)
    src = pd.read_csv(SAMPLES / "segments.csv")
    assert list(out["scenario"]) == list(src["scenario"])
    for i in range(len(src)):
        params = {c: src.loc[i, c] for c in src.columns if c in NAMES}
        assert out.loc[i, "net_value"] == pytest.approx(evaluate(params)["net_value"],
                                                        rel=1e-15)


def test_stdin_and_output_file(cli, tmp_path):
    target = tmp_path / "out.csv"
    r = cli("evaluate", "-", "-o", target, stdin="customers\n5000\n")
    assert r.returncode == 0 and r.stdout == ""
    assert frame(target.read_text()).loc[0, "customers"] == 5000


def test_template_evaluate_read_back_round_trip(cli, tmp_path):
    t, e = tmp_path / "t.csv", tmp_path / "e.csv"
    assert cli("template", "-o", t).returncode == 0
    assert cli("evaluate", t, "-o", e).returncode == 0
    # an evaluate output fed back to evaluate gives identical values
    e2 = tmp_path / "e2.csv"
    assert cli("evaluate", e, "-o", e2).returncode == 0
    assert e.read_text() == e2.read_text()


def test_project_long_format(cli):
    out = frame(cli("project", SAMPLES / "segments.csv").stdout)
    # docs/MODEL.md: "The projection's columns: scenario, year, then the columns of the table"
    assert list(out.columns) == ["scenario", "year", "customers_baseline", "customers_program",
                                 "extra_customers", "profit", "program_cost", "cash_flow",
                                 "discount_factor", "discounted_cash_flow",
                                 "cumulative_discounted_cash_flow"]
    first = out[out["scenario"] == out["scenario"].iloc[0]]
    assert list(first["year"]) == [0, 1, 2, 3, 4, 5]
    base = frame(cli("project", SAMPLES / "baseline.csv").stdout)
    assert math.isclose(base["cumulative_discounted_cash_flow"].iloc[-1], 10651.2745, abs_tol=5e-5)
    pd.testing.assert_series_equal(base["cumulative_discounted_cash_flow"],
                                   projection()["cumulative_discounted_cash_flow"],
                                   check_exact=False, rtol=1e-15)


def test_sensitivity_per_scenario(cli):
    out = frame(cli("sensitivity", SAMPLES / "segments.csv", "--swing", "0.1").stdout)
    assert len(out) == 6 * len(NAMES)
    assert {"scenario", "parameter", "net_value_low", "net_value_high", "swing"} <= set(out)
    out = frame(cli("sensitivity", SAMPLES / "baseline.csv", "--metric", "roi").stdout)
    assert "roi_low" in out.columns


def test_montecarlo_same_seed_same_output(cli):
    args = ("montecarlo", SAMPLES / "baseline.csv", "--ranges", SAMPLES / "ranges.csv",
            "--draws", "20000", "--seed", "42")
    a, b = cli(*args), cli(*args)
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


def test_bad_values_listed_by_row_and_column_and_no_file_written(cli, tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("scenario,customers,failure_rate\na,-5,0.2\nb,100,abc\n")
    target = tmp_path / "out.csv"
    target.write_text("precious")
    r = cli("evaluate", src, "-o", target)
    check_bad(r, "row 2, column customers: value '-5': is outside the allowed range 1 to 1e9",
              "row 3, column failure_rate: value 'abc': is not a number")
    assert target.read_text() == "precious"
    assert r.stdout == ""


def test_program_years_above_horizon_names_both(cli, tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("scenario,program_years,horizon_years\na,6,5\n")
    r = check_bad(cli("evaluate", src))
    assert any(line.startswith("row 2, column program_years/horizon_years:")
               and "program_years (6)" in line and "horizon_years (5)" in line
               for line in r.stderr.splitlines()), r.stderr


def test_every_problem_listed_also_the_cross_parameter_rule_on_another_row(cli, tmp_path):
    # "lists every problem": row 3's values are each valid, but its program years exceed its
    # horizon; a bad value on row 2 must not hide that
    src = tmp_path / "in.csv"
    src.write_text("scenario,customers,program_years,horizon_years\na,-5,1,5\nb,100,6,5\n")
    r = check_bad(cli("evaluate", src),
                  "row 2, column customers: value '-5': is outside the allowed range 1 to 1e9")
    assert any(line.startswith("row 3, column program_years/horizon_years:")
               for line in r.stderr.splitlines()), r.stderr


def test_unknown_column(cli, tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("custmers\n5\n")
    check_bad(cli("evaluate", src),
              "row 1, column custmers: unknown column; did you mean 'customers'?")


def test_missing_file(cli):
    check_bad(cli("evaluate", "no/such.csv"), "file not found: no/such.csv")


def test_folder_instead_of_file(cli, tmp_path):
    check_bad(cli("project", tmp_path), f"{tmp_path} is a folder, not a CSV file")


def test_empty_stdin(cli):
    check_bad(cli("evaluate", "-", stdin=""),
              "row 1: the scenarios file is empty: it needs a header row naming the columns")


def test_bad_ranges(cli, tmp_path):
    rng = tmp_path / "r.csv"
    rng.write_text("parameter,low,most_likely,high\nfailure_rate,0.5,0.2,0.9\n")
    check_bad(cli("montecarlo", SAMPLES / "baseline.csv", "--ranges", rng, "--draws", "10",
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
def test_usage_errors_exit_2(cli, monkeypatch, args, message):
    monkeypatch.chdir(ROOT)
    r = cli(*args)
    assert r.returncode == 2 and message in r.stderr and "Traceback" not in r.stderr


def test_unknown_metric(cli):
    check_bad(cli("sensitivity", SAMPLES / "baseline.csv", "--metric", "net_valu"),
              "column metric: value 'net_valu': unknown metric; did you mean 'net_value'?")


def test_unwritable_output(cli, tmp_path):
    r = cli("template", "-o", tmp_path / "no" / "such" / "dir.csv")
    assert r.returncode == 2 and "cannot write" in r.stderr and "Traceback" not in r.stderr
