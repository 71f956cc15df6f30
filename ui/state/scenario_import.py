"""The Scenarios page's import section: a scenarios CSV into the store, all rows or none."""

from __future__ import annotations

import streamlit as st

import calc
from calc.store import names as scenario_names
from calc.files.scenarios import read_scenarios
from calc.files.scenarios import MAX_IMPORT_ROWS

from ui.state import session
from ui.figures.escape import md


def import_section(store, saved, user, can_write: bool, act) -> None:
    """Upload, show what clashes with saved names (ignoring case, export guard removed), let
    the user keep or replace those, and import in one transaction through ``act``."""
    st.subheader("Import scenarios from a CSV")
    upload = st.file_uploader("Scenarios CSV (the CLI format; metric columns are ignored)",
                              type=["csv"], key="scen_upload", disabled=not can_write)
    data = session.upload_data(upload) if upload is not None else None
    if data is None:
        return
    try:
        incoming = read_scenarios(data, max_rows=MAX_IMPORT_ROWS)
    except calc.InputError as e:
        problems = "\n".join(f"- {md(x)}" for x in e.problems)
        st.error(f"{md(upload.name)} cannot be imported; nothing was saved:\n\n{problems}")
        return
    rows = list(zip(incoming.index.tolist(), incoming["scenario"].tolist(),
                    incoming[list(calc.NAMES)].to_dict("records")))
    taken = {scenario_names.key(s.name) for s in saved}
    clash = [scenario_names.unguard(n) for _, n, _ in rows
             if scenario_names.key(scenario_names.unguard(n)) in taken]
    st.write(f"{len(rows)} scenarios in {md(upload.name)}.")
    mode = "skip"
    if clash:
        mode = st.radio(f"{len(clash)} of them have the name of a saved scenario "
                        f"({md(', '.join(clash[:5]))}{'...' if len(clash) > 5 else ''}; names "
                        f"that differ only in case are the same).",
                        ["skip", "replace"], key="scen_import_mode",
                        format_func={"skip": "Keep the saved ones (skip these)",
                                     "replace": "Replace the saved ones"}.get)
    if st.button("Import", key="scen_import", type="primary", disabled=not can_write):
        result = []
        if act(lambda: result.append(store.import_rows(rows, mode=mode, user=user))):
            st.session_state["scen_flash"] = md(result[0].summary())
            st.rerun()
