"""Widgets of the Staffing page, generated from calc.staffing.inputs. Their values live in
st.session_state["staffing"] so they survive a visit to another page (Streamlit drops the state
of widgets that are not drawn)."""

from __future__ import annotations

import streamlit as st

from calc.model.params import format_value
from calc.staffing.inputs import BY_NAME, DEFAULTS
from calc.text.numbers import NotANumber, parse_number
from ui.state import session
from ui.figures.escape import label

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
    unit = spec.unit.replace("money", session.currency())
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


def link_key(name: str) -> str:
    return f"staff_{name}"


def apply_link() -> list[str]:
    """Take this page's inputs out of a shared link (once, in model units as link_values writes
    them); a message for each value not used."""
    found = st.session_state.pop(session.PAGE_LINK_STATE, None) or {}
    store, messages = values(), []
    for name, spec in BY_NAME.items():
        raw = found.get(link_key(name))
        if raw is None:
            continue
        try:
            value = parse_number(raw, allow_percent=spec.unit.startswith("%"), required=True)
        except NotANumber as e:
            messages.append(f"{link_key(name)} = '{raw[:40]}' in the link {e}; ignored.")
            continue
        if not spec.min <= value <= spec.max:
            messages.append(f"{link_key(name)} = '{raw[:40]}' in the link is outside "
                            f"{format_value(spec.min)} to {format_value(spec.max)}; ignored.")
            continue
        store[name] = value
        st.session_state.pop(f"staff_{name}", None)      # the field shows the link's value
    return messages


def link_values() -> dict[str, str]:
    """This page's inputs that differ from the defaults, for the link (model units)."""
    store = values()
    return {link_key(name): format_value(store[name]) for name in BY_NAME
            if store[name] != DEFAULTS[name]}
