"""The share box: the address of this page with the current inputs and scenario name."""

from __future__ import annotations

import urllib.parse

import streamlit as st

from ui.state.session import currency, link_values, params, scenario_name


def page_link(page_path: str, page_values: dict[str, str] | None = None) -> str:
    """The address of page ``page_path`` (its url_path, "" for the calculator) with the query
    parameters of the current inputs (and ``page_values``, a page's own link values)."""
    parts = urllib.parse.urlsplit(st.context.url or "")
    path = parts.path.rstrip("/")
    for known in PAGE_PATHS:
        if known and path.endswith("/" + known):
            path = path[: -len(known) - 1]
            break
    query = urllib.parse.urlencode({**link_values(params(), currency(), scenario_name()),
                                    **(page_values or {})})
    page = f"{path}/{page_path}" if page_path else f"{path}/"
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, page, query, ""))


PAGE_PATHS: list[str] = []     # every page's url_path, set by app.py


_SLOT = "_share_slot"
_PATH = "_share_path"


def share_box(page_path: str, copy: bool = True) -> None:
    """The sidebar's link to this page with these inputs, with a copy button. It is drawn in a
    slot that a page with inputs of its own fills again, once they are read (:func:`page_box`).
    ``copy=False`` (a new session's first run of the calculator): the link as plain text, no
    button yet: the code block's copy button brings a 1.5 MB syntax highlighter, the largest
    script a first visit loaded before the first figure (bench/first_paint.py)."""
    st.session_state[_SLOT] = st.empty()
    st.session_state[_PATH] = page_path
    _draw(page_path, None, copy)


def page_box(page_values: dict[str, str]) -> None:
    """Draw the sidebar's link again with this page's own link values (the Budget page's
    budgets, levers and response curves), read in this run after the sidebar was drawn."""
    if _SLOT in st.session_state:
        _draw(st.session_state.get(_PATH, ""), page_values, True)


def _draw(page_path: str, page_values: dict[str, str] | None, copy: bool) -> None:
    with st.session_state[_SLOT].container():
        st.caption("Link to this page with these inputs and this scenario name. Copy it with "
                   "the button at its right:")
        if copy:
            st.code(page_link(page_path, page_values), language=None, wrap_lines=True)
        else:
            st.text(page_link(page_path, page_values))
