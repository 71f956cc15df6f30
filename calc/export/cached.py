"""The values the workbook's formulas hold when it is written (each formula's cached value), so
the file reads with figures in pandas, openpyxl ``data_only=True``, viewers and Excel's
protected view before any spreadsheet recalculates it.

Every value is calc's: Results from :func:`calc.model.evaluation.evaluate_table` (and the Total
of :func:`calc.model.analyses.segments`), Workings from the per-customer rates of
:func:`calc.model.closed_form.per_customer` and sums over the year paths, Cash flow from the
year recursion (:func:`calc.model.closed_form.core` with ``paths="each"``, the projection's
figures) and the helpers the formulas of :mod:`calc.export.formulas` add beside it. A cell the
formula leaves empty text (``""``: past the horizon, undefined) holds ``""``.
``tests/test_workbook.py`` checks every cached value against LibreOffice's recalculation.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from calc.export.formulas import CASH_FLOW, WORKINGS
from calc.model.analyses import segments
from calc.model.closed_form import core, per_customer
from calc.model.metrics import ADDITIVE_METRICS, METRICS
from calc.model.params import NAMES


def _cell(v):
    """A value a workbook cell can cache: a finite number, a flag, or '' (undefined)."""
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if v is None:
        return ""
    v = float(v)
    return v if np.isfinite(v) else ""


def results(table: pd.DataFrame) -> list[list]:
    """Per scenario row: the name, then every metric of METRICS."""
    names = table["scenario"].astype(str).to_list()
    cols = [table[m].to_numpy() for m in METRICS]
    return [[names[i], *(_cell(c[i]) for c in cols)] for i in range(len(table))]


def results_total(frame: pd.DataFrame, table: pd.DataFrame) -> list:
    """The Total row of a segments workbook (``table``: ``frame`` evaluated): calc's segments
    total; per-customer figures blank (None), as the Total row's formulas leave them."""
    total = segments(frame).iloc[-1]
    from_sums = {"roi", "benefit_cost_ratio", "retention_lift", "cost_per_customer_saved",
                 "overall_retention_baseline", "overall_retention_program", "payback_years"}
    out = ["Total"]
    for m in METRICS:
        if m in ADDITIVE_METRICS or m in from_sums:
            out.append(_cell(total[m]))
        elif m == "paradox_assumed":
            out.append(bool(table["paradox_assumed"].any()))
        else:
            out.append(None)
    return out


class Paths:
    """Workings and Cash flow values of every scenario of a table, from one vectorised run."""

    def __init__(self, table: pd.DataFrame, lasts):
        p = {k: table[k].to_numpy(dtype=float) for k in NAMES}
        self.n = len(table)
        self.names = table["scenario"].astype(str).to_list()
        self.lasts = [int(x) for x in lasts]
        self.w = per_customer(p)
        _, run = core(p, paths="each")
        N, d = p["customers"], p["discount_rate"]
        H, Y = p["horizon_years"].astype(int), p["program_years"].astype(int)
        P = p["revenue_per_customer"] * p["operating_margin"]
        rho_b, rho_p = self.w["rho_baseline"], self.w["rho_program"]
        T = max(self.lasts + [int(H.max()) if self.n else 0])
        t = np.arange(T + 1)[:, None]

        def full(m):            # the run's matrices cover the largest horizon; pad to T
            out = np.zeros((T + 1, self.n))
            out[: m.shape[0]] = m
            return out

        E, cost = full(run.extra), full(run.cost)
        inside = t <= H[None, :]
        E, cost = np.where(inside, E, 0.0), np.where(inside, cost, 0.0)
        profit = P * E
        cf = profit - cost
        df = (1.0 + d) ** -t.astype(float)
        dcf = cf * df
        cum = np.cumsum(dcf, axis=0)
        rpw = np.where(t <= Y[None, :], rho_p, rho_b)
        Bp = N + E
        saves = np.zeros_like(E)
        saves[1:] = Bp[:-1] * (rpw[1:] - rho_b)
        E0 = np.zeros_like(E)
        for k in range(1, T + 1):
            E0[k] = E0[k - 1] * rho_b + (N + E0[k - 1]) * (rpw[k] - rho_b)
        E0 = np.where(inside, E0, 0.0)
        saves = np.where(inside, saves, 0.0)
        pay = np.where((t < Y[None, :]) & inside, Bp * df, 0.0)
        neg = np.where(cum < 0, t, -1)
        self.cols = {
            "customers_baseline": np.broadcast_to(N, E.shape), "customers_program": Bp,
            "extra_customers": E, "profit": profit, "program_cost": cost, "cash_flow": cf,
            "discount_factor": np.broadcast_to(df, E.shape), "discounted_cash_flow": dcf,
            "cumulative_discounted_cash_flow": cum, "retention_program_world": rpw,
            "saves": saves, "extra_customers_without_wom": E0,
            "discounted_profit": profit * df,
            "discounted_profit_without_wom": P * E0 * df,
            "discounted_paying_customers": pay,
            "negative_cumulative_year": neg,
        }
        self.H, self.Y, self.P, self.N, self.d = H, Y, P, N, d
        self.p = p
        self.inside = inside
        self.omega = p["wom_reach_per_lost_customer"] * p["wom_conversion_rate"]

    def cash_rows(self, i: int):
        """The rows of scenario i's Cash flow block: years 0..its block's last, '' past its
        horizon (as the formulas show)."""
        H = int(self.H[i])
        for k in range(self.lasts[i] + 1):
            if k > H:
                yield [""] * len(CASH_FLOW)
                continue
            row = [self.names[i], k]
            for name, *_ in CASH_FLOW[2:]:
                if name == "retention_program_world" and k == 0:
                    row.append("")
                else:
                    row.append(_cell(self.cols[name][k, i]))
            yield row

    def workings_row(self, i: int) -> list:
        w, p = self.w, self.p
        H = int(self.H[i])
        upto = slice(0, H + 1)
        c = self.cols
        years = np.arange(H + 1)
        values = {
            "profit_per_year": self.P[i],
            "new_customers_per_year": self.N[i] * (1.0 - w["rho_baseline"][i]),
            "wom_per_save": self.omega[i],
            "survival_discount": w["rho_baseline"][i] / (1.0 + self.d[i]),
            "cash_flow_last_year": self.lasts[i],
            "saves_total": c["saves"][upto, i].sum(),
            "pv_profit": c["discounted_profit"][upto, i].sum(),
            "pv_profit_without_wom": c["discounted_profit_without_wom"][upto, i].sum(),
            "pv_paying_customers": c["discounted_paying_customers"][upto, i].sum(),
            "pv_program_years": c["discount_factor"][upto, i][years < self.Y[i]].sum(),
            "final_cumulative": c["cumulative_discounted_cash_flow"][H, i],
            "last_negative_year": c["negative_cumulative_year"][upto, i].max(),
        }
        U = p["compensation_uplift_at_peak"][i]
        for k in ("baseline", "program"):
            scale = p["loss_per_failure"][i] * p["compensation_peak_ratio"][i]
            m = p[f"compensation_per_resolution_{k}"][i]
            values.update({
                f"failures_per_customer_{k}": w[f"f_{k}"][i],
                f"complaints_per_customer_{k}": w[f"a_{k}"][i],
                f"resolved_per_customer_{k}": w[f"b_{k}"][i],
                f"resolved_fast_per_customer_{k}": w[f"g_{k}"][i],
                f"compensation_ratio_{k}": "" if U == 0 else
                (m / scale if scale > 0 else float("nan")),
                f"compensation_uplift_{k}": w[f"e_{k}"][i],
                f"retention_resolved_{k}_world": w[f"rr_{k}"][i],
                f"retention_resolved_fast_{k}_world": w[f"rf_{k}"][i],
                f"kept_failed_per_customer_{k}": w[f"kf_{k}"][i],
                f"retention_{k}": w[f"rho_{k}"][i],
                f"recovery_cost_per_customer_{k}": w[f"u_{k}"][i],
            })
        return [self.names[i]] + [v if v == "" else _cell(v) for v in
                                  (values[name] for name, *_ in WORKINGS)]

    def total_cash_rows(self, years: int):
        """The Total block: each summed column per year over the scenarios that reach it; the
        columns the Total leaves blank are None."""
        summed = ("customers_baseline", "customers_program", "extra_customers", "profit",
                  "program_cost", "cash_flow", "discounted_cash_flow")
        cum = 0.0
        for k in range(years + 1):
            reach = self.inside[k] if k < self.inside.shape[0] else np.zeros(self.n, bool)
            row = {name: None for name, *_ in CASH_FLOW}
            row["scenario"], row["year"] = "Total", k
            for name in summed:
                row[name] = float(self.cols[name][k, reach].sum()) if reach.any() else 0.0
            cum += row["discounted_cash_flow"]
            row["cumulative_discounted_cash_flow"] = cum
            row["negative_cumulative_year"] = k if cum < 0 else -1
            yield [row[name] for name, *_ in CASH_FLOW]
