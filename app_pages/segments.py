"""Segments: evaluate a table of scenarios, one row per segment, with a total."""

from pathlib import Path

import streamlit as st

import calc
from calc.analysis import segments
from calc.csvread import count_text
from calc.csvwrite import download_csv
from calc.scenarios_csv import MAX_SEGMENT_ROWS, MAX_WORKBOOK_SEGMENTS, read_scenarios
from ui import charts, downloads, session
from ui.format import md, money, pct

SAMPLE = Path(__file__).resolve().parents[1] / "sample_inputs" / "segments.csv"
PAGE_ROWS = 50
cur = session.currency()

st.title("Segments")
st.caption("One row per segment (severity x relationship, region, product line...). Columns "
           "you leave out take the defaults. The total adds customers and money across rows "
           f"and recomputes the ratios from those sums; it does not average them. Up to "
           f"{MAX_SEGMENT_ROWS:,} segments here; `python -m calc evaluate` takes more.")


# Cached on the file's content (Streamlit hashes the bytes): a rerun, or another session with
# the same file, does not read or evaluate it again. Two files are kept at most.
@st.cache_data(max_entries=2, show_spinner=False)
def read(data: bytes):
    try:
        return read_scenarios(data, max_rows=MAX_SEGMENT_ROWS), None
    except calc.InputError as e:
        return None, e.problems


@st.cache_data(max_entries=2, show_spinner=False)
def evaluate(data: bytes):
    return segments(read(data)[0])


source_name, data = session.file_or_sample("Scenarios CSV, one row per segment", "seg",
                                           SAMPLE, "Use the sample (6 segments)")
if data is None:
    st.info("Upload a CSV, or use the sample to see how it works. `python -m calc template` "
            "writes an empty one with every column.")
    st.stop()

# Each step below is a point where a run stops once its browser session has gone.
bar = st.progress(0.0, text=f"Reading {md(source_name)}...")
frame, problems = read(data)
if problems and len(problems) == 1 and problems[0].column is None:     # a limit, say which
    bar.empty()
    st.error(f"{md(source_name)} cannot be used: {md(str(problems[0]))}. Nothing was computed.")
    st.stop()
if problems:
    bar.empty()
    st.error(f"{md(source_name)} has {count_text(problems)}; nothing was computed. Fix them "
             f"and upload again (rows are line numbers in the file, the header is row 1):")
    st.dataframe([{"row": x.row, "column": x.column, "value": x.value, "problem": x.message}
                  for x in problems], hide_index=True, key="seg_problems")
    st.stop()
bar.progress(0.3, text=f"Evaluating {len(frame):,} segments...")
table = evaluate(data)
bar.empty()

total = table.iloc[-1]
st.success(f"{len(table) - 1:,} segments from {md(source_name)}.")
figures = [("Total net value", money(total["net_value"], md(cur)), None),
           ("Total ROI", pct(total["roi"]), "Net value / incremental cost, both summed over "
                                            "segments."),
           ("Customers saved", f"{total['customers_saved']:,.1f}", None),
           ("Payback of the total", "n/a" if total["payback_years"] != total["payback_years"]
            else f"{total['payback_years']:.2f} years",
            "Read off the year-by-year sum of every segment's cash flow.")]
# long figures (many large segments) get two to a row, so none is cut off
wide = max(len(v) for _, v, _ in figures) > 12
for i, box in enumerate(st.columns(2) + st.columns(2) if wide else st.columns(4)):
    label, value, tip = figures[i]
    box.metric(label, value, border=True, help=tip)
if table["paradox_assumed"].iloc[:-1].any():
    st.warning("Some segments assume the recovery paradox (resolved retention above retention "
               "with no failure); see the Methodology page for why that is risky.")

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
cols = ["scenario", "customers", "customers_saved", "total_benefit", "incremental_cost",
        "net_value", "roi", "payback_years", "cost_per_customer_saved", "paradox_assumed"]
shown = table.iloc[list(range(first, first + len(body))) + [len(table) - 1]]
st.dataframe(shown[cols], hide_index=True, key="seg_table", column_config={
    "total_benefit": st.column_config.NumberColumn(f"total benefit ({cur})", format="%.2f"),
    "incremental_cost": st.column_config.NumberColumn(f"incremental cost ({cur})", format="%.2f"),
    "net_value": st.column_config.NumberColumn(f"net value ({cur})", format="%.2f"),
    "roi": st.column_config.NumberColumn("ROI", format="percent"),
    "customers_saved": st.column_config.NumberColumn("customers saved", format="%.1f"),
    "payback_years": st.column_config.NumberColumn("payback (years)", format="%.2f"),
    "cost_per_customer_saved": st.column_config.NumberColumn(f"cost per customer saved ({cur})",
                                                             format="%.2f"),
})
st.caption("An empty payback (None) means the segment does not pay back within its horizon; "
           "ROI is a share of the incremental cost. The last row is the total of every segment.")
# a large table is written only when the button is pressed, not on every rerun
st.download_button("Download results per segment and total (CSV)",
                   download_csv(table) if len(table) <= 10_000 else lambda: download_csv(table),
                   file_name="segments_results.csv", mime="text/csv", key="dl_segments",
                   help="Every input and metric per segment, then the total row.")
if len(frame) <= MAX_WORKBOOK_SEGMENTS:
    downloads.workbook_button(frame, "segments_workbook.xlsx", "seg_dl_workbook", total=True)
else:
    st.caption(f"The Excel workbook is offered for up to {MAX_WORKBOOK_SEGMENTS:,} segments; "
               f"`python -m calc workbook` builds one for more.")
