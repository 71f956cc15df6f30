"""How numbers are shown. Money to the cent, rates as percentages, counts with separators."""

from __future__ import annotations

import math

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
