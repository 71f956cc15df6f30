"""The responses file of the budget planner (``lever,reachable_value,half_spend``), read and
checked by :func:`calc.budget.responses.validated`."""

from __future__ import annotations
import numpy as np
import pandas as pd
from calc.model.params import InputError, Problem
from calc.budget.responses import COMPENSATION_LEVER, RESPONSE_COLUMNS, validated
from calc.files.cells import check_header, parse_number_column, read_rows, read_text


def parse_responses(text: str) -> pd.DataFrame:
    """RESPONSES.csv text -> validated DataFrame indexed by line number. The reachable value
    may be written as a percentage (``55%``)."""
    header, body, sep, lines = read_rows(text, "responses file")
    problems = check_header(header, RESPONSE_COLUMNS, RESPONSE_COLUMNS,
                            f"the columns are {', '.join(RESPONSE_COLUMNS)}")
    if problems:
        raise InputError(problems)
    line_no = np.asarray(lines)
    columns = dict(zip(header, zip(*body))) if body else {c: () for c in header}
    out: dict[str, object] = {"lever": [str(x).strip() for x in columns["lever"]]}
    for c, percent in (("reachable_value", True), ("half_spend", False)):
        values, blank, col_problems = parse_number_column(c, list(columns[c]), line_no, sep,
                                                          allow_percent=percent)
        problems += col_problems
        # the compensation lever's cells are blank (it has no curve); any other blank is wrong
        problems += [Problem(int(line_no[i]), c, "", "is blank; give a number")
                     for i in np.flatnonzero(blank)
                     if out["lever"][i] != COMPENSATION_LEVER.name]
        out[c] = values
    if problems:
        raise InputError(problems)
    return validated(pd.DataFrame(out, index=pd.Index(line_no, name="row")))


def read_responses(source) -> pd.DataFrame:
    return parse_responses(read_text(source))

