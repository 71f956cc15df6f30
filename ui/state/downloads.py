"""Download buttons for the Excel workbook and the one-page PDF report.

The files are built only when a button is clicked (Streamlit calls the ``data`` callable then,
on a worker thread), so a page rerun costs nothing and matplotlib is imported on first use.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from calc.export.workbook import workbook_bytes
from ui.figures.escape import file_name
from ui.state import session

SCENARIO_PART = 60       # characters of the scenario's name kept in a file name


def named(what: str, ext: str, scenario: str | None = None) -> str:
    """A download's file name after the scenario (the calculator's name, kept across pages, unless
    ``scenario`` is given): 'Tomas 5y - projection.csv'. Characters a file system or a shell
    could act on become '_' (:func:`ui.figures.escape.file_name`); the name is cut to
    SCENARIO_PART characters so ``what`` always shows."""
    stem = file_name(session.scenario_name() if scenario is None else scenario, "",
                     limit=SCENARIO_PART)[:-1]
    return file_name(f"{stem} - {what}", ext, limit=SCENARIO_PART + len(what) + 3)


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


def _comparison(frame: pd.DataFrame, currency: str) -> bytes:
    from calc.export.report import comparison_pdf
    return comparison_pdf(frame, currency)


def comparison_button(frame: pd.DataFrame, currency: str, key: str, where=st) -> None:
    """The comparison report of the scenarios of ``frame`` (``scenario`` and parameters)."""
    frame = frame.copy()
    names = [str(n) for n in frame["scenario"]]
    stem = " vs ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    where.download_button("Download comparison report (PDF)",
                          data=lambda: _comparison(frame, currency),
                          file_name=named("comparison report", "pdf", stem),
                          mime="application/pdf", key=key,
                          help="These scenarios side by side for a board: headline figures, "
                               "the inputs that differ and the benefit, cost and net value "
                               "bars, on one page per six scenarios.")


def report_button(params: dict, name: str, currency: str, key: str, where=st) -> None:
    params = dict(params)
    where.download_button("Download one-page report (PDF)",
                          data=lambda: _report(params, name, currency),
                          file_name=named("report", "pdf", name), mime="application/pdf", key=key,
                          help="One A4 page for a manager: headline figures, the inputs that "
                               "differ from the defaults, the value waterfall and cash flow, "
                               "key assumptions and sources.")
