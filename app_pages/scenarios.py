"""Scenarios: save, load, rename, delete, compare, export and import saved inputs."""

import pandas as pd
import streamlit as st

import calc
from calc.csvio import download_csv, read_scenarios, scenario_params
from calc.metrics import METRIC_BY_NAME
from calc.model import evaluate_table
from calc.scenarios_csv import MAX_IMPORT_ROWS
from calc.store import NameTaken, NotFound
from ui import charts, session
from ui.format import md, param_value

cur = session.currency()
p = session.params()
store = session.store()
HEADLINE = ["net_value", "roi", "customers_saved", "payback_years", "total_benefit",
            "incremental_cost", "break_even_compensation", "cost_per_customer_saved"]

st.title("Scenarios")
st.caption("Saved scenarios are kept in a database on the server: they survive a reload, another "
           "browser and a server restart.")

flash = st.session_state.pop("scen_flash", None)
if flash:
    st.success(flash)


def _problems(e):
    return "\n".join(f"- {md(x)}" for x in e.problems)


# --- save -------------------------------------------------------------------------------------
st.subheader("Save the calculator's inputs")
c = st.columns([3, 1], vertical_alignment="bottom")
new_name = c[0].text_input("Name", key="scen_name", max_chars=120,
                           placeholder="e.g. 2027 budget, cautious")
if c[1].button("Save", type="primary", key="scen_save"):
    try:
        store.save(new_name, p)
        st.session_state["scen_flash"] = f"Saved '{md(' '.join(new_name.split()))}'."
        st.rerun()
    except NameTaken as e:
        st.session_state["scen_confirm_overwrite"] = e.name
    except calc.InputError as e:
        st.error(_problems(e))

pending = st.session_state.get("scen_confirm_overwrite")
if pending:
    st.warning(f"A scenario named '{md(pending)}' exists already. Replace it with the current "
               f"inputs?")
    a, b, _ = st.columns([1, 1, 4])
    if a.button("Replace it", key="scen_overwrite_yes", type="primary"):
        store.save(pending, p, overwrite=True)
        del st.session_state["scen_confirm_overwrite"]
        st.session_state["scen_flash"] = f"Replaced '{md(pending)}'."
        st.rerun()
    if b.button("Keep the old one", key="scen_overwrite_no"):
        del st.session_state["scen_confirm_overwrite"]
        st.rerun()

saved = store.all()
st.subheader(f"Saved scenarios ({len(saved)})")
if not saved:
    st.info("Nothing saved yet. Set up inputs on the Calculator page, then save them here.")
else:
    frame = pd.DataFrame([{"scenario": s.name, **s.params} for s in saved])
    results = evaluate_table(frame)
    listing = results[["scenario", *HEADLINE]].copy()
    listing.insert(1, "saved", pd.to_datetime([s.updated for s in saved], unit="s")
                   .strftime("%Y-%m-%d %H:%M UTC"))
    st.dataframe(listing, hide_index=True, key="scen_list", column_config={
        "net_value": st.column_config.NumberColumn(f"net value ({cur})", format="%.2f"),
        "roi": st.column_config.NumberColumn("ROI", format="percent"),
        "customers_saved": st.column_config.NumberColumn("customers saved", format="%.1f"),
        "payback_years": st.column_config.NumberColumn("payback (years)", format="%.2f"),
        "total_benefit": st.column_config.NumberColumn(f"total benefit ({cur})", format="%.2f"),
        "incremental_cost": st.column_config.NumberColumn(f"incremental cost ({cur})",
                                                          format="%.2f"),
        "break_even_compensation": st.column_config.NumberColumn(
            f"break-even compensation ({cur})", format="%.2f"),
        "cost_per_customer_saved": st.column_config.NumberColumn(
            f"cost per customer saved ({cur})", format="%.2f"),
    })
    names = [s.name for s in saved]

    t_load, t_rename, t_delete, t_compare = st.tabs(["Load", "Rename", "Delete", "Compare"])
    with t_load:
        choice = st.selectbox("Scenario", names, key="scen_load_choice")
        if st.button("Load into the calculator", key="scen_load", type="primary"):
            session.set_params(store.get(choice).params)
            st.session_state["scenario_name"] = choice
            st.switch_page("app_pages/calculator.py")
    with t_rename:
        old = st.selectbox("Scenario", names, key="scen_rename_choice")
        new = st.text_input("New name", key="scen_rename_to", max_chars=120)
        if st.button("Rename", key="scen_rename"):
            try:
                store.rename(old, new)
                st.session_state["scen_flash"] = (f"Renamed '{md(old)}' to "
                                                  f"'{md(' '.join(new.split()))}'.")
                st.rerun()
            except NameTaken as e:
                st.error(f"A scenario named '{md(e.name)}' exists already; choose another name.")
            except NotFound as e:
                st.error(f"{md(e)}; it may have been deleted in another window.")
            except calc.InputError as e:
                st.error(_problems(e))
    with t_delete:
        victim = st.selectbox("Scenario", names, key="scen_delete_choice")
        if st.button("Delete...", key="scen_delete"):
            st.session_state["scen_confirm_delete"] = victim
        target = st.session_state.get("scen_confirm_delete")
        if target:
            st.warning(f"Delete '{md(target)}' for good? This cannot be undone.")
            a, b, _ = st.columns([1, 1, 4])
            if a.button("Delete it", key="scen_delete_yes", type="primary"):
                try:
                    store.delete(target)
                    st.session_state["scen_flash"] = f"Deleted '{md(target)}'."
                except NotFound as e:
                    st.session_state["scen_flash"] = f"{md(e)}; nothing to delete."
                del st.session_state["scen_confirm_delete"]
                st.rerun()
            if b.button("Cancel", key="scen_delete_no"):
                del st.session_state["scen_confirm_delete"]
                st.rerun()
    with t_compare:
        chosen = st.multiselect("Scenarios to compare (two or more)", names,
                                default=names[: min(3, len(names))], key="scen_compare")
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
            head = sub[HEADLINE].T
            head.index = [METRIC_BY_NAME[n].label for n in HEADLINE]
            st.dataframe(head, key="scen_head",
                         column_config={c: st.column_config.NumberColumn(format="%.4g")
                                        for c in chosen})
            st.plotly_chart(charts.grouped_bars(
                sub.reset_index(), "scenario",
                {"total_benefit": "Total benefit", "incremental_cost": "Incremental cost",
                 "net_value": "Net value"},
                "Benefit, cost and net value by scenario", cur, cur), key="chart_compare")

    st.download_button("Export every saved scenario (CSV)", download_csv(results),
                       file_name="scenarios.csv", mime="text/csv", key="dl_scenarios",
                       help="The `python -m calc evaluate` format: scenario, every input, every "
                            "metric. Import it here, or feed it to the CLI.")

# --- import -----------------------------------------------------------------------------------
st.subheader("Import scenarios from a CSV")
upload = st.file_uploader("Scenarios CSV (the CLI format; metric columns are ignored)",
                          type=["csv"], key="scen_upload")
data = session.upload_data(upload) if upload is not None else None
if data is not None:
    try:
        incoming = read_scenarios(data, max_rows=MAX_IMPORT_ROWS)
    except calc.InputError as e:
        st.error(f"{md(upload.name)} cannot be imported; nothing was saved:\n\n{_problems(e)}")
    else:
        rows = list(scenario_params(incoming))
        clash = [n for n, _ in rows if store.exists(" ".join(n.split()))]
        st.write(f"{len(rows)} scenarios in {md(upload.name)}.")
        mode = "skip"
        if clash:
            mode = st.radio(f"{len(clash)} of them have the name of a saved scenario "
                            f"({md(', '.join(clash[:5]))}{'...' if len(clash) > 5 else ''}).",
                            ["skip", "replace"], key="scen_import_mode",
                            format_func={"skip": "Keep the saved ones (skip these)",
                                         "replace": "Replace the saved ones"}.get)
        if st.button("Import", key="scen_import", type="primary"):
            result = store.import_rows(rows, overwrite=(mode == "replace"))
            st.session_state["scen_flash"] = md(result.summary())
            st.rerun()
