"""Sensitivity: tornado, two-way heatmap and break-even finder around the calculator's inputs."""

import numpy as np
import pandas as pd
import streamlit as st

import calc
from calc.model.analyses import break_even, default_grid_range, grid_values, tornado, two_way
from calc.files.write import download_csv
from calc.model.metrics import METRIC_BY_NAME, METRIC_SPECS
from ui.figures import charts
from ui.state import downloads
from ui.state import session
from calc.text.shown import from_shown, to_shown, unit_shown
from calc.text.format import metric_value, param_value
from ui.figures.escape import label, md

cur = session.currency()
p = session.params()
NUMERIC_METRICS = [m.name for m in METRIC_SPECS if m.kind != "flag"]


def metric_label(name):
    spec = METRIC_BY_NAME[name]
    return f"{spec.label} ({cur})" if spec.kind == "money" else spec.label


def param_label(name):
    return calc.BY_NAME[name].label


st.title("Sensitivity")
st.caption("Which inputs matter most, around the inputs now in the calculator. Change those on "
           "the Calculator page; this page follows them.")

# One view at a time, chosen here: only the view shown is computed (tabs ran all three on every
# rerun). Each view's settings are kept while another is shown (persist_state="page").
VIEWS = ["Tornado", "Two-way table", "Break-even"]
view = st.radio("View", VIEWS, horizontal=True, key="sens_view", label_visibility="collapsed",
                persist_state="session")


def tornado_view():
    c = st.columns([2, 2, 3])
    metric = c[0].selectbox("Metric", NUMERIC_METRICS, index=NUMERIC_METRICS.index("net_value"),
                            format_func=metric_label, key="sens_metric",
                            persist_state="page")
    swing_pct = c[1].slider("Swing (each input down and up by)", 5, 50, 20, step=5,
                            format="%d%%", key="sens_swing", persist_state="page")
    c[2].caption("Each input is set to base x (1 - swing) and base x (1 + swing), kept inside "
                 "its allowed range (whole years for the horizon), with all else at base. "
                 "Edit the low and high values below to use your own.")
    auto = tornado(p, swing=swing_pct / 100, metric=metric)
    with st.expander("Your own low and high values (optional)"):
        mine = auto.sort_values("label").reset_index(drop=True)
        shown_own = pd.DataFrame({
            "Input": mine["label"], "Unit": [unit_shown(n, cur) for n in mine["parameter"]],
            "Base": [float(to_shown(n, v)) for n, v in zip(mine["parameter"], mine["base_value"])],
            "Low": [float(to_shown(n, v)) for n, v in zip(mine["parameter"], mine["low_value"])],
            "High": [float(to_shown(n, v)) for n, v in zip(mine["parameter"],
                                                           mine["high_value"])]})
        # the editor's edits are lost while another view is shown: start it from the table
        # as last edited when it was built around the same inputs
        kept = st.session_state.get("_sens_own")
        if ("sens_ranges" not in st.session_state and kept is not None
                and kept[["Input", "Base"]].equals(shown_own[["Input", "Base"]])):
            shown_own = kept
        edited = st.data_editor(
            shown_own, disabled=["Input", "Unit", "Base"], hide_index=True, key="sens_ranges",
            column_config={c: st.column_config.NumberColumn(c, format="%.6g")
                           for c in ("Base", "Low", "High")})
    st.session_state["_sens_own"] = edited
    own = {n: (float(from_shown(n, lo)), float(from_shown(n, hi)))
           for n, lo, hi in zip(mine["parameter"], edited["Low"], edited["High"])}
    try:
        table = tornado(p, swing=swing_pct / 100, metric=metric, ranges=own)
    except calc.InputError as e:
        st.error("Some of your low / high values cannot be used:\n\n"
                 + "\n".join(f"- {md(x)}" for x in e.problems))
        table = auto
    st.plotly_chart(charts.tornado(table, metric, metric_label(metric), cur), key="chart_tornado")
    if table.attrs.get("refused_note"):
        st.caption(table.attrs["refused_note"] + " Their bars are left out.")
    m_spec = METRIC_BY_NAME[metric]
    st.dataframe(pd.DataFrame({
        "Input": table["label"],
        "Low": [param_value(calc.BY_NAME[n], v, cur) for n, v in zip(table["parameter"],
                                                                     table["low_value"])],
        "High": [param_value(calc.BY_NAME[n], v, cur) for n, v in zip(table["parameter"],
                                                                      table["high_value"])],
        f"{m_spec.short} at low": [metric_value(m_spec, v, cur)
                                   for v in table[f"{metric}_low"]],
        f"{m_spec.short} at high": [metric_value(m_spec, v, cur)
                                    for v in table[f"{metric}_high"]],
        "Swing": [metric_value(m_spec, v, cur) for v in table["swing"]]}),
        hide_index=True, key="tornado_table")
    st.download_button("Download tornado table (CSV)", download_csv(table),
                       file_name=downloads.named(f"tornado {metric}", "csv"), mime="text/csv", key="dl_tornado")

names = list(calc.NAMES)


def two_way_view():
    c = st.columns(3)
    x_name = c[0].selectbox("Across (x)", names, index=names.index("resolution_rate_program"),
                            format_func=param_label, key="grid_x", persist_state="page")
    y_name = c[1].selectbox("Down (y)", names, index=names.index("program_fixed_cost"),
                            format_func=param_label, key="grid_y", persist_state="page")
    g_metric = c[2].selectbox("Metric", NUMERIC_METRICS,
                              index=NUMERIC_METRICS.index("net_value"),
                              format_func=metric_label, key="grid_metric",
                              persist_state="page")

    def bounds(name):
        return (calc.BY_NAME[name], *default_grid_range(name, p))

    c = st.columns(5)
    xs, x_lo, x_hi = bounds(x_name)
    ys, y_lo, y_hi = bounds(y_name)
    def edge(col, spec, text, value, key):
        """A grid bound typed in shown units (percent for rates), returned in model units."""
        lo, hi, v = (float(to_shown(spec.name, x)) for x in (spec.min, spec.max, value))
        typed = col.number_input(label(f"{text} ({unit_shown(spec.name, cur)})"), lo, hi, v,
                                 key=key, format="%.6g", persist_state="page")
        return float(from_shown(spec.name, typed))

    x_low = edge(c[0], xs, f"{xs.short}: from", x_lo, f"grid_xlo_{x_name}")
    x_high = edge(c[1], xs, "to", x_hi, f"grid_xhi_{x_name}")
    y_low = edge(c[2], ys, f"{ys.short}: from", y_lo, f"grid_ylo_{y_name}")
    y_high = edge(c[3], ys, "to", y_hi, f"grid_yhi_{y_name}")
    steps = c[4].slider("Steps", 3, 25, 9, key="grid_steps", persist_state="page")
    if x_name == y_name:
        st.error("Choose two different inputs for the two axes.")
    elif x_low > x_high or y_low > y_high:
        st.error("Each 'from' value must be at most its 'to' value.")
    else:
        grid = two_way(p, x_name, grid_values(x_name, x_low, x_high, steps),
                       y_name, grid_values(y_name, y_low, y_high, steps), metric=g_metric)
        st.plotly_chart(charts.heatmap(grid, xs.label, ys.label, metric_label(g_metric)),
                        key="chart_heatmap")
        if grid.attrs.get("refused_note"):
            st.caption(grid.attrs["refused_note"])
        long = grid.stack().rename(g_metric).reset_index()
        st.download_button("Download two-way table (CSV)", download_csv(long),
                           file_name=downloads.named(f"two-way {x_name} {y_name}", "csv"), mime="text/csv",
                           key="dl_grid", help="Long format: one row per cell of the grid.")

def break_even_view():
    c = st.columns([2, 3])
    be_name = c[0].selectbox("Input", names, index=names.index("compensation_per_resolution_program"),
                             format_func=param_label, key="be_param",
                             persist_state="page")
    result = break_even(p, be_name)
    spec = calc.BY_NAME[be_name]
    with c[1]:
        if np.isfinite(result.value):
            cur_md = md(cur)    # metric values, help and captions are markdown
            st.metric(f"Net value is 0 at {spec.label}", param_value(spec, result.value, cur_md),
                      help=f"Now {param_value(spec, p[be_name], cur_md)}. {result.reason}.",
                      border=True)
            st.caption(f"Now: {param_value(spec, p[be_name], cur_md)}. {result.reason}.")
        else:
            st.info(f"No break-even value: {result.reason}.")
    be_table = pd.DataFrame([{"parameter": be_name, "label": spec.label,
                              "current_value": p[be_name], "break_even_value": result.value,
                              "note": result.reason}])
    st.download_button("Download break-even (CSV)", download_csv(be_table),
                       file_name=downloads.named(f"break-even {be_name}", "csv"), mime="text/csv", key="dl_be")


{"Tornado": tornado_view, "Two-way table": two_way_view, "Break-even": break_even_view}[view]()
