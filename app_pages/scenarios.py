"""Scenarios: save, load, rename, delete, compare, export and import saved inputs; every
version of each name (compare with the current one, restore) and the bin of deleted ones."""

import hashlib

import pandas as pd
import streamlit as st

import calc
from calc.store import names as scenario_names
from calc.files.write import download_csv
from calc.model.metrics import METRIC_BY_NAME
from calc.model.evaluation import evaluate_table
from calc.store.errors import InBin, NameTaken, NotFound, StoreUnavailable
from ui.figures import charts
from ui.state import downloads
from ui.state import session
from ui.state import signin
from ui.state.scenario_import import import_section
from calc.text.format import param_value
from ui.figures.escape import md
from ui.figures.tables import metric_columns, metric_rows

cur = session.currency()
p = session.params()
store = session.store()
visitor = signin.who()
user = visitor.user
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
if why_read_only is None and not visitor.may_save:
    why_read_only = PermissionError(visitor.why)
can_write = why_read_only is None
if isinstance(why_read_only, StoreUnavailable):
    st.warning(_unavailable(why_read_only))
elif why_read_only is not None:
    st.warning(md(str(why_read_only)) + ".")
elif store.owners:
    st.caption(f"Signed in as {md(user)}. You can replace, rename and delete the scenarios you "
               f"saved; everyone's can be loaded and saved as a copy. Every earlier version "
               f"is kept (Versions).")


def when(seconds: float) -> str:
    return pd.Timestamp(seconds, unit="s", tz="UTC").strftime("%Y-%m-%d %H:%M UTC")


def mine(s) -> bool:
    return not store.owners or not s.owner or s.owner.casefold() == (user or "").casefold()


flash = st.session_state.pop("scen_flash", None)
if flash:
    st.success(flash)

# --- save -------------------------------------------------------------------------------------
st.subheader("Save the calculator's inputs")
c = st.columns([3, 1], vertical_alignment="bottom")
if "scen_name" not in st.session_state and session.scenario_name() != session.DEFAULT_SCENARIO:
    st.session_state["scen_name"] = session.scenario_name()     # the calculator's name
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
            st.session_state["scen_confirm_overwrite"] = (e.name, new_name, e.owner, e.saved_at)

pending = st.session_state.get("scen_confirm_overwrite")
if pending:
    old_name, typed, old_owner, old_when = pending
    same = "" if old_name == " ".join(typed.split()) else \
        " (names that differ only in case are the same scenario)"
    whose = f"it is {md(old_owner)}'s scenario, " if old_owner else "it was "
    saved_when = f"{whose}saved {when(old_when)}. " if old_when else ""
    st.warning(f"A scenario named '{md(old_name)}' exists already{same}: {saved_when}Replace it "
               f"with the current inputs? What it holds now is kept as a version: the "
               f"Versions tab below brings it back.")
    a, b, _ = st.columns([1, 1, 4])
    if a.button("Replace it", key="scen_overwrite_yes", type="primary"):
        del st.session_state["scen_confirm_overwrite"]
        act(lambda: store.save(typed, p, overwrite=True, user=user),
            f"Replaced '{md(old_name)}'.") and st.rerun()
    if b.button("Keep the old one", key="scen_overwrite_no"):
        del st.session_state["scen_confirm_overwrite"]
        st.rerun()

def _hashed(name: str) -> str:
    """A widget key per scenario that does not carry the name's text (it could be anything)."""
    return hashlib.sha1(scenario_names.key(name).encode()).hexdigest()[:12]


def versions_view(saved, results) -> None:
    """Every version of one scenario; one of them beside the current content; restore it (a new
    version) or load it into the calculator."""
    chosen = st.selectbox("Scenario", [s.name for s in saved], key="scen_versions_choice")
    current = next(s for s in saved if s.name == chosen)
    try:
        history = store.history(chosen)
    except (NotFound, StoreUnavailable) as e:
        st.error(md(str(getattr(e, "what", e))))
        return
    figures = evaluate_table(pd.DataFrame([{"scenario": f"v{v.version}", **v.params}
                                           for v in history]))
    table = metric_columns(figures, ["net_value", "roi"], cur, first="scenario",
                           first_heading="Version")
    table.insert(1, "What", [v.action + (f" ({v.note})" if v.note else "")
                             + (", current" if v is history[-1] else "") for v in history])
    table.insert(2, "When", [when(v.saved_at) for v in history])
    if store.owners:
        table.insert(3, "By", [v.saved_by or "" for v in history])
    st.dataframe(table, hide_index=True, key="scen_versions_table")
    labels = {v.version: f"version {v.version}: {v.action}, {when(v.saved_at)}"
              + (f", by {v.saved_by}" if v.saved_by else "") for v in history}
    earlier = [v.version for v in reversed(history)]
    pick = st.selectbox("Version to compare with the current one", earlier,
                        index=1 if len(earlier) > 1 else 0, format_func=labels.get,
                        key=f"scen_version_pick_{_hashed(chosen)}")
    old = next(v for v in history if v.version == pick)
    differ = [n for n in calc.NAMES if old.params[n] != current.params[n]]
    if differ:
        st.markdown(f"**Inputs that differ: version {pick} and the current one**")
        st.dataframe(pd.DataFrame(
            {f"version {pick}": [param_value(calc.BY_NAME[n], old.params[n], cur) for n in differ],
             "current": [param_value(calc.BY_NAME[n], current.params[n], cur) for n in differ]},
            index=[calc.BY_NAME[n].label for n in differ]), key="scen_version_diff")
        both = evaluate_table(pd.DataFrame([{"scenario": f"version {pick}", **old.params},
                                            {"scenario": "current", **current.params}]))
        st.dataframe(metric_rows(both.set_index("scenario"), HEADLINE, cur),
                     key="scen_version_head")
    else:
        st.caption(f"Version {pick} holds the same inputs as the current one.")
    a, b, _ = st.columns([1.3, 1.6, 3])
    allowed = can_write and mine(current)
    if a.button(f"Restore version {pick}", key="scen_restore", type="primary",
                disabled=not allowed or not differ,
                help=None if allowed else "Only its owner can restore it; load it into the "
                                          "calculator and save a copy instead."):
        act(lambda: store.restore(chosen, pick, user=user),
            f"Restored '{md(chosen)}' to version {pick}; the content it replaced is kept as "
            f"a version too.") and st.rerun()
    if b.button(f"Load version {pick} into the calculator", key="scen_load_version"):
        session.set_params(old.params)
        session.set_scenario_name(chosen)
        st.switch_page("app_pages/calculator.py")


def bin_view() -> None:
    """Deleted scenarios, kept with every version until the bin is emptied."""
    try:
        binned = store.bin()
    except StoreUnavailable as e:
        st.error(_unavailable(e))
        return
    if not binned:
        return
    st.subheader(f"Bin: deleted scenarios ({len(binned)})")
    listing = pd.DataFrame({"Scenario": [v.name for v in binned],
                            "Deleted": [when(v.saved_at) for v in binned],
                            "Deleted by": [v.saved_by or "" for v in binned],
                            "Owner": [v.owner or "" for v in binned],
                            "Versions kept": [v.version for v in binned]})
    if not store.owners:
        listing = listing.drop(columns=["Deleted by", "Owner"])
    st.dataframe(listing, hide_index=True, key="scen_bin_table")
    yours = [v for v in binned if not store.owners or not v.owner
             or v.owner.casefold() == (user or "").casefold()]
    if not can_write or not yours:
        st.caption("Only a deleted scenario's owner can restore it or empty it from the bin.")
        return
    c = st.columns([3, 1, 1], vertical_alignment="bottom")
    name = c[0].selectbox("Deleted scenario", [v.name for v in yours], key="scen_bin_choice")
    last = next(v for v in yours if v.name == name)
    if c[1].button("Restore it", key="scen_bin_restore"):
        act(lambda: store.restore(name, last.version, user=user),
            f"Restored '{md(name)}' from the bin, as it was when deleted.") and st.rerun()
    if c[2].button("Empty the bin...", key="scen_bin_empty"):
        st.session_state["scen_confirm_empty"] = True
    if st.session_state.get("scen_confirm_empty"):
        count = sum(v.version for v in yours)
        st.warning(f"Remove {len(yours)} deleted scenario(s) and their {count} versions for "
                   f"good? This cannot be undone." + ("" if len(yours) == len(binned) else
                                                      " Other people's stay in the bin."))
        a, b, _ = st.columns([1, 1, 4])
        if a.button("Empty it", key="scen_bin_empty_yes", type="primary"):
            del st.session_state["scen_confirm_empty"]
            act(lambda: store.empty_bin(user=user), "The bin is empty.") and st.rerun()
        if b.button("Cancel", key="scen_bin_empty_no"):
            del st.session_state["scen_confirm_empty"]
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

    t_load, t_versions, t_rename, t_delete, t_compare = st.tabs(
        ["Load", "Versions", "Rename", "Delete", "Compare"])
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
                except InBin as e:
                    st.error(md(str(e)[0].upper() + str(e)[1:]) + ".")
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
            st.warning(f"Delete '{md(target)}'? It goes to the bin with all its versions, "
                       f"from where it can be restored until the bin is emptied.")
            a, b, _ = st.columns([1, 1, 4])
            if a.button("Delete it", key="scen_delete_yes", type="primary"):
                del st.session_state["scen_confirm_delete"]
                act(lambda: store.delete(target, user=user),
                    f"Deleted '{md(target)}': it is in the bin (below), with every version.") \
                    and st.rerun()
            if b.button("Cancel", key="scen_delete_no"):
                del st.session_state["scen_confirm_delete"]
                st.rerun()
    with t_versions:
        versions_view(saved, results)
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

bin_view()

# --- import -----------------------------------------------------------------------------------
import_section(store, saved, user, can_write, act)
