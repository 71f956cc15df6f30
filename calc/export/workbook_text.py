"""The workbook's words and formats: sheet names, header notes, number formats, input checks,
the Sources table and the Read me text. All generated from the parameter registry and the
metric descriptions, never written twice."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.utils import get_column_letter

from calc.model.metrics import METRIC_BY_NAME
from calc.model.params import BY_NAME, PARAMS, ParamSpec, format_number
from calc.model.sources import SOURCES as PUBLISHED
from calc.export.formulas import FULL_BLOCKS_UP_TO, MAX_HORIZON

README, INPUTS, RESULTS, CASH, WORKINGS, SOURCES = (
    "Read me", "Inputs", "Results", "Cash flow", "Workings", "Sources")

PARAM_FORMAT = {"count": "#,##0", "money": "#,##0.00", "fraction": "0.00%", "years": "0",
                "people": "#,##0.00", "ratio": "0.00"}
_METRIC_FORMAT = {"money": "#,##0.00", "count": "#,##0.0", "fraction": "0.00%",
                  "ratio": "0.0000", "years": "0.00", "flag": "General"}
WORKING_FORMAT = {"profit_per_year": "#,##0.00", "new_customers_per_year": "#,##0.0",
                  "saves_total": "#,##0.0", "pv_profit": "#,##0.00",
                  "pv_profit_without_wom": "#,##0.00", "pv_paying_customers": "#,##0.0",
                  "final_cumulative": "#,##0.00", "last_negative_year": "0"}
CASH_FORMAT = {"year": "0", "customers_baseline": "#,##0.0", "customers_program": "#,##0.0",
               "extra_customers": "#,##0.0", "profit": "#,##0.00", "program_cost": "#,##0.00",
               "cash_flow": "#,##0.00", "discount_factor": "0.000000",
               "discounted_cash_flow": "#,##0.00", "cumulative_discounted_cash_flow": "#,##0.00",
               "retention_program_world": "0.00%", "saves": "#,##0.0",
               "extra_customers_without_wom": "#,##0.0", "discounted_profit": "#,##0.00",
               "discounted_profit_without_wom": "#,##0.00",
               "discounted_paying_customers": "#,##0.0", "negative_cumulative_year": "0"}

BREAK_EVEN_NOTE = (
    "Computed by the tool, not a formula: with a compensation response the break-even "
    "compensation is found by a numerical search. It is the value for the inputs as written and "
    "does not follow edits to Inputs; recompute with python -m calc workbook.")


def break_even_comment(reason: str, response: bool) -> str:
    """The comment on a break-even cell: the search note with a response, and why the cell is
    empty (for the inputs as written) where there is no break-even."""
    why = (f"No break-even for the inputs as written: {reason} (net value stays "
           + {"does not pay at any compensation": "below 0 at every compensation from 0 to 1e9",
              "pays at any compensation": "at or above 0 up to a compensation of 1e9",
              "compensation changes nothing": "the same at every compensation"}.get(reason, "")
           + ").") if reason else ""
    if response:
        return BREAK_EVEN_NOTE + (" " + why if why else "")
    return why


def param_note(spec: ParamSpec) -> str:
    return (f"{spec.label} ({spec.unit}). Allowed: {spec.range_text}. "
            f"Default {format_number(spec.default)}. {spec.help}")


def metric_info(name: str) -> tuple[str, str, str]:
    spec = METRIC_BY_NAME[name]
    return spec.label, spec.kind, spec.formula


def metric_note(name: str) -> str:
    label, _, how = metric_info(name)
    note = f"{label}: {how}." if how else label
    if name == "break_even_compensation":
        note += (" Where compensation_uplift_at_peak > 0 the cell holds the tool's computed "
                 "value (see its own note); in a row written without a response it shows empty "
                 "if you raise compensation_uplift_at_peak.")
    return note


def metric_format(name: str) -> str:
    return _METRIC_FORMAT[metric_info(name)[1]]


def _num(x: float) -> str:
    return str(int(x)) if x == int(x) else repr(x)


def validations(names, n: int) -> list[DataValidation]:
    """Excel refuses a typed value outside the registry's range (or a program longer than the
    horizon), with the message the CLI would give."""
    col = {name: get_column_letter(i + 2) for i, name in enumerate(names)}
    out = []
    for name in names:
        spec = BY_NAME[name]
        c = col[name]
        ref = f"{c}2:{c}{n + 1}"
        if name == "program_years" and "horizon_years" in col:
            h = col["horizon_years"]
            dv = DataValidation(type="custom", formula1=f"AND(INT({c}2)={c}2,{c}2>=1,{c}2<={h}2)",
                                error=f"{name} must be a whole number from 1 to horizon_years.")
        else:
            dv = DataValidation(type="whole" if spec.integer else "decimal", operator="between",
                                formula1=_num(spec.min), formula2=_num(spec.max),
                                error=f"{name} must be between {spec.range_text}.")
        dv.errorTitle = "Value outside the allowed range"
        dv.showErrorMessage = True
        dv.add(ref)
        out.append(dv)
    return out


SOURCE_COLUMNS = ("parameter", "label", "unit", "default", "min", "max", "whole_number", "help",
                  "source")


def source_rows():
    for p in PARAMS:
        yield (p.name, p.label, p.unit, p.default, p.min, p.max, "yes" if p.integer else "no",
               p.help, p.source)


def _version() -> str:
    here = Path(__file__).resolve().parents[1]
    try:
        out = subprocess.run(["git", "-C", str(here), "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True, timeout=5)
        commit = out.stdout.strip() if out.returncode == 0 else ""
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return "model specification version 3" + (f", code {commit}" if commit else "")


def readme_lines(n: int, today: date):
    yield "Service recovery program: value model workbook", True
    yield (f"Written {today.isoformat()} by python -m calc ({_version()}), "
           f"{n} scenario{'s' if n != 1 else ''}."), False
    yield "", False
    yield "What it is", True
    yield ("Every figure on Results, Cash flow and Workings is a formula over the Inputs sheet: "
           "change an input and everything recalculates. The formulas are those of the model "
           "specification (docs/MODEL.md in the tool's repository), version 3."), False
    yield "", False
    yield "Sheets", True
    yield ("Inputs: one row per scenario, the columns of the scenarios CSV (row 1 the names, "
           "data from row 2). Hover over a header for its meaning, unit and allowed range; "
           "Excel refuses values outside the range."), False
    yield ("Results: every metric, in the order of python -m calc evaluate. An empty cell is a "
           "figure the model leaves undefined (n/a): ROI and the benefit-cost ratio where the "
           "incremental cost is not positive, the cost per customer saved where none are "
           "saved, payback where the program does not pay back within the horizon."), False
    if n <= FULL_BLOCKS_UP_TO:
        blocks = (f"each scenario has a block of rows for years 0 to {MAX_HORIZON}; years past "
                  "the scenario's horizon are empty and fill in if you raise horizon_years.")
    else:
        blocks = (f"each scenario has a block of rows for years 0 to its own horizon (a workbook "
                  f"of more than {FULL_BLOCKS_UP_TO} scenarios is kept small this way); raising "
                  "horizon_years past it shows #N/A: write the workbook again instead.")
    yield ("Cash flow: " + blocks + " Its first eleven columns are those of python -m calc "
           "project; the "
           "rest are helpers the results read (saves per year, the flows without word of mouth, "
           "discounted sums)."), False
    yield ("Workings: per scenario, the per-customer rates of each world (failures, complaints, "
           "resolutions, retention, recovery cost) and the sums over the years."), False
    yield "Sources: each parameter's label, unit, default, allowed range, help and source.", False
    yield "", False
    yield "Conventions", True
    yield ("Rates are decimals shown as percentages; money is in one currency unit, never "
           "converted. Year t is discounted by (1 + discount_rate)^t; a program year's cost is "
           "paid at its start. Break-even compensation with a compensation response (uplift at "
           "peak above 0) is found numerically by the tool and written as a value with a note: "
           "it does not follow edits."), False
    yield "", False
    yield "Published figures the defaults and help texts quote", True
    for s in PUBLISHED:
        yield f"{s.claim} Source: {s.source} Strength: {s.strength}", False
