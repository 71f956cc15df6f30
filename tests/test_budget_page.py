"""The Budget page, headless (streamlit.testing AppTest): the figures shown are calc's figures
for the same inputs, typed money is read as meant, the link carries the page's inputs, and the
"use in the calculator" buttons apply what the page recommends."""

import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import calc
from calc.budget.allocation import allocate
from calc.budget.compensation import best_compensation
from calc.budget.levers import lever_values
from calc.budget.responses import default_responses
from ui.figures.escape import md
from calc.text.format import money as plain_money
from calc.text.format import money_short

ROOT = Path(__file__).resolve().parents[1]


def money(x, cents=True):
    """Money as the page writes it in markdown (messages): '$' escaped."""
    return plain_money(x, md("$"), cents)


def card(x, cents=True):
    """Money as a card shows it: compact (issue 24), '$' escaped; the exact figure is in the
    card's help."""
    return money_short(x, md("$"), cents)


PAGE = "app_pages/budget.py"


def budget_page(query=None):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    if query:
        at.query_params.update(query)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at):
    return {m.label: m.value for m in at.metric}


def test_defaults_show_calc_figures(data_dir):
    at = budget_page()
    best = allocate({}, default_responses(), 150_000)
    shown = metrics(at)
    assert shown["Best net value with this budget"] == card(best.net_value)
    assert shown["Net value with nothing spent"] == card(calc.evaluate()["net_value"])
    assert shown["Spent of the budget"] == card(best.spend.sum(), cents=False)
    fast = lever_values({})["fast_resolution_share_program"]
    assert f"worth **{money(fast, cents=False)}** over the horizon" in at.info[0].value
    # the defaults leave money unspent, and the page says so
    assert "best left unspent" in at.warning[0].value
    assert not at.error


def test_typed_budget_is_read_as_meant_or_refused(data_dir):
    at = budget_page()
    at.text_input(key="budget_amount").set_value("60k").run()
    best = allocate({}, default_responses(), 60_000)
    assert metrics(at)["Best net value with this budget"] == card(best.net_value)
    assert metrics(at)["Spent of the budget"] == card(60_000, cents=False)
    assert at.query_params["budget"] == "60k"
    at.text_input(key="budget_amount").set_value("60 thousand-ish").run()
    assert not at.exception
    assert "is not an amount of money" in at.error[0].value
    assert "Best net value with this budget" not in metrics(at)
    # the compensation section still works with a bad budget
    assert "Best compensation per resolution" in metrics(at)


def test_what_to_cut_reading(data_dir):
    at = budget_page()
    text = " ".join(m.value for m in at.markdown)
    big = allocate({}, default_responses(), 150_000)
    small = allocate({}, default_responses(), 80_000)
    assert (f"Going from **{money(150_000, False)}** to **{money(80_000, False)}**"
            in text)
    assert f"from {money(big.net_value, cents=False)} to {money(small.net_value, cents=False)}" \
        in text


def test_link_carries_budget_and_responses(data_dir):
    at = budget_page({"budget": "80k", "resp_failure_reduction_program": "off",
                      "resp_resolution_rate_program": "0.9:20000"})
    resp = pd.DataFrame({"lever": ["complaint_rate_program", "resolution_rate_program",
                                   "fast_resolution_share_program"],
                         "reachable_value": [0.70, 0.90, 0.95],
                         "half_spend": [15_000, 20_000, 10_000]})
    best = allocate({}, resp, 80_000)
    assert metrics(at)["Best net value with this budget"] == card(best.net_value)
    assert at.query_params["resp_failure_reduction_program"] == "off"
    assert at.query_params["budget"] == "80k"


def test_bad_link_values_are_said_and_ignored(data_dir):
    at = budget_page({"budget": "lots", "resp_resolution_rate_program": "1.5:100"})
    text = " ".join(w.value for w in at.warning).replace("\\", "")
    assert "budget = 'lots'" in text and "resp_resolution_rate_program = '1.5:100'" in text
    best = allocate({}, default_responses(), 150_000)
    assert metrics(at)["Best net value with this budget"] == card(best.net_value)


def test_use_split_in_calculator(data_dir):
    at = budget_page()
    best = allocate({}, default_responses(), 150_000)
    at.button(key="use_split").click().run()
    p = at.session_state["params"]
    assert p["program_fixed_cost"] == 40_000 + best.spend.sum()
    for name, value in zip(best.levers, best.values):
        assert p[name] == value
    assert calc.evaluate(p)["net_value"] == pytest.approx(best.net_value, rel=1e-12)


def test_compensation_with_a_response(data_dir):
    at = budget_page()
    assert metrics(at)["Best compensation per resolution"] == card(0)
    assert any("holdout" in i.value for i in at.info)
    at.text_input(key="budget_in_compensation_uplift_at_peak").set_value("10").run()
    at.text_input(key="budget_in_loss_per_failure").set_value("20").run()
    params = {"compensation_uplift_at_peak": 0.10, "loss_per_failure": 20.0}
    best = best_compensation(params)
    shown = metrics(at)
    assert shown["Best compensation per resolution"] == card(best["best_compensation"])
    assert shown["Net value at the best"] == card(best["net_value_at_best"])
    assert not any("holdout" in i.value for i in at.info)
    at.button(key="use_compensation").click().run()
    p = at.session_state["params"]
    assert p["compensation_per_resolution_program"] == best["best_compensation"]
    assert p["compensation_uplift_at_peak"] == 0.10


def test_every_table_downloadable(data_dir):
    at = budget_page()
    labels = [d.label for d in at.get("download_button")]
    assert labels == ["Download lever values (CSV)", "Download response curves (CSV)",
                      "Download the split (CSV)", "Download what to cut (CSV)",
                      "Download the frontier (CSV)", "Download compensation curve (CSV)"]


def test_a_currency_that_looks_like_markup_shows_as_typed(data_dir):
    at = budget_page({"currency": "<b>"})
    best = allocate({}, default_responses(), 150_000)
    assert metrics(at)["Best net value with this budget"] == money_short(best.net_value,
                                                                         md("<b>"))
    charts = [c for c in at.get("plotly_chart")]
    assert charts and all("<b>1" not in c.proto.spec for c in charts)
    assert any("&lt;b&gt;1" in c.proto.spec for c in charts)      # shown as typed


def page_text(at):
    return " ".join(e.value for e in [*at.markdown, *at.success, *at.info, *at.warning,
                                      *at.caption])


def test_a_smaller_budget_that_covers_the_best_split_cuts_nothing(data_dir):
    # the report: with 150k and 100k (the best split spends 88k), "What to cut" listed "cuts"
    # from $244 to $244 and an increase, and "Net value falls by -$0"
    at = budget_page({"budget_smaller": "100k"})
    big = allocate({}, default_responses(), 150_000)
    small = allocate({}, default_responses(), 100_000)
    assert big.spend.sum() < 100_000                    # the premise: 100k covers the best
    said = [s.value for s in at.success if "nothing worth buying is cut" in s.value]
    assert len(said) == 1
    assert money(small.net_value, cents=False) in said[0]
    text = page_text(at)
    assert "Going from" not in text and "falls by" not in text
    assert "-\\$0" not in text and "-$0" not in text


def test_what_to_cut_lists_only_real_cuts(data_dir):
    at = budget_page({"budget_smaller": "30k"})
    text = next(m.value for m in at.markdown if "Going from" in m.value)
    big = allocate({}, default_responses(), 150_000)
    small = allocate({}, default_responses(), 30_000)
    listed = [line for line in text.split("\n") if line.startswith("- ")]
    cut = big.spend - small.spend
    assert len(listed) == int((cut > 150).sum()) > 0
    for line in listed:
        before, after = (float(x.replace(",", "")) for x in
                         re.findall(r"\\\$([\d,]+)", line)[:2])
        assert after < before                           # a cut, never an increase
    loss = big.net_value - small.net_value
    assert f"Net value falls by **{money(loss, cents=False)}**" in text


def test_levers_are_checkboxes_and_the_link_carries_them(data_dir):
    at = budget_page()
    labels = [c.label for c in at.checkbox]
    for name in ("complaint_rate_program", "resolution_rate_program",
                 "fast_resolution_share_program", "failure_reduction_program"):
        assert calc.BY_NAME[name].label in labels
    refunds = next(c for c in at.checkbox if c.label.startswith("Bigger refunds"))
    assert refunds.value is False
    at.checkbox(key="budget_use_failure_reduction_program").uncheck().run()
    at.checkbox(key="budget_use_compensation_per_resolution_program").check().run()
    assert at.query_params["resp_failure_reduction_program"] == "off"
    assert at.query_params["resp_compensation_per_resolution_program"] == "on"
    # the sidebar's share link carries them too
    link = at.sidebar.get("code")[0].value
    assert "resp_failure_reduction_program=off" in link
    assert "resp_compensation_per_resolution_program=on" in link


def test_refunds_in_the_split_from_a_link(data_dir):
    at = budget_page({"resp_compensation_per_resolution_program": "on",
                      "compensation_uplift_at_peak": "0.1",
                      "compensation_per_resolution_program": "0", "budget": "120k"})
    resp = pd.concat([default_responses(), pd.DataFrame(
        {"lever": ["compensation_per_resolution_program"], "reachable_value": [float("nan")],
         "half_spend": [float("nan")]})], ignore_index=True)
    params = {"compensation_uplift_at_peak": 0.1, "compensation_per_resolution_program": 0.0}
    best = allocate(params, resp, 120_000)
    assert best.spend[-1] > 0
    assert metrics(at)["Best net value with this budget"] == card(best.net_value)
    table = at.dataframe[1].value
    row = table[table["Lever"] == calc.BY_NAME["compensation_per_resolution_program"].label]
    assert row["After the spend"].iloc[0] == plain_money(best.values[-1])
    link = at.sidebar.get("code")[0].value
    assert "budget=120k" in link and "resp_compensation_per_resolution_program=on" in link
    at.button(key="use_split").click().run()
    p = at.session_state["params"]
    assert p["compensation_per_resolution_program"] == best.values[-1]
    assert p["program_fixed_cost"] == pytest.approx(40_000 + best.spend[:-1].sum(), rel=1e-12)
    assert calc.evaluate(p)["net_value"] == pytest.approx(best.net_value, rel=1e-9)


def test_lever_note_uses_the_bars_label(data_dir):
    at = budget_page()
    note = at.info[0].value
    assert "first-contact" not in note
    assert md(calc.BY_NAME["fast_resolution_share_program"].label) in note
