"""MODEL.md version 3: word of mouth within bounds and break-even compensation.

Checked against hand computation, the year recursion, scipy (whose brentq and bounded
minimize_scalar the vectorised search reproduces on arrays) and the independent per-row
reference calc/model/reference.py (written from the spec by another engineer)."""

import io
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from scipy.optimize import brentq, minimize_scalar

import calc
from calc.budget.levers import lever_values
from calc.export import report_text as rt
from calc.export.workbook import workbook_bytes
from calc.files import read_scenarios
from calc.model import reference as ref
from calc.model.breakeven import (M_HIGH, _net_at, bounded_max, break_even_search, brent_root,
                                  grid_for)
from calc.model.closed_form import core, per_customer
from calc.model.evaluation import break_even_reasons
from calc.model.flows import program_net_value
from calc.model.metrics import METRICS
from calc.model.params import DEFAULTS, NAMES
from calc.model.wom import wom_bounds
from test_cross_check import random_spec_scenarios

ROOT = Path(__file__).resolve().parents[1]
ISSUE_WOM = {"retention_resolved": 0.10, "retention_resolved_fast": 0.10,
             "wom_reach_per_lost_customer": 1000, "wom_conversion_rate": 0.1}
NARROW = {"compensation_uplift_at_peak": 0.12, "retention_resolved": 0.6,
          "retention_resolved_fast": 0.7, "program_fixed_cost": 34987.767265}
DOES_NOT_PAY, PAYS_ALWAYS, NO_EFFECT = ("does not pay at any compensation",
                                        "pays at any compensation",
                                        "compensation changes nothing")


def arrays(rows):
    return {k: np.array([r[k] for r in rows], float) for k in NAMES}


# ------------------------------------------------------------------ word of mouth within bounds

def test_issue_example_breaks_rule_one_with_the_hand_computed_bound():
    # by hand: rho_b = 0.595 + 0.153 = 0.748, rho_p = 0.595 + 0.1296 = 0.7246;
    # largest omega = (1 - 0.748) / (0.748 - 0.7246) = 10.769230...
    with pytest.raises(calc.InputError) as e:
        calc.evaluate(ISSUE_WOM)
    text = str(e.value)
    assert "no negative new customers" in text
    assert "wom_reach_per_lost_customer (1000)" in text and "wom_conversion_rate (0.1)" in text
    assert "ω 100," in text and "above 10.7692," in text
    rule, omega, top = wom_bounds(calc.model.resolve(ISSUE_WOM, pairs=False))
    assert int(rule) == 1 and float(omega) == 100.0
    assert float(top) == pytest.approx(0.252 / 0.0234, rel=1e-12)


def test_omega_1000_at_the_defaults_breaks_rule_two():
    # by hand: (1 - 0.79276) / (0.79276 - 0.7786) = 0.20724 / 0.01416 = 14.635593...
    with pytest.raises(calc.InputError, match="no growth from word of mouth alone") as e:
        calc.evaluate(wom_reach_per_lost_customer=1000, wom_conversion_rate=1)
    assert "above 14.6356," in str(e.value)


def test_the_bound_itself_is_allowed_and_gives_zero_new_customers_in_year_one():
    p = calc.model.resolve({**ISSUE_WOM, "wom_conversion_rate": 1.0}, pairs=False)
    top = float(wom_bounds(p)[2])
    ok = {**ISSUE_WOM, "wom_reach_per_lost_customer": top * (1 - 1e-12), "wom_conversion_rate": 1}
    proj = calc.projection(ok)
    N = 10000.0
    new_year_1 = proj["customers_program"].iloc[1] - N * 0.7246
    assert abs(new_year_1) < 1e-6 * N          # w + omega sigma_1 = 0 at the bound
    assert (proj["customers_program"] >= 0).all()
    with pytest.raises(calc.InputError):
        calc.evaluate({**ok, "wom_reach_per_lost_customer": top * (1 + 1e-9)})


def test_rules_against_the_year_recursion_on_random_scenarios():
    """Where both rules hold, every B_p(t) >= 0 and every year's new customers
    B_p(t) - B_p(t-1) rho_p(t) >= 0 (to rounding); where rule 1 fails, year 1's are < 0."""
    rows = random_spec_scenarios(3000, seed=41)
    p = arrays(rows)
    rule, _, _ = wom_bounds(p)
    _, paths = core(p, paths="each")          # the recursion, without any validation
    w = per_customer(p)
    N = p["customers"]
    B = N[None, :] + paths.extra              # B_p(t), t = 0..T (0 rows past the horizon)
    T = B.shape[0] - 1
    t = np.arange(1, T + 1)[:, None]
    rho = np.where(t <= p["program_years"][None, :], w["rho_program"][None, :],
                   w["rho_baseline"][None, :])
    new = B[1:] - B[:-1] * rho
    inside = t <= p["horizon_years"][None, :]
    ok = rule == 0
    tol = 1e-9 * N
    assert ok.sum() > 1000 and (rule == 1).sum() > 100 and (rule == 2).sum() > 50
    assert (np.where(inside, B[1:], 0)[:, ok] >= -tol[ok]).all()
    assert (np.where(inside, new, 0)[:, ok] >= -tol[ok]).all()
    one = rule == 1
    assert (new[0, one] < 0).all()
    # rule 2 broken: c = rho_p + omega (rho_p - rho_b) > 1, extra customers grow year on year
    two = (rule == 2) & (p["program_years"] >= 2)
    assert (paths.extra[2, two] > paths.extra[1, two]).all()


def test_cli_refuses_the_issue_example_and_writes_nothing(tmp_path):
    src = tmp_path / "wom.csv"
    src.write_text("scenario," + ",".join(ISSUE_WOM) + "\nbad,"
                   + ",".join(str(v) for v in ISSUE_WOM.values()) + "\nfine,0.75,0.85,0,0.01\n")
    for cmd in (["evaluate", str(src), "-o", str(tmp_path / "out.csv")],
                ["workbook", str(src), "-o", str(tmp_path / "out.xlsx")]):
        run = subprocess.run([sys.executable, "-m", "calc", *cmd], cwd=ROOT,
                             capture_output=True, text=True)
        assert run.returncode == 2, run.stderr
        assert run.stderr.startswith("row 2, column wom_reach_per_lost_customer/"
                                     "wom_conversion_rate: word of mouth out of bounds"), run.stderr
        assert "largest ω this scenario allows" in run.stderr
    assert not (tmp_path / "out.csv").exists() and not (tmp_path / "out.xlsx").exists()


def test_segments_file_and_store_import_refuse_it(backend):
    text = ("scenario," + ",".join(ISSUE_WOM) + "\nbad,"
            + ",".join(str(v) for v in ISSUE_WOM.values()) + "\n").encode()
    with pytest.raises(calc.InputError, match="word of mouth out of bounds"):
        read_scenarios(text)
    s = backend.open()
    with pytest.raises(calc.InputError, match="word of mouth out of bounds"):
        s.import_rows([("fine", DEFAULTS), ("bad", {**DEFAULTS, **ISSUE_WOM})])
    assert s.names() == []


def test_analyses_leave_rule_breaking_points_empty_and_count_them():
    base = {**DEFAULTS, "wom_reach_per_lost_customer": 10, "wom_conversion_rate": 1.0}
    grid = calc.two_way(base, "wom_reach_per_lost_customer", [0, 10, 14, 15, 20],
                        "retention_resolved", [0.75])
    # omega 15 and 20 are above 14.6356 at the defaults: empty, and counted
    assert np.isnan(grid.iloc[0, 3]) and np.isnan(grid.iloc[0, 4])
    assert np.isfinite(grid.iloc[0, :3]).all()
    assert grid.attrs["refused"] == 2 and grid.attrs["refused_note"].startswith("2 of 5 cells")
    table = calc.tornado({**DEFAULTS, "wom_reach_per_lost_customer": 14,
                          "wom_conversion_rate": 1}, swing=0.2,
                         parameters=["wom_reach_per_lost_customer", "customers"])
    assert table.attrs["refused"] == 1          # reach 16.8 breaks rule 2; 11.2 does not
    be = calc.break_even({**DEFAULTS, "wom_conversion_rate": 1}, "wom_reach_per_lost_customer")
    assert be.refused > 0 and "left empty" in be.reason


def test_monte_carlo_stops_with_the_count_and_the_ranges_to_narrow():
    ranges = pd.DataFrame({"parameter": ["wom_reach_per_lost_customer", "customers"],
                           "low": [0, 5000], "most_likely": [5, 10000], "high": [40, 20000]})
    with pytest.raises(calc.InputError) as e:
        calc.monte_carlo({**DEFAULTS, "wom_conversion_rate": 1}, ranges, 2000, seed=3)
    text = str(e.value)
    assert "of 2,000 draws break a word-of-mouth rule" in text
    assert "Narrow the ranges of wom_reach_per_lost_customer" in text
    assert "customers" not in text.split("Narrow the ranges of")[1].split("(")[0]


# ------------------------------------------------------------------------ break-even compensation

def test_worked_examples_unchanged():
    assert calc.evaluate()["break_even_compensation"] == pytest.approx(41.0950775882, rel=1e-10)
    assert calc.evaluate(program_years=3)["break_even_compensation"] == pytest.approx(
        32.9512125197, rel=1e-10)


def test_search_checks_the_closed_form_where_there_is_no_response():
    for extra in ({}, {"program_years": 3}):
        p = calc.model.resolve({**DEFAULTS, **extra})
        value, code = break_even_search(p)
        assert int(code[0]) == 0
        assert value[0] == pytest.approx(calc.evaluate(extra)["break_even_compensation"],
                                         rel=1e-11)


@pytest.mark.parametrize("extra, reason, closed", [
    # closed form by hand: (86,951.2745 - 7,500 - 1e6) / (1.0 x 960) < 0
    ({"program_fixed_cost": 1e6}, DOES_NOT_PAY, None),
    # (86,951.2745 - 7,500 - 40,000) / (1e-8 x 960) = 4.1095e9 > 1e9
    ({"compensation_cost_share": 1e-8}, PAYS_ALWAYS, None),
    # ... / (1e-7 x 960) = 4.1095e8: inside the range, reported
    ({"compensation_cost_share": 1e-7}, "", 39451.2744847 / (1e-7 * 960)),
    ({"compensation_cost_share": 0}, NO_EFFECT, None),
    ({"resolution_rate_program": 0}, NO_EFFECT, None),
    # with a response: no grid point pays / net value at 1e9 still >= 0 / nothing resolved
    ({"compensation_uplift_at_peak": 0.1, "program_fixed_cost": 1e9}, DOES_NOT_PAY, None),
    ({"compensation_uplift_at_peak": 0.1, "compensation_cost_share": 1e-8}, PAYS_ALWAYS, None),
    ({"compensation_uplift_at_peak": 0.1, "resolution_rate_program": 0}, NO_EFFECT, None),
])
def test_hand_made_cases_of_each_reason(extra, reason, closed):
    be = calc.evaluate(extra)["break_even_compensation"]
    assert break_even_reasons(extra) == reason
    assert calc.run(extra).break_even_reason == reason
    if closed is None:
        assert math.isnan(be)
    else:
        assert be == pytest.approx(closed, rel=1e-9)
        assert 0 <= be <= M_HIGH


def test_narrow_window_of_the_issue_is_found():
    be = calc.evaluate(NARROW)["break_even_compensation"]
    assert be == pytest.approx(20.9323378194, rel=1e-9)
    at = calc.evaluate({**NARROW, "compensation_per_resolution_program": np.array(
        [19.3, 20.0, 20.9, 20.94, 21.0, 19.1])})["net_value"]
    assert (at[:3] > 0).all() and (at[3:] < 0).all()
    # no point of the fixed grid pays: the refined local maximum is what finds the window
    p = calc.model.resolve(NARROW)
    grid = grid_for(np.array([p["loss_per_failure"] * p["compensation_peak_ratio"]]))[0]
    on_grid = calc.evaluate({**NARROW, "compensation_per_resolution_program": grid})
    assert (on_grid["net_value"] < 0).all()


@pytest.mark.parametrize("extra", [{}, {"program_years": 3}, NARROW,
                                   {"compensation_uplift_at_peak": 0.05, "program_years": 4}])
def test_break_even_plugged_back_in(extra):
    be = calc.evaluate(extra)["break_even_compensation"]
    nv = calc.evaluate({**extra, "compensation_per_resolution_program": np.array(
        [be, be * (1 + 1e-6), be * 1.01, be * 10, 1e9])})["net_value"]
    cost = calc.evaluate(extra)["incremental_cost"]
    assert abs(nv[0]) <= 1e-7 * cost
    assert (nv[1:] < 0).all()


def test_grid_of_the_specification():
    y = np.array([150.0, 1e8, 5e8])
    g = grid_for(y)
    assert g.shape == (3, 401)
    assert g[0, 0] == 0 and g[0, -1] == 1e9 and (np.diff(g, axis=1) >= 0).all()
    lin = g[0][(g[0] > 0) & (g[0] <= 1500)]
    assert lin.size == 201 and 150.0 in lin       # 200 on (0, z], plus y (= a linear point)
    assert np.allclose(np.diff(np.log(g[0][g[0] >= 1500])), np.log(1e9 / 1500) / 199)
    assert g[1].max() == 1e9 and (g[2] <= 1e9).all()  # z = min(10 y, 1e9)


def test_vectorised_brent_and_bounded_brent_equal_scipy():
    rows = [p for p in random_spec_scenarios(300, seed=12) if p["compensation_uplift_at_peak"] > 0]
    rows = [p for p in rows if int(wom_bounds(arrays([p]))[0][0]) == 0][:40]
    p = arrays(rows)
    y = p["loss_per_failure"] * p["compensation_peak_ratio"]
    a, b = 0.2 * y, 3.0 * y
    x, fx = bounded_max(p, a, b)
    checked_root = 0
    for i in range(len(rows)):
        one = {k: v[i:i + 1] for k, v in p.items()}
        f = lambda m: float(_net_at(one, np.array([m]))[0])      # noqa: E731
        res = minimize_scalar(lambda m: -f(m), bounds=(a[i], b[i]), method="bounded",
                              options={"xatol": 1e-10 * b[i]})
        assert x[i] == pytest.approx(res.x, rel=1e-9, abs=1e-9)
        assert fx[i] == pytest.approx(-res.fun, rel=1e-12, abs=1e-6)
        lo, hi = 0.0, 1e9
        if f(lo) >= 0 > f(hi):
            want = brentq(f, lo, hi, rtol=1e-12)
            got = brent_root(one, np.array([lo]), np.array([hi]), np.array([f(lo)]),
                             np.array([f(hi)]))[0]
            assert got == pytest.approx(want, rel=1e-12)
            checked_root += 1
    assert checked_root >= 5


def test_grid_net_value_equals_the_year_recursion():
    rows = random_spec_scenarios(400, seed=9)
    p = arrays(rows)
    m = np.linspace(0, 500, 7)[None, :] * np.ones((len(rows), 1))
    got = _net_at(p, m)
    for j in range(m.shape[1]):
        q = dict(p)
        q["compensation_per_resolution_program"] = m[:, j]
        want = core(q)[0]["net_value"]
        scale = np.abs(core(q)[0]["total_benefit"]) + np.abs(core(q)[0]["incremental_cost"])
        assert (np.abs(got[:, j] - want) <= 1e-11 * scale + 1e-9).all()
    w = per_customer(p)
    closed = program_net_value(p["customers"], p["revenue_per_customer"] * p["operating_margin"],
                               p["discount_rate"], w["rho_baseline"], w["rho_program"],
                               p["wom_reach_per_lost_customer"] * p["wom_conversion_rate"],
                               w["u_program"] - w["u_baseline"], p["program_fixed_cost"],
                               p["program_years"], p["horizon_years"])
    nv = core(p)[0]["net_value"]
    assert np.allclose(closed, nv, rtol=1e-10, atol=1e-6)


@pytest.mark.parametrize("seed, response", [(2027, None), (2028, 1.0)])
def test_break_even_equals_the_independent_reference(seed, response):
    """1e-7 relative, or both NaN with the same reason; never outside [0, 1e9]."""
    rows = random_spec_scenarios(700, seed=seed)
    if response:
        rng = np.random.default_rng(seed)
        for r in rows:
            r["compensation_uplift_at_peak"] = float(rng.uniform(0.001, 1))
            r["loss_per_failure"] = max(r["loss_per_failure"], 1.0)
    kept = []
    for r in rows:
        try:
            ref.check_wom(r)
            kept.append(r)
        except ValueError:
            pass
    p = arrays(kept)
    got = calc.evaluate(p)["break_even_compensation"]
    why = break_even_reasons(p)
    worst, nans = 0.0, 0
    for i, r in enumerate(kept):
        want, reason = ref.break_even_compensation(r)
        if math.isnan(want):
            nans += 1
            assert math.isnan(got[i]) and why[i] == reason, (i, got[i], why[i], reason)
        else:
            assert 0 <= got[i] <= M_HIGH and why[i] == ""
            worst = max(worst, abs(got[i] - want) / abs(want) if want else abs(got[i]))
    assert worst <= 1e-7, worst
    assert len(kept) > 300 and 0 < nans < len(kept)


def test_lever_steps_that_break_a_rule_are_empty():
    # omega 14.63, just under the defaults' 14.6356: every step that raises rho_p breaks rule 2
    v = lever_values({"wom_reach_per_lost_customer": 14.63, "wom_conversion_rate": 1})
    for name in ("complaint_rate_program", "resolution_rate_program",
                 "fast_resolution_share_program", "failure_reduction_program"):
        assert math.isnan(v[name])
    # by hand (one program year, Q = N): 10,000 x 0.096 x 1 / 10,000 x 0.03 x 1 / 1,000
    assert v["compensation_per_resolution_program"] == pytest.approx(960.0, rel=1e-12)
    assert v["handling_cost_per_complaint"] == pytest.approx(300.0, rel=1e-12)
    assert v["program_fixed_cost"] == pytest.approx(1000.0, rel=1e-12)


def test_report_and_workbook_say_why_there_is_no_break_even():
    r = calc.run(program_fixed_cost=1e6)
    boxes = dict(rt.headline(r.metrics, "$", r.break_even_reason))
    assert boxes["Break-even compensation"] == "none"
    lines = rt.assumptions(r.params, r.metrics, "$", r.break_even_reason)
    assert ("Break-even compensation: none. The program does not pay at any compensation: "
            "net value stays below 0 at every compensation per resolution from 0 to 1e9."
            in lines)
    frame = pd.DataFrame([{**DEFAULTS, "scenario": "costly", "program_fixed_cost": 1e6},
                          {**DEFAULTS, "scenario": "fine"},
                          {**DEFAULTS, "scenario": "response, no effect",
                           "compensation_uplift_at_peak": 0.1, "resolution_rate_program": 0}])
    wb = openpyxl.load_workbook(io.BytesIO(workbook_bytes(frame)))
    ws = wb["Results"]
    col = 2 + METRICS.index("break_even_compensation")
    notes = [ws.cell(row, col).comment for row in (2, 3, 4)]
    assert "does not pay at any compensation" in notes[0].text
    assert notes[1] is None
    assert "compensation changes nothing" in notes[2].text and ws.cell(4, col).value in ("", None)
