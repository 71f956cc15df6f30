"""Scenarios: save, load, rename, delete, compare, export and import saved inputs."""

import pandas as pd
import streamlit as st

import calc
from calc.store import names as scenario_names
from calc.files.write import download_csv
from calc.model.metrics import METRIC_BY_NAME
from calc.model.evaluation import evaluate_table
from calc.store.errors import NameTaken, NotFound, SignInNeeded, StoreUnavailable
from ui.figures import charts
from ui.state import downloads
from ui.state import session
from ui.state.scenario_import import import_section
from calc.text.format import param_value
from ui.figures.escape import md
from ui.figures.tables import metric_columns, metric_rows

cur = session.currency()
p = session.params()
store = session.store()
user = session.current_user()
HEADLINE = ["net_value", "roi", "customers_saved", "payback_years", "total_benefit",
            "incremental_cost", "break_even_compensation", "cost_per_customer_saved"]
LISTED = ["net_value", "roi", "payback_years", "total_benefit", "incremental_cost"]

st.title("Scenarios")
st.caption("Saved scenarios are kept in a database on the server: they survive a reload, another "
           "browser and a server restart.")


def _unavailable(e: StoreUnavailable) -> str:
    return f"{md(e.what)}\n\n**What to do:** {md(e.todo)}"


def _problems(e):
    return "\n".join(f"- {md(x)}" for x in e.problems)


def act(action, done: str | None = None) -> bool:
    """Run one change to the store; show why it failed instead of a traceback."""
    try:
        action()
    except StoreUnavailable as e:
        st.error(_unavailable(e))
    except PermissionError as e:            # not the owner, or not signed in
        st.error(md(str(e)) + ".")
    except NotFound as e:
        st.error(f"{md(e)}; it may have been deleted in another window.")
    except calc.InputError as e:
        st.error(_problems(e))
    else:
        if done:
            st.session_state["scen_flash"] = done
        return True
    return False


problem = store.status()
notice = store.take_notice()
if notice:
    st.warning(md(notice))
if problem is not None and not problem.readable:
    st.error(_unavailable(problem))
    st.caption("The other pages work as usual; only saving and loading scenarios is affected.")
    st.stop()
why_read_only = problem
if why_read_only is None and store.owners and not user:
    why_read_only = SignInNeeded(store.header)
can_write = why_read_only is None
if isinstance(why_read_only, StoreUnavailable):
    st.warning(_unavailable(why_read_only))
elif why_read_only is not None:
    st.warning(md(str(why_read_only)) + ".")
elif store.owners:
    st.caption(f"Signed in as {md(user)}. You can replace, rename and delete the scenarios you "
               f"saved; everyone's can be loaded and saved as a copy.")


def mine(s) -> bool:
    return not store.owners or not s.owner or s.owner.casefold() == (user or "").casefold()


flash = st.session_state.pop("scen_flash", None)
if flash:
    st.success(flash)

# --- save -------------------------------------------------------------------------------------
st.subheader("Save the calculator's inputs")
c = st.columns([3, 1], vertical_alignment="bottom")
new_name = c[0].text_input("Name", key="scen_name", max_chars=scenario_names.MAX_NAME_CHARS,
                           placeholder="e.g. 2027 budget, cautious")
if c[1].button("Save", type="primary", key="scen_save", disabled=not can_write):
    try:
        act(lambda: store.save(new_name, p, user=user),
            f"Saved '{md(' '.join(new_name.split()))}'.") and st.rerun()
    except NameTaken as e:
        if store.owners and e.owner and e.owner.casefold() != (user or "").casefold():
            st.error(f"A scenario named '{md(e.name)}' exists already and belongs to "
                     f"{md(e.owner)}; only they can replace it. Save yours under another name.")
        else:
            st.session_state["scen_confirm_overwrite"] = (e.name, new_name)

pending = st.session_state.get("scen_confirm_overwrite")
if pending:
    old_name, typed = pending
    same = "" if old_name == " ".join(typed.split()) else \
        " (names that differ only in case are the same scenario)"
    st.warning(f"A scenario named '{md(old_name)}' exists already{same}. Replace it with the "
               f"current inputs?")
    a, b, _ = st.columns([1, 1, 4])
    if a.button("Replace it", key="scen_overwrite_yes", type="primary"):
        del st.session_state["scen_confirm_overwrite"]
        act(lambda: store.save(typed, p, overwrite=True, user=user),
            f"Replaced '{md(old_name)}'.") and st.rerun()
    if b.button("Keep the old one", key="scen_overwrite_no"):
        del st.session_state["scen_confirm_overwrite"]
        st.rerun()

try:
    saved = store.all()
except StoreUnavailable as e:
    st.error(_unavailable(e))
    st.stop()
for s in saved:
    if s.extra:
        st.caption(f"'{md(s.name)}' also holds values for inputs this version does not use "
                   f"({md(', '.join(sorted(s.extra)))}); they are kept, not shown.")
st.subheader(f"Saved scenarios ({len(saved)})")
if not saved:
    st.info("Nothing saved yet. Set up inputs on the Calculator page, then save them here.")
else:
    frame = pd.DataFrame([{"scenario": s.name, **s.params} for s in saved])
    results = evaluate_table(frame)
    # the list fits the page at 1366 x 768; every headline figure is under Compare
    listing = metric_columns(results, LISTED, cur, first="scenario")
    listing.insert(1, "Saved", pd.to_datetime([s.updated for s in saved], unit="s")
                   .strftime("%Y-%m-%d %H:%M"))
    if store.owners:
        listing.insert(2, "Owner", [s.owner or "(nobody)" for s in saved])
    st.dataframe(listing, hide_index=True, key="scen_list")
    names = [s.name for s in saved]
    own = [s.name for s in saved if mine(s)]
    others = "" if len(own) == len(names) else \
        " Scenarios saved by other people are not listed: only their owner can change them."

    t_load, t_rename, t_delete, t_compare = st.tabs(["Load", "Rename", "Delete", "Compare"])
    with t_load:
        choice = st.selectbox("Scenario", names, key="scen_load_choice")
        if st.button("Load into the calculator", key="scen_load", type="primary"):
            chosen_one = next(s for s in saved if s.name == choice)
            session.set_params(chosen_one.params)
            st.session_state["scenario_name"] = choice
            st.switch_page("app_pages/calculator.py")
        downloads.report_button({s.name: s for s in saved}[choice].params, choice, cur,
                                "scen_dl_report")
    with t_rename:
        if not can_write or not own:
            st.info("Nothing here you may rename." + others)
        else:
            old = st.selectbox("Scenario", own, key="scen_rename_choice", help=others or None)
            new = st.text_input("New name", key="scen_rename_to",
                                max_chars=scenario_names.MAX_NAME_CHARS)
            if st.button("Rename", key="scen_rename"):
                try:
                    act(lambda: store.rename(old, new, user=user),
                        f"Renamed '{md(old)}' to '{md(' '.join(new.split()))}'.") and st.rerun()
                except NameTaken as e:
                    st.error(f"A scenario named '{md(e.name)}' exists already (names that differ "
                             f"only in case are the same); choose another name.")
    with t_delete:
        if not can_write or not own:
            st.info("Nothing here you may delete." + others)
        else:
            victim = st.selectbox("Scenario", own, key="scen_delete_choice", help=others or None)
            if others:
                st.caption(others.strip())
            if st.button("Delete...", key="scen_delete"):
                st.session_state["scen_confirm_delete"] = victim
        target = st.session_state.get("scen_confirm_delete")
        if target:
            st.warning(f"Delete '{md(target)}' for good? This cannot be undone.")
            a, b, _ = st.columns([1, 1, 4])
            if a.button("Delete it", key="scen_delete_yes", type="primary"):
                del st.session_state["scen_confirm_delete"]
                act(lambda: store.delete(target, user=user), f"Deleted '{md(target)}'.") \
                    and st.rerun()
            if b.button("Cancel", key="scen_delete_no"):
                del st.session_state["scen_confirm_delete"]
                st.rerun()
    with t_compare:
        # a scenario saved since the last visit joins the comparison
        known = st.session_state.get("scen_known_names")
        picked = st.session_state.get("scen_compare")
        if picked is None or known is None:
            picked = names[: min(3, len(names))]
        else:
            picked = [n for n in picked if n in names] + [n for n in names
                                                          if n not in known and n not in picked]
        st.session_state["scen_compare"] = picked
        st.session_state["scen_known_names"] = list(names)
        chosen = st.multiselect("Scenarios to compare (two or more)", names,
                                key="scen_compare")
        if len(chosen) < 2:
            st.info("Choose at least two scenarios.")
        else:
            sub = results[results["scenario"].isin(chosen)].set_index("scenario").loc[chosen]
            differ = [n for n in calc.NAMES if sub[n].nunique() > 1]
            st.markdown("**Inputs that differ**")
            if differ:
                shown = pd.DataFrame({name: [param_value(calc.BY_NAME[n], sub.loc[name, n], cur)
                                             for n in differ] for name in chosen},
                                     index=[calc.BY_NAME[n].label for n in differ])
                st.dataframe(shown, key="scen_diff")
            else:
                st.caption("These scenarios have the same inputs.")
            st.markdown("**Headline figures**")
            st.dataframe(metric_rows(sub, HEADLINE, cur), key="scen_head")
            st.plotly_chart(charts.grouped_bars(
                sub.reset_index(), "scenario",
                {n: METRIC_BY_NAME[n].label for n in ("total_benefit", "incremental_cost",
                                                      "net_value")},
                "Benefit, cost and net value by scenario", f"{cur} (present values)", cur),
                key="chart_compare")
            w1, w2 = st.columns(2)
            downloads.workbook_button(sub.reset_index()[["scenario", *calc.NAMES]],
                                      downloads.named("comparison workbook", "xlsx",
                                                      " vs ".join(chosen[:3])),
                                      "scen_dl_workbook", w1)
            downloads.comparison_button(sub.reset_index()[["scenario", *calc.NAMES]], cur,
                                        "scen_dl_comparison", w2)

    st.download_button("Export every saved scenario (CSV)", download_csv(results),
                       file_name=downloads.named("every saved scenario", "csv", "Saved scenarios"), mime="text/csv", key="dl_scenarios",
                       help="Scenario, every input, every metric, one row each: import it "
                            "here, or give it to the command-line tool.")

# --- import -----------------------------------------------------------------------------------
import_section(store, saved, user, can_write, act)
