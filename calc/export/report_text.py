"""The words and numbers of the one-page report (:mod:`calc.export.report`), from the registries."""

from __future__ import annotations

import math
from datetime import date

from calc.model.metrics import METRIC_BY_NAME
from calc.model.params import DEFAULTS, PARAMS, ParamSpec
from calc.model.sources import PARADOX_CAVEAT, SOURCES
from calc.text.format import count_short, money_short

HEADLINE = ("net_value", "roi", "payback_years", "customers_saved_total", "total_benefit",
            "incremental_cost", "break_even_compensation", "cost_per_customer_saved")


def _bad(x) -> bool:
    return x is None or (isinstance(x, float) and not math.isfinite(x))


def money(x, cur: str = "$", short: bool = False) -> str:
    if _bad(x):
        return "n/a"
    if short:       # chart labels and ticks: the cards' compact form, whole units
        return money_short(x, cur, cents=False, width=len(cur) + 8)
    sign = "-" if x < 0 else ""
    a = abs(float(x))
    return f"{sign}{cur}{a:,.0f}" if a >= 1000 else f"{sign}{cur}{a:,.2f}"


def number(spec_kind: str, x, cur: str, short: bool = False) -> str:
    if _bad(x):
        return "n/a"
    if spec_kind == "money":
        return money_short(x, cur, width=len(cur) + 8) if short else money(x, cur)
    if short and spec_kind == "count":
        return count_short(x)
    if spec_kind == "fraction":
        return f"{100 * x:,.1f}%"
    if spec_kind == "years":
        return f"{x:.2f} years" if x != int(x) else f"{int(x)} years"
    if spec_kind == "count":
        return f"{x:,.1f}" if x != int(x) else f"{int(x):,}"
    if spec_kind == "flag":
        return "yes" if x else "no"
    return f"{x:,.4g}"


# Labels that would not fit a headline box.
_BOX_LABEL = {"customers_saved_total": "Customers saved (all years)"}


def headline(m: dict, cur: str, break_even_reason: str = "",
             short: bool = False) -> list[tuple[str, str]]:
    """(label, figure) of each headline box; ``short``: the compact form of the cards, for a
    figure too wide for its box. A break-even that has a reason for being NaN reads "none" (the
    reason, too long for a box, is a line of the key assumptions)."""
    out = []
    for name in HEADLINE:
        spec = METRIC_BY_NAME[name]
        value = number(spec.kind, m[name], cur, short)
        if name == "break_even_compensation" and break_even_reason:
            value = "none"
        out.append((_BOX_LABEL.get(name, spec.label), value))
    return out


def break_even_line(reason: str) -> str:
    """The report's sentence for a break-even compensation that is NaN, by its reason."""
    if reason == "compensation changes nothing":
        return ("Break-even compensation: none. Compensation changes nothing: net value is the "
                "same at every compensation per resolution.")
    return (f"Break-even compensation: none. The program {reason}: net value stays "
            + ("below 0" if reason.startswith("does not") else "at or above 0")
            + " at every compensation per resolution from 0 to 1e9.")


def param_value(spec: ParamSpec, x: float, cur: str) -> str:
    if spec.kind == "fraction":
        return f"{100 * x:.4g}%"
    if x == int(x) and abs(x) < 1e15:
        return (cur if spec.kind == "money" else "") + f"{int(x):,}"
    return (cur if spec.kind == "money" else "") + f"{x:,.2f}" if spec.kind == "money" \
        else f"{x:,.6g}"


def differing_inputs(p: dict, cur: str, limit: int) -> tuple[list[tuple[str, str, str]], int]:
    rows = [(spec.label, param_value(spec, p[spec.name], cur),
             param_value(spec, spec.default, cur))
            for spec in PARAMS if not math.isclose(p[spec.name], DEFAULTS[spec.name],
                                                   rel_tol=1e-12, abs_tol=1e-12)]
    return rows[:limit], max(0, len(rows) - limit)


def subtitle(p: dict, today: date, cur: str) -> str:
    return (f"Report of {today.isoformat()}. Money in {cur} (present values at the start, "
            f"discounted at {100 * p['discount_rate']:.4g}% a year).")


def assumptions(p: dict, m: dict, cur: str, break_even_reason: str = "") -> list[str]:
    H, Y = int(p["horizon_years"]), int(p["program_years"])
    out = [f"Horizon: {H} year{'s' * (H != 1)} of profit counted; the program runs and is "
           f"paid for {Y} year{'s' * (Y != 1)}, each year's cost paid at its start.",
           "Customers the program saves go on meeting failures and stay with today's overall "
           f"retention ({100 * m['overall_retention_baseline']:.1f}% a year; "
           f"{100 * m['overall_retention_program']:.1f}% while the program runs).",
           "Replacement cost (what winning as many new customers would cost, "
           f"{money(m['replacement_cost'], cur)}) is a comparison only, never added to the "
           "value."]
    if p["failure_reduction_program"] > 0:
        out.append(f"Prevention: the program removes {100 * p['failure_reduction_program']:.3g}% "
                   "of failures.")
    if p["compensation_uplift_at_peak"] > 0:
        out.append("Compensation response: compensation adds up to "
                   f"{100 * p['compensation_uplift_at_peak']:.3g} retention points for resolved "
                   "complainants; its size is your input, not a research figure.")
    if p["wom_reach_per_lost_customer"] > 0:
        out.append("Word of mouth is counted: "
                   f"{p['wom_reach_per_lost_customer']:.3g} people told per lost customer, "
                   f"{100 * p['wom_conversion_rate']:.3g}% of them lost as customers.")
    else:
        out.append("Word of mouth is left out (reach 0).")
    if m["paradox_assumed"]:
        out.append("Caution: these inputs assume the recovery paradox (resolved complainants "
                   "staying more often than customers with no failure). " + PARADOX_CAVEAT)
    if break_even_reason:
        out.append(break_even_line(break_even_reason))
    out.append("Formulas: the model specification, version 3 (Methodology page).")
    return out


def sources() -> list[str]:
    return [f"{s.source} {s.claim}" for s in SOURCES if not s.source.startswith("None")]


def compare_headline(table, cur: str) -> list[tuple[str, list[str]]]:
    """The comparison report's figures: (label, one figure per scenario row of ``table``)."""
    out = []
    for name in HEADLINE:
        spec = METRIC_BY_NAME[name]
        out.append((_BOX_LABEL.get(name, spec.label),
                    [number(spec.kind, v, cur) for v in table[name]]))
    return out


def compare_inputs(table, cur: str) -> list[tuple[str, list[str]]]:
    """The inputs that differ between the scenarios of ``table``: (label, one value each)."""
    return [(spec.label, [param_value(spec, float(v), cur) for v in table[spec.name]])
            for spec in PARAMS if table[spec.name].nunique() > 1]
