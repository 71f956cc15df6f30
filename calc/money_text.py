"""Amounts of money typed as text: ``150000``, ``150,000``, ``$150k``, ``1.5m``.

A typed amount either becomes the number the person meant or is refused with a message saying
what to type: ``150k`` is 150,000, never 150.
"""

from __future__ import annotations

import math
import re

from .params import InputError, Problem

_SUFFIX = {"": 1.0, "k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6,
           "bn": 1e9, "b": 1e9, "billion": 1e9}
# Digits with optional thousands separators (1,234,567 or 1 234 567) or plain, then decimals.
_AMOUNT_RE = re.compile(
    r"(?P<num>(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:\.\d+)?|\.\d+)"
    r"\s*(?P<suffix>[a-z]*)")
HOW = "type an amount such as 150000, 150,000, 150k or 1.5m"


def parse_money(text: str, what: str = "amount", maximum: float = 1e12) -> float:
    """The amount of money ``text`` stands for, or :class:`InputError` saying why not.

    Accepts an optional currency symbol or code before or after the number, thousands separated
    by commas or spaces, and the suffixes k (thousand), m (million) and bn (billion). Refuses
    negative amounts, amounts above ``maximum`` and anything else.

    >>> parse_money("150k"), parse_money("$1.5m"), parse_money("80,000")
    (150000.0, 1500000.0, 80000.0)
    """
    raw = str(text)
    s = raw.strip().lower()
    if not s:
        raise InputError([Problem(None, what, None, f"is empty; {HOW}")])
    if re.match(r"^[^\d.]*[-(\u2212]", s):
        raise InputError([Problem(None, what, raw, f"must not be negative; {HOW}")])
    # A currency symbol or a three-letter code before or after the number is dropped.
    s = re.sub(r"^(?:[^\w\s.,+-]+|[a-z]{3}\s)\s*", "", s)
    s = re.sub(r"\s*(?:[^\w\s.,+-]+|\s[a-z]{3})$", "", s)
    if re.fullmatch(r"\d+(?:\.\d*)?e\+?\d{1,2}", s):      # 1.5e5
        s = repr(float(s))
    match = _AMOUNT_RE.fullmatch(s)
    if match is None or match["suffix"] not in _SUFFIX:
        raise InputError([Problem(None, what, raw, f"is not an amount of money; {HOW}")])
    value = float(re.sub(r"[, \u00a0\u202f]", "", match["num"])) * _SUFFIX[match["suffix"]]
    if not math.isfinite(value) or value > maximum:
        raise InputError([Problem(None, what, raw, f"is above the largest amount allowed here "
                                                   f"({maximum:,.0f})")])
    return value
