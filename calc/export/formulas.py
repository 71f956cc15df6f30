"""The model of docs/MODEL.md (version 3) written as spreadsheet formulas.

Formulas are templates over names: ``{customers}`` is a parameter (a cell of the scenario's row
on ``Inputs``), ``{retention_baseline}`` a quantity of ``Workings`` (one row per scenario),
``{profit}`` a column of ``Cash flow`` in the same row, ``{profit.prev}`` the row above (the
year before), ``{profit.block}`` the scenario's whole block of years, and ``{net_value}`` a
metric of ``Results``. :mod:`calc.export.workbook` turns the names into cell references once per
column, so writing a row is one ``str.format``.

Every scenario has a block of rows on ``Cash flow``: years 0..50 (the largest horizon allowed)
in a workbook of up to ``FULL_BLOCKS_UP_TO`` scenarios, so an analyst can raise
``horizon_years`` in ``Inputs`` and the block fills in; in a larger workbook, years 0..H of its
own horizon, to stay fast and small (a horizon raised past the block then shows #N/A). Years
past the scenario's horizon show empty text. Empty text (``""``) is also how a metric
the model leaves undefined (NaN) is shown.
"""

from __future__ import annotations

MAX_HORIZON = 50
FULL_BLOCKS_UP_TO = 200

# Per scenario, in the order of the model's "One year in one world" section: (name, formula,
# what it is). ``_k`` templates are written once per world, k in (baseline, program), with
# ``{k}`` in a parameter name standing for the world.
_WORLD = (
    ("complaints_per_customer_{k}", "{failures_per_customer_{k}}*{complaint_rate_{k}}",
     "a_k = f_k c_k: complaints per customer"),
    ("resolved_per_customer_{k}", "{complaints_per_customer_{k}}*{resolution_rate_{k}}",
     "b_k = a_k s_k: resolved complaints per customer"),
    ("resolved_fast_per_customer_{k}",
     "{resolved_per_customer_{k}}*{fast_resolution_share_{k}}",
     "g_k = b_k q_k: complaints resolved fast, per customer"),
    ("compensation_ratio_{k}",
     'IF({compensation_uplift_at_peak}=0,"",{compensation_per_resolution_{k}}'
     '/({loss_per_failure}*{compensation_peak_ratio}))',
     "x_k = compensation / (loss_per_failure x compensation_peak_ratio); empty where there is "
     "no compensation response"),
    ("compensation_uplift_{k}",
     "IF({compensation_uplift_at_peak}=0,0,{compensation_uplift_at_peak}"
     "*{compensation_ratio_{k}}*EXP(1-{compensation_ratio_{k}}))",
     "e_k = U x e^(1-x): retention points compensation adds for resolved complainants"),
    ("retention_resolved_{k}_world",
     "MIN(1,{retention_resolved}+{compensation_uplift_{k}})",
     "rr_k = min(1, retention_resolved + e_k)"),
    ("retention_resolved_fast_{k}_world",
     "MIN(1,{retention_resolved_fast}+{compensation_uplift_{k}})",
     "rf_k = min(1, retention_resolved_fast + e_k)"),
    ("kept_failed_per_customer_{k}",
     "({failures_per_customer_{k}}-{complaints_per_customer_{k}})*{retention_silent}"
     "+({complaints_per_customer_{k}}-{resolved_per_customer_{k}})*{retention_unresolved}"
     "+({resolved_per_customer_{k}}-{resolved_fast_per_customer_{k}})"
     "*{retention_resolved_{k}_world}"
     "+{resolved_fast_per_customer_{k}}*{retention_resolved_fast_{k}_world}",
     "kf_k: failed customers kept, per customer"),
    ("retention_{k}", "(1-{failures_per_customer_{k}})*{retention_no_failure}"
                      "+{kept_failed_per_customer_{k}}",
     "rho_k = (1 - f_k) r + kf_k: overall retention"),
    ("recovery_cost_per_customer_{k}",
     "{complaints_per_customer_{k}}*{handling_cost_per_complaint}"
     "+{resolved_per_customer_{k}}*{compensation_per_resolution_{k}}*{compensation_cost_share}",
     "u_k = a_k x handling cost + b_k x compensation x cost share"),
)


def _per_world(rows):
    out = []
    for k in ("baseline", "program"):
        out += [(n.replace("{k}", k), f.replace("{k}", k), d) for n, f, d in rows]
    return out


def _whole(body: str) -> str:
    """A sum over the block, or #N/A where the horizon runs past the block's last year."""
    return f"IF({{horizon_years}}>{{cash_flow_last_year}},NA(),{body})"


WORKINGS: tuple[tuple[str, str, str], ...] = (
    ("profit_per_year", "{revenue_per_customer}*{operating_margin}",
     "P = revenue_per_customer x operating_margin"),
    ("failures_per_customer_baseline", "{failure_rate}", "f_b = failure_rate"),
    ("failures_per_customer_program", "{failure_rate}*(1-{failure_reduction_program})",
     "f_p = failure_rate x (1 - failure_reduction_program)"),
    *_per_world(_WORLD),
    ("new_customers_per_year", "{customers}*(1-{retention_baseline})",
     "w = N (1 - rho_b): new customers each year, in both worlds"),
    ("wom_per_save", "{wom_reach_per_lost_customer}*{wom_conversion_rate}",
     "omega = reach x conversion: customers word of mouth keeps per save"),
    ("survival_discount", "{retention_baseline}/(1+{discount_rate})",
     "x = rho_b / (1 + d), for the margin multiple"),
    ("cash_flow_last_year", "{last}",
     "the last year this scenario's Cash flow block holds; a longer horizon shows #N/A"),
    # Sums over the scenario's block of years on Cash flow.
    ("saves_total", _whole("SUM({saves.block})"), "sum of saves over the years"),
    ("pv_profit", _whole("SUM({discounted_profit.block})"),
     "present value of P x extra_customers"),
    ("pv_profit_without_wom", _whole("SUM({discounted_profit_without_wom.block})"),
     "the same with omega = 0"),
    ("pv_paying_customers", _whole("SUM({discounted_paying_customers.block})"),
     "sum over program years t of B_p(t-1) / (1+d)^(t-1)"),
    ("pv_program_years",
     _whole('SUMIF({year.block},"<"&{program_years},{discount_factor.block})'),
     "sum over program years t of 1 / (1+d)^(t-1)"),
    ("final_cumulative",
     _whole("INDEX({cumulative_discounted_cash_flow.block},{horizon_years}+1)"),
     "C_H, the cumulative discounted cash flow at the horizon"),
    ("last_negative_year", _whole("MAX({negative_cumulative_year.block})"),
     "u, the last year whose cumulative discounted cash flow is negative (-1: none)"),
)


def _in(body: str) -> str:
    """A cash-flow cell past the horizon shows empty text."""
    return f'IF({{year}}="","",{body})'


# Cash flow columns: (name, formula at year 0, formula at years 1..50, what it is). The first
# eleven are the projection's columns (``python -m calc project``); the rest are the helpers the
# results read. ``{k}`` is the row's year within the block (a number written in the formula).
CASH_FLOW: tuple[tuple[str, str, str, str], ...] = (
    ("scenario", "{scenario}", _in("{scenario}"), "scenario name (from Inputs)"),
    ("year", "0", 'IF({k}>{horizon_years},"",{k})', "t; empty past the horizon"),
    ("customers_baseline", "{customers}",
     _in("{customers_baseline.prev}*{retention_baseline}+{new_customers_per_year}"),
     "B_b(t) = B_b(t-1) rho_b + w"),
    ("customers_program", "{customers}", _in("{customers}+{extra_customers}"),
     "B_p(t) = N + extra_customers"),
    ("extra_customers", "0",
     _in("{extra_customers.prev}*{retention_baseline}+{saves}*(1+{wom_per_save})"),
     "E(t) = B_p(t) - N = E(t-1) rho_b + sigma_t (1 + omega): the model's recursion for "
     "B_p, written for the difference so that no digits are lost beside N"),
    ("profit", "0", _in("{profit_per_year}*{extra_customers}"), "P x extra_customers"),
    ("program_cost",
     "IF({year}<{program_years},{customers_program}*({recovery_cost_per_customer_program}"
     "-{recovery_cost_per_customer_baseline})+{program_fixed_cost},0)",
     _in("IF({year}<{program_years},{customers_program}*({recovery_cost_per_customer_program}"
         "-{recovery_cost_per_customer_baseline})+{program_fixed_cost},0)"),
     "K_(t+1): next program year's cost, paid at time t"),
    ("cash_flow", "{profit}-{program_cost}", _in("{profit}-{program_cost}"),
     "profit - program_cost"),
    ("discount_factor", "1", _in("1/(1+{discount_rate})^{year}"), "1 / (1+d)^t"),
    ("discounted_cash_flow", "{cash_flow}*{discount_factor}",
     _in("{cash_flow}*{discount_factor}"), "cash_flow x discount_factor"),
    ("cumulative_discounted_cash_flow", "{discounted_cash_flow}",
     _in("{cumulative_discounted_cash_flow.prev}+{discounted_cash_flow}"), "running sum"),
    ("retention_program_world", '""',
     _in("IF({year}<={program_years},{retention_program},{retention_baseline})"),
     "rho_p(t): rho_p while the program runs, rho_b after"),
    ("saves", "0", _in("{customers_program.prev}*({retention_program_world}"
                       "-{retention_baseline})"),
     "sigma_t = B_p(t-1) (rho_p(t) - rho_b)"),
    ("extra_customers_without_wom", "0",
     _in("{extra_customers_without_wom.prev}*{retention_baseline}"
         "+({customers}+{extra_customers_without_wom.prev})"
         "*({retention_program_world}-{retention_baseline})"),
     "E(t) with omega = 0"),
    ("discounted_profit", "0", _in("{profit}*{discount_factor}"), "profit x discount_factor"),
    ("discounted_profit_without_wom", "0",
     _in("{profit_per_year}*{extra_customers_without_wom}*{discount_factor}"),
     "the same with omega = 0"),
    ("discounted_paying_customers",
     "IF({year}<{program_years},{customers_program}*{discount_factor},0)",
     _in("IF({year}<{program_years},{customers_program}*{discount_factor},0)"),
     "B_p(t) / (1+d)^t in years whose start pays a program year"),
    ("negative_cumulative_year",
     "IF({cumulative_discounted_cash_flow}<0,{year},-1)",
     _in("IF({cumulative_discounted_cash_flow}<0,{year},-1)"),
     "t where the cumulative is negative, else -1 (for payback)"),
)

def _n(name):
    return "{customers}*{" + name + "}"


# Results: one formula per metric of calc.model.METRICS.

# MODEL.md's closed form of break_even_compensation (no compensation response).
_BREAK_EVEN = ("(({total_benefit}-{incremental_handling_cost}-{fixed_cost_total}"
               "+{compensation_cost_share}*{compensation_per_resolution_baseline}"
               "*{resolved_per_customer_baseline}*{pv_paying_customers})"
               "/({compensation_cost_share}*{resolved_per_customer_program}"
               "*{pv_paying_customers}))")

METRIC_FORMULAS: dict[str, str] = {
    "profit_per_customer": "{profit_per_year}",
    "margin_multiple": "IF({survival_discount}=1,{horizon_years}/(1+{discount_rate}),"
                       "(1-{survival_discount}^{horizon_years})"
                       "/((1-{survival_discount})*(1+{discount_rate})))",
    "customer_value": "{profit_per_customer}*{margin_multiple}",
    "failed_customers": _n("failures_per_customer_baseline"),
    "failed_customers_program": _n("failures_per_customer_program"),
    **{f"{what}_{k}": _n(f"{per}_per_customer_{k}")
       for k in ("baseline", "program")
       for what, per in (("complaints", "complaints"), ("resolved", "resolved"),
                         ("resolved_fast", "resolved_fast"),
                         ("retained_failed", "kept_failed"))},
    "customers_saved": "{customers}*({retention_program}-{retention_baseline})",
    "retention_lift": "IF({failed_customers}=0,0,{customers_saved}/{failed_customers})",
    "overall_retention_baseline": "{retention_baseline}",
    "overall_retention_program": "{retention_program}",
    "customers_saved_total": "{saves_total}",
    "retained_value": "{pv_profit_without_wom}",
    "wom_customers_saved": "{wom_per_save}*{customers_saved_total}",
    "wom_value": "{pv_profit}-{retained_value}",
    "total_benefit": "{retained_value}+{wom_value}",
    **{f"handling_cost_{k}": f"{{complaints_{k}}}*{{handling_cost_per_complaint}}"
       for k in ("baseline", "program")},
    **{f"compensation_cost_{k}": f"{{resolved_{k}}}*{{compensation_per_resolution_{k}}}"
                                 "*{compensation_cost_share}"
       for k in ("baseline", "program")},
    "incremental_handling_cost": "{pv_paying_customers}*({complaints_per_customer_program}"
                                 "-{complaints_per_customer_baseline})"
                                 "*{handling_cost_per_complaint}",
    "incremental_compensation_cost":
        "{pv_paying_customers}*({resolved_per_customer_program}"
        "*{compensation_per_resolution_program}-{resolved_per_customer_baseline}"
        "*{compensation_per_resolution_baseline})*{compensation_cost_share}",
    "fixed_cost_total": "{program_fixed_cost}*{pv_program_years}",
    "incremental_cost": "{incremental_handling_cost}+{incremental_compensation_cost}"
                        "+{fixed_cost_total}",
    "net_value": "{total_benefit}-{incremental_cost}",
    "roi": 'IF({incremental_cost}<=0,"",{net_value}/{incremental_cost})',
    "benefit_cost_ratio": 'IF({incremental_cost}<=0,"",{total_benefit}/{incremental_cost})',
    "cost_per_customer_saved":
        'IF({customers_saved_total}<=0,"",{incremental_cost}/{customers_saved_total})',
    # The closed form holds without a compensation response; with one, calc's value is written
    # instead (see calc.export.workbook), and a row written without one shows "" if U is raised.
    # MODEL.md v3: the closed form is reported only inside [0, 1e9].
    "break_even_compensation":
        'IF(OR({compensation_uplift_at_peak}>0,{compensation_cost_share}'
        '*{resolved_per_customer_program}*{pv_paying_customers}=0),"",'
        'IF(OR(' + _BREAK_EVEN + '<0,' + _BREAK_EVEN + '>1000000000),"",' + _BREAK_EVEN + '))',
    "replacement_cost": "{customers_saved_total}*{acquisition_cost}",
    "payback_years":
        'IF({final_cumulative}<0,"",IF({last_negative_year}<0,0,{last_negative_year}'
        "-INDEX({cumulative_discounted_cash_flow.block},{last_negative_year}+1)"
        "/INDEX({discounted_cash_flow.block},{last_negative_year}+2)))",
    "paradox_assumed":
        "OR({retention_resolved_baseline_world}>{retention_no_failure},"
        "{retention_resolved_fast_baseline_world}>{retention_no_failure},"
        "{retention_resolved_program_world}>{retention_no_failure},"
        "{retention_resolved_fast_program_world}>{retention_no_failure})",
}
