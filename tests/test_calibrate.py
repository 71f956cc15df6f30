"""Calibration from a case log, and the experiment planner."""

import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import calc
from calc.calibration.estimates import estimate, wilson
from calc.calibration.planner import plan
from calc.files.caselog import parse_log, read_log
from calc.calibration.planner import sample_size

ROOT = Path(__file__).resolve().parents[1]
LOG = ROOT / "sample_inputs" / "case_log.csv"
sys.path.insert(0, str(ROOT / "sample_inputs"))
import make_case_log  # noqa: E402

HEADER = "customer_id,failed,complained,resolved,resolved_fast,retained\n"


@pytest.mark.parametrize("k, n, low, high", [
    # Newcombe (1998), Statistics in Medicine 17:857-872, Table I, method 3 (Wilson score)
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0000, 0.1611),
    (1, 29, 0.0061, 0.1718),
])
def test_wilson_matches_newcombe_1998(k, n, low, high):
    lo, hi = wilson(k, n)
    assert round(float(lo), 4) == low and round(float(hi), 4) == high


def test_wilson_covers_about_95_percent():
    rng = np.random.default_rng(5)
    p, n, sims = 0.3, 80, 4000
    k = rng.binomial(n, p, sims)
    lo, hi = wilson(k, np.full(sims, n))
    coverage = np.mean((lo <= p) & (p <= hi))
    assert 0.93 <= coverage <= 0.97


def test_wilson_empty_group_is_nan():
    lo, hi = wilson(0, 0)
    assert math.isnan(lo) and math.isnan(hi)


def test_sample_log_is_what_the_script_makes():
    text = make_case_log.generate().to_csv(index=False, lineterminator="\n")
    assert LOG.read_text() == text
    assert len(text.splitlines()) == 20001


def test_estimates_recover_the_generating_parameters_inside_their_intervals():
    cal = estimate(read_log(LOG).frame)
    t = cal.table.set_index("parameter")
    true = make_case_log.TRUE
    expected = {
        "failure_rate": true["failure_rate"], "complaint_rate_baseline": true["complaint_rate"],
        "resolution_rate_baseline": true["resolution_rate"],
        "fast_resolution_share_baseline": true["fast_resolution_share"],
        "retention_no_failure": true["retention_no_failure"],
        "retention_silent": true["retention_silent"],
        "retention_unresolved": true["retention_unresolved"],
        "retention_resolved": true["retention_resolved"],
        "retention_resolved_fast": true["retention_resolved_fast"],
        "revenue_per_customer": true["mean_revenue"],
        "compensation_per_resolution_baseline": true["mean_compensation"],
        "handling_cost_per_complaint": true["mean_handling_cost"],
    }
    for name, value in expected.items():
        assert t.loc[name, "low"] <= value <= t.loc[name, "high"], name
        assert not t.loc[name, "thin"]
    assert cal.rows_used == 20000
    # the scenario puts them in as the baseline and keeps the program values
    params = cal.params()
    assert params["retention_silent"] == t.loc["retention_silent", "estimate"]
    assert params["complaint_rate_program"] == calc.DEFAULTS["complaint_rate_program"]


def test_counts_by_hand():
    text = HEADER + "\n".join([
        "a,0,0,0,0,1", "b,0,0,0,0,0",            # no failure: 1 of 2 kept
        "c,1,0,0,0,1",                          # silent, kept
        "d,1,1,0,0,0",                          # unresolved, lost
        "e,1,1,1,0,1",                          # resolved slowly, kept
        "f,TRUE,true,True,true,1",              # resolved fast, kept (true/false accepted)
    ]) + "\n"
    t = estimate(parse_log(text).frame).table.set_index("parameter")
    assert (t.loc["failure_rate", "count"], t.loc["failure_rate", "n"]) == (4, 6)
    assert (t.loc["complaint_rate_baseline", "count"], t.loc["complaint_rate_baseline", "n"]) == (3, 4)
    assert (t.loc["resolution_rate_baseline", "count"], t.loc["resolution_rate_baseline", "n"]) == (2, 3)
    assert t.loc["fast_resolution_share_baseline", "estimate"] == 0.5
    assert t.loc["retention_no_failure", "estimate"] == 0.5
    assert t.loc["retention_unresolved", "estimate"] == 0.0
    assert t.loc["retention_resolved_fast", "estimate"] == 1.0
    assert t["thin"].all()                      # every branch has fewer than 30 customers


def test_contradictory_rows_reported_by_number_and_left_out():
    text = HEADER + "\n".join([
        "a,0,0,0,0,1",
        "b,0,1,0,0,1",       # line 3: complained without a failure
        "c,1,0,1,0,1",       # line 4: resolved without a complaint
        "d,1,1,0,1,1",       # line 5: fast but not resolved
        "e,1,1,1,0,yes",     # line 6: not a 0/1 flag
        ",1,1,1,0,1",        # line 7: no customer id
        "f,1,1,1,1,0",
    ]) + "\n"
    log = parse_log(text)
    assert [str(p) for p in log.problems] == [
        "row 3, column complained: complained without a failure (failed is 0)",
        "row 4, column resolved: resolved without a complaint (complained is 0)",
        "row 5, column resolved_fast: resolved fast but not resolved (resolved is 0)",
        "row 6, column retained: value 'yes': must be 0/1 or true/false",
        "row 7, column customer_id: customer_id is blank",
    ]
    assert log.bad_rows == 5 and log.total_rows == 7
    assert list(log.frame.index) == [2, 8]


def test_structural_problems_raise():
    with pytest.raises(calc.InputError) as e:
        parse_log("customer_id,failed,complaind,resolved,retained\n")
    text = [str(p) for p in e.value.problems]
    assert "row 1, column complaind: unknown column; did you mean 'complained'?" in text
    assert "row 1, column resolved_fast: required column is missing" in text


def test_bad_money_value_reported():
    log = parse_log(HEADER.strip() + ",revenue\na,0,0,0,0,1,abc\nb,0,0,0,0,1,-5\nc,0,0,0,0,1,\n")
    assert [str(p) for p in log.problems] == [
        "row 2, column revenue: value 'abc': must be a number of at least 0 (or blank)",
        "row 3, column revenue: value '-5': must be a number of at least 0 (or blank)"]
    assert list(log.frame.index) == [4]


def test_ranges_from_intervals_are_valid_monte_carlo_ranges():
    cal = estimate(read_log(LOG).frame)
    ranges = cal.ranges()
    assert set(ranges["parameter"]) <= set(calc.NAMES)
    assert len(ranges) == 9
    summary, _ = calc.monte_carlo(cal.params(), ranges, 1000, 1)
    assert summary.loc[0, "draws"] == 1000


@pytest.mark.parametrize("p1, p2, corrected, classical", [
    # Fleiss (1981), Statistical Methods for Rates and Proportions, Table A.3 (two-sided
    # alpha 0.05, power 0.80, continuity-corrected); the classical values without correction
    (0.05, 0.10, 474, 435),
    (0.20, 0.30, 313, 294),
])
def test_sample_size_matches_fleiss_table(p1, p2, corrected, classical):
    assert sample_size(p1, p2, 0.05, 0.80) == (corrected, classical)


def test_plan_months_at_complaint_volume():
    result = plan(0.20, 0.10, monthly_complaints=100)
    assert result.per_group == 313 and result.total == 626
    assert result.months == pytest.approx(6.26)


def test_plan_rejects_nonsense():
    with pytest.raises(calc.InputError):
        plan(0.95, 0.10, 100)          # 105% retention
    with pytest.raises(calc.InputError):
        plan(0.5, 0.05, 0)


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "calc", "calibrate", *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT)


def test_cli_writes_evaluate_format_with_estimates(tmp_path):
    out, est = tmp_path / "s.csv", tmp_path / "e.csv"
    r = run_cli(LOG, "-o", out, "--estimates", est)
    assert r.returncode == 0, r.stderr
    scen = pd.read_csv(out)
    assert list(scen.columns) == ["scenario", *calc.NAMES, *calc.METRICS]
    estimates = pd.read_csv(est).set_index("parameter")
    assert scen.loc[0, "retention_silent"] == estimates.loc["retention_silent", "estimate"]
    # the scenario file is valid input to evaluate
    again = subprocess.run([sys.executable, "-m", "calc", "evaluate", str(out)],
                           capture_output=True, text=True, cwd=ROOT)
    assert again.returncode == 0


def test_cli_stops_on_contradictory_rows_unless_told(tmp_path):
    src = tmp_path / "log.csv"
    src.write_text(HEADER + "a,0,1,0,0,1\nb,1,1,1,1,1\n")
    out = tmp_path / "s.csv"
    r = run_cli(src, "-o", out)
    assert r.returncode == 2 and not out.exists()
    assert "row 2, column complained: complained without a failure (failed is 0)" in r.stderr
    assert "--skip-bad-rows" in r.stderr
    r = run_cli(src, "-o", out, "--skip-bad-rows")
    assert r.returncode == 0 and out.exists()
    assert "skipped 1 bad rows" in r.stderr


def test_fast_and_careful_log_readers_agree():
    text = LOG.read_text()
    fast = parse_log(text)
    # not typed while reading: the same rows, with one flag written ' 0' (a leading space)
    changed = text.replace("\nC000002,0,", "\nC000002, 0,", 1)
    careful = parse_log(changed)
    assert fast.problems == [] and careful.problems == []
    pd.testing.assert_frame_equal(fast.frame.drop(columns="customer_id"),
                                  careful.frame.drop(columns="customer_id"))


@pytest.mark.parametrize("cell", ["nan", "inf", "NaN"])
def test_nan_text_in_money_is_a_problem_not_a_blank(cell):
    log = parse_log(HEADER.strip() + f",revenue\na,0,0,0,0,1,{cell}\nb,0,0,0,0,1,5\n")
    assert [p.row for p in log.problems] == [2]
