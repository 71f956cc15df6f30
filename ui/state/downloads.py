"""Download buttons for the Excel workbook and the one-page PDF report.

The files are built only when a button is clicked (Streamlit calls the ``data`` callable then,
on a worker thread), so a page rerun costs nothing and matplotlib is imported on first use.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from calc.export.workbook import workbook_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_button(frame: pd.DataFrame, file_name: str, key: str, where=st,
                    label: str = "Download workbook (Excel, live formulas)",
                    total: bool = False) -> None:
    """``frame``: ``scenario`` and parameter columns, one row per scenario; ``total`` adds the
    segments' Total row."""
    frame = frame.copy()
    where.download_button(label, data=lambda: workbook_bytes(frame, total=total),
                          file_name=file_name,
                          mime=XLSX, key=key,
                          help="Inputs, results, year-by-year cash flow and sources, every "
                               "figure an Excel formula over the inputs: change an input in "
                               "Excel and everything follows.")


def _report(params: dict, name: str, currency: str) -> bytes:
    from calc.export.report import report_pdf
    return report_pdf(params, name, currency)


def report_button(params: dict, name: str, currency: str, key: str, where=st) -> None:
    params = dict(params)
    where.download_button("Download one-page report (PDF)",
                          data=lambda: _report(params, name, currency),
                          file_name="recovery_report.pdf", mime="application/pdf", key=key,
                          help="One A4 page for a manager: headline figures, the inputs that "
                               "differ from the defaults, the value waterfall and cash flow, "
                               "key assumptions and sources.")
