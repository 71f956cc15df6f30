"""Where each name of :mod:`calc.export.formulas` lives, and its templates compiled to cells.

A compiled template is a ``str.format`` pattern over row numbers: ``{w}`` the scenario's row on
Inputs, Workings and Results (the same row on all three), ``{r}`` and ``{p}`` a Cash flow row and
the row above it, ``{s}``/``{e}`` the first and last rows of the scenario's Cash flow block,
``{k}`` the year a Cash flow row stands for, ``{last}`` the last year of the block.
"""

from __future__ import annotations

import re

from openpyxl.utils import get_column_letter

from calc.export.formulas import CASH_FLOW, METRIC_FORMULAS, WORKINGS
from calc.export.workbook_text import CASH, INPUTS, RESULTS
from calc.export.workbook_text import WORKINGS as WORK
_QUOTED = {CASH: "'Cash flow'"}
_NAME = re.compile(r"\{(\w+)(?:\.(prev|block))?\}")


class Layout:
    """Column letters of every name, for one list of parameters and one list of metrics."""

    def __init__(self, params: tuple[str, ...], metrics: tuple[str, ...]):
        missing = [m for m in metrics if m not in METRIC_FORMULAS]
        if missing:
            raise KeyError(f"no spreadsheet formula for metrics {missing}")
        self.params, self.metrics = params, metrics
        self.cash = tuple(c[0] for c in CASH_FLOW)
        self.work = ("scenario",) + tuple(w[0] for w in WORKINGS)
        self.where: dict[str, tuple[str, str]] = {"scenario": (INPUTS, "A")}
        for sheet, names in ((INPUTS, params), (WORK, self.work[1:]),
                             (RESULTS, metrics)):
            offset = 2 if sheet != CASH else 1
            for i, name in enumerate(names):
                if name in self.where:
                    raise ValueError(f"name {name} is used twice in the workbook")
                self.where[name] = (sheet, get_column_letter(i + offset))
        self.cash_col = {name: get_column_letter(i + 1) for i, name in enumerate(self.cash)}

    def column(self, sheet: str, name: str) -> str:
        if sheet == CASH:
            return self.cash_col[name]
        if name == "scenario":
            return "A"
        return self.where[name][1]

    def compile(self, template: str, sheet: str) -> str:
        """A template of names -> a formula pattern over row numbers, for a cell on ``sheet``."""

        def ref(match: re.Match) -> str:
            name, part = match.group(1), match.group(2)
            if name in ("k", "last"):
                return "{" + name + "}"
            if part == "block":
                col = self.cash_col[name]
                return f"{_QUOTED[CASH]}!${col}${{s}}:${col}${{e}}"
            if name in self.cash_col and name != "scenario":
                if sheet != CASH:
                    raise ValueError(f"{name} is a Cash flow column; use {name}.block")
                return f"${self.cash_col[name]}{{{'p' if part == 'prev' else 'r'}}}"
            home, col = self.where[name]
            prefix = "" if home == sheet else _QUOTED.get(home, home) + "!"
            return f"{prefix}${col}{{w}}"

        return "=" + _NAME.sub(ref, template)

    def workings(self) -> list[str]:
        return ["=Inputs!$A{w}"] + [self.compile(f, WORK) for _, f, _ in WORKINGS]

    def results(self) -> list[str]:
        return ["=Inputs!$A{w}"] + [self.compile(METRIC_FORMULAS[m], RESULTS)
                                    for m in self.metrics]

    def cash_flow(self) -> tuple[list[str], list[str]]:
        """Patterns of the first row (year 0) and of the later rows of a block."""
        first = [self.compile(c[1], CASH) for c in CASH_FLOW]
        later = [self.compile(c[2], CASH) for c in CASH_FLOW]
        return first, later
