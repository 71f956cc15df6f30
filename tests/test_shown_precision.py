"""Issue 24 item 12: an input field shows its value to the registry's precision (money to the
cent, percentages to a hundredth of a point, customers whole) while the stored value, the link
and the exports keep every digit (tests/test_calibrate_browser.py: the round trip from a log)."""


import calc
from apptest import app, shown as shown_md
from calc.model.params import BY_NAME, SHOWN_DECIMALS
from ui.state import session
from ui.state.field_text import field_text


def test_every_input_has_a_display_precision():
    for spec in calc.PARAMS:
        assert spec.shown_decimals == SHOWN_DECIMALS[spec.kind] >= 0, spec.name


def test_field_rounds_and_the_value_keeps_every_digit():
    at = app()
    full = {"revenue_per_customer": 1195.5548365, "failure_rate": 0.2970512345,
            "customers": 12345.6}
    at.session_state["params"] = {**calc.DEFAULTS, **full}
    for name in full:                      # as session.set_params does: fields drawn afresh
        at.session_state[session.widget_key(name)] = field_text(BY_NAME[name],
                                                                         full[name])
    at.run()
    assert not at.exception
    assert at.text_input(key=session.widget_key("revenue_per_customer")).value == "1,195.55"
    assert at.text_input(key=session.widget_key("failure_rate")).value == "29.71"
    assert at.text_input(key=session.widget_key("customers")).value == "12,346"
    # nothing was rounded where it counts: the inputs, the link, the figures
    kept = at.session_state["params"]
    assert {k: kept[k] for k in full} == full
    assert at.query_params["revenue_per_customer"] == "1195.5548365"
    net = calc.evaluate({**calc.DEFAULTS, **full})["net_value"]
    shown = shown_md(at.metric[0].value)
    assert shown == calc.text.money_short(net), (shown, net)


def test_a_typed_value_shows_rounded_and_stays_whole():
    at = app()
    at.text_input(key=session.widget_key("revenue_per_customer")).set_value("1195.5548").run()
    at.run()
    assert at.session_state["params"]["revenue_per_customer"] == 1195.5548
    assert at.text_input(key=session.widget_key("revenue_per_customer")).value == "1,195.55"
