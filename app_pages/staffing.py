"""Staffing: agents, waits and abandoned complaints at the contact centre, the plan staffed
interval by interval, its link to the calculator, and what a surge costs both ways. The page runs
as named steps (read widgets -> call calc.staffing -> draw); `main()` at the foot calls them."""

from pathlib import Path

import pandas as pd
import streamlit as st

import calc
from calc.staffing import plan
from calc.files.write import download_csv
from calc.files.staffing import read_intervals
from calc.staffing.inputs import AGENTS_RANGE, centre
from ui.state import downloads
from ui.state import session
from ui.figures import staffing as staffing_charts
from calc.text.format import count, money, pct
from ui.figures.escape import md
from ui.state import share
from ui.state.staffing_inputs import (VOLUME_WAYS, apply_link, kept, link_values, number,
                                      remember, values)
from ui.state.staffing_surge import count_card, money_card, n_agents, show_surge, wait_text
from ui.state.staffing_text import LINK, METHOD

SAMPLE_WEEK = Path(__file__).resolve().parents[1] / "sample_inputs" / "staffing_intervals.csv"


def seed_volume(store, model) -> None:
    if "seeded" not in store:   # first visit: the calculator's complaints with the program
        store["contacts_per_year"] = max(1.0, round(float(model["complaints_program"])))
        store["seeded"] = True


def read_inputs(store, model, cur_md):
    """The three columns of inputs and the targets row; returns (never hang up, volume typed
    as the busiest hour's contacts)."""
    def take_contacts():
        store["contacts_per_year"] = max(1.0, round(float(model["complaints_program"])))
        st.session_state.pop("staff_contacts_per_year", None)

    vol, queue_col, money_col = st.columns(3, gap="medium")
    with vol:
        st.subheader("Volume")
        kept("staff_volume_way", VOLUME_WAYS[0])
        way = st.radio("Volume typed as", VOLUME_WAYS, key="staff_volume_way", horizontal=True)
        remember("staff_volume_way", way)
        peak_volume = way == VOLUME_WAYS[1]
        if peak_volume:
            number("peak_contacts_per_hour", cur_md)
        else:
            number("contacts_per_year", cur_md)
            st.button(f"Take from the calculator ({count(model['complaints_program'], 0)} "
                      f"complaints)", key="staff_take_contacts", on_click=take_contacts,
                      help="The calculator's complaints a year with the program.")
        number("live_share", cur_md)
        number("opening_hours", cur_md)
        number("busiest_hour_share", cur_md)
    with queue_col:
        st.subheader("Queue")
        number("handle_time_seconds", cur_md)
        number("target_answer_seconds", cur_md)
        number("service_level_target", cur_md)
        kept("staff_never", False)
        never = st.checkbox("Contacts never hang up (Erlang C)", key="staff_never")
        remember("staff_never", never)
        if not never:
            number("patience_seconds", cur_md)
    with money_col:
        st.subheader("Outcome and cost")
        number("first_contact_resolution", cur_md)
        number("resolved_when_answered", cur_md)
        number("cost_per_agent_hour", cur_md)
        number("other_cost_per_contact", cur_md)
    st.markdown("**Targets and shrinkage**")
    tc = st.columns(3)
    with tc[0]:
        number("max_occupancy", cur_md)
    with tc[1]:
        if never:
            st.caption("Abandonment target: none (contacts never hang up).")
        else:
            number("max_abandon_rate", cur_md)
    with tc[2]:
        number("shrinkage", cur_md)
    return never, peak_volume


def read_week():
    """The week from an uploaded interval file: ((hours, shares), intervals) or (None, None)."""
    with st.expander("Or describe the week by interval volumes (replaces opening hours and the "
                     "busiest-hour share)"):
        interval_name, interval_data = session.file_or_sample(
            "CSV with columns interval_start, contacts (e.g. half-hours of a typical week)",
            "staff_intervals", SAMPLE_WEEK, "Use a sample week")
    if interval_data is None:
        return None, None
    try:
        intervals = read_intervals(interval_data)
    except calc.InputError as e:
        st.error(f"{md(interval_name)} cannot be used; the busiest-hour share is used instead. "
                 f"Fix these and upload again (rows are line numbers, the header is row 1):")
        st.dataframe([{"row": x.row, "column": x.column, "value": x.value, "problem": x.message}
                      for x in e.problems], hide_index=True, key="staff_interval_problems")
        return None, None
    st.info(f"The week's shape comes from {md(interval_name)}: {len(intervals):,} intervals "
            f"of {intervals.attrs['interval_hours'] * 60:g} minutes; its volumes are scaled "
            f"to the volume above. Opening hours and the busiest-hour share are not used.")
    return plan.interval_week(intervals), intervals


def choose_agents(one, need_now, store) -> int:
    if not store.get("agents_chosen"):   # follow the targets until the user picks a number
        st.session_state["staff_agents"] = int(need_now) if need_now == need_now else 1

    def chosen():
        store["agents_chosen"] = True

    kept("staff_agents", 1)
    agents = st.columns([1, 2])[0].number_input(
        "Agents on duty in every opening hour", min_value=AGENTS_RANGE[0],
        max_value=AGENTS_RANGE[1], step=1,
        key="staff_agents", on_change=chosen,
        help="Today's agents, the same in every opening hour. Until you change it: the agents "
             "the busiest hour needs for the targets.")
    remember("staff_agents", int(agents))
    return int(agents)


def show_busiest(c, never, busiest_word):
    peak = plan.busiest(c)
    agents, agents_text = c.agents, n_agents(c.agents)
    st.subheader(busiest_word.capitalize())
    m = st.columns(4)
    m[0].metric("Service level", pct(peak["service_level"]), border=True,
                help="Share of all contacts answered within the answer target; hang-ups count "
                     "as not answered.")
    m[1].metric("Mean wait", wait_text(peak["asa_seconds"]), border=True,
                help="Average wait over every contact, answered or not (a hang-up counts its "
                     "wait until it hangs up).")
    m[2].metric("Abandoned", pct(peak["abandon_rate"]), border=True,
                help="Share of contacts that hang up before an agent answers.")
    m[3].metric("Occupancy", pct(peak["occupancy"]), border=True,
                help="Share of agent time spent handling contacts.")
    m = st.columns(4)
    m[0].metric("Agents needed", count(peak["agents_required"], 0), border=True,
                help=f"On duty, for every target: the fewest agents answering "
                     f"{pct(c.service_level_target, 0)} within {c.target_answer_seconds:g} s"
                     f" (and within the occupancy and abandonment caps) at the {busiest_word}.")
    m[1].metric("Agents scheduled", count(peak["agents_scheduled"], 0), border=True,
                help=f"Agents needed / (1 - shrinkage of {pct(c.shrinkage, 0)}), rounded up: "
                     f"the agents to pay for.")
    if peak["agents_required"] != peak["agents_required"]:
        st.warning(f"The {busiest_word} brings {peak['traffic_erlangs']:,.0f} agent-hours of "
                   f"work an hour: more than the 100,000 agents this page sizes. Split the "
                   f"centre into sites, or check the volume and handle time.")
    if never and peak["prob_wait"] >= 1.0 and peak["traffic_erlangs"] >= agents:
        st.error(f"The queue never empties: the {busiest_word} brings "
                 f"{peak['traffic_erlangs']:,.1f} agent-hours of work an hour "
                 f"({peak['arrivals_per_hour']:,.1f} contacts of {c.handle_time_seconds:g} s) "
                 f"for {agents_text}, so waits grow without limit. At least "
                 f"{int(peak['traffic_erlangs']) + 1} agents are needed to keep up, and "
                 f"{count(peak['agents_required'], 0)} to meet the targets.")
    else:
        word = "meets" if peak["service_level"] >= c.service_level_target else "misses"
        st.write(f"With {agents_text} the {busiest_word} ({peak['arrivals_per_hour']:,.1f} "
                 f"contacts an hour) {word} the target of {pct(c.service_level_target, 0)} "
                 f"answered within {c.target_answer_seconds:g} s.")
    need = peak["agents_required"]
    most = int(max(need if need == need else agents, agents) * 1.6) + 3
    st.plotly_chart(staffing_charts.agents_chart(plan.agent_curve(c, most), agents, need,
                                                 c.service_level_target, busiest_word),
                    key="staff_chart_agents")


def level_names(c, intervals) -> list:
    if intervals is not None:
        return list(intervals["interval_start"].dt.strftime("%a %H:%M"))
    return ["Busiest hour", "Other opening hours"][:len(c.level_hours)]


def show_plan(c, intervals, cur_md):
    """The plan staffed hour by hour (or interval by interval) beside the flat plan."""
    st.subheader("The plan: each hour staffed on its own")
    staffed = plan.staffed_levels(c)
    flat = plan.levels(c)
    sw, fw = plan.summary(staffed), plan.summary(flat)
    paid_s, paid_f = plan.paid_hours(c, staffed), plan.paid_hours(c, flat)
    left, right = st.columns(2, gap="large")
    for col, title, week, paid in ((left, "Staffed interval by interval", sw, paid_s),
                                   (right, f"Same {n_agents(c.agents)} in every opening hour "
                                           f"(version 2)", fw, paid_f)):
        with col, st.container(border=True):
            st.markdown(f"**{title}**")
            k = st.columns(2)
            count_card(k[0], "Paid agent-hours a week", paid, 0)
            money_card(k[1], "Cost a week", paid * c.cost_per_agent_hour, cur_md)
            k[0].metric("Service level, week", pct(week["service_level"]))
            k[1].metric("Abandoned, week", pct(week["abandon_rate"]))
            st.caption(f"Mean wait {wait_text(week['asa_seconds'])}; occupancy "
                       f"{pct(week['occupancy'])} (contact-weighted over the week's phone and "
                       f"chat contacts).")
    names = level_names(c, intervals)
    x_title = "Interval (start)" if intervals is not None else "Hours of the week"
    st.plotly_chart(staffing_charts.plan_chart(staffed, names, c.agents, x_title),
                    key="staff_chart_plan")
    table = pd.DataFrame({"interval": names, "hours_a_week": staffed["hours"],
                          "contacts": staffed["contacts"],
                          "arrivals_per_hour": staffed["arrivals_per_hour"],
                          "agents_required": staffed["agents"],
                          "agents_scheduled": staffed["scheduled"],
                          "service_level": staffed["service_level"],
                          "abandon_rate": staffed["abandon_rate"],
                          "asa_seconds": staffed["asa_seconds"],
                          "occupancy": staffed["occupancy"],
                          "paid_agent_hours": staffed["hours"] * staffed["scheduled"]})
    st.download_button("Download the staffing plan (CSV)", download_csv(table),
                       help="One row per hour level or interval of a normal week: contacts a "
                            "week, arrivals an hour, agents required and scheduled, the queue "
                            "at the agents required, paid agent-hours a week.",
                       file_name=downloads.named("staffing plan", "csv"), mime="text/csv", key="staff_dl_plan")


def show_link(c, p, model, cur, cur_md):
    st.subheader("Use in the calculator")
    if model["complaints_program"] > 0:
        today = c.contacts_per_year * model["complaints_baseline"] / model["complaints_program"]
    else:
        today = c.contacts_per_year
    link = plan.link_to_model(c, today)
    names = {"resolution_rate_program": "Resolution rate",
             "fast_resolution_share_program": "Fast-resolution share",
             "handling_cost_per_complaint": "Handling cost, marginal"}
    lc = st.columns(4)
    for col, (name, label) in zip(lc, names.items()):
        is_money = name == "handling_cost_per_complaint"
        now = money(p[name], cur_md) if is_money else pct(p[name])
        new = money(link[name], cur_md) if is_money else pct(link[name])
        col.metric(label, new, border=True, help=f"The calculator's {label.lower()} per "
                   f"complaint with the program." if is_money else
                   f"The calculator's {label.lower()} with the program.")
        col.caption(f"Calculator now: {now}")
    lc[3].metric("Fully loaded cost", money(link["fully_loaded_cost_per_complaint"],
                                                          cur_md), border=True,
                 help="Per complaint: all paid agent hours of the plan / all complaints. For "
                      "information; the calculator never uses it.")
    lc[3].caption("For information only")
    st.caption(f"Today's complaints: {count(today, 0)} a year (the calculator's ratio of "
               f"complaints today to complaints with the program); the plan for them costs "
               f"{money(link['plan_cost_today'], cur_md, cents=False)} a year, the plan for "
               f"{count(c.contacts_per_year, 0)} costs "
               f"{money(link['plan_cost_program'], cur_md, cents=False)}. The calculator's "
               f"results use the **marginal** handling cost.")
    st.markdown(LINK)
    values_set = {k: link[k] for k in plan.LINKED}

    def use():
        session.set_params({**session.params(), **values_set})
        st.session_state["staff_used"] = dict(values_set)

    st.button("Use in the calculator", key="staff_use", type="primary", on_click=use,
              help="Sets these three inputs of the calculator (the marginal handling cost); "
                   "every other input stays.")
    if st.session_state.get("staff_used") == values_set:
        st.success("The calculator uses these three figures now, with the marginal handling "
                   f"cost; its net value is {money(calc.evaluate(p)['net_value'], cur_md)}.")


def main():
    cur = session.currency()
    cur_md = md(cur)        # the currency inside markdown: metric values, help, messages
    p = session.params()
    model = calc.evaluate(p)
    store = values()
    seed_volume(store, model)
    for message in apply_link():          # a shared link's Staffing inputs, once
        st.warning(message)
    st.title("Staffing")
    st.caption("How many agents the complaint lines need hour by hour, what waits and hang-ups "
               "cost in resolved complaints, and whether to staff up for a surge such as a "
               "recall or a storm. Queue model: Erlang A (contacts hang up after a while), or "
               "Erlang C if they never do; how it works is at the foot of the page.")
    never, peak_volume = read_inputs(store, model, cur_md)
    week, intervals = read_week()
    one = centre(store, 1, never, week, peak_volume)
    if peak_volume:
        st.caption(f"That is {count(one.contacts_per_year, 0)} complaint contacts a year (every "
                   f"channel), from the week's shape and the phone and chat share.")
    problems = plan.week_problems(one, two_level=week is None)
    if problems:
        for message in problems:
            st.error(message)
        share_inputs(p)
        st.stop()
    busiest_word = "busiest interval" if week else "busiest hour"
    agents = choose_agents(one, plan.busiest(one)["agents_required"], store)
    c = plan.with_agents(one, agents)
    show_busiest(c, never, busiest_word)
    show_plan(c, intervals, cur_md)
    show_link(c, p, model, cur, cur_md)
    show_surge(c, p, model, cur, cur_md, busiest_word, intervals)
    with st.expander("How the figures are computed"):
        st.markdown(METHOD)
    share_inputs(p)


def share_inputs(p) -> None:
    """The page's inputs in the address bar and the sidebar's link, beside the calculator's."""
    session.write_query_params(p, link_values())
    share.page_box(link_values())


main()
