"""Calculator: inputs from the registry, headline figures, charts, downloads."""

import pandas as pd
import streamlit as st

import calc
from calc.analysis import PRESETS, preset
from calc.csvio import download_csv
from calc.metrics import METRIC_BY_NAME, METRIC_SPECS
from calc.model import evaluate_table
from calc.params import GROUPS, params_in_group
from calc.sources import PARADOX_WARNING, TARP_NOTE
from ui import charts, downloads, session
from ui.format import count, md, money, pct, unit_label, years

cur = session.currency()
cur_md = md(cur)        # the currency inside markdown: metric values, labels, captions
p = session.params()

st.title("Service recovery calculator")
st.caption("What handling complaints well costs, and what the customers it keeps are worth, over "
           "one year of service failures. Change any input; every figure updates at once. Hover "
           "over a question mark for what a figure means and where a default comes from.")


def _apply_preset():
    session.set_params(preset(st.session_state["preset"]))


top = st.columns([3, 2, 1], vertical_alignment="bottom")
top[0].selectbox("Start from a preset", list(PRESETS), key="preset", on_change=_apply_preset,
                 help="Sets retention by branch; everything else goes back to the defaults. "
                      + TARP_NOTE)
top[1].text_input("Scenario name (for downloads)", value="my scenario", key="scenario_name",
                  max_chars=120)
top[2].button("Reset all inputs", key="reset", on_click=session.set_params, args=({},),
              help="Back to the MODEL.md defaults.")

headline = st.container()
left, right = st.columns([5, 7], gap="large")

with left:
    st.subheader("Inputs")
    for group in GROUPS:
        with st.expander(group, expanded=group in (GROUPS[0], GROUPS[1])):
            for spec in params_in_group(group):
                if spec.world == "program":
                    continue    # drawn beside its baseline twin
                if spec.world == "baseline":
                    twin = calc.BY_NAME[spec.twin]
                    st.markdown(f"**{spec.label.rsplit(',', 1)[0]}** "
                                f"({unit_label(spec, cur_md)})")
                    a, b = st.columns(2)
                    with a:
                        session.param_input(spec, cur, label="Today", show_unit=False)
                    with b:
                        session.param_input(twin, cur, label="With program", show_unit=False)
                else:
                    session.param_input(spec, cur)

try:
    result = calc.run(p)
except calc.InputError as e:
    st.error("These inputs cannot be evaluated:\n\n"
             + "\n".join(f"- {md(x)}" for x in e.problems))
    st.stop()


m = result.metrics


def _help(name):
    return f"{METRIC_BY_NAME[name].formula}."


with headline:
    if m["paradox_assumed"]:
        st.warning(PARADOX_WARNING, icon=":material/warning:")
    r1 = st.columns(4)
    r1[0].metric("Net value", money(m["net_value"], cur_md), help=_help("net_value"), border=True)
    r1[1].metric("ROI", pct(m["roi"]), help=_help("roi"), border=True)
    r1[2].metric("Customers saved", count(m["customers_saved"]), help=_help("customers_saved"),
                 border=True)
    r1[3].metric("Payback", years(m["payback_years"]), help=_help("payback_years"), border=True)
    r2 = st.columns(3)
    r2[0].metric("Break-even compensation", money(m["break_even_compensation"], cur_md),
                 help=_help("break_even_compensation"), border=True)
    r2[1].metric("Cost per customer saved", money(m["cost_per_customer_saved"], cur_md),
                 help=_help("cost_per_customer_saved"), border=True)
    r2[2].metric("Replacement cost (comparison only)", money(m["replacement_cost"], cur_md),
                 help=_help("replacement_cost"), border=True)

with right:
    st.plotly_chart(charts.value_waterfall(m, cur), key="chart_waterfall")

    proj = result.projection
    st.plotly_chart(charts.cumulative_cash_flow(proj, m["payback_years"], cur),
                    key="chart_cashflow")

st.subheader("Where this year's failed customers go")
flow = result.flow
fa, fb = st.columns(2)
fa.plotly_chart(charts.customer_flow(flow, "baseline", "Today"), key="chart_flow_baseline")
fb.plotly_chart(charts.customer_flow(flow, "program", "With the program"),
                key="chart_flow_program")

st.subheader("Every figure")
name = st.session_state.get("scenario_name") or "my scenario"
table = evaluate_table(pd.DataFrame([{"scenario": name, **p}]))
with st.expander("All metrics of this scenario", expanded=False):
    rows = []
    for spec in METRIC_SPECS:
        v = m[spec.name]
        shown = {"money": lambda x: money(x, cur), "fraction": pct, "count": count,
                 "years": years, "ratio": lambda x: f"{x:,.4f}",
                 "flag": lambda x: "yes" if x else "no"}[spec.kind](v)
        rows.append({"metric": spec.label, "value": shown, "describes": spec.timing,
                     "column": spec.name, "how": spec.formula})
    st.dataframe(pd.DataFrame(rows), hide_index=True, key="metrics_table")

d1, d2 = st.columns(2)
d1.download_button("Download scenario + results (CSV)", download_csv(table),
                   file_name="recovery_results.csv", mime="text/csv", key="dl_results",
                   help="One row: scenario, every input, every metric. Feed it back to "
                        "`python -m calc evaluate` or import it on the Scenarios page.")
proj_out = proj.copy()
proj_out.insert(0, "scenario", name)
d2.download_button("Download cash-flow projection (CSV)", download_csv(proj_out),
                   file_name="recovery_projection.csv", mime="text/csv", key="dl_projection",
                   help="Year by year, the same columns as `python -m calc project`.")
d3, d4 = st.columns(2)
downloads.workbook_button(table[["scenario", *calc.NAMES]], "recovery_workbook.xlsx",
                          "dl_workbook", d3)
downloads.report_button(p, name, cur, "dl_report", d4)

session.write_query_params(p)
st.caption("The address bar now holds every input that differs from the defaults: copy the "
           "link to share exactly this scenario.")
