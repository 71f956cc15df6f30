"""The ``Total`` row of a segments workbook, as formulas, by the rule of
:func:`calc.model.analyses.segments`: counts and money add; ROI, the benefit-cost ratio, the retention
lift and the cost per customer saved are recomputed from the sums; overall retention is the
customer-weighted mean; payback is read off the summed discounted cash flows (a ``Total`` block
at the foot of Cash flow, one SUMIF per year); the per-customer figures stay empty."""

from __future__ import annotations

from calc.model.metrics import ADDITIVE_METRICS
from calc.export.layout import Layout


def results_row(layout: Layout, n: int, block: dict[str, int]) -> list[str]:
    """The Total row of Results (row n + 2), below n scenario rows."""
    t = n + 2

    def col(m):
        return layout.where[m][1]

    def rng(m):
        return f"${col(m)}$2:${col(m)}${n + 1}"

    def cell(m):
        return f"${col(m)}${t}"

    customers = f"Inputs!${layout.where['customers'][1]}$2:${layout.where['customers'][1]}${n + 1}"
    cash = layout.cash_col
    cum = f"'Cash flow'!${cash['cumulative_discounted_cash_flow']}${block['s']}:" \
          f"${cash['cumulative_discounted_cash_flow']}${block['e']}"
    dcf = f"'Cash flow'!${cash['discounted_cash_flow']}${block['s']}:" \
          f"${cash['discounted_cash_flow']}${block['e']}"
    neg = f"'Cash flow'!${cash['negative_cumulative_year']}${block['s']}:" \
          f"${cash['negative_cumulative_year']}${block['e']}"
    u = f"MAX({neg})"
    I, NV = cell("incremental_cost"), cell("net_value")
    special = {
        "roi": f'=IF({I}<=0,"",{NV}/{I})',
        "benefit_cost_ratio": f'=IF({I}<=0,"",{cell("total_benefit")}/{I})',
        "retention_lift": f'=IF({cell("failed_customers")}>0,{cell("customers_saved")}'
                          f'/{cell("failed_customers")},0)',
        "cost_per_customer_saved": f'=IF({cell("customers_saved_total")}>0,'
                                   f'{I}/{cell("customers_saved_total")},"")',
        "overall_retention_baseline": f"=SUMPRODUCT({rng('overall_retention_baseline')},"
                                      f"{customers})/SUM({customers})",
        "overall_retention_program": f"=SUMPRODUCT({rng('overall_retention_program')},"
                                     f"{customers})/SUM({customers})",
        "payback_years": f'=IF(INDEX({cum},{block["last"]}+1)<0,"",IF({u}<0,0,{u}'
                         f"-INDEX({cum},{u}+1)/INDEX({dcf},{u}+2)))",
        "paradox_assumed": f"=OR({rng('paradox_assumed')})",
    }
    row = ["Total"]
    for m in layout.metrics:
        row.append(f"=SUM({rng(m)})" if m in ADDITIVE_METRICS else special.get(m, ""))
    return row


_SUMMED = ("customers_baseline", "customers_program", "extra_customers", "profit",
           "program_cost", "cash_flow", "discounted_cash_flow")


def cash_rows(layout: Layout, first: int, last_data_row: int, years: int):
    """The Total block of Cash flow: rows ``first``.. for years 0..``years``, each a sum over
    every scenario's row of that year (rows past a horizon hold no year and add nothing)."""
    c = layout.cash_col
    year = f"${c['year']}$2:${c['year']}${last_data_row}"
    for k in range(years + 1):
        r = first + k
        row = {name: "" for name in layout.cash}
        row["scenario"], row["year"] = "Total", k
        for name in _SUMMED:
            row[name] = f"=SUMIF({year},{k},${c[name]}$2:${c[name]}${last_data_row})"
        cum = c["cumulative_discounted_cash_flow"]
        row["cumulative_discounted_cash_flow"] = (f"=${c['discounted_cash_flow']}{r}" if k == 0
                                                  else f"=${cum}{r - 1}+"
                                                       f"${c['discounted_cash_flow']}{r}")
        row["negative_cumulative_year"] = f"=IF(${cum}{r}<0,{k},-1)"
        yield [row[name] for name in layout.cash]
