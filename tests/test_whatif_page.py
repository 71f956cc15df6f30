"""The calculator's what-if sliders and input groups, headless (issue 24, items 9 and 15): a
slider and its typed field are one value, shared with the figures and the link; range and step
come from the registry; a group's open state survives reruns and page changes."""

import time

import calc
from calc.text.format import money_short
from tests.apptest import app, shown
from ui.state.current import slider_key, widget_key
from ui.state.fields import group_key
from ui.state.sliders import _IN_FLIGHT as IN_FLIGHT, _PUSH_MEMORY as PUSH_MEMORY

LEVERS = ["complaint_rate_program", "resolution_rate_program", "fast_resolution_share_program",
          "failure_reduction_program", "compensation_per_resolution_program",
          "program_fixed_cost", "program_years"]


def net_value(at):
    return next(shown(m.value) for m in at.metric if m.label == "Net value")


def test_the_strip_has_the_seven_levers_with_the_registry_range_and_step(data_dir):
    at = app()
    sliders = {s.key: s for s in at.slider}
    assert set(sliders) == {slider_key(n) for n in LEVERS}
    rate = sliders[slider_key("resolution_rate_program")]
    assert (rate.min, rate.max, rate.step, rate.value) == (0, 100, 1, 80)      # percent
    cost = sliders[slider_key("program_fixed_cost")]
    assert (cost.min, cost.max, cost.step, cost.value) == (0, 500_000, 5_000, 40_000)
    years = sliders[slider_key("program_years")]
    assert (years.min, years.max, years.value) == (1, 5, 1)      # at most the 5-year horizon


def test_moving_a_slider_moves_the_field_the_figures_and_the_link(data_dir):
    at = app()
    at.slider(key=slider_key("resolution_rate_program")).set_value(90).run()
    assert at.text_input(key=widget_key("resolution_rate_program")).value == "90"
    assert at.query_params["resolution_rate_program"] == "0.9"
    assert net_value(at) == money_short(calc.evaluate(resolution_rate_program=0.9)["net_value"])
    at.slider(key=slider_key("program_fixed_cost")).set_value(65_000).run()
    assert at.text_input(key=widget_key("program_fixed_cost")).value == "65,000"
    assert at.query_params["program_fixed_cost"] == "65000"
    assert net_value(at) == money_short(calc.evaluate(resolution_rate_program=0.9,
                                                program_fixed_cost=65_000)["net_value"])


def test_typing_moves_the_slider_and_a_value_beyond_it_widens_it(data_dir):
    at = app()
    at.text_input(key=widget_key("complaint_rate_program")).set_value("45%").run()
    assert at.slider(key=slider_key("complaint_rate_program")).value == 45
    at.text_input(key=widget_key("program_fixed_cost")).set_value("1.2m").run()
    s = at.slider(key=slider_key("program_fixed_cost"))
    assert (s.value, s.max) == (1_200_000, 1_200_000)
    at.text_input(key=widget_key("horizon_years")).set_value("8").run()
    assert at.slider(key=slider_key("program_years")).max == 8
    # a typed value the field refuses leaves the slider, figures and link where they were
    at.text_input(key=widget_key("complaint_rate_program")).set_value("140").run()
    assert at.slider(key=slider_key("complaint_rate_program")).value == 45
    assert at.query_params["complaint_rate_program"] == "0.45"
    assert any("outside the allowed range" in e.value for e in at.error)


def test_moving_back_to_where_a_widget_was_before_the_other_wrote_it_counts(data_dir):
    """Slider at 70, 66 typed (written to the slider), the slider moved back to 70: that is an
    edit, not the old report again; and so for the field, both ways round. (A report equal to a
    value written a moment ago is taken for its echo: the test waits as long as a user would
    take to go back.)"""
    at = app()
    rate, field = slider_key("resolution_rate_program"), widget_key("resolution_rate_program")
    at.slider(key=rate).set_value(70).run()
    at.text_input(key=field).set_value("66").run()
    assert at.slider(key=rate).value == 66
    time.sleep(IN_FLIGHT)           # the write has reached the browser: the user moves on
    at.slider(key=rate).set_value(70).run()
    assert at.text_input(key=field).value == "70"
    assert at.query_params["resolution_rate_program"] == "0.7"
    at.slider(key=rate).set_value(55).run()
    assert at.text_input(key=field).value == "55"
    time.sleep(PUSH_MEMORY)         # (70 was written to the field too, by the slider's 70)
    at.text_input(key=field).set_value("70").run()
    assert at.slider(key=rate).value == 70
    assert net_value(at) == money_short(calc.evaluate(resolution_rate_program=0.7)["net_value"])


def test_a_group_opened_by_the_user_stays_open_across_pages(data_dir):
    at = app()
    key = group_key("Retention by branch")
    at.session_state[key] = True              # what the browser's click on it sets
    at.session_state["_groups_open"] = {key: True}
    at.run()
    at.switch_page("app_pages/methodology.py").run()
    at.switch_page("app_pages/calculator.py").run()
    assert not at.exception
    assert at.session_state[key] is True


def test_reset_and_presets_move_the_sliders_with_the_fields(data_dir):
    at = app()
    at.slider(key=slider_key("resolution_rate_program")).set_value(90).run()
    at.button(key="reset").click().run()
    assert at.slider(key=slider_key("resolution_rate_program")).value == 80
    assert at.text_input(key=widget_key("resolution_rate_program")).value == "80"
    assert "resolution_rate_program" not in at.query_params
    at.run()                                  # a rerun with nothing changed changes nothing
    assert at.slider(key=slider_key("resolution_rate_program")).value == 80
    assert net_value(at) == money_short(calc.evaluate()["net_value"])
