"""Segments: edit or upload a table of segments, evaluate it row by row, with a total."""

from pathlib import Path

import pandas as pd
import streamlit as st

import calc
from calc.model.analyses import segments
from calc.files.scenarios import template_frame
from calc.files.limits import count_text
from calc.files.write import download_csv
from calc.files.scenarios import MAX_SEGMENT_ROWS, MAX_WORKBOOK_SEGMENTS, read_scenarios
from calc.text.shown import frame_from_shown, frame_to_shown, unit_shown
from ui.figures import charts
from ui.state import downloads
from ui.state import session
from calc.text.format import metric_value, money
from ui.figures.escape import md
from ui.figures.tables import metric_columns

SAMPLE = Path(__file__).resolve().parents[1] / "sample_inputs" / "segments.csv"
PAGE_ROWS = 50
EDIT_ROWS = 200          # segments edited in the browser; a larger file is evaluated as it is
SHOWN = ["customers_saved", "total_benefit", "incremental_cost", "net_value", "roi",
         "payback_years", "cost_per_customer_saved"]
NAMES = list(calc.NAMES)
cur = session.currency()

st.title("Segments")
st.caption("One row per segment (severity x relationship, region, product line...). Start from "
           "the sample or a blank template and edit the table, or upload a CSV. The total adds "
           "customers and money across rows and recomputes the ratios from those sums; it does "
           f"not average them. Up to {MAX_SEGMENT_ROWS:,} segments here; the command-line tool "
           f"takes more.")


# Cached on the file's content (Streamlit hashes the bytes): a rerun, or another session with
# the same file, does not read it again. Two files are kept at most.
@st.cache_data(max_entries=2, show_spinner=False)
def read(data: bytes):
    try:
        return read_scenarios(data, max_rows=MAX_SEGMENT_ROWS), None
    except calc.InputError as e:
        return None, e.problems


c = st.columns([2, 2, 2], vertical_alignment="bottom")
if c[0].button("Start from a blank template", key="seg_blank"):
    st.session_state["seg_blank_on"] = True
    st.session_state["seg_source"] = None
c[1].download_button("Download the template (CSV)", download_csv(template_frame()),
                     file_name=downloads.named("segments template", "csv"), mime="text/csv", key="dl_seg_template",
                     help="Every column, one row of defaults: fill it in and upload it.")
source_name, data = session.file_or_sample("Scenarios CSV, one row per segment", "seg",
                                           SAMPLE, "Use the sample (6 segments)")
if data is not None:
    st.session_state["seg_blank_on"] = False
    bar = st.progress(0.0, text=f"Reading {md(source_name)}...")
    frame, problems = read(data)
    bar.empty()
    if problems and len(problems) == 1 and problems[0].column is None:     # a limit
        st.error(f"{md(source_name)} cannot be used: {md(str(problems[0]))}. Nothing was "
                 f"computed.")
        st.stop()
    if problems:
        st.error(f"{md(source_name)} has {count_text(problems)}; nothing was computed. Fix "
                 f"them and upload again (rows are line numbers in the file, the header is row "
                 f"1):")
        st.dataframe([{"row": x.row, "column": x.column, "value": x.value, "problem": x.message}
                      for x in problems], hide_index=True, key="seg_problems")
        st.stop()
    source = (source_name, len(data))
elif st.session_state.get("seg_blank_on"):
    frame, source_name, source = template_frame(), "the blank template", ("blank",)
    frame["scenario"] = "segment 1"
else:
    st.info("Start from the sample or a blank template, or upload a CSV.")
    st.stop()

# A new source starts a new editor; edits stay while the source is the same.
if st.session_state.get("seg_source") != source:
    st.session_state["seg_source"] = source
    st.session_state["seg_version"] = st.session_state.get("seg_version", 0) + 1
if len(frame) <= EDIT_ROWS:
    shown = frame_to_shown(frame.reset_index(drop=True).reindex(columns=["scenario", *NAMES]),
                           NAMES)
    config = {"scenario": st.column_config.TextColumn("Segment", required=True,
                                                      width="medium")}
    for spec in calc.PARAMS:
        unit = unit_shown(spec.name, cur)
        heading = spec.short if unit.lower() == spec.short.lower() else f"{spec.short} ({unit})"
        config[spec.name] = st.column_config.NumberColumn(
            heading, help=spec.help, format="%.6g",
            default=float(frame_to_shown(pd.DataFrame({spec.name: [spec.default]}),
                                         [spec.name])[spec.name].iloc[0]))
    st.caption("Rates in percent (30 = 30%). Add a row with the + at the table's foot; remove "
               "rows by selecting them and pressing the bin. An empty cell takes the default.")
    edited = st.data_editor(shown, num_rows="dynamic", hide_index=True, column_config=config,
                            key=f"seg_editor_{st.session_state['seg_version']}")
    rows = edited.dropna(how="all").reset_index(drop=True)
    if rows.empty:
        st.info("The table is empty: add a row, or start again from the sample.")
        st.stop()
    frame = frame_from_shown(rows, NAMES)
    frame["scenario"] = [s if isinstance(s, str) and s.strip() else f"segment {i + 1}"
                         for i, s in enumerate(frame["scenario"])]
    for spec in calc.PARAMS:
        frame[spec.name] = frame[spec.name].fillna(spec.default)
else:
    st.caption(f"{len(frame):,} segments: too many to edit here (at most {EDIT_ROWS:,}); edit "
               f"the file and upload it again.")
try:
    table = segments(frame)
except calc.InputError as e:
    st.error("Some cells cannot be used; fix them in the table above (rows count from 1):\n\n"
             + "\n".join(f"- {md(x)}" for x in e.problems))
    st.stop()
total = table.iloc[-1]
st.success(f"{len(table) - 1:,} segments from {md(source_name)}.")
spec_of = calc.METRIC_BY_NAME
figures = [("Total net value", money(total["net_value"], md(cur)), None),
           ("Total ROI", metric_value(spec_of["roi"], total["roi"]),
            "Net value / program cost, both summed over segments."),
           ("Customers saved in year 1", metric_value(spec_of["customers_saved"],
                                                      total["customers_saved"]), None),
           ("Payback of the total", metric_value(spec_of["payback_years"],
                                                 total["payback_years"]),
            "Read off the year-by-year sum of every segment's cash flow.")]
# long figures (many large segments) get two to a row, so none is cut off
wide = max(len(v) for _, v, _ in figures) > 12
for i, box in enumerate(st.columns(2) + st.columns(2) if wide else st.columns(4)):
    label, value, tip = figures[i]
    box.metric(label, value, border=True, help=tip)
paradox = [str(x) for x in table["scenario"].iloc[:-1][table["paradox_assumed"].iloc[:-1]
                                                       .astype(bool)]]
if paradox:
    NAMED = 10          # named in the warning; the download's paradox_assumed column has all
    listed = ", ".join(f"**{md(x)}**" for x in paradox[:NAMED]) + (
        f" and {len(paradox) - NAMED:,} more (column paradox_assumed of the results download)"
        if len(paradox) > NAMED else "")
    st.warning(f"{len(paradox):,} of {len(table) - 1:,} segments assume the recovery paradox "
               f"(resolved retention above retention with no failure): {listed}. See the "
               f"Methodology page for why that is risky.", icon=":material/warning:")

# Many segments are shown a page at a time: never thousands of bars at once.
pages = (len(table) - 2) // PAGE_ROWS + 1
page = 1
if pages > 1:
    page = st.columns([1, 2])[0].number_input(f"Page of {PAGE_ROWS} segments (1 to {pages:,})",
                                              1, pages, 1, key="seg_page")
first = (page - 1) * PAGE_ROWS
body = table.iloc[first:min(first + PAGE_ROWS, len(table) - 1)]
title = "Net value by segment" + (f", segments {first + 1:,} to {first + len(body):,} of "
                                  f"{len(table) - 1:,}" if pages > 1 else "")
st.plotly_chart(charts.bars(body["scenario"], body["net_value"], title,
                            f"Net value ({cur})", cur), key="chart_segments")
shown = table.iloc[list(range(first, first + len(body))) + [len(table) - 1]]
st.dataframe(metric_columns(shown, SHOWN, cur, first="scenario", first_heading="Segment"),
             hide_index=True, key="seg_table")
st.caption("Payback 'not reached': the segment does not pay back within its horizon. ROI is a "
           "share of the program cost. The last row is the total of every segment.")
# a large table is written only when the button is pressed, not on every rerun
st.download_button("Download results per segment and total (CSV)",
                   download_csv(table) if len(table) <= 10_000 else lambda: download_csv(table),
                   file_name=downloads.named("segments results", "csv"), mime="text/csv", key="dl_segments",
                   help="Every input and metric per segment, then the total row.")
if len(frame) <= MAX_WORKBOOK_SEGMENTS:
    downloads.workbook_button(frame, downloads.named("segments workbook", "xlsx"), "seg_dl_workbook", total=True)
else:
    st.caption(f"The Excel workbook is offered for up to {MAX_WORKBOOK_SEGMENTS:,} segments; "
               f"the command-line tool builds one for more.")
