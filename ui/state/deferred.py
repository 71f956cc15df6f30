"""Heavy elements after the first figures: a new session's first run leaves the charts out, so
the browser draws the headline without first loading and compiling the charting library (the
largest part of a first visit, measured by bench/first_paint.py); a timer fragment then asks
for a second run, which draws them. Later runs draw everything at once."""

from __future__ import annotations

import streamlit as st

_READY = "_heavy_ready"
_DUE = "_heavy_due"
_WOKE = "_heavy_woke"


def ready() -> bool:
    """Whether this run may draw the heavy elements. When not, a placeholder is shown and a
    rerun follows shortly after the browser has drawn this run."""
    if st.session_state.get(_READY):
        return True

    @st.fragment(run_every=1.5)
    def _wake():
        if st.session_state.get(_DUE):
            st.session_state[_READY] = True
            st.session_state[_WOKE] = True
            st.rerun(scope="app")
        st.caption("Drawing the inputs and charts...")

    _wake()
    return False


def pending() -> bool:
    """Whether the heavy run has not come yet in this session (app.py keeps the sidebar light
    in the calculator's first run too)."""
    return not st.session_state.get(_READY)


def first_run_done() -> None:
    """Call at the end of the page: from now on the timer may ask for the full run."""
    st.session_state[_DUE] = True


def waking() -> bool:
    """Whether this run is the one the timer asked for (without taking the mark away)."""
    return bool(st.session_state.get(_WOKE, False))


def just_woke() -> bool:
    """Whether this run is the one the timer asked for (what the first run showed, such as a
    message about the link, is shown again in it)."""
    return bool(st.session_state.pop(_WOKE, False))
