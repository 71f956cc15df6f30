"""Methodology: the formulas, the cash-flow convention, the parameters and the sources."""

import pandas as pd
import streamlit as st

import calc
from calc.metrics import METRIC_SPECS
from calc.sources import PARADOX_CAVEAT, SOURCES, TARP_NOTE
from ui import session
from ui.format import param_value, unit_label

cur = session.currency()

st.title("Methodology")
st.markdown(
    "The model compares two worlds over **one year of service failures**: the **baseline** "
    "(complaints handled as today) and the **program**. Its value is the lifetime profit of the "
    "customers the program keeps, minus what the program costs. The specification is "
    "`shared/MODEL.md`; every number on every page comes from the formulas below, in the "
    "`calc` package, and the column names of every CSV are the names used here.")

st.header("Formulas")
st.markdown("Write $N$ customers, $P$ profit per customer, $r$ retention with no failure, "
            "$d$ discount rate, $H$ horizon in years. Each world $k$ has its own complaint rate "
            "$c_k$, resolution rate $s_k$, fast-resolution share $q_k$ and compensation $m_k$.")
FORMULAS = [
    ("Profit per customer", r"P = \text{revenue\_per\_customer} \times \text{operating\_margin}"),
    ("Margin multiple", r"M = \sum_{t=1}^{H} \frac{r^{\,t-1}}{(1+d)^{t}}"),
    ("Customer value", r"V = P \times M"),
    ("Failed customers", r"F = N \times \text{failure\_rate}"),
    ("Complaints, resolved, resolved fast",
     r"C_k = F\,c_k, \qquad R_k = C_k\,s_k, \qquad Q_k = R_k\,q_k"),
    ("Failed customers kept",
     r"K_k = (F - C_k)\,\rho_{silent} + (C_k - R_k)\,\rho_{unresolved} + (R_k - Q_k)\,"
     r"\rho_{resolved} + Q_k\,\rho_{fast}"),
    ("Customers saved", r"S = K_{program} - K_{baseline}"),
    ("Retention lift", r"\text{lift} = S / F \quad (0 \text{ where } F = 0)"),
    ("Overall retention", r"\frac{(N - F)\,r + K_k}{N}"),
    ("Word of mouth", r"W = S \times \text{reach} \times \text{conversion}"),
    ("Total benefit", r"B = S\,V + W\,V"),
    ("Handling and compensation cost",
     r"h_k = C_k \times \text{handling\_cost}, \qquad g_k = R_k\,m_k \times \text{cost\_share}"),
    ("Incremental cost", r"I = (h_{program} - h_{baseline}) + (g_{program} - g_{baseline}) + "
                         r"\text{fixed\_cost}"),
    ("Net value", r"\text{NV} = B - I"),
    ("ROI and benefit-cost ratio",
     r"\text{ROI} = \text{NV} / I, \qquad \text{BCR} = B / I \quad (\text{n/a where } I \le 0)"),
    ("Cost per customer saved", r"I / S \quad (\text{n/a where } S \le 0)"),
    ("Break-even compensation",
     r"m^{*} = \frac{B - (h_{program} - h_{baseline}) - \text{fixed\_cost} + g_{baseline}}"
     r"{R_{program} \times \text{cost\_share}}"),
    ("Replacement cost (comparison only)", r"S \times \text{acquisition\_cost}"),
]
for title, tex in FORMULAS:
    st.markdown(f"**{title}**")
    st.latex(tex)

st.header("The cohort cash flow")
st.markdown(
    "One row per year $t = 0..H$. The program's cost is paid at $t = 0$. The customers it keeps, "
    "$S + W$, earn $P$ at the **end** of each later year and each stays another year with chance "
    "$r$, so in year $t \\ge 1$ there are $(S+W)\\,r^{t-1}$ of them. Year $t$ is discounted by "
    "$(1+d)^t$.")
st.latex(r"\text{CF}_0 = -I, \qquad \text{CF}_t = (S+W)\,r^{\,t-1}\,P, \qquad "
         r"\text{cum}_t = \sum_{j=0}^{t} \frac{\text{CF}_j}{(1+d)^j}")
st.markdown(
    "By construction the last cumulative value equals the net value (a test checks it). "
    "**Payback** is the first year $t$ in which the cumulative discounted cash flow reaches 0, "
    "interpolated inside that year as $(t-1) + (-\\text{cum}_{t-1}) / \\text{DCF}_t$; 0 where "
    "the incremental cost is not positive; n/a where it is not reached within the horizon.")
st.info("MODEL.md's margin multiple counts year 1's profit for sure ($r^0$): the customer was "
        "kept through this year's failure. Gupta, Lehmann & Stuart's $r / (1 + i - r)$ (2.67 at "
        "r = 0.80, i = 0.10) also discounts that first renewal, so over a long horizon this "
        "model's multiple tends to theirs divided by $r$ (3.33 there).")

st.header("Every metric")
st.dataframe(pd.DataFrame([{"column": m.name, "metric": m.label, "describes": m.timing,
                            "how": m.formula} for m in METRIC_SPECS]),
             hide_index=True, key="meth_metrics")

st.header("Parameters")
st.caption("Generated from the parameter registry (calc/params.py): the same definitions drive "
           "the inputs, CSV validation and exports.")
st.dataframe(pd.DataFrame([{
    "column": s.name, "label": s.label, "group": s.group, "unit": unit_label(s, cur),
    "default": param_value(s, s.default, cur), "allowed": s.range_text, "meaning": s.help,
    "source of default": s.source} for s in calc.PARAMS]), hide_index=True, key="meth_params")

st.header("Sources, and how strong each is")
st.warning(PARADOX_CAVEAT + " The calculator warns whenever its inputs assume the paradox.")
st.caption(TARP_NOTE)
st.dataframe(pd.DataFrame([{"claim": s.claim, "source": s.source, "how strong": s.strength,
                            "used for": s.used_for} for s in SOURCES]),
             hide_index=True, key="meth_sources")
