"""Where the current inputs live, and the keys of their widgets: the floor under every module
of ui/state that reads or writes an input.

The current inputs live in ``st.session_state["params"]`` (name -> float), whatever page is
shown; widgets are views of it."""

from __future__ import annotations

import streamlit as st

from calc.model.params import DEFAULTS

PARAMS_KEY = "params"


def params() -> dict[str, float]:
    """The current inputs (created from the defaults on first use)."""
    if PARAMS_KEY not in st.session_state:
        st.session_state[PARAMS_KEY] = dict(DEFAULTS)
    return st.session_state[PARAMS_KEY]


def widget_key(name: str) -> str:
    return f"in_{name}"


def slider_key(name: str) -> str:
    return f"sl_{name}"
