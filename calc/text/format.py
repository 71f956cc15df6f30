"""How numbers are shown. Money to the cent, rates as percentages, counts with separators."""

from __future__ import annotations

import math
import re

from calc.model.params import ParamSpec



def _bad(x) -> bool:
    return x is None or (isinstance(x, float) and (math.isnan(x) or math.isinf(x)))


def money(x, cur: str = "$", cents: bool = True) -> str:
    if _bad(x):
        return "n/a"
    x = float(x)
    body = f"{abs(x):,.2f}" if cents else f"{abs(x):,.0f}"
    # a figure that rounds to zero is shown as 0, never "-$0" or "-$0.00"
    sign = "-" if x < 0 and body.strip("0.,") else ""
    return f"{sign}{cur}{body}"


def pct(x, digits: int = 1) -> str:
    return "n/a" if _bad(x) else f"{float(x) * 100:,.{digits}f}%"


def count(x, digits: int = 1) -> str:
    if _bad(x):
        return "n/a"
    x = float(x)
    return f"{x:,.0f}" if x == round(x) else f"{x:,.{digits}f}"


# Compact figures for cards and chart labels: a card holds about ``width`` characters of its
# value (nine in a quarter of the page at 1366x768, seven in a fifth), so a figure that would
# not fit is shown in thousands, millions, billions or trillions with as many decimals as fit
# (two at most); the exact figure goes in the card's help and the tables.
_SCALES = ((1e12, "tn", "trillion"), (1e9, "bn", "billion"), (1e6, "M", "million"),
           (1e3, "k", "thousand"))
CARD_WIDTH = 9


def _fit(exact: list[str], a: float, sign: str, before: str, after: str, width: int) -> str:
    """The first of ``exact`` that fits ``width`` characters, else ``a`` scaled (two decimals,
    then one, then none), else the shortest form."""
    forms = list(exact)
    for scale, letter, _ in _SCALES:
        if a >= scale * 0.9995:
            for digits in (2, 1, 0):
                body = f"{a / scale:,.{digits}f}"
                forms.append(f"{sign}{before}{body}{letter}{after}")
            break
    def shown(form):        # markdown's escapes (a currency of "\\$") take no room
        return len(form) - form.count("\\")
    for form in forms:
        if shown(form) <= width:
            return form
    return min(forms, key=shown)


def money_short(x, cur: str = "$", cents: bool = True, width: int = CARD_WIDTH) -> str:
    """Money in at most ``width`` characters where it can be: $7.91, $74,617, -$13.04M,
    $2.10bn. Cents only below $10,000 (and not at all with ``cents=False``)."""
    if _bad(x):
        return "n/a"
    x = float(x)
    sign = "-" if x < 0 else ""
    exact = [money(x, cur, cents=cents and abs(x) < 1e4), money(x, cur, cents=False)]
    return _fit(exact, abs(x), sign, cur, "", width)


def count_short(x, width: int = CARD_WIDTH) -> str:
    """A count in at most ``width`` characters where it can be: 12.5, 987,654, 12.35M."""
    if _bad(x):
        return "n/a"
    x = float(x)
    return _fit([count(x), f"{x:,.0f}"], abs(x), "-" if x < 0 else "", "", "", width)


def pct_short(x, digits: int = 1, width: int = CARD_WIDTH) -> str:
    """A percentage in at most ``width`` characters where it can be: 12.3%, 1,234%, 1.23M%."""
    if _bad(x):
        return "n/a"
    v = float(x) * 100
    return _fit([pct(x, digits), pct(x, 0)], abs(v), "-" if v < 0 else "", "", "%", width)


def scale_words(text: str) -> str:
    """What the letters of a compact figure mean, for a card's help ('' when it has none)."""
    used = [f"{letter} = {word}" for _, letter, word in _SCALES
            if re.search(rf"\d{letter}(?![a-z])", text)]
    return f" ({', '.join(used)})" if used else ""


def years(x) -> str:
    return "not reached" if _bad(x) else f"{float(x):.2f} years"


def metric_value(spec, x, cur: str = "$") -> str:
    """A metric as the headline shows it, by the registry's kind."""
    if spec.kind == "money":
        return money(x, cur)
    if spec.kind == "fraction":
        return pct(x)
    if spec.kind == "count":
        return count(x)
    if spec.kind == "years":
        return years(x)
    if spec.kind == "flag":
        return "yes" if x else "no"
    return "n/a" if _bad(x) else f"{float(x):,.2f}"


def metric_short(spec, x, cur: str = "$") -> str:
    """A metric as a card shows it: :func:`metric_value`, compact where it would not fit."""
    if spec.kind == "money":
        return money_short(x, cur)
    if spec.kind == "fraction":
        return pct_short(x)
    if spec.kind == "count":
        return count_short(x)
    return metric_value(spec, x, cur)


def card_help(exact: str, short: str, text: str = "") -> str:
    """A card's help: the exact figure when the card shows it compact, then ``text``."""
    if exact == short:
        return text
    return f"Exactly {exact}{scale_words(short)}." + (f" {text}" if text else "")


def param_value(spec: ParamSpec, x, cur: str = "$") -> str:
    if spec.kind == "fraction":
        return pct(x, 2)
    if spec.kind == "money":
        return money(x, cur)
    if spec.kind == "years":
        return f"{int(x)} year{'' if int(x) == 1 else 's'}"
    return count(x, 2)


def unit_label(spec: ParamSpec, cur: str = "$") -> str:
    """The unit as shown beside a label: the currency symbol stands in for 'money'."""
    unit = spec.unit.replace("money", cur)
    if spec.kind == "fraction":
        unit = "%, " + unit
    return unit
