"""The dashboard, headless (streamlit.testing AppTest): every page runs, and the figures shown
are calc's figures for the same inputs."""

import re
from pathlib import Path

import pytest

import calc
from calc.calibration.estimates import estimate
from calc.files.caselog import read_log
import calc.files
from calc.model.analyses import PRESETS, preset
from calc.model.spreads import ranges_around
from calc.text.format import count_short, money, money_short, pct, pct_short, years

from apptest import app, shown

ROOT = Path(__file__).resolve().parents[1]
# every page app.py declares, so that a new page is smoke-tested without editing this list
PAGES = re.findall(r'st\.Page\("([^"]+)"', (ROOT / "app.py").read_text())


def metrics(at):
    return {m.label: shown(m.value) for m in at.metric}


def expected_headline(params, cur="$"):
    m = calc.evaluate(params)
    year1_cost = calc.projection(params)["program_cost"].iloc[0]
    # cards show the compact form (issue 24: whole figures in their boxes); the exact figure
    # is in each card's help
    return {"Net value": money_short(m["net_value"], cur), "ROI": pct_short(m["roi"]),
            "Total program cost": money_short(m["incremental_cost"], cur),
            "Customers saved in year 1": count_short(m["customers_saved"]),
            "Program cost in year 1": money_short(year1_cost, cur),
            "Payback": years(m["payback_years"]),
            "Break-even compensation": money_short(m["break_even_compensation"], cur),
            "Cost per customer saved": money_short(m["cost_per_customer_saved"], cur),
            "Replacement cost (comparison only)": money_short(m["replacement_cost"], cur)}


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_without_exception(page, data_dir):
    at = app(page)
    assert not at.error, [e.value for e in at.error]


def test_calculator_defaults_show_worked_example(data_dir):
    at = app()
    shown = metrics(at)
    assert shown == expected_headline(calc.DEFAULTS)
    assert shown["Net value"] == "$10,651"         # MODEL.md worked example: 10,651.2745...
    card = next(x for x in at.metric if x.label == "Net value")
    assert "Exactly \\$10,651.27" in card.help
    assert shown["Payback"] == "3.74 years"        # MODEL.md: 3.73562...


def test_calculator_inputs_by_key_match_calc(data_dir):
    at = app()
    at.text_input(key="in_failure_rate").set_value("40")
    at.text_input(key="in_horizon_years").set_value("8")
    at.text_input(key="in_program_fixed_cost").set_value("55,000")
    at.text_input(key="in_resolution_rate_program").set_value("90")
    at.run()
    params = {**calc.DEFAULTS, "failure_rate": 0.40, "horizon_years": 8,
              "program_fixed_cost": 55000.0, "resolution_rate_program": 0.90}
    assert metrics(at) == expected_headline(params)
    assert at.session_state["params"] == params
    # the shareable link holds exactly the changed inputs
    assert dict(at.query_params) == {"failure_rate": "0.4", "horizon_years": "8",
                                     "program_fixed_cost": "55000",
                                     "resolution_rate_program": "0.9"}


def test_currency_symbol_applies_to_money(data_dir):
    at = app()
    at.text_input(key="currency").set_value("€").run()
    assert metrics(at)["Net value"] == "€10,651"          # the card form; exact in its help


@pytest.mark.parametrize("name", list(PRESETS)[1:])
def test_presets_set_retention_and_warn_on_paradox(name, data_dir):
    at = app()
    at.selectbox(key="preset").set_value(name).run()
    assert metrics(at) == expected_headline(preset(name))
    paradox = calc.evaluate(preset(name))["paradox_assumed"]
    warnings = " ".join(w.value for w in at.warning)
    assert ("recovery paradox" in warnings) == paradox
    if paradox:
        assert "de Matos" in warnings and "Knox & van Oest" in warnings


def test_query_link_restores_inputs_exactly(data_dir):
    q = {"failure_rate": "0.123456789", "customers": "25000", "horizon_years": "7",
         "currency": "£"}
    at = app(query=q)
    params = {**calc.DEFAULTS, "failure_rate": 0.123456789, "customers": 25000.0,
              "horizon_years": 7.0}
    assert at.session_state["params"] == params
    assert metrics(at) == expected_headline(params, "£")


def test_query_link_with_bad_values_says_so_and_uses_defaults(data_dir):
    at = app(query={"failure_rate": "1.7", "customers": "lots", "nonsense": "1"})
    text = " ".join(w.value for w in at.warning).replace("\\", "")   # markdown escapes
    assert "failure_rate = '1.7'" in text and "customers = 'lots'" in text
    assert "'nonsense'" in text
    assert at.session_state["params"] == calc.DEFAULTS


def test_calculator_offers_both_downloads(data_dir):
    # the files themselves are checked in the browser test, which downloads them
    at = app()
    labels = [d.label for d in at.get("download_button")]
    assert labels == ["Download scenario + results (CSV)", "Download cash-flow projection (CSV)",
                      "Download workbook (Excel, live formulas)",
                      "Download one-page report (PDF)"]


def test_segments_sample_and_bad_file(data_dir):
    at = app("app_pages/segments.py")
    at.button(key="seg_sample").click().run()
    assert not at.exception
    shown = metrics(at)
    frame = calc.files.read_scenarios(ROOT / "sample_inputs" / "segments.csv")
    total = calc.segments(frame).iloc[-1]
    assert shown["Total net value"] == money(total["net_value"])
    assert shown["Total ROI"] == pct(total["roi"])


def test_scenario_saved_survives_a_new_session(data_dir):
    at = app()
    at.text_input(key="in_failure_rate").set_value("35").run()
    at.switch_page("app_pages/scenarios.py").run()
    at.text_input(key="scen_name").set_value("budget A").run()
    at.button(key="scen_save").click().run()
    assert "Saved 'budget A'." in [s.value for s in at.success]
    # a new session (a reload or another browser) sees it
    from ui.state import session
    session.store.clear()
    fresh = app("app_pages/scenarios.py")
    assert fresh.selectbox(key="scen_load_choice").value == "budget A"
    fresh.button(key="scen_load").click().run()
    assert fresh.session_state["params"]["failure_rate"] == 0.35
    assert metrics(fresh)["Net value"] == expected_headline(
        {**calc.DEFAULTS, "failure_rate": 0.35})["Net value"]


def test_saving_over_a_name_asks_first(data_dir):
    at = app("app_pages/scenarios.py")
    at.text_input(key="scen_name").set_value("x").run()
    at.button(key="scen_save").click().run()
    at.text_input(key="scen_name").set_value("x").run()
    at.button(key="scen_save").click().run()
    assert any("exists already" in w.value for w in at.warning)
    at.button(key="scen_overwrite_no").click().run()
    assert not any("exists already" in w.value for w in at.warning)


def test_uncertainty_runs_and_matches_calc(data_dir):
    at = app("app_pages/uncertainty.py")
    at.number_input(key="mc_draws").set_value(5000)
    at.number_input(key="mc_seed").set_value(11)
    at.button(key="mc_run").click().run()
    assert not at.exception
    ranges = ranges_around(calc.DEFAULTS)     # the page starts from the calculator's inputs
    summary, _ = calc.monte_carlo(calc.DEFAULTS, ranges, 5000, 11)
    assert metrics(at)["P(net value > 0)"] == pct(summary.loc[0, "prob_net_value_positive"])
    assert metrics(at)["Median"] == money_short(summary.loc[0, "net_value_p50"], cents=False,
                                                width=7)     # a fifth of the page: compact


def test_sensitivity_break_even_matches_calc(data_dir):
    at = app("app_pages/sensitivity.py")
    at.radio(key="sens_view").set_value("Break-even").run()
    at.selectbox(key="be_param").set_value("program_fixed_cost").run()
    be = calc.break_even(calc.DEFAULTS, "program_fixed_cost")
    values = [shown(m.value) for m in at.metric]
    assert money(be.value) in values


def test_segments_upload_good_file(data_dir):
    at = app("app_pages/segments.py")
    text = "scenario,customers,failure_rate\nnorth,5000,0.2\nsouth,7000,0.4\n"
    at.file_uploader(key="seg_upload").upload("regions.csv", text.encode(), "text/csv").run()
    assert not at.exception and not at.error
    total = calc.segments(calc.files.parse_scenarios(text)).iloc[-1]
    assert metrics(at)["Total net value"] == money(total["net_value"])
    assert "2 segments from regions\\.csv." in [s.value for s in at.success]


def test_segments_upload_bad_file_shows_every_problem_and_computes_nothing(data_dir):
    at = app("app_pages/segments.py")
    text = "scenario,customers,failure_rte\nnorth,-5,0.2\n"
    at.file_uploader(key="seg_upload").upload("bad.csv", text.encode(), "text/csv").run()
    assert not at.exception
    assert "has 2 rows, 2 problems; nothing was computed" in at.error[0].value
    problems = at.dataframe[0].value
    assert list(problems["column"]) == ["failure_rte", "customers"]
    assert "did you mean 'failure_rate'" in problems["problem"].iloc[0]
    assert list(problems["row"]) == [1, 2]
    assert not at.metric      # nothing computed


def test_calibrate_sample_to_calculator_baseline(data_dir):
    at = app("app_pages/calibrate.py")
    at.button(key="cal_sample").click().run()
    assert not at.exception
    cal = estimate(read_log(ROOT / "sample_inputs" / "case_log.csv").frame)
    at.button(key="cal_to_calc").click().run()
    params = at.session_state["params"]
    assert params["retention_silent"] == cal.params()["retention_silent"]
    assert params["complaint_rate_program"] == calc.DEFAULTS["complaint_rate_program"]
    assert metrics(at) == expected_headline(params)


def test_calibrate_sends_intervals_to_uncertainty(data_dir):
    at = app("app_pages/calibrate.py")
    at.button(key="cal_sample").click().run()
    at.button(key="cal_to_mc").click().run()
    ranges = at.session_state["mc_ranges"]
    assert len(ranges) == 9 and "retention_resolved_fast" in list(ranges["parameter"])
    assert any("95% intervals" in i.value for i in at.info)


def test_calibrate_bad_rows_ask_before_estimating(data_dir):
    at = app("app_pages/calibrate.py")
    text = ("customer_id,failed,complained,resolved,resolved_fast,retained\n"
            "a,0,1,0,0,1\nb,1,1,1,1,1\n")
    at.file_uploader(key="cal_upload").upload("log.csv", text.encode(), "text/csv").run()
    assert "1 of 2 rows" in at.warning[0].value
    assert not at.success                       # stopped: nothing estimated yet
    at.radio(key="cal_skip").set_value("skip").run()
    assert "Estimated from 1 rows of log\\.csv." in [s.value for s in at.success]


def test_experiment_planner_matches_calc(data_dir):
    at = app("app_pages/calibrate.py")
    at.number_input(key="plan_p1").set_value(20.0)
    at.number_input(key="plan_lift").set_value(10.0)
    at.number_input(key="plan_volume").set_value(100.0).run()
    shown = metrics(at)
    assert shown["Customers per group"] == "313"      # Fleiss (1981) Table A.3
    assert shown["Months of complaints"] == "6.3"


def test_planner_starts_from_the_log_complainant_retention(data_dir):
    at = app("app_pages/calibrate.py")
    assert at.number_input(key="plan_p1").value == 60.0
    at.button(key="cal_sample").click().run()
    cal = estimate(read_log(ROOT / "sample_inputs" / "case_log.csv").frame)
    row = cal.table[cal.table["estimate_of"] == "Retention, all complainants"]
    assert at.number_input(key="plan_p1").value == round(float(row["estimate"].iloc[0]) * 100, 1)
    at.number_input(key="plan_p1").set_value(50.0).run()      # the user's value then stays
    assert at.number_input(key="plan_p1").value == 50.0


def test_link_breaking_a_word_of_mouth_rule_is_refused_and_nothing_is_drawn(data_dir):
    # the example: every value in range, word of mouth out of bounds together
    at = app(query={"retention_resolved": "0.1", "retention_resolved_fast": "0.1",
                    "wom_reach_per_lost_customer": "1000", "wom_conversion_rate": "0.1"})
    errors = " ".join(e.value for e in at.error).replace("\\", "")
    assert "These inputs cannot be evaluated" in errors
    assert "word of mouth out of bounds" in errors and "above 10.7692" in errors
    assert not metrics(at)                        # no headline figure of the refused scenario
    assert not at.get("plotly_chart")


def test_break_even_card_says_why_there_is_none(data_dir):
    at = app(query={"program_fixed_cost": "1000000"})
    assert metrics(at)["Break-even compensation"] == "n/a"
    captions = " ".join(c.value for c in at.caption)
    assert "No break-even: the program does not pay at any compensation." in captions
