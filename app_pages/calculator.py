"""Calculator: inputs from the registry, headline figures, charts, downloads."""

import pandas as pd
import streamlit as st

import calc
from calc.model.analyses import PRESETS, preset
from calc.files.write import download_csv
from calc.model.metrics import METRIC_BY_NAME, METRIC_SPECS
from calc.model.params import GROUPS, params_in_group
from calc.model.sources import PARADOX_WARNING, TARP_NOTE
from ui.figures import charts
from ui.state import deferred
from ui.state import downloads
from ui.state import fields
from ui.state import session
from ui.state import sliders
from calc.model.assumptions import program_assumptions
from calc.text.wording import TIMING_WORDS, plain
from ui.figures.customers import customers_and_cost
from ui.figures.tables import PROJECTION_TIMING, projection_rows
from calc.text.format import (card_help, metric_short, metric_value, money, money_short,
                              param_value, unit_label)
from ui.figures.escape import md

cur = session.currency()
cur_md = md(cur)        # the currency inside markdown: metric values, labels, captions
p = session.params()

st.title("Service recovery calculator")
st.caption("What handling complaints well costs, and what the customers it keeps are worth, over "
           "the years the program runs and the horizon you count. Change any input; every "
           "figure updates at once. Hover over a question mark for what a figure means and "
           "where a default comes from.")


def _apply_preset():
    session.set_params(preset(st.session_state["preset"]))


TOP_ROW_HEIGHT = 68      # px at 1366x768: the row below, held by a new session's first run


def _top_row():
    """Preset, scenario name and reset. A new session's first run holds their place (their
    widgets' scripts would reach the browser before the first figure's), so nothing jumps when
    they arrive with the inputs."""
    if deferred.pending():
        st.container(height=TOP_ROW_HEIGHT, border=False)
        return
    top = st.columns([3, 2, 1], vertical_alignment="bottom")
    top[0].selectbox("Start from a preset", list(PRESETS), key="preset", on_change=_apply_preset,
                     help="Sets retention by branch; everything else goes back to the "
                          "defaults. " + TARP_NOTE)
    with top[1]:
        session.scenario_name_input("Scenario name (for downloads and the link)")
    top[2].button("Reset all inputs", key="reset", on_click=session.set_params, args=({},),
                  help="Back to the defaults listed on the Methodology page.")


_top_row()


def _inputs():
    st.subheader("Inputs")
    for group in GROUPS:
        with fields.input_group(group, expanded=group in (GROUPS[0], GROUPS[1])):
            for spec in params_in_group(group):
                if fields.profit_fields(spec, cur):
                    continue    # profit per customer typed directly (or margin left out)
                if spec.world == "program":
                    continue    # drawn beside its baseline twin
                if spec.world == "baseline":
                    twin = calc.BY_NAME[spec.twin]
                    st.markdown(f"**{spec.label.rsplit(',', 1)[0]}** "
                                f"({unit_label(spec, cur_md)})")
                    a, b = st.columns(2)
                    with a:
                        fields.param_input(spec, cur, label="Today", show_unit=False)
                    with b:
                        fields.param_input(twin, cur, label="With program", show_unit=False)
                else:
                    fields.param_input(spec, cur)


try:
    result = calc.run(p)
except calc.InputError as e:
    st.error("These inputs cannot be evaluated:\n\n" + "\n".join(f"- {md(x)}" for x in e.problems))
    _inputs()           # so they can be fixed here
    st.stop()


m = result.metrics
proj = result.projection
H = int(p["horizon_years"])
WHEN = {"horizon": f"Present values at the start, over the {H}-year horizon",
        "year 1": "Year 1: the program's first year, on today's customers"}
HEADLINE = {"horizon": ["net_value", "roi", "incremental_cost", "payback_years",
                        "break_even_compensation", "cost_per_customer_saved",
                        "replacement_cost"],
            "year 1": ["customers_saved"]}


def _tile(col, name):
    spec = METRIC_BY_NAME[name]
    short = metric_short(spec, m[name], cur_md)     # compact, so the card shows it whole
    col.metric(spec.label, short, border=True,
               help=card_help(metric_value(spec, m[name], cur_md), short,
                              f"{plain(spec.formula)}. Describes: {TIMING_WORDS[spec.timing]}."))
    if name == "break_even_compensation" and result.break_even_reason:
        col.caption(f"No break-even: the program {md(result.break_even_reason)}."
                    if result.break_even_reason != "compensation changes nothing" else
                    f"No break-even: {md(result.break_even_reason)}.")


# The inputs already hold their widgets' values (ui.state.fields.sync_from_widgets at the start of
# the run), so the figures are computed and drawn before the inputs: a new session sees them
# first.
def _headline():
    if m["paradox_assumed"]:
        st.warning(PARADOX_WARNING, icon=":material/warning:")
    st.caption(WHEN["horizon"])
    names = HEADLINE["horizon"]
    for row in (names[:4], names[4:]):
        for col, name in zip(st.columns(len(row)), row):
            _tile(col, name)
    st.caption(WHEN["year 1"])
    y1 = st.columns([1, 1, 2])
    _tile(y1[0], "customers_saved")
    cost1 = proj["program_cost"].iloc[0]
    y1[1].metric("Program cost in year 1", money_short(cost1, cur_md),
                 border=True, help=card_help(money(cost1, cur_md), money_short(cost1, cur_md),
                                             "Fixed cost plus extra handling and compensation, "
                                             "paid at the start of year 1 (the projection's "
                                             "year 0). Total program cost is the present value "
                                             "of every program year."))
    with y1[2].container(border=True):
        st.markdown("**Program assumptions**")
        shown = [f"{a.spec.short}: {param_value(a.spec, a.today, cur)} → "
                 f"{param_value(a.spec, a.program, cur)}" if a.today is not None else
                 f"{a.spec.short}: {param_value(a.spec, a.program, cur)}"     # escaped below
                 for a in program_assumptions(p)]
        st.markdown("\n".join(f"- {md(x)}" for x in shown) if shown else
                    "The program changes nothing: every input is as today.")


def _what_if(heavy: bool):
    """Sliders for the levers a manager sweeps, above the figures they move; each is the same
    value as its field under Inputs (ui.state.session binds them). A new session's first run
    holds their place (same height), so the figures do not jump when they arrive."""
    with st.container(border=True, key="what_if", height=WHAT_IF_HEIGHT):
        if not heavy:
            return      # ui.deferred's note says the inputs follow
        levers = sliders.slider_params()
        # each column as wide as its label needs, so none wraps to a second line at 1366 px
        widths = [len(sliders.slider_label(spec)) + 6 for spec in levers]
        for col, spec in zip(st.columns(widths), levers):
            with col:
                sliders.param_slider(spec, cur)


WHAT_IF_HEIGHT = 104
# A new session's first run draws the figures only; the sliders, inputs and charts follow at
# once (ui.deferred), so the browser shows the answer before it builds ~40 widgets and loads
# the charting library.
# (the strip asks without starting the timer: ready() below starts it after the headline, so
# the heavy run cannot arrive before the figures are drawn)
_what_if(not deferred.pending())
_headline()
heavy = deferred.ready()
left, right = st.columns([5, 7], gap="large")
with left:
    if heavy:
        _inputs()

with right:
    if heavy:
        st.plotly_chart(charts.value_waterfall(m, cur), key="chart_waterfall")
        st.plotly_chart(charts.cumulative_cash_flow(proj, m["payback_years"], cur),
                        key="chart_cashflow")
        st.plotly_chart(customers_and_cost(proj, cur), key="chart_customers_cost")

st.subheader("Year by year: the cash-flow chart's figures")
st.caption(PROJECTION_TIMING)
if heavy:
    st.dataframe(projection_rows(proj, cur), hide_index=True, key="projection_table")

st.subheader("Where this year's failed customers go")
if heavy:
    flow = result.flow
    fa, fb = st.columns(2)
    fa.plotly_chart(charts.customer_flow(flow, "baseline", "Today"), key="chart_flow_baseline")
    fb.plotly_chart(charts.customer_flow(flow, "program", "With the program"),
                    key="chart_flow_program")

st.subheader("Every figure")
name = session.scenario_name()
table = result.row(name)          # from the one run above: nothing is evaluated again
with st.expander("All metrics of this scenario", expanded=False):
    rows = []
    for spec in METRIC_SPECS:
        v = m[spec.name]
        rows.append({"metric": spec.label, "value": metric_value(spec, v, cur),
                     "describes": TIMING_WORDS[spec.timing], "how": plain(spec.formula),
                     "CSV column": spec.name})
    if heavy:
        st.dataframe(pd.DataFrame(rows), hide_index=True, key="metrics_table")

# The download buttons follow with the inputs (a new session's first run leaves them out):
# their script is one more the browser fetched from the busy server before the first figure.
if heavy:
    d1, d2 = st.columns(2)
    d1.download_button("Download scenario + results (CSV)", download_csv(table),
                       file_name=downloads.named("results", "csv"), mime="text/csv", key="dl_results",
                       help="One row: scenario, every input, every metric. Import it on the Scenarios "
                            "page, or give it to the command-line tool.")
    proj_out = proj.copy()
    proj_out.insert(0, "scenario", name)
    d2.download_button("Download cash-flow projection (CSV)", download_csv(proj_out),
                       file_name=downloads.named("projection", "csv"), mime="text/csv", key="dl_projection",
                       help="Year by year: customers in both worlds, profit, program cost and the "
                            "discounted cash flow.")
    d3, d4 = st.columns(2)
    downloads.workbook_button(table[["scenario", *calc.NAMES]], downloads.named("workbook", "xlsx"),
                              "dl_workbook", d3)
    downloads.report_button(p, name, cur, "dl_report", d4)

st.caption("The link in the sidebar holds every input that differs from the defaults and the "
           "scenario name: copy it to share exactly this scenario.")
deferred.first_run_done()
