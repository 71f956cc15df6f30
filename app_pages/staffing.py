"""Staffing: agents, waits and abandoned complaints at the contact centre, their link to the
calculator, and what a surge costs both ways."""

from pathlib import Path

import streamlit as st

import calc
from calc.staffing import plan
from calc.files.write import download_csv
from calc.files.staffing import read_intervals
from calc.staffing.inputs import LINK, METHOD, centre
from ui.state import downloads
from ui.state import session
from ui.figures import staffing as staffing_charts
from calc.text.format import card_help, count, count_short, money, money_short, pct
from ui.figures.escape import md
from ui.state.staffing_inputs import kept, number, remember, values

SAMPLE_WEEK = Path(__file__).resolve().parents[1] / "sample_inputs" / "staffing_intervals.csv"
cur = session.currency()
cur_md = md(cur)        # the currency inside markdown: metric values, help, messages
p = session.params()
model = calc.evaluate(p)
store = values()
if "seeded" not in store:   # first visit: the calculator's complaints with the program
    store["contacts_per_year"] = max(1.0, round(float(model["complaints_program"])))
    store["seeded"] = True

st.title("Staffing")
st.caption("How many agents the complaint lines need, what waits and hang-ups cost in resolved "
           "complaints, and whether to staff up for a surge such as a recall. Queue model: "
           "Erlang A (contacts hang up after a while), or Erlang C if they never do; how it "
           "works is at the foot of the page.")


def _take_contacts():
    store["contacts_per_year"] = max(1.0, round(float(model["complaints_program"])))
    st.session_state.pop("staff_contacts_per_year", None)


vol, queue_col, money_col = st.columns(3, gap="medium")
with vol:
    st.subheader("Volume")
    number("contacts_per_year", cur_md)
    st.button(f"Take from the calculator ({count(model['complaints_program'], 0)} complaints)",
              key="staff_take_contacts", on_click=_take_contacts,
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

with st.expander("Or describe the week by interval volumes (replaces opening hours and the "
                 "busiest-hour share)"):
    interval_name, interval_data = session.file_or_sample(
        "CSV with columns interval_start, contacts (e.g. half-hours of a typical week)",
        "staff_intervals", SAMPLE_WEEK, "Use a sample week")
week = None
if interval_data is not None:
    try:
        intervals = read_intervals(interval_data)
    except calc.InputError as e:
        st.error(f"{md(interval_name)} cannot be used; the busiest-hour share is used instead. "
                 f"Fix these and upload again (rows are line numbers, the header is row 1):")
        st.dataframe([{"row": x.row, "column": x.column, "value": x.value, "problem": x.message}
                      for x in e.problems], hide_index=True, key="staff_interval_problems")
        intervals = None
    if intervals is not None:
        week = plan.interval_week(intervals)
        st.info(f"The week's shape comes from {md(interval_name)}: {len(intervals):,} intervals "
                f"of {intervals.attrs['interval_hours'] * 60:g} minutes; its volumes are scaled "
                f"to the contacts a year above. Opening hours and the busiest-hour share are "
                f"not used.")

one = centre(store, 1, never, week)
problems = plan.week_problems(one, two_level=week is None)
if problems:
    for message in problems:
        st.error(message)
    st.stop()
need_now = plan.busiest(one)["agents_required"]
if not store.get("agents_chosen"):   # follow the target until the user picks a number
    st.session_state["staff_agents"] = int(need_now) if need_now == need_now else 1


def _agents_chosen():
    store["agents_chosen"] = True


def n_agents(n) -> str:
    return f"{n:,.0f} agent" + ("" if n == 1 else "s")


kept("staff_agents", 1)
agents = st.columns([1, 2])[0].number_input(
    "Agents on duty in every opening hour", min_value=1, max_value=100_000, step=1,
    key="staff_agents", on_change=_agents_chosen,
    help="Until you change it: the agents the busiest hour needs for the target.")
remember("staff_agents", int(agents))
c = plan.with_agents(one, agents)
peak = plan.busiest(c)
agents_text = n_agents(agents)

busiest_word = "busiest interval" if week else "busiest hour"
st.subheader(busiest_word.capitalize())
m = st.columns(5)
m[0].metric("Service level", pct(peak["service_level"]), border=True,
            help="Share of all contacts answered within the answer target; hang-ups count as "
                 "not answered.")
m[1].metric("Mean wait", "no end" if peak["asa_seconds"] == float("inf")
            else f"{peak['asa_seconds']:,.1f} s", border=True,
            help="Average wait over every contact, answered or not.")
m[2].metric("Abandoned", pct(peak["abandon_rate"]), border=True,
            help="Share of contacts that hang up before an agent answers.")
m[3].metric("Occupancy", pct(peak["occupancy"]), border=True,
            help="Share of agent time spent handling contacts.")
m[4].metric("Agents needed", count_short(peak["agents_required"], width=7), border=True,
            help=f"For the target: the fewest agents answering "
                 f"{pct(c.service_level_target, 0)} within "
                 f"{c.target_answer_seconds:g} s at the {busiest_word}.")
if peak["agents_required"] != peak["agents_required"]:
    st.warning(f"The {busiest_word} brings {peak['traffic_erlangs']:,.0f} agent-hours of work an "
               f"hour: more than the 100,000 agents this page sizes. Split the centre into "
               f"sites, or check the volume and handle time.")
if never and peak["prob_wait"] >= 1.0 and peak["traffic_erlangs"] >= agents:
    st.error(f"The queue never empties: the {busiest_word} brings "
             f"{peak['traffic_erlangs']:,.1f} agent-hours of work an hour "
             f"({peak['arrivals_per_hour']:,.1f} contacts of {c.handle_time_seconds:g} s) for "
             f"{agents_text}, so waits grow without limit. At least "
             f"{int(peak['traffic_erlangs']) + 1} agents are needed to keep up, and "
             f"{count(peak['agents_required'], 0)} to meet the target.")
else:
    word = "meets" if peak["service_level"] >= c.service_level_target else "misses"
    st.write(f"With {agents_text} the {busiest_word} ({peak['arrivals_per_hour']:,.1f} contacts "
             f"an hour) {word} the target of {pct(c.service_level_target, 0)} answered within "
             f"{c.target_answer_seconds:g} s.")
most = int(max(peak["agents_required"] if peak["agents_required"] == peak["agents_required"]
               else agents, agents) * 1.6) + 3
st.plotly_chart(staffing_charts.agents_chart(plan.agent_curve(c, most), agents,
                                             peak["agents_required"], c.service_level_target,
                                             busiest_word),
                key="staff_chart_agents")
wk = plan.summary(plan.levels(c))
st.caption(f"Over the whole week: {pct(wk['service_level'])} answered in time, "
           f"{pct(wk['abandon_rate'])} abandoned, occupancy {pct(wk['occupancy'])}, "
           f"{wk['agent_hours']:,.0f} agent-hours a week.")

st.subheader("Use in the calculator")
link = plan.link_to_model(c)
names = {"resolution_rate_program": "Resolution rate with the program",
         "fast_resolution_share_program": "Fast-resolution share with the program",
         "handling_cost_per_complaint": "Handling cost per complaint"}
lc = st.columns(3)
for col, (name, label) in zip(lc, names.items()):
    show = money if name == "handling_cost_per_complaint" else pct
    now = show(p[name], cur) if show is money else pct(p[name])
    new = show(link[name], cur) if show is money else pct(link[name])
    col.metric(label, new, border=True)
    col.caption(f"Calculator now: {now}")
st.markdown(LINK)


def _use():
    session.set_params({**session.params(), **link})
    st.session_state["staff_used"] = dict(link)


st.button("Use in the calculator", key="staff_use", type="primary", on_click=_use,
          help="Sets these three inputs of the calculator; every other input stays.")
if st.session_state.get("staff_used") == link:
    st.success("The calculator uses these three figures now; its net value is "
               f"{money(calc.evaluate(p)['net_value'], cur_md)}.")

st.header("Surge planner")
sc = st.columns(2)
with sc[0]:
    factor = number("surge_factor", cur)
with sc[1]:
    weeks = number("surge_weeks", cur)
kept_rates = {k: p[k] for k in ("retention_unresolved", "retention_resolved",
                                "retention_resolved_fast")}
table = plan.surge(c, factor, weeks, model["customer_value"], kept_rates)
v = plan.verdict(table)
keep, staff = table.iloc[1], table.iloc[2]


def _money_card(label, x, text=""):
    """Compact, so the card shows it whole; the exact figure in its help."""
    short = money_short(x, cur_md, cents=False)
    st.metric(label, short, help=card_help(money(x, cur_md, cents=False), short, text) or None)


def _count_card(label, x, text="", digits=1):
    short = count_short(round(float(x), digits))
    st.metric(label, short, help=card_help(count(x, digits), short, text) or None)


left, right = st.columns(2, gap="large")
with left, st.container(border=True):
    st.markdown(f"**Keep today's {agents_text}**")
    st.metric("Service level in the surge", pct(keep["service_level"]))
    _count_card("Abandoned contacts", keep["abandoned_contacts"], digits=0)
    _count_card("Customers lost compared with normal weeks", keep["customers_lost"])
    _money_card("Their value", keep["value_lost"],
                f"At the calculator's customer value of {money(model['customer_value'], cur_md)}.")
with right, st.container(border=True):
    st.markdown(f"**Staff up to the target ({n_agents(staff['agents_busiest_hour'])} at the "
                f"busiest hour)**")
    st.metric("Service level in the surge", pct(staff["service_level"]))
    _count_card("Extra agent-hours", staff["extra_agent_hours"], digits=0)
    _money_card("Their cost", staff["extra_agent_cost"])
    _count_card("Customers still lost compared with normal weeks", staff["customers_lost"],
                f"Worth {money(staff['value_lost'], cur_md, cents=False)}.")
saved = (f"keeps {count(v['customers_kept_by_staffing'])} customers worth "
         f"{money(v['value_kept_by_staffing'], cur_md, cents=False)}")
if staff["extra_agent_hours"] <= 0:
    st.info(f"Today's {agents_text} {'meets' if agents == 1 else 'meet'} the target in every "
            f"hour of the surge: no extra agents are needed. The surge still loses "
            f"{count(keep['customers_lost'])} customers worth "
            f"{money(keep['value_lost'], cur_md, cents=False)} compared with normal weeks, to "
            f"longer waits and hang-ups; raise the target to see what more agents would save.")
elif v["staff_up_pays"]:
    st.success(f"Staff up. {money(staff['extra_agent_cost'], cur_md, cents=False)} for "
               f"{count(staff['extra_agent_hours'], 0)} extra agent-hours over {weeks:g} weeks "
               f"{saved}: {money(v['difference'], cur_md, cents=False)} better than keeping "
               f"today's agents.")
else:
    st.warning(f"Keep today's agents. Staffing up would cost "
               f"{money(staff['extra_agent_cost'], cur_md, cents=False)} and {saved}: "
               f"{money(v['difference'], cur_md, cents=False)} worse than riding the surge out.")
st.plotly_chart(staffing_charts.surge_chart(table, cur), key="staff_chart_surge")
shares = ("service_level", "abandon_rate", "occupancy")
moneys = ("value_lost", "extra_agent_cost", "total_cost")
st.dataframe(table, hide_index=True, key="staff_surge_table", column_config={
    k: st.column_config.NumberColumn(label + (f" ({cur})" if k in moneys else ""),
                                     format="percent" if k in shares else
                                     "%.0f" if k in moneys + ("agents_busiest_hour",) else "%.1f")
    if k != "option" else st.column_config.TextColumn(label)
    for k, label in plan.SURGE_LABELS.items()})
st.download_button("Download the surge table (CSV)", download_csv(table),
                   help="Column names as in the table above, written as CSV names (complaints, "
                        "service_level, value_lost...).",
                   file_name=downloads.named("surge plan", "csv"), mime="text/csv", key="staff_dl_surge")

with st.expander("How the figures are computed"):
    st.markdown(METHOD)
