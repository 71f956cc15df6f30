"""The live-formula Excel workbook: every result a formula over visible inputs.

Sheets: ``Read me``, ``Inputs`` (one row per scenario, the CSV's columns), ``Results`` (every
metric as a formula), ``Cash flow`` (years 0..50 per scenario, the model's year-by-year
recursion), ``Workings`` (per-customer rates and sums the results read), ``Sources`` (the
parameter registry). Written with XlsxWriter: each formula carries its value as calc computed
it (:mod:`calc.export.cached`), so the file reads with figures before any spreadsheet
recalculates it (pandas, openpyxl ``data_only=True``, viewers, Excel's protected view); the
file still asks the spreadsheet to recalculate everything when it opens.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import xlsxwriter
from xlsxwriter.worksheet import CellFormulaTuple

from calc.export import cached
from calc.export import workbook_text as text
from calc.export import total as workbook_total
from calc.model.metrics import METRICS
from calc.model.evaluation import evaluate_table
from calc.model.params import BY_NAME, NAMES
from calc.export.formulas import CASH_FLOW, FULL_BLOCKS_UP_TO, MAX_HORIZON, WORKINGS
from calc.export.layout import Layout

MAX_TEXT = 32767           # Excel's limit for one cell's text
# Characters a workbook cannot hold (XML 1.0 forbids them): written as \xNN
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
_HEAD = {"font_name": "Calibri", "bold": True, "bg_color": "#DDE4EE", "pattern": 1}
_BODY = {"font_name": "Calibri"}
_WRAP = {"text_wrap": True, "valign": "top"}


def _text(value) -> str:
    """User text shown literally: control characters a workbook cannot hold are written as
    ``\\xNN``; text over Excel's cell limit is cut with a note."""
    s = _ILLEGAL.sub(lambda m: f"\\x{ord(m.group()):02x}", str(value))
    return s if len(s) <= MAX_TEXT else s[: MAX_TEXT - 20] + " [cut: too long]"


class _Formats:
    """One XlsxWriter format per distinct style (the writer asks for them once)."""

    def __init__(self, wb):
        self.wb, self.made = wb, {}

    def __call__(self, num: str | None = None, **style):
        key = (num, tuple(sorted(style.items())))
        if key not in self.made:
            spec = {"font_name": "Calibri", **style}
            if num:
                spec["num_format"] = num
            self.made[key] = self.wb.add_format(spec)
        return self.made[key]


def _header(ws, fmt, names, notes, widths):
    head = fmt(**{k: v for k, v in _HEAD.items() if k != "font_name"})
    for i, name in enumerate(names):
        ws.write_string(0, i, _text(name), head)
        if notes[i]:
            ws.write_comment(0, i, notes[i], {"author": "calc", "x_scale": 320 / 128,
                                              "y_scale": 140 / 74})
        ws.set_column(i, i, widths[i] if widths else max(12, len(name) + 2))
    ws.freeze_panes(1, 1)


def _formula(ws, r, c, formula: str, f, value) -> None:
    """``ws.write_formula`` without its 60 regular-expression passes per formula (they add the
    prefixes of Excel's newer functions; the formulas of calc.export.formulas use none): the
    cell stored as write_formula stores it (XlsxWriter pinned in requirements.txt)."""
    ws._check_dimensions(r, c)
    ws.table[r][c] = CellFormulaTuple(formula[1:] if formula[:1] == "=" else formula, f, value)


def _write(ws, r, c, value, f, formula: str | None = None):
    """One cell: a formula with its cached value, a number, a flag, text or nothing."""
    if formula is not None:
        _formula(ws, r, c, formula, f, "" if value is None else
                 _text(value) if isinstance(value, str) else value)
    elif value is None or (isinstance(value, float) and not np.isfinite(value)):
        ws.write_blank(r, c, None, f)
    elif isinstance(value, (bool, np.bool_)):
        ws.write_boolean(r, c, bool(value), f)
    elif isinstance(value, str):
        ws.write_string(r, c, _text(value), f)
    else:
        ws.write_number(r, c, float(value), f)


def _inputs(wb, fmt, table: pd.DataFrame, n: int):
    ws = wb.add_worksheet(text.INPUTS)
    _header(ws, fmt, ["scenario", *NAMES], [None] + [text.param_note(BY_NAME[p]) for p in NAMES],
            [24] + [max(12, len(p) + 2) for p in NAMES])
    formats = [fmt()] + [fmt(text.PARAM_FORMAT[BY_NAME[p].kind]) for p in NAMES]
    values = table[list(NAMES)].to_numpy(dtype=float).tolist()
    for r, (name, row) in enumerate(zip(table["scenario"], values), start=1):
        ws.write_string(r, 0, _text(name), formats[0])
        for c, v in enumerate(row, start=1):
            ws.write_number(r, c, v, formats[c])
    if n:
        for dv in text.validations(NAMES, n):
            _validation(ws, dv)


def _validation(ws, dv):
    """An openpyxl-style validation of :func:`calc.export.workbook_text.validations` (the words
    and bounds, defined once there) written with XlsxWriter."""
    ref = str(dv.sqref)
    first, last = ref.split(":") if ":" in ref else (ref, ref)     # one row: "B2"
    r0, c0 = xlsxwriter.utility.xl_cell_to_rowcol(first)
    r1, c1 = xlsxwriter.utility.xl_cell_to_rowcol(last)
    spec = {"error_title": dv.errorTitle, "error_message": dv.error[:255], "show_error": True,
            "ignore_blank": True}
    if dv.type == "custom":
        spec.update(validate="custom", value=dv.formula1)
    else:
        spec.update(validate="integer" if dv.type == "whole" else "decimal",
                    criteria="between", minimum=float(dv.formula1), maximum=float(dv.formula2))
    ws.data_validation(r0, c0, r1, c1, spec)


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


def _results(wb, fmt, table: pd.DataFrame, layout: Layout, rows, total, frame, why=None):
    ws = wb.add_worksheet(text.RESULTS)
    _header(ws, fmt, ["scenario", *METRICS], [None] + [text.metric_note(m) for m in METRICS],
            [24] + [max(12, len(m) + 2) for m in METRICS])
    formats = [fmt()] + [fmt(text.metric_format(m)) for m in METRICS]
    patterns = layout.results()
    be = METRICS.index("break_even_compensation") + 1 if "break_even_compensation" in METRICS \
        else None
    uplift = table["compensation_uplift_at_peak"].to_numpy(float) \
        if "compensation_uplift_at_peak" in table else np.zeros(len(table))
    values = cached.results(table)
    for i, b in enumerate(rows):
        r = i + 1
        reason = "" if why is None else why[i]
        for c, (pattern, value) in enumerate(zip(patterns, values[i])):
            if c == be and uplift[i] > 0:
                # with a compensation response: the tool's numerical answer, not a formula
                _write(ws, r, c, None if value == "" else value, formats[c])
                ws.write_comment(r, c, text.break_even_comment(reason, response=True),
                                 {"author": "calc", "x_scale": 320 / 128, "y_scale": 140 / 74})
            else:
                _write(ws, r, c, value, formats[c], pattern.format(**b))
                if c == be and reason:      # the live closed form, empty: say why
                    ws.write_comment(r, c, text.break_even_comment(reason, response=False),
                                     {"author": "calc", "x_scale": 320 / 128,
                                      "y_scale": 100 / 74})
    if total:
        r = len(table) + 1
        formulas = workbook_total.results_row(layout, len(table), total)
        for c, (formula, value) in enumerate(zip(formulas, cached.results_total(frame, table))):
            if c == 0:
                ws.write_string(r, 0, "Total", formats[0])
            elif formula:
                _write(ws, r, c, value, formats[c], formula)
            else:
                ws.write_blank(r, c, None, formats[c])


def _workings(wb, fmt, layout: Layout, rows, paths):
    ws = wb.add_worksheet(text.WORKINGS)
    _header(ws, fmt, list(layout.work), [None] + [w[2] for w in WORKINGS],
            [24] + [max(14, len(w[0]) + 2) for w in WORKINGS])
    formats = [fmt()] + [fmt(text.WORKING_FORMAT.get(w[0], "0.000000")) for w in WORKINGS]
    patterns = layout.workings()
    for i, b in enumerate(rows):
        for c, (pattern, value) in enumerate(zip(patterns, paths.workings_row(i))):
            _write(ws, i + 1, c, value, formats[c], pattern.format(**b))


def _cash_flow(wb, fmt, layout: Layout, rows, total, paths):
    ws = wb.add_worksheet(text.CASH)
    _header(ws, fmt, list(layout.cash), [c[3] for c in CASH_FLOW],
            [24] + [max(12, len(c[0]) + 2) for c in CASH_FLOW[1:]])
    formats = [fmt(text.CASH_FORMAT.get(c[0])) for c in CASH_FLOW]
    first, later = layout.cash_flow()
    for i, b in enumerate(rows):
        w, s = b["w"], b["s"]
        for k, values in enumerate(paths.cash_rows(i)):
            r = s + k               # 1-based row number of the formulas
            patterns = first if k == 0 else later
            for c, (pattern, value) in enumerate(zip(patterns, values)):
                _write(ws, r - 1, c, value, formats[c],
                       pattern.format(w=w, r=r, p=r - 1, k=k))
    if total:
        rows_out = workbook_total.cash_rows(layout, total["s"], total["s"] - 1, total["last"])
        for k, (formulas, values) in enumerate(zip(rows_out,
                                                   paths.total_cash_rows(total["last"]))):
            r = total["s"] + k - 1
            for c, (formula, value) in enumerate(zip(formulas, values)):
                if isinstance(formula, str) and formula.startswith("="):
                    _write(ws, r, c, value, formats[c], formula)
                else:
                    _write(ws, r, c, None if formula == "" else formula, formats[c])


def _sources(wb, fmt):
    ws = wb.add_worksheet(text.SOURCES)
    cols = list(text.SOURCE_COLUMNS)
    widths = [30, 34, 26, 12, 12, 12, 10, 60, 60]
    _header(ws, fmt, cols, [None] * len(cols), widths)
    wrap = fmt(**_WRAP)
    for i, row in enumerate(text.source_rows()):
        _fit_height(ws, i + 1, row, widths)
        for c, v in enumerate(row):
            _write(ws, i + 1, c, v, wrap if isinstance(v, str) else None)


def _readme(wb, fmt, n: int, today: date):
    ws = wb.add_worksheet(text.README)
    ws.set_column(0, 0, 110)
    bold, body = fmt(bold=True, size=13, **_WRAP), fmt(**_WRAP)
    for i, (line, is_bold) in enumerate(text.readme_lines(n, today)):
        _fit_height(ws, i, [line], [110], 18 if is_bold else 15)
        ws.write_string(i, 0, _text(line), bold if is_bold else body)


def _fit_height(ws, row: int, values, widths, line: float = 15.0):
    """Spreadsheets do not grow a row for wrapped text on their own: set it from the text's
    length (about one character per unit of column width). ``row`` counts from 0."""
    lines = max([1] + [-(-len(v) // max(1, int(w * 0.95))) for v, w in zip(values, widths)
                       if isinstance(v, str)])
    ws.set_row(row, line * lines)


def _build(target, frame: pd.DataFrame, today: date | None = None, total: bool = False) -> None:
    """Write the workbook of a scenarios table (``scenario`` and parameter columns, as
    :func:`calc.files.read_scenarios` gives; missing parameters take their defaults) to
    ``target`` (a path or a binary file). With ``total``, Results and Cash flow end with a
    ``Total`` of the rows, as on the Segments page."""
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
    paths = cached.Paths(table, [b["last"] for b in rows])
    # text is never read as a formula or a number, whatever it starts with
    wb = xlsxwriter.Workbook(target, {"strings_to_formulas": False, "strings_to_numbers": False,
                                      "strings_to_urls": False, "nan_inf_to_errors": False,
                                      "in_memory": True})
    fmt = _Formats(wb)
    _readme(wb, fmt, n, today or date.today())
    _inputs(wb, fmt, table, n)
    _results(wb, fmt, table, layout, rows, foot, frame, why)
    _cash_flow(wb, fmt, layout, rows, foot, paths)
    _workings(wb, fmt, layout, rows, paths)
    _sources(wb, fmt)
    wb.close()          # XlsxWriter asks for a full recalculation on load (fullCalcOnLoad)


def workbook_bytes(frame: pd.DataFrame, today: date | None = None, total: bool = False) -> bytes:
    buf = io.BytesIO()
    _build(buf, frame, today, total)
    return buf.getvalue()


def write_workbook(frame: pd.DataFrame, target: str | os.PathLike,
                   today: date | None = None, total: bool = False) -> None:
    """Write to a path atomically: a temporary file renamed into place, so a failure leaves no
    partial file."""
    path = Path(target)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".xlsx", dir=path.parent or ".")
    os.close(fd)
    try:
        _build(tmp, frame, today, total)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
