"""The Budget page, headless (streamlit.testing AppTest): the figures shown are calc's figures
for the same inputs, typed money is read as meant, the link carries the page's inputs, and the
"use in the calculator" buttons apply what the page recommends."""

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
