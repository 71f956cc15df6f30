"""An input's text field and its value: the one text a value is shown as, and what a typed
text means. Every input is typed (a fraction as a percentage, "30" or "30%"; an amount as
"150000", "150,000" or "150k"), read by calc.text.shown.parse_amount, and written back in one
canonical form."""

from __future__ import annotations

import math

from calc.model.params import InputError, ParamSpec, allowed_range
from calc.text.shown import parse_amount
from ui.state.current import params


def field_text(spec: ParamSpec, value: float) -> str:
    """The field's text: rounded to the registry's shown decimals, trailing zeros dropped (a
    value from a log, 1195.5548365, shows 1,195.55; the stored value keeps every digit)."""
    x = value * 100.0 if spec.is_fraction else value
    d = spec.shown_decimals
    text = f"{round(x, d):,.{d}f}"
    if d:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def read_field(spec: ParamSpec, shown, current: float) -> tuple[float, str | None]:
    """(value in model units, problem or None); a problem keeps the current value."""
    if shown == field_text(spec, current):
        return current, None       # unchanged: keep the stored value exactly
    text = str(shown if shown is not None else "").strip()
    if spec.is_fraction and text.endswith("%"):
        text = text[:-1]
    try:
        value = parse_amount(text, spec.label)
    except InputError as e:
        return current, e.problems[0].message
    if spec.is_fraction:
        value /= 100.0
    if spec.integer and value != round(value):
        return current, "must be a whole number of years; the last valid value is used"
    lo, hi = allowed_range(spec.name, params())
    if not (math.isfinite(value) and lo <= value <= hi):
        return current, (f"is outside the allowed range {range_shown(spec, lo, hi)}; the last "
                         f"valid value is used")
    return value, None


def range_shown(spec: ParamSpec, lo: float | None = None, hi: float | None = None) -> str:
    lo = spec.min if lo is None else lo
    hi = spec.max if hi is None else hi
    if spec.is_fraction:
        return f"{lo * 100:g}% to {hi * 100:g}%"
    if spec.integer:
        return f"{int(lo)} to {int(hi)}"
    return f"{lo:,.12g} to {hi:,.12g}"
