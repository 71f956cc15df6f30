"""Inputs as a person types and reads them: percentages for fractions (30 for 0.30), amounts
with thousands separators or a k / m suffix ("150k" is 150,000), parameters by their labels.

The dashboard's editable tables (Uncertainty ranges, Segments) convert with these functions, so
the scale of a fraction and the meaning of "150k" are defined once, here.
"""

from __future__ import annotations


import numpy as np
import pandas as pd

from calc.text.numbers import NotANumber, parse_number
from calc.model.params import BY_NAME, PARAMS, InputError, Problem

BY_LABEL = {p.label: p for p in PARAMS}


def scale(name: str) -> float:
    """What a model value is multiplied by to be shown: 100 for fractions, else 1."""
    return 100.0 if BY_NAME[name].is_fraction else 1.0


def to_shown(name: str, value):
    return np.asarray(value, float) * scale(name)


def from_shown(name: str, value):
    return np.asarray(value, float) / scale(name)


def unit_shown(name: str, cur: str = "$") -> str:
    """The unit of a shown value: '%' for fractions, the currency for money, else the unit."""
    spec = BY_NAME[name]
    if spec.is_fraction:
        return "%"
    return spec.unit.replace("money", cur)


def parse_amount(text: str, label: str = "value") -> float:
    """A typed amount -> float: '150000', '150,000', '150k', '1.5m', '$150k', ' 150 000 ' (the
    one grammar, :func:`calc.text.numbers.parse_number` with ``amount=True``). Anything else
    raises InputError saying what to type: '150k' never becomes 150, '1_000' is refused."""
    try:
        return parse_number(text, allow_percent=False, amount=True, required=True)
    except NotANumber as e:
        raise InputError([Problem(None, label, str(text), str(e))]) from None


def frame_to_shown(frame: pd.DataFrame, names) -> pd.DataFrame:
    """Columns ``names`` of a model-unit table, fractions as percentages (column names kept)."""
    out = frame.copy()
    for name in names:
        if name in out:
            out[name] = to_shown(name, out[name].astype(float))
    return out


def frame_from_shown(frame: pd.DataFrame, names) -> pd.DataFrame:
    out = frame.copy()
    for name in names:
        if name in out:
            out[name] = from_shown(name, pd.to_numeric(out[name], errors="coerce"))
    return out
