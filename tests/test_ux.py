"""Issue 12, what a new user trips over: each test reproduces a finding and failed before the
fix (AppTest; the browser ones are in test_browser_ux.py)."""

import re
from pathlib import Path

import pandas as pd
from streamlit.testing.v1 import AppTest

import calc
from apptest import app, shown, wake  # noqa: F401
from calc.model.spreads import ranges_around
from calc.text.format import money, money_short, pct

ROOT = Path(__file__).resolve().parents[1]


def metrics(at):
    return {m.label: shown(m.value) for m in at.metric}


def table_with(at, label):
    """The shown table with ``label`` among its columns or row labels (st.dataframe keys are
    not exposed to AppTest)."""
    return next(d.value for d in at.dataframe
                if label in d.value.columns or label in d.value.index)


def by_key(at, kind, key):
    found = at.dataframe if kind == "dataframe" else at.get(kind)
    return next(e for e in found if getattr(e, "key", None) == key)


# --- 1. uncertainty follows the calculator ----------------------------------------------------

def test_uncertainty_ranges_are_built_around_the_calculator_inputs(data_dir):
    # the manager's case: a 150k program; the page used fixed example ranges (40k most likely)
    at = app("app_pages/uncertainty.py", query={"program_fixed_cost": "150000"})
    r = at.session_state["mc_ranges"].set_index("parameter")
    # hand: 150,000 x (1 - 0.25) = 112,500 and 150,000 x (1 + 0.50) = 225,000
    assert r.loc["program_fixed_cost"].tolist() == [112500.0, 150000.0, 225000.0]
    # failure rate 0.30: low 0.30 x 0.67 = 0.201, high 0.30 x 1.33 = 0.399, in percent
    shown = by_key(at, "dataframe", "mc_editor_1").value.set_index("Input")
    assert shown.loc["Failure rate", ["Low", "Most likely", "High"]].round(9).tolist() == \
        [20.1, 30.0, 39.9]
    assert shown.loc["Failure rate", "Unit"] == "%"
    assert "program_fixed_cost" not in shown.index
    at.number_input(key="mc_draws").set_value(4000)
    at.button(key="mc_run").click().run()
    p = {**calc.DEFAULTS, "program_fixed_cost": 150000.0}
    summary, _ = calc.monte_carlo(p, ranges_around(p), 4000, 2026)
    assert metrics(at)["P(net value > 0)"] == pct(summary.loc[0, "prob_net_value_positive"])


def test_uncertainty_ranges_are_rebuilt_when_the_inputs_change(data_dir):
    at = app("app_pages/uncertainty.py")
    at.switch_page("app_pages/calculator.py").run()
    at.text_input(key="in_failure_rate").set_value("40").run()
    at.switch_page("app_pages/uncertainty.py").run()
    r = at.session_state["mc_ranges"].set_index("parameter")
    assert r.loc["failure_rate", "most_likely"] == 0.40
    assert any("rebuilt" in i.value for i in at.info)
    assert not at.warning


def test_loaded_ranges_stay_and_a_different_most_likely_is_flagged(data_dir):
    at = app("app_pages/uncertainty.py")
    text = "parameter,low,most_likely,high\nfailure_rate,0.2,0.25,0.4\n"
    at.file_uploader(key="mc_upload").upload("r.csv", text.encode(), "text/csv").run()
    warning = " ".join(w.value for w in at.warning)
    assert "Failure rate (25.00% here, 30.00% in the calculator)" in warning
    # a loaded file is the user's: changing the inputs does not replace it
    at.switch_page("app_pages/calculator.py").run()
    at.text_input(key="in_failure_rate").set_value("35").run()
    at.switch_page("app_pages/uncertainty.py").run()
    assert at.session_state["mc_ranges"]["most_likely"].tolist() == [0.25]


def test_an_invalid_ranges_file_is_refused_with_every_problem_said(data_dir):
    """A ranges file that fails validation: the page says why (it once raised NameError)."""
    at = app("app_pages/uncertainty.py")
    before = at.session_state["mc_ranges"].copy()
    text = "parameter,low,most_likely,high\nfailure_rate,0.5,0.3,0.4\nnot_an_input,1,2,3\n"
    at.file_uploader(key="mc_upload").upload("bad ranges.csv", text.encode(), "text/csv").run()
    assert not at.exception
    error = " ".join(e.value for e in at.error).replace("\\", "")    # markdown escapes off
    assert "bad ranges.csv was not loaded (2 rows, 2 problems)" in error
    assert "row 2, column low/most_likely/high: value '0.5 / 0.3 / 0.4'" in error
    assert "row 3, column parameter: value 'not_an_input': unknown parameter" in error
    pd.testing.assert_frame_equal(at.session_state["mc_ranges"], before)     # nothing replaced


def test_ranges_editor_rows_drop_or_report_never_stray():
    from calc.text.ranges_shown import from_shown
    table = pd.DataFrame({"Input": ["Failure rate", None, "Program fixed cost", None],
                          "Unit": ["%", None, "$", None],
                          "Low": [20.0, None, 30000.0, 5.0],
                          "Most likely": [30.0, None, None, None],
                          "High": [40.0, None, 60000.0, None]})
    ranges, problems = from_shown(table)
    assert ranges.to_dict("records") == [{"parameter": "failure_rate", "low": 0.2,
                                          "most_likely": 0.3, "high": 0.4}]
    assert [(x.row, x.column) for x in problems] == [(3, "Most likely"), (4, "Input")]


# --- 2. one source per input ------------------------------------------------------------------

def test_150k_in_a_money_field_is_150000_and_words_are_refused(data_dir):
    at = app()
    at.text_input(key="in_program_fixed_cost").set_value("150k").run()
    assert at.session_state["params"]["program_fixed_cost"] == 150000.0
    assert dict(at.query_params)["program_fixed_cost"] == "150000"
    assert at.text_input(key="in_program_fixed_cost").value == "150,000"     # shown as used
    at.text_input(key="in_program_fixed_cost").set_value("160 thousand").run()   # the one grammar
    assert at.session_state["params"]["program_fixed_cost"] == 160000.0
    at.text_input(key="in_program_fixed_cost").set_value("150 thousands").run()
    assert at.session_state["params"]["program_fixed_cost"] == 160000.0    # kept, not 150
    assert any("is not an amount" in e.value for e in at.error)
    at.text_input(key="in_customers").set_value("-5").run()
    assert any("outside the allowed range" in e.value for e in at.error)
    assert at.session_state["params"]["customers"] == calc.DEFAULTS["customers"]
    # a percentage is typed as such; a horizon must be whole
    at.text_input(key="in_failure_rate").set_value("35%").run()
    assert at.session_state["params"]["failure_rate"] == 0.35
    assert at.text_input(key="in_failure_rate").value == "35"
    at.text_input(key="in_horizon_years").set_value("2.5").run()
    assert any("whole number of years" in e.value for e in at.error)
    assert at.session_state["params"]["horizon_years"] == 5


def test_a_typed_percentage_is_the_figure_the_link_and_the_saved_value(data_dir):
    at = app()
    at.text_input(key="in_resolution_rate_program").set_value("72.5").run()
    params = {**calc.DEFAULTS, "resolution_rate_program": 0.725}
    assert at.session_state["params"] == params
    assert metrics(at)["Net value"] == money_short(calc.evaluate(params)["net_value"])
    assert dict(at.query_params) == {"resolution_rate_program": "0.725"}
    at.switch_page("app_pages/scenarios.py").run()
    at.text_input(key="scen_name").set_value("s").run()
    at.button(key="scen_save").click().run()
    from ui.state import session
    assert session.store().get("s").params["resolution_rate_program"] == 0.725


# --- 3. sharing -------------------------------------------------------------------------------

def share_link(at):
    return at.sidebar.code[0].value


def test_every_page_has_a_link_with_the_inputs_the_name_and_the_page(data_dir):
    at = app(query={"scenario": "Q3 plan", "failure_rate": "0.4"})
    assert at.text_input(key="scenario_name").value == "Q3 plan"
    for page, path in [("sensitivity", "/sensitivity"), ("uncertainty", "/uncertainty"),
                       ("scenarios", "/scenarios"), ("segments", "/segments"),
                       ("calibrate", "/calibrate"), ("methodology", "/methodology"),
                       ("calculator", "/")]:
        at.switch_page(f"app_pages/{page}.py").run()
        link = share_link(at)
        assert re.search(re.escape(path) + r"\?", link), (page, link)
        assert "failure_rate=0.4" in link and "scenario=Q3+plan" in link, (page, link)
        assert dict(at.query_params) == {"failure_rate": "0.4", "scenario": "Q3 plan"}
    at.text_input(key="scenario_name").set_value("Q4").run()
    at.switch_page("app_pages/methodology.py").run()
    assert "scenario=Q4" in share_link(at)


# --- 4. readable tables and charts ------------------------------------------------------------

def test_compare_table_reads_like_the_headline_and_new_scenarios_join(data_dir):
    at = app(query={"horizon_years": "1"})       # one year: the program does not pay back
    at.switch_page("app_pages/scenarios.py").run()
    for name in ("short", "long"):
        if name == "long":
            at.switch_page("app_pages/calculator.py").run()
            at.text_input(key="in_horizon_years").set_value("5").run()
            at.switch_page("app_pages/scenarios.py").run()
        at.text_input(key="scen_name").set_value(name).run()
        at.button(key="scen_save").click().run()
    head = next(d.value for d in at.dataframe if "Payback" in d.value.index)
    assert head.loc["Payback", "short"] == "not reached"
    assert head.loc["Net value", "long"] == "$10,651.27"        # MODEL.md worked example
    listing = table_with(at, "Saved")
    assert "None" not in listing.to_string() and "not reached" in listing.to_string()
    assert len(listing.columns) <= 7      # fits the page at 1366 x 768
    at.text_input(key="scen_name").set_value("third").run()
    at.button(key="scen_save").click().run()
    assert at.multiselect(key="scen_compare").value == ["short", "long", "third"]
    chart = by_key(at, "plotly_chart", "chart_compare").proto.spec
    assert "#d62728" not in chart                # no red bars for positive amounts


def test_inputs_that_cannot_be_evaluated_are_shown_to_be_fixed(data_dir):
    # each value valid alone, the pair not: found after the figures moved above the inputs
    at = app(query={"program_years": "3", "horizon_years": "1"})
    assert any("cannot be evaluated" in e.value for e in at.error)
    at.text_input(key="in_program_years").set_value("1").run()
    assert not at.error and shown(at.metric[0].value)


def test_payback_beyond_the_horizon_reads_not_reached_in_full(data_dir):
    at = app(query={"horizon_years": "1"})
    assert metrics(at)["Payback"] == "not reached"


def test_segments_table_is_formatted(data_dir):
    at = app("app_pages/segments.py")
    at.button(key="seg_sample").click().run()
    table = table_with(at, "Segment")
    assert table.loc[0, "Payback"] == "not reached"            # minor / new does not pay back
    assert table.loc[1, "Net value"].startswith("$") and "," in table.loc[1, "Net value"]
    assert "None" not in table.to_string()


# --- 5. segments in the browser ---------------------------------------------------------------

def test_segments_start_from_a_blank_template_and_offer_it_for_download(data_dir):
    at = app("app_pages/segments.py")
    labels = [d.label for d in at.get("download_button")]
    assert "Download the template (CSV)" in labels
    at.button(key="seg_blank").click().run()
    editor = by_key(at, "dataframe", "seg_editor_1").value
    assert len(editor) == 1 and editor.loc[0, "failure_rate"] == 30.0      # percent
    assert metrics(at)["Total net value"] == money(calc.evaluate(calc.DEFAULTS)["net_value"])


# --- 6. what the answer rests on --------------------------------------------------------------

def test_program_assumptions_list_every_program_input_that_differs(data_dir):
    at = app(query={"compensation_per_resolution_baseline": "30"})
    box = " ".join(m.value for m in at.markdown)
    for line in ("Complaint rate, program: 30.00% → 40.00%",
                 "Resolution rate, program: 50.00% → 80.00%",
                 "Fast share, program: 30.00% → 60.00%", "Program years: 1 year",
                 "Fixed cost: $40,000.00"):
        assert line.replace("→", "→") in box.replace("\\", ""), line
    assert "Compensation, program" not in box          # same as today now
    # the total program cost per year and in present value (3 years: MODEL.md example 2)
    at = app(query={"program_years": "3"})
    m = calc.evaluate({**calc.DEFAULTS, "program_years": 3})
    assert metrics(at)["Total program cost"] == money_short(m["incremental_cost"])
    assert metrics(at)["Program cost in year 1"] == "$76,300"   # 10,000 x 3.63 + 40,000


# --- 7. no internal names ---------------------------------------------------------------------

SNAKE = re.compile(r"\b(" + "|".join(n for n in calc.NAMES if "_" in n) + r")\b")
PAGES = ["calculator", "sensitivity", "uncertainty", "scenarios", "segments", "calibrate",
         "methodology"]


def shown_text(at) -> str:
    """Every label, help, caption and message of the page (tables' cells excluded: they hold
    the CSV columns, shown as such)."""
    out = []

    def strings(msg):
        for field, value in msg.ListFields():
            if field.name in ("id", "form_id", "data", "spec", "arrow_data", "styles"):
                continue
            if isinstance(value, str):
                out.append(value)
            elif hasattr(value, "ListFields"):
                strings(value)
            elif isinstance(value, (list, tuple)) or hasattr(value, "__iter__"):
                for v in value:
                    if isinstance(v, str):
                        out.append(v)
                    elif hasattr(v, "ListFields"):
                        strings(v)

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None and type(node).__name__ != "Dataframe":
            strings(proto)
        for child in getattr(node, "children", {}).values():
            walk(child)
    walk(at._tree)
    return "\n".join(out)


def test_no_file_names_module_paths_or_parameter_names_on_any_page(data_dir):
    for page in PAGES:
        at = app(f"app_pages/{page}.py")
        for key in ("seg_sample", "cal_sample"):
            if key in [b.key for b in at.button]:
                at.button(key=key).click().run()
        text = shown_text(at)
        for bad in ("MODEL.md", "shared/", ".py", "python -m", "Allowed: 0 to 1."):
            assert bad not in text, (page, bad)
        found = SNAKE.findall(text)
        assert not found, (page, sorted(set(found)))


# --- 8. README ---------------------------------------------------------------------------------

def test_readme_says_how_to_change_port_and_address_and_what_run_prints():
    text = (ROOT / "README.md").read_text()
    assert "make run PORT=" in text and "ADDRESS=" in text
    assert "You can now view your Streamlit app in your browser" in text


# --- 1. the CLI's relative ranges -------------------------------------------------------------

def test_cli_montecarlo_takes_ranges_relative_to_each_scenario(tmp_path, capsys):
    from calc.cli import commands as cli
    scen = tmp_path / "s.csv"
    scen.write_text("scenario,program_fixed_cost\nsmall,40000\nbig,150000\n")
    rel = tmp_path / "r.csv"
    rel.write_text("parameter,low,most_likely,high\nprogram_fixed_cost,-20%,,+30%\n"
                   "failure_rate,0.2,25%,0.4\n")
    out = tmp_path / "o.csv"
    assert cli.main(["montecarlo", str(scen), "--ranges", str(rel), "--draws", "3000",
                     "--seed", "5", "-o", str(out)]) == 0
    got = pd.read_csv(out)
    for name, fixed in (("small", 40000.0), ("big", 150000.0)):
        # hand: -20% and +30% of the scenario's fixed cost, e.g. 32,000 / 40,000 / 52,000
        ranges = pd.DataFrame({"parameter": ["program_fixed_cost", "failure_rate"],
                               "low": [fixed * 0.8, 0.2], "most_likely": [fixed, 0.25],
                               "high": [fixed * 1.3, 0.4]})
        summary, _ = calc.monte_carlo({**calc.DEFAULTS, "program_fixed_cost": fixed}, ranges,
                                      3000, 5)
        row = got[got["scenario"] == name].iloc[0]
        assert row["net_value_mean"] == summary.loc[0, "net_value_mean"]
    err = capsys.readouterr().err
    assert "scenario small: failure_rate: most likely 0.25 differs from the scenario's 0.3" in err


def test_cli_relative_range_cells_that_are_not_numbers_exit_2(tmp_path, capsys):
    from calc.cli import commands as cli
    rel = tmp_path / "r.csv"
    rel.write_text("parameter,low,most_likely,high\nprogram_fixed_cost,-20x,,+30%\n")
    code = cli.main(["montecarlo", str(ROOT / "sample_inputs" / "baseline.csv"), "--ranges",
                     str(rel), "--draws", "10", "--seed", "1", "-o", str(tmp_path / "o.csv")])
    assert code == 2 and not (tmp_path / "o.csv").exists()
    assert "row 2, column low: value '-20x': is not a number" in capsys.readouterr().err


# --- 9. speed: a new session's first run draws the figures only --------------------------------

def test_first_run_draws_the_figures_before_inputs_and_charts(data_dir):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert metrics(at)["Net value"] == "$10,651"     # the card's form; exact in its help
    inputs = [t for t in at.text_input if t.key.startswith("in_")]
    assert not inputs and not at.get("plotly_chart")
    wake(at)                        # what the browser's timer asks for
    inputs = [t for t in at.text_input if t.key.startswith("in_")]
    assert len(inputs) == len(calc.PARAMS) and len(at.get("plotly_chart")) == 5
    assert metrics(at)["Net value"] == "$10,651"     # the card form; exact in its help
