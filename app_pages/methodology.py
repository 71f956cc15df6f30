"""Methodology: the formulas, the year-by-year cash flow, the parameters and the sources."""

import pandas as pd
import streamlit as st

import calc
from calc.model.breakeven import DOES_NOT_PAY, NO_EFFECT, PAYS_ALWAYS, REASONS
from calc.model.metrics import METRIC_SPECS
from calc.model.sources import PARADOX_CAVEAT, SOURCES, TARP_NOTE
from calc.text.wording import TIMING_WORDS, plain
from ui.state import session
from ui.state.field_text import range_shown
from calc.text.format import param_value, unit_label

cur = session.currency()
BREAK_EVEN_REASONS = [
    (REASONS[DOES_NOT_PAY], "net value is below 0 at every compensation (without a response: "
                            "the closed form is below 0; with one: at every grid point)."),
    (REASONS[PAYS_ALWAYS], "net value is still 0 or above at a compensation of 1e9 (without a "
                           "response: the closed form is above 1e9)."),
    (REASONS[NO_EFFECT], "compensation does not enter the cost (cost share 0, or no complaint "
                         "is resolved with the program) and net value is the same at 0 and "
                         "1e9."),
]

st.title("Methodology")
st.markdown(
    "The model compares two worlds **year by year**: **today** (complaints handled as now) and "
    "**with the program**, which runs for the first *program years* and then stops. Its value "
    "is the discounted profit of the extra customers the program keeps, minus what it costs. "
    "New customers are won at the same pace in both worlds, so they cancel out of every "
    "difference. Every number on every page comes from the formulas below; the CSV column of "
    "each figure is listed in the tables at the foot of this page.")

st.header("One year in one world")
st.markdown("For world $k$ (today $b$, program $p$), with complaint rate $c_k$, resolution "
            "rate $s_k$, fast-resolution share $q_k$, compensation $m_k$ and $r$ the retention "
            "with no failure, per customer:")
FORMULAS = [
    ("Failure rate (prevention lowers it in the program world)",
     r"f_b = \text{failure rate}, \qquad f_p = f_b\,(1 - \text{failures prevented})"),
    ("Complaints, resolved, resolved fast",
     r"a_k = f_k c_k, \qquad b_k = a_k s_k, \qquad g_k = b_k q_k"),
    ("Loyalty bought by compensation (0 unless switched on)",
     r"e_k = U\,x\,e^{1-x}, \qquad x = \frac{m_k}{\text{loss per failure} \times "
     r"\text{peak ratio}}"),
    ("Failed customers kept",
     r"kf_k = (f_k - a_k)\,\rho_{silent} + (a_k - b_k)\,\rho_{unresolved} + (b_k - g_k)\,"
     r"\min(1, \rho_{resolved} + e_k) + g_k \min(1, \rho_{fast} + e_k)"),
    ("Overall retention", r"\rho_k = (1 - f_k)\,r + kf_k"),
    ("Recovery cost per customer",
     r"u_k = a_k \times \text{handling cost} + b_k\,m_k \times \text{cost share}"),
]
for title, tex in FORMULAS:
    st.markdown(f"**{title}**")
    st.latex(tex)

st.header("Year by year: the cash flow")
st.markdown(
    "Write $N$ customers, $P$ = revenue per customer x margin, $d$ discount rate, $H$ horizon, "
    "$Y$ program years and $\\omega$ = word-of-mouth reach x conversion. Both worlds start with "
    "$N$ customers. In year $t = 1..H$ the program world keeps its customers with $\\rho_p$ "
    "while $t \\le Y$ and with today's $\\rho_b$ after: the customers it saved go on meeting "
    "failures like everyone else.")
st.latex(r"\sigma_t = B_p(t-1)\,\big(\rho_p(t) - \rho_b\big), \qquad "
         r"B_b(t) = N, \qquad B_p(t) = B_p(t-1)\,\rho_p(t) + N(1-\rho_b) + \omega\,\sigma_t")
st.latex(r"K_t = B_p(t-1)\,(u_p - u_b) + \text{fixed cost} \quad (t \le Y; \text{ paid at the "
         r"start of year } t)")
st.latex(r"\text{CF}_t = P\,\big(B_p(t) - B_b(t)\big) - K_{t+1}, \qquad "
         r"C_t = \sum_{j=0}^{t} \frac{\text{CF}_j}{(1+d)^j}")
st.markdown(
    "The last cumulative value $C_H$ is the net value (a test checks it). **Payback** is read "
    "off the cumulative discounted cash flow: with $u$ the **last** time the cumulative is "
    "negative, payback $= u + (-C_u) / \\text{DCF}_{u+1}$; 0 when it is never negative; "
    "'not reached' when it is still negative at the horizon. Costs paid in later program years "
    "can push the cumulative below 0 again, so the last time counts, not the first.")
st.header("Word of mouth within bounds")
st.markdown(
    "$\\omega\\,\\sigma_t$ counts prospects who become customers because of what lost customers "
    "tell them (or, where the program keeps *fewer* customers than today, who do not become "
    "customers). Two rules keep it meaningful in every program year; a scenario that breaks "
    "either is refused like a value out of range, naming both inputs, $\\omega$ and the largest "
    "$\\omega$ the scenario allows (nothing is computed for it):")
st.latex(r"\text{1. no negative new customers:}\quad \omega\,(\rho_b - \rho_p) \le 1 - \rho_b")
st.latex(r"\text{2. no growth from word of mouth alone:}\quad "
         r"\omega\,(\rho_p - \rho_b) \le 1 - \rho_p")
st.markdown(
    "Together they keep the program world's customers $B_p(t) \\ge 0$. Analyses that vary "
    "inputs (tornado, two-way table, break-even for any parameter, the budget frontier) leave a "
    "point that breaks a rule empty and say how many; Monte Carlo stops and says how many draws "
    "broke it and which ranges to narrow, since dropping them would bias every figure.")

st.header("Break-even compensation")
st.markdown(
    "The **largest** compensation per resolution (with program) between 0 and 1e9 at which net "
    "value is 0 while every larger compensation loses money, all else fixed. Without a "
    "compensation response net value falls in a straight line as compensation rises, and the "
    "root is the closed form")
st.latex(r"m^* = \frac{\text{total benefit} - \text{incr. handling} - \text{fixed cost total} + "
         r"\text{cost share}\; m_b A_b}{\text{cost share}\; A_p}, \qquad "
         r"A_k = \sum_{t \le Y} \frac{B_p(t-1)\, b_k}{(1+d)^{t-1}}")
st.markdown(
    "reported where $0 \\le m^* \\le 10^9$. With a compensation response, net value is "
    "evaluated on a fixed grid: $m = 0$, 200 points evenly on $(0, z]$ and 200 evenly in "
    "logarithm on $[z, 10^9]$, with $y$ = loss per failure x peak ratio (where the uplift "
    "peaks, also on the grid) and $z = \\min(10y, 10^9)$. Every local maximum of the grid that "
    "loses money is refined (bounded Brent over its two neighbouring intervals) so that narrow "
    "windows of profit are found; the root between the highest point that pays and the next "
    "point above it is then found by Brent's method to 1e-12 relative. The grid is part of the "
    "definition, so every implementation gives the same figure. **A window of profit narrower "
    "than the grid's step that holds no grid point and no refined maximum can still be "
    "missed.**")
st.markdown("Where there is no break-even the figure is empty, with its reason in words:\n\n"
            + "\n".join(f"- *{why}*: {what}" for why, what in BREAK_EVEN_REASONS))

st.info("The margin multiple $M = \\sum_{t=1}^{H} \\rho_b^{\\,t-1} / (1+d)^t$ counts year 1's "
        "profit for sure: the customer was kept through this year's failure. Gupta, Lehmann & "
        "Stuart's $r / (1 + i - r)$ also discounts that first renewal, so over a long horizon "
        "this model's multiple tends to theirs divided by the retention.")

st.header("Uncertainty: how inputs are drawn")
st.markdown(
    "Each uncertain input is drawn from a triangular distribution (low, most likely, high); "
    "every other input stays at its calculator value. The starting ranges are built around the "
    "calculator's inputs. A whole-number input (horizon, program years) is drawn as a real "
    "number and **rounded to the nearest whole number after drawing**, so its lowest and "
    "highest values come up half as often as the values between; program years drawn above "
    "the drawn horizon are cut to it.")

st.header("Every metric")
st.caption("'Year 1' figures describe the program's first year on today's customers; 'present "
           "value' figures are discounted to the start, over the whole horizon.")
st.dataframe(pd.DataFrame([{"Metric": m.label, "Describes": TIMING_WORDS[m.timing],
                            "How": plain(m.formula), "CSV column": m.name}
                           for m in METRIC_SPECS]),
             hide_index=True, key="meth_metrics", width="stretch",
             column_config={"How": st.column_config.TextColumn(width="large")})

st.header("Parameters")
st.caption("The same definitions drive the calculator's inputs, the checks on every file and "
           "the exports.")
st.dataframe(pd.DataFrame([{
    "Input": s.label, "Group": s.group, "Unit": unit_label(s, cur),
    "Default": param_value(s, s.default, cur), "Allowed": range_shown(s),
    "Meaning": s.help, "Source of default": s.source, "CSV column": s.name}
    for s in calc.PARAMS]), hide_index=True, key="meth_params", width="stretch",
    column_config={"Meaning": st.column_config.TextColumn(width="large"),
                   "Source of default": st.column_config.TextColumn(width="large")})

st.header("Sources, and how strong each is")
st.warning(PARADOX_CAVEAT + " The calculator warns whenever its inputs assume the paradox.")
st.caption(TARP_NOTE)
st.dataframe(pd.DataFrame([{"Claim": s.claim, "Source": s.source, "How strong": s.strength,
                            "Used for": s.used_for} for s in SOURCES]),
             hide_index=True, key="meth_sources", width="stretch")
