"""Calibrate: baseline rates from your own complaint log, and an experiment planner."""

from pathlib import Path

import streamlit as st

import calc
from calc.calibration.estimates import THIN, estimate
from calc.calibration.planner import plan
from calc.files.caselog import parse_log
from calc.calibration.lookup import complainant_retention
from calc.files.write import download_csv
from ui.state import downloads
from ui.state import session
from calc.text.format import count, pct
from ui.figures.escape import md

SAMPLE = Path(__file__).resolve().parents[1] / "sample_inputs" / "case_log.csv"
cur = session.currency()

st.title("Calibrate from your complaint log")
st.caption("Published retention figures are old and second hand; your own case log measures "
           "them. One row per customer-year with customer_id, failed, complained, resolved, "
           "resolved_fast, retained (0/1 or true/false) and optionally revenue, compensation and "
           "handling_cost.")


@st.cache_data(max_entries=4, show_spinner="Reading the log...")
def read(data: bytes):
    try:
        return parse_log(data), None
    except calc.InputError as e:
        return None, e.problems


name, data = session.file_or_sample("Case log CSV", "cal", SAMPLE,
                                    "Use the sample log (20,000 rows)", keep=True)

if data is None:
    st.info("Upload a log, or use the synthetic sample: 20,000 customer-years generated from "
            "stated true rates, so you can see how close the estimates come.")
else:
    log, fatal = read(data)
    if fatal:
        st.error(f"{md(name)} cannot be read; nothing was estimated:")
        st.dataframe([{"row": x.row, "column": x.column, "value": x.value, "problem": x.message}
                      for x in fatal], hide_index=True, key="cal_fatal")
        st.stop()
    if log.problems:
        st.warning(f"{log.bad_rows:,} of {log.total_rows:,} rows in {md(name)} contradict themselves "
                   f"or have a bad value. Nothing is dropped unless you say so.")
        st.dataframe([{"row": x.row, "column": x.column, "value": x.value, "problem": x.message}
                      for x in log.problems], hide_index=True, key="cal_problems")
        choice = st.radio("What now?", ["stop", "skip"], key="cal_skip", horizontal=True,
                          format_func={"stop": "Stop: I will fix the file",
                                       "skip": f"Estimate without these {log.bad_rows:,} rows"}.get)
        if choice == "stop":
            st.stop()
    cal = estimate(log.frame)
    st.success(f"Estimated from {cal.rows_used:,} rows of {md(name)}.")
    t = cal.table
    rates = t[t["kind"] == "rate"]
    st.subheader("Rates, with 95% Wilson intervals")
    # one precision for every percentage of the table (a tenth of a point): shown in per cent
    shown = rates.assign(**{c: rates[c] * 100 for c in ("estimate", "low", "high")})
    st.dataframe(shown[["estimate_of", "count", "n", "estimate", "low", "high",
                        "thin"]], hide_index=True, key="cal_rates",
                 column_config={"estimate_of": st.column_config.TextColumn("Estimate of"),
                                "count": st.column_config.NumberColumn("Count"),
                                **{c: st.column_config.NumberColumn(c, format="%.1f%%")
                                   for c in ("estimate", "low", "high")},
                                "n": st.column_config.NumberColumn("out of"),
                                "thin": st.column_config.CheckboxColumn(
                                    f"fewer than {THIN}")})
    thin = rates[rates["thin"]]
    st.caption("'Retention, all complainants' is not a model input: it is where the experiment "
               "planner below starts.")
    if len(thin):
        st.warning("Too thin to trust (fewer than 30 customers): "
                   + ", ".join(thin["estimate_of"]) + ".")
    means = t[t["kind"] == "mean"]
    if len(means):
        st.subheader(f"Money, means with 95% intervals ({md(cur)})")
        st.dataframe(means[["estimate_of", "n", "estimate", "low", "high", "thin"]],
                     hide_index=True, key="cal_means",
                     column_config={"estimate_of": st.column_config.TextColumn("Estimate of"),
                                    "n": st.column_config.NumberColumn("out of"),
                                    **{c: st.column_config.NumberColumn(format="%.2f")
                                       for c in ("estimate", "low", "high")},
                                    "thin": st.column_config.CheckboxColumn(
                                        f"fewer than {THIN}")})

    b = st.columns(4)
    if b[0].button("Use as the calculator's baseline", type="primary", key="cal_to_calc",
                   help="Puts every estimate in as today's value; your program values stay."):
        session.set_params({**session.params(), **cal.baseline()})
        session.switch_page_at_top("app_pages/calculator.py")
    if b[1].button("Send intervals to Uncertainty", key="cal_to_mc",
                   help="Each rate's 95% interval becomes a low / most likely / high range."):
        st.session_state["mc_ranges"] = cal.ranges()
        st.session_state["mc_version"] = st.session_state.get("mc_version", 0) + 1
        st.session_state["mc_basis"] = None     # from the log: not rebuilt around the inputs
        st.session_state["mc_ranges_note"] = f"Ranges from the 95% intervals of {md(name)}."
        session.switch_page_at_top("app_pages/uncertainty.py")
    b[2].download_button("Download estimates (CSV)", download_csv(t), key="dl_cal_estimates",
                         file_name=downloads.named("calibration estimates", "csv"), mime="text/csv")
    b[3].download_button("Download as a scenario (CSV)", download_csv(cal.scenario_frame()),
                         key="dl_cal_scenario", file_name=downloads.named("calibrated scenario", "csv"),
                         mime="text/csv",
                         help="Every input and metric, baseline from the log: import it on the "
                              "Scenarios page.")

st.header("Plan a test of the program")
st.caption("Hold out some complainants from the program and compare their retention with "
           "those who get it: a two-proportion test (Fleiss 1981, with continuity correction), "
           "equal groups.")
if "plan_p1" not in st.session_state:
    st.session_state["plan_p1"] = 60.0
if data is not None and not fatal:
    found = complainant_retention(cal.table)
    if found is not None:
        log_p1 = round(found * 100, 1)
        # a newly read log sets the holdout retention once; after that it is the user's
        if st.session_state.get("plan_p1_from") != (name, len(data)):
            st.session_state["plan_p1_from"] = (name, len(data))
            st.session_state["plan_p1"] = min(max(log_p1, 0.1), 99.9)
        st.caption(f"Your log's complainant retention is {log_p1:.1f}%; the holdout retention "
                   f"starts there.")
p = st.columns(5)
p1 = p[0].number_input("Holdout retention (%)", 0.1, 99.9, step=1.0, key="plan_p1",
                       format="%.1f") / 100
lift = p[1].number_input("Lift to detect (points)", 0.1, 50.0, 5.0, step=0.5, key="plan_lift",
                         format="%.1f") / 100
alpha = p[2].selectbox("Significance", [0.01, 0.05, 0.10], index=1, key="plan_alpha",
                       format_func=lambda a: f"{a:.0%} two-sided")
power = p[3].selectbox("Power", [0.80, 0.90, 0.95], key="plan_power",
                       format_func=lambda x: f"{x:.0%}")
volume = p[4].number_input("Complaints per month", 1.0, 1e9, 500.0, step=50.0,
                           key="plan_volume")
try:
    result = plan(p1, lift, volume, alpha, power)
except calc.InputError as e:
    st.error("\n".join(f"- {md(x)}" for x in e.problems))
else:
    r = st.columns(3)
    r[0].metric("Customers per group", count(result.per_group), border=True,
                help=f"Without the continuity correction: {result.per_group_uncorrected:,}.")
    r[1].metric("Customers in all", count(result.total), border=True)
    r[2].metric("Months of complaints", f"{result.months:.1f}", border=True,
                help="Both groups filled from the complaint stream, every complainant assigned "
                     "to one of them.")
    st.caption(f"Detects retention {pct(p1)} against {pct(p1 + lift)} with "
               f"{power:.0%} power at {alpha:.0%} significance. The outcome (kept or not) is "
               f"known a year after the complaint.")
