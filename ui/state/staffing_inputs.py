"""Widgets of the Staffing page, generated from calc.staffing.inputs. Their values live in
st.session_state["staffing"] so they survive a visit to another page (Streamlit drops the state
of widgets that are not drawn)."""

from __future__ import annotations

import streamlit as st

from calc.staffing.inputs import BY_NAME, DEFAULTS
from ui.figures.escape import label
from ui.state.session import currency

STATE = "staffing"


def values() -> dict[str, float]:
    if STATE not in st.session_state:
        st.session_state[STATE] = dict(DEFAULTS)
    return st.session_state[STATE]


def number(name: str, cur: str) -> float:
    """One input: percentages are shown as %, money with the currency symbol (the label is plain
    text, read from the session's currency: ``cur`` is the page's markdown form)."""
    spec, store = BY_NAME[name], values()
    key = f"staff_{name}"
    pct = spec.unit.startswith("%")
    unit = spec.unit.replace("money", currency())
    if key not in st.session_state:
        st.session_state[key] = round(store[name] * 100, 6) if pct else float(store[name])
    scale = 100.0 if pct else 1.0
    shown = st.number_input(label(f"{spec.label} ({unit})"), min_value=spec.min * scale,
                            max_value=spec.max * scale, step=spec.step * scale,
                            format="%.1f" if pct or spec.step < 1 else "%.0f", key=key,
                            help=spec.help)
    store[name] = float(shown) / scale
    return store[name]


def kept(key: str, default):
    """A page-level choice (tick box, agents) remembered like the inputs."""
    store = values()
    if key not in st.session_state:
        st.session_state[key] = store.get(key, default)
    return st.session_state[key]


def remember(key: str, value) -> None:
    values()[key] = value
