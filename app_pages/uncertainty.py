"""Uncertainty: Monte Carlo over triangular ranges around the calculator's inputs."""

from pathlib import Path

import pandas as pd
import streamlit as st

import calc
from calc.analysis import MAX_DRAWS, monte_carlo
from calc.csvio import count_text, download_csv, read_ranges
from calc.ranges import check_ranges
from ui import charts, session
from ui.format import md, money, pct

SAMPLE = Path(__file__).resolve().parents[1] / "sample_inputs" / "ranges.csv"
cur = session.currency()
cur_md = md(cur)        # the currency inside markdown: metric values and help
p = session.params()

st.title("Uncertainty")
st.caption("Give a low, most likely and high value for the inputs you are unsure of; each draw "
           "takes a value from a triangular distribution between them, all other inputs stay "
           "as in the calculator. The same seed always gives the same numbers.")

if "mc_ranges" not in st.session_state:
    st.session_state["mc_ranges"] = read_ranges(SAMPLE).reset_index(drop=True)
    st.session_state["mc_version"] = 0
if st.session_state.get("mc_ranges_note"):
    st.info(st.session_state["mc_ranges_note"])

upload = st.file_uploader("Load ranges from a CSV (parameter, low, most_likely, high)",
                          type=["csv"], key="mc_upload")
if upload is not None and st.session_state.get("mc_upload_id") != upload.file_id:
    st.session_state["mc_upload_id"] = upload.file_id
    try:
        data = session.upload_data(upload)
        if data is None:
            st.stop()
        st.session_state["mc_ranges"] = read_ranges(data).reset_index(drop=True)
        st.session_state["mc_version"] += 1
        st.session_state["mc_ranges_note"] = f"Ranges loaded from {md(upload.name)}."
        st.rerun()
    except calc.InputError as e:
        st.error(f"{md(upload.name)} was not loaded ({count_text(e.problems)}):\n\n"
                 + "\n".join(f"- {md(x)}" for x in e.problems))

edited = st.data_editor(
    st.session_state["mc_ranges"], num_rows="dynamic", hide_index=True,
    key=f"mc_editor_{st.session_state['mc_version']}",
    column_config={
        "parameter": st.column_config.SelectboxColumn("parameter", options=list(calc.NAMES),
                                                      required=True),
        "low": st.column_config.NumberColumn("low", format="%.6g", required=True),
        "most_likely": st.column_config.NumberColumn("most likely", format="%.6g",
                                                     required=True),
        "high": st.column_config.NumberColumn("high", format="%.6g", required=True),
    })
st.caption("Fractions are decimals here (0.30 = 30%). Inputs not listed stay at their "
           "calculator value.")

c = st.columns([2, 2, 2, 3], vertical_alignment="bottom")
draws = c[0].number_input("Draws", 1, MAX_DRAWS, 100_000, step=10_000, key="mc_draws",
                          help=f"Up to {MAX_DRAWS:,}; a million takes about a second.")
seed = c[1].number_input("Seed", 0, 2**32 - 1, 2026, step=1, key="mc_seed",
                         help="The same seed and inputs give the same result, here and in "
                              "`python -m calc montecarlo`.")
run = c[2].button("Run", type="primary", key="mc_run")
c[3].download_button("Download these ranges (CSV)", download_csv(edited), key="dl_mc_ranges",
                     file_name="ranges.csv", mime="text/csv")

if run:
    table = edited.dropna(how="all").reset_index(drop=True)
    table.index = table.index + 1        # rows as the user counts them
    problems = check_ranges(table)
    if problems:
        st.error("Fix these ranges first (rows count from 1):\n\n"
                 + "\n".join(f"- {md(x)}" for x in problems))
    else:
        bar = st.progress(0.0, text="Drawing and evaluating scenarios...")
        summary, metrics = monte_carlo(p, table, int(draws), int(seed),
                                       progress=lambda share: bar.progress(
                                           share, text=f"Evaluated {share:.0%} of the draws"))
        bar.empty()
        st.session_state["mc_result"] = {"summary": summary, "net_value": metrics["net_value"],
                                         "roi": metrics["roi"], "seed": int(seed),
                                         "ranges": table, "params": dict(p)}

result = st.session_state.get("mc_result")
if result is None:
    st.info("Press Run to draw the scenarios.")
    st.stop()

s = result["summary"].iloc[0]
if result["params"] != p:
    st.warning("The calculator's inputs have changed since this run; press Run again to update.")
r = st.columns(5)
# Estimates from random draws: whole currency units (the table and download keep full precision).
r[0].metric("P(net value > 0)", pct(s["prob_net_value_positive"]), border=True)
r[1].metric("Mean net value", money(s["net_value_mean"], cur_md, cents=False), border=True,
            help=f"Standard deviation {money(s['net_value_std'], cur_md, cents=False)}")
r[2].metric("5th percentile", money(s["net_value_p5"], cur_md, cents=False), border=True)
r[3].metric("Median", money(s["net_value_p50"], cur_md, cents=False), border=True)
r[4].metric("95th percentile", money(s["net_value_p95"], cur_md, cents=False), border=True)
st.plotly_chart(charts.histogram(result["net_value"], s.to_dict(), cur), key="chart_mc_hist")

rows = [{"statistic": stat, "net_value": s[f"net_value_{stat}"], "roi": s[f"roi_{stat}"]}
        for stat in ("mean", "std", "p5", "p50", "p95")]
st.dataframe(pd.DataFrame(rows), hide_index=True, key="mc_summary_table",
             column_config={"net_value": st.column_config.NumberColumn(f"net value ({cur})",
                                                                       format="%.2f"),
                            "roi": st.column_config.NumberColumn("ROI", format="percent")})
st.caption(f"{int(s['draws']):,} draws, seed {result['seed']}. ROI is summarised over the "
           f"{s['roi_defined_share']:.1%} of draws with a positive incremental cost.")
out = result["summary"].copy()
out.insert(0, "seed", result["seed"])
st.download_button("Download summary (CSV)", download_csv(out), file_name="montecarlo_summary.csv",
                   mime="text/csv", key="dl_mc_summary")
if len(result["net_value"]) <= 200_000:
    draws_out = pd.DataFrame({"net_value": result["net_value"], "roi": result["roi"]})
    st.download_button("Download every draw (CSV)", download_csv(draws_out),
                       file_name="montecarlo_draws.csv", mime="text/csv", key="dl_mc_draws")
else:
    st.caption("Every draw can be downloaded for runs of up to 200,000 draws.")
