"""The live-formula Excel workbook: every result a formula over visible inputs.

Sheets: ``Read me``, ``Inputs`` (one row per scenario, the CSV's columns), ``Results`` (every
metric as a formula), ``Cash flow`` (years 0..50 per scenario, the model's year-by-year
recursion), ``Workings`` (per-customer rates and sums the results read), ``Sources`` (the
parameter registry). Written with openpyxl in streaming mode; no cached values are stored, and
the file asks the spreadsheet to recalculate everything when it opens.
"""

from __future__ import annotations

import io
import os
import tempfile
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from calc.export import workbook_text as text
from calc.export import total as workbook_total
from calc.model.metrics import METRICS
from calc.model.evaluation import evaluate_table
from calc.model.params import BY_NAME, NAMES
from calc.export.formulas import CASH_FLOW, FULL_BLOCKS_UP_TO, MAX_HORIZON, WORKINGS
from calc.export.layout import Layout

MAX_TEXT = 32767           # Excel's limit for one cell's text
_HEAD_FONT = Font(name="Calibri", bold=True)
_BODY_FONT = Font(name="Calibri")
_HEAD_FILL = PatternFill("solid", start_color="DDE4EE")
_WRAP = Alignment(wrap_text=True, vertical="top")


def _text(value) -> str:
    """User text shown literally: control characters a workbook cannot hold are written as
    ``\\xNN``; text over Excel's cell limit is cut with a note."""
    s = ILLEGAL_CHARACTERS_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", str(value))
    return s if len(s) <= MAX_TEXT else s[: MAX_TEXT - 20] + " [cut: too long]"


def _string_cell(ws, value, **style) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=None)
    cell.value = _text(value)
    cell.data_type = "s"          # never read as a formula, even if it starts with "="
    for k, v in style.items():
        setattr(cell, k, v)
    return cell


def _header(ws, names, notes, widths):
    cells = []
    for i, name in enumerate(names):
        cell = _string_cell(ws, name, font=_HEAD_FONT, fill=_HEAD_FILL)
        if notes[i]:
            cell.comment = Comment(notes[i], "calc", width=320, height=140)
        cells.append(cell)
        ws.column_dimensions[_col(i)].width = widths[i] if widths else max(12, len(name) + 2)
    ws.freeze_panes = "B2"
    ws.append(cells)


def _col(i: int) -> str:
    return get_column_letter(i + 1)


def _styled(ws, formats):
    """One reusable cell per column, carrying its number format (streaming mode writes a cell
    as soon as its row is appended, so the same objects serve every row)."""
    out = []
    for f in formats:
        c = WriteOnlyCell(ws)
        if f:
            c.number_format = f
        out.append(c)
    return out


def _row(templates, values):
    for cell, value in zip(templates, values):
        cell.value = value
    return templates


def _inputs(wb, table: pd.DataFrame, n: int):
    ws = wb.create_sheet(text.INPUTS)
    _header(ws, ["scenario", *NAMES], [None] + [text.param_note(BY_NAME[p]) for p in NAMES],
            [24] + [max(12, len(p) + 2) for p in NAMES])
    cells = _styled(ws, [None] + [text.PARAM_FORMAT[BY_NAME[p].kind] for p in NAMES])
    values = table[list(NAMES)].to_numpy(dtype=float).tolist()
    for name, row in zip(table["scenario"], values):
        ws.append([_string_cell(ws, name), *_row(cells[1:], row)])
    if n:
        for dv in text.validations(NAMES, n):
            ws.data_validations.append(dv)


def blocks(horizons) -> list[dict[str, int]]:
    """Per scenario, its Cash flow rows: ``s`` the first (year 0), ``e`` the last, ``last`` the
    last year held (50 in a workbook of up to FULL_BLOCKS_UP_TO scenarios, else its horizon)."""
    full = len(horizons) <= FULL_BLOCKS_UP_TO
    out, s = [], 2
    for i, h in enumerate(horizons):
        last = MAX_HORIZON if full else int(h)
        out.append({"w": i + 2, "s": s, "e": s + last, "last": last})
        s += last + 1
    return out


def _results(wb, table: pd.DataFrame, layout: Layout, rows, total, why=None):
    ws = wb.create_sheet(text.RESULTS)
    _header(ws, ["scenario", *METRICS], [None] + [text.metric_note(m) for m in METRICS],
            [24] + [max(12, len(m) + 2) for m in METRICS])
    cells = _styled(ws, [None] + [text.metric_format(m) for m in METRICS])
    patterns = layout.results()
    be = METRICS.index("break_even_compensation") + 1 if "break_even_compensation" in METRICS \
        else None
    uplift = table["compensation_uplift_at_peak"].to_numpy(float) \
        if "compensation_uplift_at_peak" in table else np.zeros(len(table))
    for i, b in enumerate(rows):
        row = _row(cells, [p.format(**b) for p in patterns])
        reason = "" if why is None else why[i]
        if be is not None and uplift[i] > 0:
            row = list(row)
            v = float(table["break_even_compensation"].iat[i])
            row[be] = WriteOnlyCell(ws, value="" if np.isnan(v) else v)
            row[be].number_format = cells[be].number_format
            row[be].comment = Comment(text.break_even_comment(reason, response=True), "calc",
                                      width=320, height=140)
        elif be is not None and reason:
            row = list(row)
            row[be] = WriteOnlyCell(ws, value=row[be].value)     # the live closed form
            row[be].number_format = cells[be].number_format
            row[be].comment = Comment(text.break_even_comment(reason, response=False), "calc",
                                      width=320, height=100)
        ws.append(row)
    if total:
        ws.append(_row(cells, [v or None for v in
                               workbook_total.results_row(layout, len(table), total)]))


def _workings(wb, layout: Layout, rows):
    ws = wb.create_sheet(text.WORKINGS)
    _header(ws, list(layout.work), [None] + [w[2] for w in WORKINGS],
            [24] + [max(14, len(w[0]) + 2) for w in WORKINGS])
    cells = _styled(ws, [None] + [text.WORKING_FORMAT.get(w[0], "0.000000") for w in WORKINGS])
    patterns = layout.workings()
    for b in rows:
        ws.append(_row(cells, [p.format(**b) for p in patterns]))


def _cash_flow(wb, layout: Layout, rows, total):
    ws = wb.create_sheet(text.CASH)
    _header(ws, list(layout.cash), [c[3] for c in CASH_FLOW],
            [24] + [max(12, len(c[0]) + 2) for c in CASH_FLOW[1:]])
    cells = _styled(ws, [text.CASH_FORMAT.get(c[0]) for c in CASH_FLOW])
    first, later = layout.cash_flow()
    for b in rows:
        w, s = b["w"], b["s"]
        ws.append(_row(cells, [p.format(w=w, r=s, p=s - 1, k=0) for p in first]))
        for k in range(1, b["last"] + 1):
            r = s + k
            ws.append(_row(cells, [p.format(w=w, r=r, p=r - 1, k=k) for p in later]))
    if total:
        for values in workbook_total.cash_rows(layout, total["s"], total["s"] - 1,
                                               total["last"]):
            ws.append(_row(cells, [v if v != "" else None for v in values]))


def _sources(wb):
    ws = wb.create_sheet(text.SOURCES)
    cols = list(text.SOURCE_COLUMNS)
    widths = [30, 34, 26, 12, 12, 12, 10, 60, 60]
    _header(ws, cols, [None] * len(cols), widths)
    for i, row in enumerate(text.source_rows()):
        _fit_height(ws, i + 2, row, widths)
        ws.append([_string_cell(ws, v, alignment=_WRAP, font=_BODY_FONT)
                   if isinstance(v, str) else v for v in row])


def _readme(wb, n: int, today: date):
    ws = wb.create_sheet(text.README)
    ws.column_dimensions["A"].width = 110
    for i, (line, bold) in enumerate(text.readme_lines(n, today)):
        _fit_height(ws, i + 1, [line], [110], 18 if bold else 15)
        ws.append([_string_cell(ws, line, alignment=_WRAP,
                                font=Font(name="Calibri", bold=True, size=13) if bold
                                else _BODY_FONT)])


def _fit_height(ws, row: int, values, widths, line: float = 15.0):
    """Spreadsheets do not grow a row for wrapped text on their own: set it from the text's
    length (about one character per unit of column width)."""
    lines = max([1] + [-(-len(v) // max(1, int(w * 0.95))) for v, w in zip(values, widths)
                       if isinstance(v, str)])
    ws.row_dimensions[row].height = line * lines


def build(frame: pd.DataFrame, today: date | None = None, total: bool = False) -> Workbook:
    """The workbook of a scenarios table (``scenario`` and parameter columns, as
    :func:`calc.files.read_scenarios` gives; missing parameters take their defaults). With
    ``total``, Results and Cash flow end with a ``Total`` of the rows, as on the Segments
    page."""
    frame = frame.reset_index(drop=True)
    if "scenario" not in frame:
        frame = frame.assign(scenario=[f"scenario {i + 1}" for i in range(len(frame))])
    table, why = evaluate_table(frame, reasons=True)
    n = len(table)
    layout = Layout(NAMES, METRICS)
    rows = blocks(table["horizon_years"].to_numpy())
    foot = None
    if total and n:
        last = max(b["last"] for b in rows)
        foot = {"s": rows[-1]["e"] + 1, "e": rows[-1]["e"] + 1 + last, "last": last}
    wb = Workbook(write_only=True)
    _readme(wb, n, today or date.today())
    _inputs(wb, table, n)
    _results(wb, table, layout, rows, foot, why)
    _cash_flow(wb, layout, rows, foot)
    _workings(wb, layout, rows)
    _sources(wb)
    wb.calculation.fullCalcOnLoad = True
    return wb


def workbook_bytes(frame: pd.DataFrame, today: date | None = None, total: bool = False) -> bytes:
    buf = io.BytesIO()
    build(frame, today, total).save(buf)
    return buf.getvalue()


def write_workbook(frame: pd.DataFrame, target: str | os.PathLike,
                   today: date | None = None, total: bool = False) -> None:
    """Write to a path atomically: a temporary file renamed into place, so a failure leaves no
    partial file."""
    path = Path(target)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".xlsx", dir=path.parent or ".")
    os.close(fd)
    try:
        build(frame, today, total).save(tmp)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
