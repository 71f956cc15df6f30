"""Segments: evaluate a table of scenarios row by row, with a total."""

from pathlib import Path

import streamlit as st

import calc
from calc.analysis import segments
from calc.csvio import read_scenarios, to_csv_bytes
from ui import charts, downloads, session
from ui.format import md, money, pct

SAMPLE = Path(__file__).resolve().parents[1] / "sample_inputs" / "segments.csv"
cur = session.currency()

st.title("Segments")
st.caption("One row per segment (severity x relationship, region, product line...). Columns "
           "you leave out take the defaults. The total adds customers and money across rows "
           "and recomputes the ratios from those sums; it does not average them.")

source_name, data = session.file_or_sample("Scenarios CSV, one row per segment", "seg",
                                           SAMPLE, "Use the sample (6 segments)")
if data is None:
    st.info("Upload a CSV, or use the sample to see how it works. `python -m calc template` "
            "writes an empty one with every column.")
    st.stop()

try:
    frame = read_scenarios(data)
except calc.InputError as e:
    st.error(f"{md(source_name)} has {len(e.problems)} problem(s); nothing was computed. Fix them "
             f"and upload again (rows are line numbers in the file, the header is row 1):")
    st.dataframe([{"row": x.row, "column": x.column, "value": x.value, "problem": x.message}
                  for x in e.problems], hide_index=True, key="seg_problems")
    st.stop()

table = segments(frame)
total = table.iloc[-1]
st.success(f"{len(table) - 1} segments from {md(source_name)}.")
r = st.columns(4)
r[0].metric("Total net value", money(total["net_value"], md(cur)), border=True)
r[1].metric("Total ROI", pct(total["roi"]), border=True,
            help="Net value / incremental cost, both summed over segments.")
r[2].metric("Customers saved", f"{total['customers_saved']:,.1f}", border=True)
r[3].metric("Payback of the total", "n/a" if total["payback_years"] != total["payback_years"]
            else f"{total['payback_years']:.2f} years", border=True,
            help="Read off the year-by-year sum of every segment's cash flow.")
if table["paradox_assumed"].iloc[:-1].any():
    st.warning("Some segments assume the recovery paradox (resolved retention above retention "
               "with no failure); see the Methodology page for why that is risky.")

body = table.iloc[:-1]
st.plotly_chart(charts.bars(body["scenario"], body["net_value"], "Net value by segment",
                            f"Net value ({cur})", cur), key="chart_segments")
cols = ["scenario", "customers", "customers_saved", "total_benefit", "incremental_cost",
        "net_value", "roi", "payback_years", "cost_per_customer_saved", "paradox_assumed"]
st.dataframe(table[cols], hide_index=True, key="seg_table", column_config={
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
           "ROI is a share of the incremental cost.")
st.download_button("Download results per segment and total (CSV)", to_csv_bytes(table),
                   file_name="segments_results.csv", mime="text/csv", key="dl_segments",
                   help="Every input and metric per segment, then the total row.")
downloads.workbook_button(frame, "segments_workbook.xlsx", "seg_dl_workbook", total=True)
