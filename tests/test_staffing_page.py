"""The Staffing page, headless (AppTest): the figures shown are calc's for the same inputs, the
page's numbers flow into the calculator, and unstable queues are said in words."""

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

import calc
from calc.staffing import plan
from calc.staffing.inputs import DEFAULTS, centre
from calc.text.format import count, money, money_short, pct

ROOT = Path(__file__).resolve().parents[1]
PAGE = "app_pages/staffing.py"


def staffing_app():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown(at):
    """Metric values as markdown shows them (the currency symbol is escaped for markdown)."""
    return {m.label: re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", m.value) for m in at.metric}


def expected_centre(agents, **changes):
    values = {**DEFAULTS, "contacts_per_year": round(calc.evaluate(calc.DEFAULTS)
                                                     ["complaints_program"]), **changes}
    return centre(values, agents)


def test_defaults_show_calc_figures_and_the_agents_the_target_needs(data_dir):
    at = staffing_app()
    assert not at.error, [e.value for e in at.error]
    need = plan.busiest(expected_centre(1))["agents_required"]
    assert at.number_input(key="staff_agents").value == need
    peak = plan.busiest(expected_centre(int(need)))
    m = shown(at)
    assert m["Service level"] == pct(peak["service_level"])
    assert m["Abandoned"] == pct(peak["abandon_rate"])
    assert m["Occupancy"] == pct(peak["occupancy"])
    assert m["Agents needed"] == count(need, 0)


def test_changing_agents_and_volume_moves_the_figures(data_dir):
    at = staffing_app()
    at.number_input(key="staff_contacts_per_year").set_value(200_000).run()
    # agents follow what the target needs until the user picks a number
    assert at.number_input(key="staff_agents").value == 12
    at.number_input(key="staff_agents").set_value(9).run()
    at.number_input(key="staff_handle_time_seconds").set_value(360).run()   # a rerun
    assert at.number_input(key="staff_agents").value == 9
    c = expected_centre(9, contacts_per_year=200_000)
    peak = plan.busiest(c)
    m = shown(at)
    assert m["Service level"] == pct(peak["service_level"]) != pct(1.0)
    assert m["Mean wait"] == f"{peak['asa_seconds']:,.1f} s"
    assert m["Agents needed"] == "12"
    table = plan.surge(c, 3.0, 4 * 168.0, calc.evaluate(calc.DEFAULTS)["customer_value"],
                       {k: calc.DEFAULTS[k] for k in ("retention_unresolved",
                                                      "retention_resolved",
                                                      "retention_resolved_fast")})
    verdict = at.success[0].value
    assert verdict.startswith("Staff up.")
    assert money(table.iloc[2]["extra_agent_cost"], "$", cents=False) in verdict
    assert count(table.iloc[2]["extra_agent_hours"], 0) in verdict
    assert m["Customers lost compared with normal volume"] == count(table.iloc[1]["customers_lost"])


def test_use_in_the_calculator_sets_three_inputs(data_dir):
    at = staffing_app()
    at.number_input(key="staff_contacts_per_year").set_value(200_000).run()
    at.number_input(key="staff_agents").set_value(11).run()
    at.button(key="staff_use").click().run()
    model = calc.evaluate(calc.DEFAULTS)   # today's complaints: the calculator's ratio, 900/1200
    today = 200_000 * model["complaints_baseline"] / model["complaints_program"]
    assert today == 150_000
    link = plan.link_to_model(expected_centre(11, contacts_per_year=200_000), today)
    params = at.session_state["params"]
    assert money(calc.evaluate(params)["net_value"]) in at.success[0].value
    for name in plan.LINKED:
        assert params[name] == link[name]
    assert params["customers"] == calc.DEFAULTS["customers"]
    at.switch_page("app_pages/calculator.py").run()
    at.session_state["_heavy_ready"] = True     # the inputs follow the figures (ui/state/deferred.py)
    at.run()
    assert not at.exception
    # the field shows the registry's precision (to the cent), the input keeps every digit
    assert at.text_input(key="in_handling_cost_per_complaint").value == \
        f"{link['handling_cost_per_complaint']:,.2f}".rstrip("0").rstrip(".")
    assert shown(at)["Net value"] == money_short(calc.evaluate(params)["net_value"])   # card form


def test_an_unstable_queue_is_said_in_words(data_dir):
    at = staffing_app()
    at.checkbox(key="staff_never").check().run()
    at.number_input(key="staff_contacts_per_year").set_value(200_000).run()
    at.number_input(key="staff_agents").set_value(5).run()
    errors = [e.value for e in at.error]
    assert any("The queue never empties" in e and "for 5 agents" in e for e in errors), errors
    assert shown(at)["Mean wait"] == "no end"


def test_contradictory_inputs_stop_with_a_fix(data_dir):
    at = staffing_app()
    at.number_input(key="staff_busiest_hour_share").set_value(1.0).run()   # 1% < 1/60
    assert "Raise the busiest-hour share or the opening hours" in at.error[0].value
    assert not at.metric


def test_inputs_survive_a_visit_to_another_page(data_dir):
    at = staffing_app()
    at.number_input(key="staff_handle_time_seconds").set_value(500).run()
    at.switch_page("app_pages/calculator.py").run()
    at.switch_page(PAGE).run()
    assert at.number_input(key="staff_handle_time_seconds").value == 500


def test_sample_week_of_intervals_sets_the_busiest_interval(data_dir):
    from calc.files.staffing import read_intervals
    at = staffing_app()
    at.button(key="staff_intervals_sample").click().run()
    assert "120 intervals of 30 minutes" in at.info[0].value
    week = plan.interval_week(read_intervals(ROOT / "sample_inputs" / "staffing_intervals.csv"))
    agents = at.number_input(key="staff_agents").value
    values = {**DEFAULTS, "contacts_per_year": round(calc.evaluate(calc.DEFAULTS)
                                                     ["complaints_program"])}
    peak = plan.busiest(centre(values, agents, week=week))
    assert shown(at)["Service level"] == pct(peak["service_level"])
    assert any(h.value == "Busiest interval" for h in at.subheader)


def test_contacts_can_be_taken_again_from_the_calculator(data_dir):
    at = staffing_app()
    at.number_input(key="staff_contacts_per_year").set_value(5_000).run()
    at.button(key="staff_take_contacts").click().run()
    want = round(calc.evaluate(calc.DEFAULTS)["complaints_program"])
    assert at.number_input(key="staff_contacts_per_year").value == want


def test_a_three_day_storm_over_the_intervals_it_covers(data_dir):
    """With the sample week (Monday to Friday, 08:00-20:00), a fivefold storm from Wednesday
    08:00 for 3 days covers the file's Wednesday to Friday intervals; one from Friday covers
    Friday and, the week repeating, nothing more until Monday 08:00."""
    import pandas as pd
    from calc.files.staffing import read_intervals
    at = staffing_app()
    at.button(key="staff_intervals_sample").click().run()
    at.number_input(key="staff_contacts_per_year").set_value(200_000).run()
    at.number_input(key="staff_surge_factor").set_value(5.0).run()
    at.number_input(key="staff_surge_length").set_value(3.0).run()
    at.radio(key="staff_surge_unit").set_value("days").run()
    at.selectbox(key="staff_surge_start").set_value("Wed 05 Mar 08:00").run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    iv = read_intervals(ROOT / "sample_inputs" / "staffing_intervals.csv")
    cover = ((iv["interval_start"] >= pd.Timestamp("2025-03-05 08:00"))
             & (iv["interval_start"] < pd.Timestamp("2025-03-08 08:00"))).to_numpy()
    assert cover.sum() == 72                       # Wednesday to Friday, 24 half-hours a day
    agents = at.number_input(key="staff_agents").value
    c = centre({**DEFAULTS, "contacts_per_year": 200_000}, agents, week=plan.interval_week(iv))
    table = plan.surge(c, 5.0, 72.0, calc.evaluate(calc.DEFAULTS)["customer_value"],
                       {k: calc.DEFAULTS[k] for k in ("retention_unresolved",
                                                      "retention_resolved",
                                                      "retention_resolved_fast")},
                       cover, 0.5)
    first = {}
    for label, value in [(x.label, x.value) for x in at.metric]:
        first.setdefault(label, value)       # the first box is today's agents', then staffed
    m = first
    keep = table.iloc[1]
    assert m["Service level, busiest interval"] == pct(keep["busiest_service_level"])
    assert m["Service level, whole surge"] == pct(keep["service_level"])
    assert m["Abandoned, busiest interval"] == pct(keep["busiest_abandon_rate"])
    assert any("covers 72 intervals" in x.value for x in at.caption)
    at.selectbox(key="staff_surge_start").set_value("Fri 07 Mar 14:00").run()
    # Friday 14:00-20:00 (12) and Monday 08:00-14:00 (12) of the next week
    assert any("covers 24 intervals" in x.value for x in at.caption)


def linked(query):
    """A new session opening a link to the Staffing page."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update(query)
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_the_link_carries_the_pages_inputs(data_dir):
    """Issue 24 item 14: the Staffing page's link carries its inputs, and opening it sets them."""
    at = staffing_app()
    at.number_input(key="staff_handle_time_seconds").set_value(300).run()
    at.number_input(key="staff_service_level_target").set_value(90).run()
    query = dict(at.query_params)
    assert query["staff_handle_time_seconds"] == "300"
    assert query["staff_service_level_target"] == "0.9"
    assert "staff_target_answer_seconds" not in query          # defaults stay out of the link
    opened = linked(query)
    assert opened.number_input(key="staff_handle_time_seconds").value == 300
    assert opened.number_input(key="staff_service_level_target").value == 90
    assert not [w for w in opened.warning if "in the link" in w.value]
    bad = linked({"staff_handle_time_seconds": "lots"})
    assert any("staff_handle_time_seconds = 'lots'" in w.value for w in bad.warning)


def test_the_link_carries_the_pages_choices_and_the_agents_picked(data_dir):
    """The link also carries how the volume is typed, Erlang C, the surge's unit and agents the
    user picked: opened elsewhere, a 3-day storm is not a 3-week one."""
    at = staffing_app()
    at.radio(key="staff_volume_way").set_value("Contacts an hour at the busiest hour").run()
    at.checkbox(key="staff_never").check().run()
    at.radio(key="staff_surge_unit").set_value("days").run()
    at.number_input(key="staff_surge_length").set_value(3).run()
    at.number_input(key="staff_agents").set_value(14).run()
    query = dict(at.query_params)
    assert {k: query[k] for k in ("staff_volume_typed_as", "staff_never_hang_up",
                                  "staff_surge_unit", "staff_surge_length", "staff_agents")} == {
        "staff_volume_typed_as": "peak_contacts_per_hour", "staff_never_hang_up": "yes",
        "staff_surge_unit": "days", "staff_surge_length": "3", "staff_agents": "14"}
    opened = linked(query)
    assert opened.radio(key="staff_volume_way").value == "Contacts an hour at the busiest hour"
    assert opened.checkbox(key="staff_never").value is True
    assert opened.radio(key="staff_surge_unit").value == "days"
    assert opened.number_input(key="staff_agents").value == 14
    assert not [w for w in opened.warning if "in the link" in w.value]
    # 3 days of a 3x surge, 14 agents, Erlang C: the same verdict as where the link was copied
    verdict = [s.value for s in at.success]
    assert len(verdict) == 1 and "extra agent-hours over 3 days" in verdict[0]
    assert [s.value for s in opened.success] == verdict
    # the defaults stay out of a link; a value the page does not know is named and ignored
    fresh = staffing_app()
    assert not [k for k in fresh.query_params if k in ("staff_volume_typed_as",
                                                       "staff_never_hang_up", "staff_surge_unit",
                                                       "staff_agents")]
    bad = linked({"staff_surge_unit": "fortnights", "staff_agents": "2.5"})
    said = " ".join(w.value for w in bad.warning)
    assert "staff_surge_unit = 'fortnights' in the link is not one of weeks, days, hours" in said
    assert "staff_agents = '2.5' in the link is not a whole number of agents" in said
    assert bad.radio(key="staff_surge_unit").value == "weeks"
