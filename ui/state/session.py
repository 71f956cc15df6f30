"""Streamlit state shared by the pages: the current inputs (ui.state.current holds them), the
currency, the scenario's name, uploads, the store, the shareable link. The input widgets are in
ui.state.fields, the what-if sliders in ui.state.sliders.

Other pages (Scenarios, Calibrate) change the inputs with :func:`set_params`, and the
calculator's widgets pick the new values up on their next render.
"""

from __future__ import annotations

import streamlit as st
import streamlit.components.v2 as components_v2

from calc.text.numbers import parse_number
from calc.model.params import BY_NAME, DEFAULTS, NAMES, check_values, format_value
from calc.budget.responses import SPLIT_LEVER_NAMES
from calc.store.saved import ScenarioStore
from calc.staffing.inputs import BY_NAME as STAFFING_INPUTS, CHOICES as STAFFING_CHOICES

from ui.figures.escape import md
from ui.state import signin
from ui.state.current import params, slider_key, widget_key
from ui.state.fields import PROFIT_TOGGLE
from ui.state.link import LinkProblems, summary
from ui.state.sliders import forget_reports

CURRENCY_KEY = "currency"
CURRENCY_PARAM = "currency"
SCENARIO_PARAM = "scenario"          # the scenario's name, carried by the link
SCENARIO_KEY = "scenario"            # its value, kept whatever page is shown
SCENARIO_WIDGET = "scenario_name"    # the calculator's name field
DEFAULT_SCENARIO = "my scenario"
DEFAULT_CURRENCY = "$"
MAX_CURRENCY_CHARS = 5
_QP_SEEN = "_query_seen"
_QP_APPLIED = "_query_applied"
# Link keys of page inputs that are not model parameters (the Budget page's budgets and response
# curves, the Staffing page's inputs): apply_query_params keeps their text in PAGE_LINK_STATE for that page to check and use.
PAGE_LINK_KEYS = frozenset({"budget", "budget_smaller"}
                           | {f"resp_{name}" for name in SPLIT_LEVER_NAMES}
                           | {f"staff_{name}" for name in (*STAFFING_INPUTS, *STAFFING_CHOICES,
                                                           "agents")})
PAGE_LINK_STATE = "_page_link_values"


def currency() -> str:
    return st.session_state.get(CURRENCY_KEY) or DEFAULT_CURRENCY


def set_params(values: dict[str, float]) -> None:
    """Replace the current inputs (a preset, a loaded scenario, calibrated estimates). Widget
    states are dropped so every input shows the new value on its next render."""
    p = params()
    p.clear()
    p.update(DEFAULTS)
    p.update({k: float(v) for k, v in values.items() if k in BY_NAME})
    forget_reports()
    for name in NAMES:
        st.session_state.pop(widget_key(name), None)
        st.session_state.pop(slider_key(name), None)
    st.session_state.pop(PROFIT_TOGGLE, None)      # taken again from the new margin


def upload_data(upload) -> bytes | None:
    """The bytes of an uploaded file, or None after telling the user it is over the limit.
    Streamlit refuses files over server.maxUploadSize itself; this is the same limit checked
    in code, so it holds whatever the config says."""
    limit_mb = int(st.get_option("server.maxUploadSize"))
    if upload.size > limit_mb * 1024 * 1024:
        st.error(f"{upload.name} is {upload.size / 1024 / 1024:,.1f} MB; files of at most "
                 f"{limit_mb} MB can be uploaded. Split it, or use the command-line tool for large "
                 f"batches.")
        return None
    return upload.getvalue()


def file_or_sample(label: str, key: str, sample_path, sample_label: str, keep: bool = False):
    """A file uploader beside a button that loads a bundled sample. Returns (name, bytes) of the
    uploaded file or of the sample once chosen, else (None, None); stops the page when an
    upload is over the size limit. ``keep``: the upload stays for the session, so a visit to
    another page does not lose it (Streamlit forgets an uploader's file when its page is left);
    removing it from the uploader, or the button beside the note, forgets it."""
    kept_key, widget, had = f"{key}_kept", f"{key}_upload", f"{key}_had_upload"
    if widget not in st.session_state:
        st.session_state[had] = False       # the page was just opened: nothing was removed
    # the uploader held a file in the last run and is empty now: the user removed it
    cleared = keep and st.session_state.get(had) and st.session_state[widget] is None
    c = st.columns([3, 1], vertical_alignment="bottom")
    upload = c[0].file_uploader(label, type=["csv"], key=widget)
    st.session_state[had] = upload is not None
    if c[1].button(sample_label, key=f"{key}_sample"):
        st.session_state[f"{key}_source"] = "sample"
        st.session_state.pop(kept_key, None)
    if upload is not None:
        data = upload_data(upload)
        if data is None:
            st.stop()
        if keep:
            st.session_state[kept_key] = (upload.name, data)
        return upload.name, data
    if cleared:
        st.session_state.pop(kept_key, None)
    if keep and kept_key in st.session_state:
        name, data = st.session_state[kept_key]
        n = st.columns([3, 1], vertical_alignment="center")
        n[0].caption(f"Using {md(name)}, uploaded earlier in this session. Upload another file "
                     "to replace it.")
        if n[1].button("Forget this file", key=f"{key}_forget"):
            st.session_state.pop(kept_key, None)
            st.rerun()
        return name, data
    if st.session_state.get(f"{key}_source") == "sample":
        return sample_path.name, sample_path.read_bytes()
    return None, None


@st.cache_resource
def store() -> ScenarioStore:
    """One store object per server process (it opens connections as it needs them; nothing is
    opened here, so a database that is down cannot stop the page from loading)."""
    return ScenarioStore(owners=True if signin.mode() != "single" else None)


def current_user() -> str | None:
    """The signed-in user (st.login's e-mail, or the trusted proxy's header), or None: single
    user, or a request that is not signed in (see ui/state/signin.py)."""
    return signin.who().user


# --- going to another page at its top ---------------------------------------------------------
# st.switch_page keeps the scroll position of the page left, so a button low on one page landed
# mid-way down the next, its headline off screen. Fixed code, no user data.
_TOP_KEY = "_scroll_top"
_TOP_JS = """
export default function (component) {
  const { data } = component;
  if (!data || !data.n || window.__recoveryScrolledTop === data.n) return;
  window.__recoveryScrolledTop = data.n;
  const top = () => document.querySelectorAll(
      '[data-testid="stMain"], [data-testid="stAppViewContainer"], section.main')
      .forEach(el => el.scrollTo(0, 0));
  top();
  window.scrollTo(0, 0);
  setTimeout(top, 50);
  setTimeout(top, 400);
}
"""
_to_top = components_v2.component("recovery_scroll_top", js=_TOP_JS)


def switch_page_at_top(page: str) -> None:
    """st.switch_page, the new page shown from its top."""
    st.session_state[_TOP_KEY] = st.session_state.get(_TOP_KEY, 0) + 1
    st.session_state["_scroll_top_due"] = True
    st.switch_page(page)


def scroll_top_if_asked() -> None:
    """Mounts the (invisible) scroller; it scrolls once per switch_page_at_top."""
    if st.session_state.pop("_scroll_top_due", False):
        _to_top(data={"n": st.session_state.get(_TOP_KEY, 0)}, key="scroll_top")


# --- shareable link --------------------------------------------------------------------------

def apply_query_params() -> list[str]:
    """Restore the inputs from the URL when it carries values this session has not applied yet.
    Returns at most one message, about every value that could not be used (such values are
    ignored, not clipped)."""
    qp = st.query_params
    items = tuple(sorted((k, qp[k]) for k in qp.keys()))
    # A link is applied in the run that opens it: a new link in the address bar is a page load,
    # a new session. Later runs carry the address bar as it was when their key press was sent,
    # which, with presses faster than the reruns, can be an overtaken run's values: taking those
    # for a new link put an old value back into the field.
    if st.session_state.get(_QP_SEEN) == items or _QP_APPLIED in st.session_state:
        st.session_state[_QP_APPLIED] = True
        return []
    st.session_state[_QP_APPLIED] = True
    st.session_state[_QP_SEEN] = items
    if not items:
        return []
    problems, values = LinkProblems(), {}
    st.session_state[PAGE_LINK_STATE] = {k: raw for k, raw in items if k in PAGE_LINK_KEYS}
    for key, raw in items:
        if key == CURRENCY_PARAM:
            st.session_state[CURRENCY_KEY] = raw[:MAX_CURRENCY_CHARS]
            if len(raw) > MAX_CURRENCY_CHARS:
                problems.notes.append(f"the currency symbol is at most {MAX_CURRENCY_CHARS} "
                                      f"characters; the link's first {MAX_CURRENCY_CHARS} "
                                      f"are used")
            continue
        if key in PAGE_LINK_KEYS:
            continue
        if key == SCENARIO_PARAM:
            set_scenario_name(raw[:120])
            continue
        if key not in BY_NAME:
            problems.unknown.append(key)
            continue
        try:
            value = parse_number(raw, allow_percent=BY_NAME[key].is_fraction, required=True)
        except ValueError:
            problems.bad.append((key, raw, "is not a number"))
            continue
        found = check_values(key, value)
        if found:
            problems.bad.append((key, raw, found[0].message))
            continue
        values[key] = value
    set_params(values)
    message = summary(problems)
    return [message] if message else []


def link_values(p: dict[str, float], cur: str, name: str = DEFAULT_SCENARIO) -> dict[str, str]:
    """Query parameters for the inputs that differ from the defaults (shortest exact text),
    the currency and the scenario name when not the defaults."""
    out = {name: format_value(p[name]) for name in NAMES if p[name] != DEFAULTS[name]}
    if cur != DEFAULT_CURRENCY:
        out[CURRENCY_PARAM] = cur
    if name and name != DEFAULT_SCENARIO:
        out[SCENARIO_PARAM] = name
    return out


def write_query_params(p: dict[str, float], page_values: dict[str, str] | None = None) -> None:
    """Put the inputs, the scenario name (and a page's own link values, keys in
    PAGE_LINK_KEYS) in the URL."""
    values = {**link_values(p, currency(), scenario_name()), **(page_values or {})}
    # written on every run that has values, even when the server's copy already holds them:
    # with key presses faster than the reruns, the address bar can hold an overtaken run's
    # values, and only the last run's write is sure to win. An empty link is written only to
    # clear one: a link longer than the server keeps arrives empty, and must stay in the
    # address bar for ui.link to count what was dropped.
    if values or dict(st.query_params) != values:
        st.query_params.from_dict(values)
    st.session_state[_QP_SEEN] = tuple(sorted(values.items()))


def reassert_text_fields() -> None:
    """Send the currency and scenario-name fields their values again (call before they are
    drawn, in the run ui.state.deferred's timer asks for). That run is started by the server
    from inside a fragment; in it the browser sometimes shows these two fields blank (seen 10
    times in 12 openings of a link on this loaded machine, once in nine by a user) and sends
    the blank back with the next edit, which then dropped the link's currency and name. A value
    written to the session state before its widget is drawn reaches the browser as one to
    apply, so the field shows it again. The value written is the one the server holds now, so
    nothing the user typed is undone."""
    for key in (CURRENCY_KEY, SCENARIO_WIDGET):
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def scenario_name() -> str:
    """The scenario's name (calculator field, link, loaded scenario), kept across pages."""
    if SCENARIO_WIDGET in st.session_state:
        st.session_state[SCENARIO_KEY] = st.session_state[SCENARIO_WIDGET]
    return st.session_state.get(SCENARIO_KEY) or DEFAULT_SCENARIO


def set_scenario_name(name: str) -> None:
    st.session_state[SCENARIO_KEY] = name
    st.session_state.pop(SCENARIO_WIDGET, None)


def scenario_name_input(label: str) -> str:
    """The calculator's name field, bound to the name kept across pages."""
    if SCENARIO_WIDGET not in st.session_state:
        st.session_state[SCENARIO_WIDGET] = scenario_name()
    return st.text_input(label, key=SCENARIO_WIDGET, max_chars=120)
