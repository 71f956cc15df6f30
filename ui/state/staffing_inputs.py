"""Widgets of the Staffing page, generated from calc.staffing.inputs. Their values live in
st.session_state["staffing"] so they survive a visit to another page (Streamlit drops the state
of widgets that are not drawn)."""

from __future__ import annotations

import streamlit as st

from calc.model.params import format_value
from calc.staffing.inputs import AGENTS_RANGE, BY_NAME, CHOICES, DEFAULTS
from calc.text.numbers import NotANumber, parse_number
from ui.state import session
from ui.figures.escape import label

STATE = "staffing"
VOLUME_WAYS = ("Complaint contacts a year", "Contacts an hour at the busiest hour")
# Each choice of calc.staffing.inputs.CHOICES: its widget's key, and the widget's value for each
# value a link carries
CHOICE_WIDGETS = {
    "volume_typed_as": ("staff_volume_way", dict(zip(CHOICES["volume_typed_as"], VOLUME_WAYS))),
    "never_hang_up": ("staff_never", {"no": False, "yes": True}),
    "surge_unit": ("staff_surge_unit", {u: u for u in CHOICES["surge_unit"]}),
}
AGENTS_KEY = "staff_agents"


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
    for choice, (key, shown) in CHOICE_WIDGETS.items():
        raw = found.get(link_key(choice))
        if raw is None:
            continue
        if raw not in shown:
            messages.append(f"{link_key(choice)} = '{raw[:40]}' in the link is not one of "
                            f"{', '.join(shown)}; ignored.")
            continue
        store[key] = shown[raw]
        st.session_state.pop(key, None)
    raw = found.get(AGENTS_KEY)
    if raw is not None:
        agents = _agents(raw)
        if agents is None:
            messages.append(f"{AGENTS_KEY} = '{raw[:40]}' in the link is not a whole number of "
                            f"agents from {AGENTS_RANGE[0]} to {AGENTS_RANGE[1]:,}; ignored.")
        else:
            store[AGENTS_KEY], store["agents_chosen"] = agents, True
            st.session_state.pop(AGENTS_KEY, None)
    return messages


def _agents(raw: str) -> int | None:
    try:
        value = parse_number(raw, required=True)
    except NotANumber:
        return None
    lo, hi = AGENTS_RANGE
    return int(value) if value == int(value) and lo <= value <= hi else None


def link_values() -> dict[str, str]:
    """This page's inputs and choices that differ from the defaults, for the link (numbers in
    model units), and the agents once the user picked them."""
    store = values()
    out = {link_key(name): format_value(store[name]) for name in BY_NAME
           if store[name] != DEFAULTS[name]}
    for choice, (key, shown) in CHOICE_WIDGETS.items():
        default = CHOICES[choice][0]
        now = next((k for k, v in shown.items() if v == store.get(key, shown[default])),
                   default)
        if now != default:
            out[link_key(choice)] = now
    if store.get("agents_chosen") and AGENTS_KEY in store:
        out[AGENTS_KEY] = str(int(store[AGENTS_KEY]))
    return out
