"""Registry text as a reader sees it: parameter names in formulas replaced by their labels."""

from __future__ import annotations

import re

from calc.model.params import BY_NAME

_NAME_RE = re.compile(r"\b(" + "|".join(sorted((n for n in BY_NAME if "_" in n), key=len, reverse=True)) + r")\b")
TIMING_WORDS = {"year 1": "year 1", "horizon": "present value over the horizon",
                "rate": "rate or per customer"}


def plain(text: str) -> str:
    """``text`` with every two-word parameter name (plain words such as "customers" are
    already readable) written as its label in lower case ('N x
    failure_rate' -> 'N x failure rate')."""
    return _NAME_RE.sub(lambda m: BY_NAME[m.group(1)].label.lower(), text)
