"""The metric registry: every output of the model, defined once.

evaluate's column order, the pages' tables and formats, the segments total and the Methodology
page all read :data:`METRIC_SPECS`. Names and formulas are those of ``docs/MODEL.md``.

``kind`` decides how a value is shown ("money", "count", "fraction", "ratio", "years", "flag");
``timing`` says what a figure describes: "year 1" (the first program year on today's customers),
"horizon" (a present value at t = 0, or a total, over the whole horizon) or "rate" (neither);
``additive`` metrics are counts or sums of money that add across segments (the segments total
adds them and recomputes the rest).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MetricSpec:
    name: str
    label: str
    short: str
    kind: str
    timing: str
    additive: bool
    formula: str


def _m(name, label, short, kind, timing, additive, formula):
    return MetricSpec(name, label, short, kind, timing, additive, formula)


_Y1, _HZ, _RT = "year 1", "horizon", "rate"

METRIC_SPECS: tuple[MetricSpec, ...] = (
    _m("profit_per_customer", "Profit per customer", "Profit / customer", "money", _RT, False,
       "P = revenue_per_customer x operating_margin (per year)"),
    _m("margin_multiple", "Margin multiple", "Margin multiple", "ratio", _RT, False,
       "M = sum over t = 1..H of rho_b^(t-1) / (1+d)^t: discounted years of profit of one "
       "customer kept in year 1"),
    _m("customer_value", "Customer value", "Customer value", "money", _HZ, False,
       "P x M: discounted profit of one customer kept in year 1"),
    _m("failed_customers", "Failed customers, today", "Failed, today", "count", _Y1, True,
       "N x failure_rate"),
    _m("failed_customers_program", "Failed customers, with program", "Failed, program", "count",
       _Y1, True, "N x failure_rate x (1 - failure_reduction_program)"),
    _m("complaints_baseline", "Complaints, today", "Complaints, today", "count", _Y1, True,
       "failed customers x complaint rate"),
    _m("complaints_program", "Complaints, with program", "Complaints, program", "count", _Y1,
       True, "failed customers x complaint rate"),
    _m("resolved_baseline", "Resolved, today", "Resolved, today", "count", _Y1, True,
       "complaints x resolution rate"),
    _m("resolved_program", "Resolved, with program", "Resolved, program", "count", _Y1, True,
       "complaints x resolution rate"),
    _m("resolved_fast_baseline", "Resolved fast, today", "Resolved fast, today", "count", _Y1,
       True, "resolved x fast-resolution share"),
    _m("resolved_fast_program", "Resolved fast, with program", "Resolved fast, program", "count",
       _Y1, True, "resolved x fast-resolution share"),
    _m("retained_failed_baseline", "Failed customers kept, today", "Failed kept, today", "count",
       _Y1, True, "each branch's customers x its retention, added"),
    _m("retained_failed_program", "Failed customers kept, with program", "Failed kept, program",
       "count", _Y1, True, "each branch's customers x its retention (with any compensation "
                           "uplift), added"),
    _m("customers_saved", "Customers saved in year 1", "Saved, year 1", "count", _Y1, True,
       "S = N x (rho_p - rho_b)"),
    _m("retention_lift", "Retention lift", "Retention lift", "fraction", _Y1, False,
       "customers saved in year 1 / failed customers today (0 when none fail)"),
    _m("overall_retention_baseline", "Overall retention, today", "Retention, today", "fraction",
       _RT, False, "rho_b = (1 - f_b) r + failed customers kept per customer"),
    _m("overall_retention_program", "Overall retention, with program", "Retention, program",
       "fraction", _RT, False, "rho_p = (1 - f_p) r + failed customers kept per customer"),
    _m("customers_saved_total", "Customers saved, all program years", "Saved, all years", "count",
       _HZ, True, "every save of every program year, counted once"),
    _m("retained_value", "Retained value", "Retained value", "money", _HZ, True,
       "present value of the profit of the extra customers, word of mouth left out"),
    _m("wom_customers_saved", "Word-of-mouth customers saved", "Word-of-mouth saved", "count",
       _HZ, True, "reach x conversion x customers saved, all program years"),
    _m("wom_value", "Word-of-mouth value", "Word-of-mouth value", "money", _HZ, True,
       "present value of the extra customers' profit, minus the retained value"),
    _m("total_benefit", "Total benefit", "Total benefit", "money", _HZ, True,
       "retained value + word-of-mouth value"),
    _m("handling_cost_baseline", "Handling cost, today (year 1)", "Handling, today", "money", _Y1,
       True, "complaints x handling cost per complaint"),
    _m("handling_cost_program", "Handling cost, with program (year 1)", "Handling, program",
       "money", _Y1, True, "complaints x handling cost per complaint"),
    _m("compensation_cost_baseline", "Compensation cost, today (year 1)", "Compensation, today",
       "money", _Y1, True, "resolved x compensation x cost share"),
    _m("compensation_cost_program", "Compensation cost, with program (year 1)",
       "Compensation, program", "money", _Y1, True, "resolved x compensation x cost share"),
    _m("incremental_handling_cost", "Extra handling cost", "Extra handling", "money", _HZ, True,
       "present value over the program years of the program world's customers x (extra "
       "complaints per customer) x handling cost"),
    _m("incremental_compensation_cost", "Extra compensation cost", "Extra compensation", "money",
       _HZ, True, "present value over the program years of the program world's customers x "
                  "(extra compensation per customer) x cost share"),
    _m("fixed_cost_total", "Fixed cost, all program years", "Fixed cost", "money", _HZ, True,
       "present value of the program's fixed cost, paid at the start of each program year"),
    _m("incremental_cost", "Total program cost", "Program cost", "money", _HZ, True,
       "extra handling + extra compensation + fixed cost, present values"),
    _m("net_value", "Net value", "Net value", "money", _HZ, True,
       "total benefit - total program cost"),
    _m("roi", "ROI", "ROI", "fraction", _HZ, False,
       "net value / program cost (n/a when the cost is not positive)"),
    _m("benefit_cost_ratio", "Benefit-cost ratio", "Benefit / cost", "ratio", _HZ, False,
       "total benefit / program cost (n/a when the cost is not positive)"),
    _m("cost_per_customer_saved", "Cost per customer saved", "Cost / saved", "money", _HZ, False,
       "program cost / customers saved in all program years (n/a when none are saved)"),
    _m("break_even_compensation", "Break-even compensation", "Break-even compensation", "money",
       _HZ, False,
       "the largest compensation per resolution (with program), from 0 to 1e9, at which net "
       "value = 0 with net value below 0 for every larger one, all else fixed; none where the "
       "program does not pay at any compensation, pays at any compensation, or compensation "
       "changes nothing"),
    _m("replacement_cost", "Replacement cost (comparison only)", "Replacement cost", "money",
       _HZ, True, "customers saved in all program years x acquisition cost: what winning as "
                  "many new customers would cost; never added to the value"),
    _m("payback_years", "Payback", "Payback", "years", _HZ, False,
       "when the cumulative discounted cash flow last turns from negative to 0, interpolated; "
       "n/a when not within the horizon"),
    _m("paradox_assumed", "Recovery paradox assumed", "Paradox assumed", "flag", _RT, False,
       "retention of resolved complainants (with any compensation uplift) above "
       "retention_no_failure in either world"),
)

METRIC_BY_NAME: dict[str, MetricSpec] = {m.name: m for m in METRIC_SPECS}
METRICS: tuple[str, ...] = tuple(m.name for m in METRIC_SPECS)
ADDITIVE_METRICS: tuple[str, ...] = tuple(m.name for m in METRIC_SPECS if m.additive)

# The projection's columns after ``scenario`` and ``year``, in MODEL.md order.
PROJECTION_COLUMNS: tuple[str, ...] = (
    "customers_baseline", "customers_program", "extra_customers", "profit", "program_cost",
    "cash_flow", "discount_factor", "discounted_cash_flow", "cumulative_discounted_cash_flow",
)
