"""Budget: what each lever is worth, the best split of a yearly budget, what to cut for a
smaller one, and how much compensation to offer."""

import streamlit as st

import calc

from calc.budget.tables import (applied_params, cut_table, frontier_frame, is_partly_unspent,
                                net_value_change, real_cuts, real_raises, saturation_budget,
                                split_table)
from calc.budget.compensation import compensation_to_loss
from calc.files.write import download_csv
from calc.model.sources import SOURCES
from ui.figures import budget as charts
from ui.state import downloads
from ui.state import budget_inputs as bi
from ui.state import session
from ui.state import share
from calc.text.format import card_help, money, money_short
from ui.figures.escape import md

cur = session.currency()
cur_md = md(cur)        # the currency inside markdown: metric values, labels, captions
p = session.params()
for message in bi.apply_link():
    st.warning(md(message))

st.title("Budget planner")
st.caption("Managers come with a budget, not with resolution rates. This page ties money to the "
           "levers of the program, around the inputs now in the calculator: what one step of "
           "each lever is worth, how to split a yearly budget, what to cut when the budget "
           "shrinks, and how much compensation to offer.")

# --- lever values ----------------------------------------------------------------------------
st.header("What each lever is worth")
levers = bi.lever_ranking(p, cur)
fast = levers.set_index("lever").loc["fast_resolution_share_program"]
st.info(f"{md(fast.label)} ({md(fast.step_text)}): worth "
        f"**{money(fast.net_value_change, cur_md, False)}** over the horizon; a course that buys "
        f"that point for less pays.")
st.plotly_chart(charts.lever_values(levers, cur), key="chart_lever_values")
st.caption("Each bar: the change in net value (discounted, over the horizon) when that lever "
           "moves one step in the program's favour, all else as in the calculator. Rates move "
           "one point, money per complaint one unit, the fixed cost 1,000. A lever already at "
           "the end of its range has no bar.")
st.download_button("Download lever values (CSV)", download_csv(levers), key="dl_lever_values",
                   file_name=downloads.named("lever values", "csv"), mime="text/csv")

# --- budget split ----------------------------------------------------------------------------
st.header("Split a yearly budget")
c = st.columns(2)
with c[0]:
    budget = bi.money_input(f"Yearly budget ({cur})", "budget",
                            "Money a year for the program's levers, on top of its fixed cost.")
with c[1]:
    smaller = bi.money_input(f"Smaller budget to compare ({cur})", "budget_smaller",
                             "What would you cut if the budget were this instead?")
st.markdown("**What money buys, per lever.** Spending the half-spend a year moves a lever half "
            "the way from its value now to the reachable value; twice that, three quarters.")
st.caption("The figures below are illustrative defaults, not research: replace them with your "
           "own quotes, pilots or vendor figures. Untick a lever to leave it out. Bigger refunds "
           "have no curve of their own: their spend is the compensation cost they add in the "
           "first program year, and what they buy is the compensation response set under "
           "\"How much compensation to offer\" (nothing while its uplift at peak is 0).")
responses = bi.responses_editor(p, cur)
st.download_button("Download response curves (CSV)",
                   download_csv(responses.reset_index(drop=True)), key="dl_responses",
                   file_name=downloads.named("response curves", "csv"), mime="text/csv",
                   help="The format of `python -m calc allocate --responses`.")


def _card(col, label: str, x, text: str = "") -> None:
    """A money card, compact so it shows whole; the exact figure in its help."""
    short = money_short(x, cur_md)
    col.metric(label, short, border=True, help=card_help(money(x, cur_md), short, text) or None)


def best_split_figures(best, nothing_spent: float, budget: float) -> None:
    """The headline: best net value, net value with nothing spent, what is spent."""
    m = st.columns(3)
    _card(m[0], "Best net value with this budget", best.net_value)
    _card(m[1], "Net value with nothing spent", nothing_spent)
    _card(m[2], "Spent of the budget", best.spend.sum(),
          "The rest is left unspent: it would buy less than it costs.")
    if is_partly_unspent(best):
        st.warning(f"{money(best.unspent, cur_md, False)} of the {money(budget, cur_md, False)} is "
                   f"best left unspent: spent on any lever, it would return less than it costs.")


def split_charts(split, split_small, frontier, best, budget: float, smaller: float) -> None:
    """The split of both budgets side by side, and the frontier."""
    left, right = st.columns(2)
    with left:
        st.plotly_chart(charts.split({f"{money(budget, cur, False)} a year": split,
                                      f"{money(smaller, cur, False)} a year": split_small}, cur),
                        key="chart_split")
    with right:
        st.plotly_chart(charts.frontier(frontier_frame(frontier), budget, best.net_value,
                                        saturation_budget(frontier), frontier[0].net_value, cur),
                        key="chart_frontier")


def split_table_and_use(split, best) -> None:
    """The split as a table, and the button that applies it in the calculator."""
    st.dataframe(bi.split_shown(split, p, cur), hide_index=True, key="split_table",
                 column_config={"Spend": st.column_config.NumberColumn(
                     f"Spend ({cur} a year)", format="%,.0f")})
    if st.button("Use this split in the calculator", key="use_split",
                 help="Sets each lever to its value after the spend and adds the spend to the "
                      "program fixed cost (bigger refunds' spend is their compensation cost, "
                      "which the model counts already), then opens the calculator."):
        session.set_params(applied_params(p, best))
        st.switch_page("app_pages/calculator.py")


def what_to_cut(best, small, budget: float, smaller: float) -> None:
    """What the smaller budget cuts: real cuts only, said once when nothing worth buying is."""
    st.subheader("What to cut for a smaller budget")
    if smaller >= budget:
        st.info("Type a comparison budget below the yearly budget to see what to cut.")
        return
    if is_partly_unspent(small):
        st.success(f"{money(smaller, cur_md, False)} still covers the best split "
                   f"({money(small.spend.sum(), cur_md, False)} a year): nothing worth buying is "
                   f"cut, and net value stays at {money(small.net_value, cur_md, False)}.")
        return
    cuts = cut_table(best, small)
    lines = [f"- {md(r.label)}: from {money(r.spend_larger, cur_md, False)} to "
             f"{money(r.spend_smaller, cur_md, False)} a year "
             f"({bi.lever_value(r.lever, r.value_larger, cur_md)} becomes "
             f"{bi.lever_value(r.lever, r.value_smaller, cur_md)})"
             for r in real_cuts(cuts, budget).itertuples()]
    raised = [f"- {md(r.label)}: from {money(r.spend_larger, cur_md, False)} to "
              f"{money(r.spend_smaller, cur_md, False)} a year"
              for r in real_raises(cuts, budget).itertuples()]
    text = (f"Going from **{money(budget, cur_md, False)}** to **{money(smaller, cur_md, False)}** "
            f"a year, the best split cuts, biggest cut first:\n\n" + "\n".join(lines))
    if raised:
        text += ("\n\nand moves money to a lever that pays more per dollar when there is less "
                 "of it:\n\n" + "\n".join(raised))
    loss = net_value_change(best, small)
    text += (f"\n\nNet value falls by **{money(loss, cur_md, False)}**: from "
             f"{money(best.net_value, cur_md, False)} to {money(small.net_value, cur_md, False)}."
             if money(loss, "", False) != "0" else
             f"\n\nNet value stays at {money(small.net_value, cur_md, False)}.")
    st.markdown(text)


def split_downloads(split, best, small, frontier) -> None:
    d = st.columns(3)
    d[0].download_button("Download the split (CSV)", download_csv(split), key="dl_split",
                         file_name=downloads.named("budget split", "csv"), mime="text/csv")
    d[1].download_button("Download what to cut (CSV)", download_csv(cut_table(best, small)),
                         key="dl_cut", file_name=downloads.named("what to cut", "csv"),
                         mime="text/csv")
    d[2].download_button("Download the frontier (CSV)", download_csv(frontier_frame(frontier)),
                         key="dl_frontier", file_name=downloads.named("budget frontier", "csv"),
                         mime="text/csv")


def split_section(budget: float, smaller: float, responses) -> None:
    """The best split, the frontier and what to cut (the inputs are valid)."""
    best, small = bi.allocation(p, responses, budget), bi.allocation(p, responses, smaller)
    frontier = bi.frontier(p, responses, budget)
    split, split_small = split_table(best, p), split_table(small, p)
    best_split_figures(best, frontier[0].net_value, budget)
    split_charts(split, split_small, frontier, best, budget, smaller)
    split_table_and_use(split, best)
    what_to_cut(best, small, budget, smaller)
    split_downloads(split, best, small, frontier)


if budget is not None and smaller is not None:
    if responses.empty:
        st.info("Tick at least one lever above to split a budget.")
    else:
        split_section(budget, smaller, responses)

# --- compensation ----------------------------------------------------------------------------
st.header("How much compensation to offer")
c = st.columns(3)
with c[0]:
    bi.model_input("compensation_uplift_at_peak", cur)
with c[1]:
    bi.model_input("loss_per_failure", cur)
with c[2]:
    bi.model_input("compensation_peak_ratio", cur)
best_comp, curve, response = bi.compensation(p)
now = p["compensation_per_resolution_program"]
k = st.columns(3)
_card(k[0], "Best compensation per resolution", best_comp["best_compensation"],
      f"Now {money(now, cur_md)}.")
_card(k[1], "Net value at the best", best_comp["net_value_at_best"])
_card(k[2], "Break-even compensation", best_comp["break_even_compensation"],
      "The compensation at which net value is 0, all else fixed.")
if p["compensation_uplift_at_peak"] > 0:
    st.success(f"Offer about **{money(best_comp['best_compensation'], cur_md)}** per resolved "
               f"complaint: up to there, one more dollar of compensation buys loyalty worth "
               f"more than the dollar; beyond it, less. Today's {money(now, cur_md)} gives a net "
               f"value of {money(calc.evaluate(p)['net_value'], cur_md, False)}, the best "
               f"{money(best_comp['net_value_at_best'], cur_md, False)}.")
if p["compensation_uplift_at_peak"] == 0:
    st.info("With no compensation response (uplift at peak 0), compensation buys no loyalty in "
            "the model: every unit offered only costs, so the best is 0. That is itself an "
            "assumption worth testing: offer compensation to some resolved complainants and not "
            "to a holdout, and compare who stays.")
    st.page_link("app_pages/calibrate.py", label="Plan the holdout test (Calibrate page)",
                 icon=":material/fact_check:")
g = st.columns(2)
g[0].plotly_chart(charts.compensation_response(
    response, p["compensation_peak_ratio"], p["compensation_uplift_at_peak"],
    compensation_to_loss(p, now)),
    key="chart_comp_response")
g[1].plotly_chart(charts.compensation_net(curve, best_comp["best_compensation"],
                                          best_comp["net_value_at_best"], now,
                                          best_comp["break_even_compensation"], cur),
                  key="chart_comp_net")
st.markdown("**Where the curve's shape comes from** (its height is your input):\n\n" + "\n".join(
    f"- {md(s.claim)} *{md(s.source)}* Strength: {md(s.strength)}"
    for s in SOURCES if "compensation response" in s.used_for))
e = st.columns(2)
if e[0].button("Use the best compensation in the calculator", key="use_compensation"):
    session.set_params({**p, "compensation_per_resolution_program":
                        best_comp["best_compensation"]})
    st.switch_page("app_pages/calculator.py")
e[1].download_button("Download compensation curve (CSV)", download_csv(curve), key="dl_comp",
                     file_name=downloads.named("compensation curve", "csv"), mime="text/csv")

session.write_query_params(p, bi.link_values())
share.page_box(bi.link_values())     # the sidebar's link carries this page's inputs too
