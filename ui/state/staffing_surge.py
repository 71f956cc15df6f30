"""The Staffing page's surge planner (a recall or a storm priced both ways: keep today's agents,
or staff up to the targets) and the compact cards both parts of the page draw."""

from __future__ import annotations

import streamlit as st

from calc.files.write import download_csv
from calc.staffing import plan
from calc.staffing.inputs import CHOICES, SURGE_UNITS, surge_problem
from calc.text.format import card_help, count, count_short, money, money_short, pct
from ui.figures import staffing as staffing_charts
from ui.state import downloads
from ui.state.staffing_inputs import kept, number, remember


def money_card(col, label, x, cur_md, text=""):
    """A money card, compact so it shows whole; the exact figure in its help."""
    short = money_short(x, cur_md, cents=False)
    col.metric(label, short, help=card_help(money(x, cur_md, cents=False), short, text) or None)


def count_card(col, label, x, digits=1, text=""):
    """A count card, compact so it shows whole; the exact figure in its help."""
    short = count_short(round(float(x), digits))
    col.metric(label, short, help=card_help(count(x, digits), short, text) or None)

def n_agents(n) -> str:
    return f"{n:,.0f} agent" + ("" if n == 1 else "s")


def wait_text(seconds) -> str:
    return "no end" if seconds == float("inf") else f"{seconds:,.1f} s"


SPREAD = "Spread over the week's pattern"


def read_cover(intervals, hours):
    """With an interval file: how often the surge covers each interval, from a start the user
    picks (the file repeats as a weekly pattern), or None: spread over the week's pattern."""
    starts = intervals["interval_start"]
    labels = [SPREAD, *starts.dt.strftime("%a %d %b %H:%M")]
    kept("staff_surge_start", SPREAD)
    if st.session_state["staff_surge_start"] not in labels:
        st.session_state["staff_surge_start"] = SPREAD
    chosen = st.selectbox("Surge starts at (an interval of the file)", labels,
                          key="staff_surge_start",
                          help="Pick the interval the surge starts in: it then covers the "
                               "file's intervals from there for its length. Or spread it over "
                               "the week's pattern.")
    remember("staff_surge_start", chosen)
    if chosen == SPREAD:
        return None
    start = starts.iloc[labels.index(chosen) - 1]
    return plan.surge_cover(starts, start, hours, intervals.attrs["interval_hours"])


def read_surge():
    """(factor, hours) or None after an error: an out-of-range length shows no figures."""
    sc = st.columns([2, 2, 1])
    with sc[0]:
        factor = number("surge_factor", "")
    with sc[1]:
        length = number("surge_length", "")
    with sc[2]:
        kept("staff_surge_unit", CHOICES["surge_unit"][0])
        unit = st.radio("Unit", tuple(SURGE_UNITS), key="staff_surge_unit", horizontal=True)
        remember("staff_surge_unit", unit)
    problem = surge_problem(length, unit)
    if problem:
        st.error(problem + " The surge's figures are shown again once it is in range.")
        return None
    return factor, length * SURGE_UNITS[unit], f"{length:g} {unit[:-1] if length == 1 else unit}"


def show_surge(c, p, model, cur, cur_md, busiest_word, intervals):
    st.header("Surge planner")
    read = read_surge()
    if read is None:
        return
    factor, hours, span = read
    cover = None if intervals is None else read_cover(intervals, hours)
    kept_rates = {k: p[k] for k in ("retention_unresolved", "retention_resolved",
                                    "retention_resolved_fast")}
    table = plan.surge(c, factor, hours, model["customer_value"], kept_rates, cover,
                       None if intervals is None else intervals.attrs["interval_hours"])
    if cover is not None:
        st.caption(f"The surge covers {int(cover.sum()):,} intervals of the file's pattern "
                   f"(hours the file leaves out are closed; the file repeats every week).")
    v = plan.verdict(table)
    keep, staff = table.iloc[1], table.iloc[2]
    agents_text = n_agents(c.agents)
    left, right = st.columns(2, gap="large")
    with left, st.container(border=True):
        st.markdown(f"**Keep today's {agents_text}** ({factor:g}x volume for {span})")
        surge_figures(keep, busiest_word)
        count_card(st, "Customers lost compared with normal volume", keep["customers_lost"])
        money_card(st, "Their value", keep["value_lost"], cur_md,
                   f"At the calculator's customer value of "
                   f"{money(model['customer_value'], cur_md)}.")
    with right, st.container(border=True):
        st.markdown(f"**Staff up to the targets ({n_agents(staff['agents_busiest_hour'])} at "
                    f"the {busiest_word})**")
        surge_figures(staff, busiest_word)
        count_card(st, "Extra paid agent-hours", staff["extra_agent_hours"], 0)
        money_card(st, "Their cost", staff["extra_agent_cost"], cur_md)
        count_card(st, "Customers still lost compared with normal volume",
                   staff["customers_lost"],
                   text=f"Worth {money(staff['value_lost'], cur_md, cents=False)}.")
    surge_verdict(c, keep, staff, v, span, cur_md)
    st.plotly_chart(staffing_charts.surge_chart(table, cur), key="staff_chart_surge")
    shares = ("service_level", "abandon_rate", "occupancy", "busiest_service_level",
              "busiest_abandon_rate")
    moneys = ("value_lost", "extra_agent_cost", "total_cost")
    st.dataframe(table, hide_index=True, key="staff_surge_table", column_config={
        k: st.column_config.NumberColumn(label + (f" ({cur})" if k in moneys else ""),
                                         format="percent" if k in shares else
                                         "%.0f" if k in moneys + ("agents_busiest_hour",)
                                         else "%.1f")
        if k != "option" else st.column_config.TextColumn(label)
        for k, label in plan.SURGE_LABELS.items()})
    st.download_button("Download the surge table (CSV)", download_csv(table),
                       help="Column names as in the table above, written as CSV names "
                            "(complaints, service_level, busiest_service_level, value_lost...).",
                       file_name=downloads.named("surge plan", "csv"), mime="text/csv", key="staff_dl_surge")


def surge_figures(row, busiest_word):
    """The surge's queue figures, each saying which level it describes."""
    a, b = st.columns(2)
    a.metric("Service level, whole surge", pct(row["service_level"]))
    b.metric(f"Service level, {busiest_word}", pct(row["busiest_service_level"]))
    a.metric("Abandoned, whole surge", pct(row["abandon_rate"]),
             help=f"{count(row['abandoned_contacts'], 0)} phone and chat contacts hang up over "
                  f"the surge.")
    b.metric(f"Abandoned, {busiest_word}", pct(row["busiest_abandon_rate"]))
    a.metric("Mean wait, whole surge", wait_text(row["asa_seconds"]))
    b.metric(f"Mean wait, {busiest_word}", wait_text(row["busiest_asa_seconds"]))
    count_card(st, "Abandoned contacts", row["abandoned_contacts"], 0)


def surge_verdict(c, keep, staff, v, span, cur_md):
    agents_text = n_agents(c.agents)
    saved = (f"keeps {count(v['customers_kept_by_staffing'])} customers worth "
             f"{money(v['value_kept_by_staffing'], cur_md, cents=False)}")
    if staff["extra_agent_hours"] <= 0:
        st.info(f"Today's {agents_text} {'meets' if c.agents == 1 else 'meet'} the targets in "
                f"every hour of the surge: no extra agents are needed. The surge still loses "
                f"{count(keep['customers_lost'])} customers worth "
                f"{money(keep['value_lost'], cur_md, cents=False)} compared with normal "
                f"volume, to longer waits and hang-ups; raise the target to see what more "
                f"agents would save.")
    elif v["staff_up_pays"]:
        st.success(f"Staff up. {money(staff['extra_agent_cost'], cur_md, cents=False)} for "
                   f"{count(staff['extra_agent_hours'], 0)} extra agent-hours over {span} "
                   f"{saved}: {money(v['difference'], cur_md, cents=False)} better than keeping "
                   f"today's agents.")
    else:
        st.warning(f"Keep today's agents. Staffing up would cost "
                   f"{money(staff['extra_agent_cost'], cur_md, cents=False)} and {saved}: "
                   f"{money(v['difference'], cur_md, cents=False)} worse than riding the surge "
                   f"out.")
