"""Segments: edit or upload a table of segments, evaluate it row by row, with a total."""

from pathlib import Path

import pandas as pd
import streamlit as st

import calc
from calc.analysis import segments
from calc.csvio import read_scenarios, template_frame, to_csv_bytes
from calc.shown import frame_from_shown, frame_to_shown, unit_shown
from ui import charts, downloads, session
from ui.format import md, metric_value, money
from ui.tables import metric_columns

SAMPLE = Path(__file__).resolve().parents[1] / "sample_inputs" / "segments.csv"
cur = session.currency()
SHOWN = ["customers_saved", "total_benefit", "incremental_cost", "net_value", "roi",
         "payback_years", "cost_per_customer_saved"]

st.title("Segments")
st.caption("One row per segment (severity x relationship, region, product line...). Edit the "
           "table below, or upload a CSV. The total adds customers and money across rows and "
           "recomputes the ratios from those sums; it does not average them.")


def _load(frame: pd.DataFrame, note: str) -> None:
    st.session_state["seg_frame"] = frame.reset_index(drop=True)
    st.session_state["seg_version"] = st.session_state.get("seg_version", 0) + 1
    st.session_state["seg_note"] = note


c = st.columns([2, 2, 2], vertical_alignment="bottom")
if c[0].button("Start from the sample (6 segments)", key="seg_sample"):
    _load(read_scenarios(SAMPLE), "The sample: 6 segments.")
if c[1].button("Start from a blank template", key="seg_blank"):
    blank = template_frame()
    blank["scenario"] = "segment 1"
    _load(blank, "One segment at the defaults: change it, add rows with the + below.")
c[2].download_button("Download the template (CSV)", to_csv_bytes(template_frame()),
                     file_name="segments_template.csv", mime="text/csv", key="dl_seg_template",
                     help="Every column, one row of defaults: fill it in and upload it.")
upload = st.file_uploader("Or upload a scenarios CSV, one row per segment", type=["csv"],
                          key="seg_upload")
if upload is not None and st.session_state.get("seg_upload_id") != upload.file_id:
    data = session.upload_data(upload)
    if data is None:
        st.stop()
    try:
        frame = read_scenarios(data)
    except calc.InputError as e:
        st.error(f"{md(upload.name)} has {len(e.problems)} problem(s); nothing was computed. Fix "
                 f"them and upload again (rows are line numbers in the file, the header is row "
                 f"1):")
        st.dataframe([{"row": x.row, "column": x.column, "value": x.value, "problem": x.message}
                      for x in e.problems], hide_index=True, key="seg_problems")
        st.stop()
    st.session_state["seg_upload_id"] = upload.file_id
    _load(frame, f"{len(frame)} segments from {md(upload.name)}.")

if "seg_frame" not in st.session_state:
    st.info("Start from the sample or a blank template, or upload a CSV.")
    st.stop()
if st.session_state.get("seg_note"):
    st.success(st.session_state["seg_note"])

names = list(calc.NAMES)
shown = frame_to_shown(st.session_state["seg_frame"].reindex(columns=["scenario", *names]),
                       names)
config = {"scenario": st.column_config.TextColumn("Segment", required=True, width="medium")}
for spec in calc.PARAMS:
    config[spec.name] = st.column_config.NumberColumn(
        f"{spec.short} ({unit_shown(spec.name, cur)})", help=spec.help, format="%.6g",
        default=float(frame_to_shown(pd.DataFrame({spec.name: [spec.default]}),
                                     [spec.name])[spec.name].iloc[0]))
st.caption("Rates in percent (30 = 30%). Add a row with the + at the table's foot, remove rows "
           "by selecting them and pressing the bin. An empty cell takes the default.")
edited = st.data_editor(shown, num_rows="dynamic", hide_index=True, column_config=config,
                        key=f"seg_editor_{st.session_state.get('seg_version', 0)}")
rows = edited.dropna(how="all").reset_index(drop=True)
if rows.empty:
    st.info("The table is empty: add a row, or start again from the sample.")
    st.stop()
frame = frame_from_shown(rows, names)
frame["scenario"] = [s if isinstance(s, str) and s.strip() else f"segment {i + 1}"
                     for i, s in enumerate(frame["scenario"])]
for spec in calc.PARAMS:
    frame[spec.name] = frame[spec.name].fillna(spec.default)
try:
    table = segments(frame)
except calc.InputError as e:
    st.error("Some cells cannot be used; fix them in the table above (rows count from 1):\n\n"
             + "\n".join(f"- {md(x)}" for x in e.problems))
    st.stop()

total = table.iloc[-1]
spec_of = calc.METRIC_BY_NAME
r = st.columns(4)
r[0].metric("Total net value", money(total["net_value"], md(cur)), border=True)
r[1].metric("Total ROI", metric_value(spec_of["roi"], total["roi"]), border=True,
            help="Net value / program cost, both summed over segments.")
r[2].metric("Customers saved in year 1", metric_value(spec_of["customers_saved"],
                                                      total["customers_saved"]), border=True)
r[3].metric("Payback of the total", metric_value(spec_of["payback_years"],
                                                 total["payback_years"]), border=True,
            help="Read off the year-by-year sum of every segment's cash flow.")
if table["paradox_assumed"].iloc[:-1].any():
    st.warning("Some segments assume the recovery paradox (resolved retention above retention "
               "with no failure); see the Methodology page for why that is risky.")

body = table.iloc[:-1]
st.plotly_chart(charts.bars(body["scenario"], body["net_value"], "Net value by segment",
                            f"Net value ({cur})", cur), key="chart_segments")
st.dataframe(metric_columns(table, SHOWN, cur, first="scenario", first_heading="Segment"),
             hide_index=True, key="seg_table")
st.caption("Payback 'not reached': the segment does not pay back within its horizon. ROI is a "
           "share of the program cost.")
st.download_button("Download results per segment and total (CSV)", to_csv_bytes(table),
                   file_name="segments_results.csv", mime="text/csv", key="dl_segments",
                   help="Every input and metric per segment, then the total row.")
downloads.workbook_button(frame, "segments_workbook.xlsx", "seg_dl_workbook", total=True)
