"""Uncertainty: Monte Carlo over triangular ranges around the calculator's inputs."""

import pandas as pd
import streamlit as st

import calc
from calc.model.analyses import MAX_DRAWS, monte_carlo
from calc.files.write import download_csv
from calc.files.limits import count_text
from calc.files.ranges import read_ranges
from calc.model.ranges import check_ranges
from calc.model.spreads import SPREADS, most_likely_differs, ranges_around
from calc.text.ranges_shown import from_shown, to_shown
from ui.figures import charts
from ui.state import downloads
from ui.state import session
from calc.text.format import card_help, money, money_short, param_value, pct
from ui.figures.escape import md

cur = session.currency()
cur_md = md(cur)        # the currency inside markdown: metric values and help
p = session.params()

st.title("Uncertainty")
st.caption("Give a low, most likely and high value for the inputs you are unsure of; each draw "
           "takes a value from a triangular distribution between them, all other inputs stay "
           "as in the calculator. The same seed always gives the same numbers.")


def _set_ranges(ranges, basis, note=None):
    """New ranges in the editor; ``basis`` is the inputs they were built around (None: they
    came from a file or the log and are never rebuilt by themselves)."""
    st.session_state["mc_ranges"] = ranges.reset_index(drop=True)
    st.session_state["mc_basis"] = basis
    st.session_state["mc_edited"] = False
    st.session_state["mc_version"] = st.session_state.get("mc_version", 0) + 1
    st.session_state["mc_ranges_note"] = note


# Ranges follow the calculator: built around its inputs, and rebuilt when they change, unless
# the user edited them or loaded them from a file or the complaint log.
if "mc_ranges" not in st.session_state:
    _set_ranges(ranges_around(p), dict(p))
elif (st.session_state.get("mc_basis") not in (None, p)
      and not st.session_state.get("mc_edited")):
    _set_ranges(ranges_around(p), dict(p),
                "The ranges were rebuilt around the calculator's new inputs.")
if st.session_state.get("mc_ranges_note"):
    st.info(st.session_state["mc_ranges_note"])

upload = st.file_uploader("Load ranges from a CSV (parameter, low, most_likely, high)",
                          type=["csv"], key="mc_upload")
if upload is not None and st.session_state.get("mc_upload_id") != upload.file_id:
    st.session_state["mc_upload_id"] = upload.file_id
    try:
        data = session.upload_data(upload)
        if data is None:
            st.stop()
        _set_ranges(read_ranges(data), None, f"Ranges loaded from {md(upload.name)}.")
        st.rerun()
    except calc.InputError as e:
        st.error(f"{md(upload.name)} was not loaded ({count_text(e.problems)}):\n\n"
                 + "\n".join(f"- {md(x)}" for x in e.problems))

spreads = ", ".join(f"{calc.BY_NAME[n].short} -{d:.0%} / +{u:.1%}".replace(".0%", "%")
                    for n, (d, u) in SPREADS.items())
st.caption(f"Rates are in percent (30 = 30%), amounts in {md(cur)}. Inputs not listed stay at "
           f"their calculator value. The starting ranges put the most likely value at the "
           f"calculator's and spread it by: {spreads}, kept inside each input's allowed range.")
shown = to_shown(st.session_state["mc_ranges"], cur)
edited = st.data_editor(
    shown, num_rows="dynamic", hide_index=True, width="stretch",
    key=f"mc_editor_{st.session_state['mc_version']}", disabled=["Unit"],
    column_config={
        "Input": st.column_config.SelectboxColumn("Input", width="medium",
                                                  options=[s.label for s in calc.PARAMS]),
        "Unit": st.column_config.TextColumn("Unit", width="medium"),
        "Low": st.column_config.NumberColumn("Low", format="%.6g"),
        "Most likely": st.column_config.NumberColumn("Most likely", format="%.6g"),
        "High": st.column_config.NumberColumn("High", format="%.6g"),
    })
ranges, problems = from_shown(edited)
st.session_state["mc_edited"] = not edited.equals(shown)
problems += check_ranges(ranges) if not problems else []
differs = most_likely_differs(ranges, p) if not problems else []
if differs:
    st.warning("Most likely is not the calculator's value for: " + "; ".join(
        f"{calc.BY_NAME[n].label} ({param_value(calc.BY_NAME[n], v, cur)} here, "
        f"{param_value(calc.BY_NAME[n], p[n], cur)} in the calculator)"
        for n, v in zip(ranges["parameter"], ranges["most_likely"]) if n in differs)
        + ". Rebuild the ranges to start from the calculator's inputs.",
        icon=":material/sync_problem:")

c = st.columns([2, 2, 1, 3, 3], vertical_alignment="bottom")
draws = c[0].number_input("Draws", 1, MAX_DRAWS, 100_000, step=10_000, key="mc_draws",
                          help=f"Up to {MAX_DRAWS:,}; a million takes about a second.")
seed = c[1].number_input("Seed", 0, 2**32 - 1, 2026, step=1, key="mc_seed",
                         help="The same seed and inputs give the same result, here and in the "
                              "command-line tool.")
run = c[2].button("Run", type="primary", key="mc_run")
if c[3].button("Rebuild around the calculator", key="mc_rebuild",
               help="Replace these ranges by the starting ranges around the calculator's "
                    "current inputs."):
    _set_ranges(ranges_around(p), dict(p), "Ranges rebuilt around the calculator's inputs.")
    st.rerun()
c[4].download_button("Download these ranges (CSV)", download_csv(ranges.reset_index(drop=True)),
                     key="dl_mc_ranges", file_name=downloads.named("ranges", "csv"), mime="text/csv")
st.caption("A whole-number input (horizon, program years) is drawn as a real number and then "
           "rounded to the nearest whole year, so its lowest and highest years come up half as "
           "often as the others; program years drawn above the drawn horizon are cut to it.")

if run:
    if problems:
        st.error("Fix these ranges first (rows count from 1):\n\n"
                 + "\n".join(f"- {md(x)}" for x in problems))
    else:
        bar = st.progress(0.0, text="Drawing and evaluating scenarios...")
        try:
            summary, metrics = monte_carlo(p, ranges, int(draws), int(seed),
                                           progress=lambda share: bar.progress(
                                               share, text=f"Evaluated {share:.0%} of the draws"))
        except calc.InputError as e:
            bar.empty()
            st.session_state.pop("mc_result", None)
            st.error("These ranges cannot be run:\n\n"
                     + "\n".join(f"- {md(x)}" for x in e.problems))
            st.stop()
        bar.empty()
        st.session_state["mc_result"] = {"summary": summary, "net_value": metrics["net_value"],
                                         "roi": metrics["roi"],
                                         "retention_lift": metrics["retention_lift"],
                                         "seed": int(seed),
                                         "ranges": ranges, "params": dict(p)}
result = st.session_state.get("mc_result")
if result is None:
    st.info("Press Run to draw the scenarios.")
    st.stop()

s = result["summary"].iloc[0]
if result["params"] != p or not result["ranges"].equals(ranges):
    st.warning("The inputs or the ranges have changed since this run; press Run again to "
               "update.")
r = st.columns(5)
# Estimates from random draws: whole currency units (the table and download keep full precision).
r[0].metric("P(net value > 0)", pct(s["prob_net_value_positive"]), border=True)
for col, label, key, text in (
        (r[1], "Mean net value", "net_value_mean",
         f"Standard deviation {money(s['net_value_std'], cur_md, cents=False)}."),
        (r[2], "5th percentile", "net_value_p5", ""), (r[3], "Median", "net_value_p50", ""),
        (r[4], "95th percentile", "net_value_p95", "")):
    short = money_short(s[key], cur_md, cents=False, width=7)   # a fifth of the page: compact
    col.metric(label, short, border=True,
               help=card_help(money(s[key], cur_md, cents=False), short, text) or None)
LIFT_HELP = ("Retention lift is a result, not an input: customers saved in year 1 per customer "
             "who meets a failure today (10%: of every 100 who meet one, 10 more stay). The inputs that "
             "move it are the with-program rates (complaint, resolution and fast-resolution "
             "rates, failures prevented) and the retention of complainants by branch (resolved "
             "slowly, resolved quickly, unresolved; silent and no-failure retention when "
             "failures are prevented), and the loyalty compensation buys where that lever is "
             "on. To make it uncertain, give those inputs ranges above.")
lift = st.columns(5)
lift[0].markdown("**Retention lift**", help=LIFT_HELP)
lift[1].metric("Lift, mean", pct(s["retention_lift_mean"]), border=True,
               help=f"Standard deviation {pct(s['retention_lift_std'])} points. " + LIFT_HELP)
lift[2].metric("Lift, low (p5)", pct(s["retention_lift_p5"]), border=True)
lift[3].metric("Lift, median", pct(s["retention_lift_p50"]), border=True)
lift[4].metric("Lift, high (p95)", pct(s["retention_lift_p95"]), border=True)
if not s["retention_lift_std"] > 1e-9:      # one value in every draw, up to rounding
    lift[0].caption("None of these ranges moves retention lift: it is the same in every draw. "
                    "Give a range to a with-program rate or a branch's retention to vary it.")
st.plotly_chart(charts.histogram(result["net_value"], s.to_dict(), cur), key="chart_mc_hist")

STATS = {"mean": "Mean", "std": "Standard deviation", "p5": "5th percentile",
         "p50": "Median", "p95": "95th percentile"}
rows = [{"Statistic": label, f"Net value ({cur})": money(s[f"net_value_{stat}"], cur),
         "ROI": pct(s[f"roi_{stat}"]), "Retention lift": pct(s[f"retention_lift_{stat}"])}
        for stat, label in STATS.items()]
st.dataframe(pd.DataFrame(rows), hide_index=True, key="mc_summary_table")
st.caption(f"{int(s['draws']):,} draws, seed {result['seed']}. ROI is summarised over the "
           f"{s['roi_defined_share']:.1%} of draws with a positive incremental cost.")
out = result["summary"].copy()
out.insert(0, "seed", result["seed"])
st.download_button("Download summary (CSV)", download_csv(out), file_name=downloads.named("Monte Carlo summary", "csv"),
                   mime="text/csv", key="dl_mc_summary")
if len(result["net_value"]) <= 200_000:
    draws_out = pd.DataFrame({"net_value": result["net_value"], "roi": result["roi"],
                              "retention_lift": result["retention_lift"]})
    st.download_button("Download every draw (CSV)", download_csv(draws_out),
                       file_name=downloads.named("Monte Carlo draws", "csv"), mime="text/csv", key="dl_mc_draws")
else:
    st.caption("Every draw can be downloaded for runs of up to 200,000 draws.")
