"""Streamlit state shared by the pages: the current inputs, the currency, the shareable link,
and the input widgets generated from the parameter registry.

The current inputs live in ``st.session_state["params"]`` (name -> float), whatever page is
shown; widgets are views of it. Other pages (Scenarios, Calibrate) change it with
:func:`set_params`, and the calculator's widgets pick the new values up on their next render.
"""

from __future__ import annotations

import math
import time

import streamlit as st
import streamlit.components.v2 as components_v2

from calc.text.numbers import parse_number
from calc.model.params import (BY_NAME, DEFAULTS, NAMES, PARAMS, InputError, ParamSpec,
                               allowed_range, check_values, format_value)
from calc.budget.responses import SPLIT_LEVER_NAMES
from calc.text.shown import parse_amount
from calc.store.saved import ScenarioStore
from calc.staffing.inputs import BY_NAME as STAFFING_INPUTS

from calc.text.format import param_value, unit_label
from ui.figures.escape import label as label_text, md
from ui.state import signin
from ui.state.link import LinkProblems, summary

PARAMS_KEY = "params"
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
                           | {f"staff_{name}" for name in STAFFING_INPUTS})
PAGE_LINK_STATE = "_page_link_values"


def params() -> dict[str, float]:
    """The current inputs (created from the defaults on first use)."""
    if PARAMS_KEY not in st.session_state:
        st.session_state[PARAMS_KEY] = dict(DEFAULTS)
    return st.session_state[PARAMS_KEY]


def currency() -> str:
    return st.session_state.get(CURRENCY_KEY) or DEFAULT_CURRENCY


def widget_key(name: str) -> str:
    return f"in_{name}"


def set_params(values: dict[str, float]) -> None:
    """Replace the current inputs (a preset, a loaded scenario, calibrated estimates). Widget
    states are dropped so every input shows the new value on its next render."""
    p = params()
    p.clear()
    p.update(DEFAULTS)
    p.update({k: float(v) for k, v in values.items() if k in BY_NAME})
    for spec in PARAMS:
        if spec.slider_step is not None:
            # what the browser shows now is old: a report of it, before the new value has
            # reached the browser, is not an edit
            rec = _record(spec.name)
            rec.update(field_seen=st.session_state.get(widget_key(spec.name)),
                       slider_seen=st.session_state.get(slider_key(spec.name)),
                       field_pushes=[], slider_pushes=[], invalid=None)
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


# --- input widgets ---------------------------------------------------------------------------
# One source per input: the text field's state. Every input is typed (a fraction as a
# percentage, "30" or "30%"; an amount as "150000", "150,000" or "150k"), read by
# calc.text.shown.parse_amount, and written back in one canonical form. No stepper arrows: in
# the browser, key presses made while the script reruns could leave a stepper showing one value
# while the figures and the link used another. The levers of the what-if strip also have a
# slider, bound to the field by the rules under "what-if sliders" below, which answer that race.
# sync_from_widgets() copies every field's value into the current inputs at the start of a run,
# so the figures, the link and a saved scenario all read the same value.

def _to_widget(spec: ParamSpec, value: float) -> str:
    """The field's text: rounded to the registry's shown decimals, trailing zeros dropped (a
    value from a log, 1195.5548365, shows 1,195.55; the stored value keeps every digit)."""
    x = value * 100.0 if spec.is_fraction else value
    d = spec.shown_decimals
    text = f"{round(x, d):,.{d}f}"
    if d:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _from_widget(spec: ParamSpec, shown, current: float) -> tuple[float, str | None]:
    """(value in model units, problem or None); a problem keeps the current value."""
    if shown == _to_widget(spec, current):
        return current, None       # unchanged: keep the stored value exactly
    text = str(shown if shown is not None else "").strip()
    if spec.is_fraction and text.endswith("%"):
        text = text[:-1]
    try:
        value = parse_amount(text, spec.label)
    except InputError as e:
        return current, e.problems[0].message
    if spec.is_fraction:
        value /= 100.0
    if spec.integer and value != round(value):
        return current, "must be a whole number of years; the last valid value is used"
    lo, hi = allowed_range(spec.name, params())
    if not (math.isfinite(value) and lo <= value <= hi):
        return current, (f"is outside the allowed range {range_shown(spec, lo, hi)}; the last "
                         f"valid value is used")
    return value, None


def range_shown(spec: ParamSpec, lo: float | None = None, hi: float | None = None) -> str:
    lo = spec.min if lo is None else lo
    hi = spec.max if hi is None else hi
    if spec.is_fraction:
        return f"{lo * 100:g}% to {hi * 100:g}%"
    if spec.integer:
        return f"{int(lo)} to {int(hi)}"
    return f"{lo:,.12g} to {hi:,.12g}"


def sync_from_widgets() -> None:
    """Copy each shown input's valid value into the current inputs (start of every run)."""
    p = params()
    for spec in PARAMS:
        key = widget_key(spec.name)
        if spec.slider_step is not None:
            _sync_bound(spec, p)
        elif key in st.session_state:
            value, problem = _from_widget(spec, st.session_state[key], p[spec.name])
            if problem is None:
                p[spec.name] = value
                shown = _to_widget(spec, value)
                # "150k" shows "150,000"; text already in that form is left alone: writing a
                # widget's value from a run that a newer key press has overtaken would put the
                # older value back in the field (a browser test caught a field at 31 while the
                # link said 32.5)
                if st.session_state[key] != shown:
                    st.session_state[key] = shown


def help_text(spec: ParamSpec, cur: str) -> str:
    typed = {"money": " Type 150000, 150,000 or 150k.",
             "fraction": " Type a percentage: 30 or 30%."}.get(spec.kind, "")
    return (f"{spec.help}\n\nAllowed: {range_shown(spec)}. Default: "
            f"{param_value(spec, spec.default, cur)}.{typed}\n\nSource: {spec.source}")


# --- profit per customer typed directly ------------------------------------------------------
# One toggle on the calculator: type profit per customer a year instead of revenue x margin. The
# inputs stay revenue_per_customer (= the profit typed) and operating_margin (= 1), so the link,
# the CSV and the workbook need nothing new; the field is the revenue field under another label.
PROFIT_TOGGLE = "profit_typed"
PROFIT_LABEL = "Profit per customer a year"


def _profit_toggled() -> None:
    if st.session_state[PROFIT_TOGGLE]:
        params()["operating_margin"] = 1.0
        st.session_state.pop(widget_key("operating_margin"), None)


def profit_fields(spec: ParamSpec, cur: str) -> bool:
    """Draw the profit toggle before revenue, and the profit field in place of revenue and
    margin when it is on; True when ``spec`` was drawn (or left out) here."""
    if spec.name not in ("revenue_per_customer", "operating_margin"):
        return False
    if PROFIT_TOGGLE not in st.session_state:      # on for a scenario whose margin is 100%
        st.session_state[PROFIT_TOGGLE] = params()["operating_margin"] == 1.0
    if spec.name == "operating_margin":
        return bool(st.session_state[PROFIT_TOGGLE])
    on = st.toggle("Type profit per customer instead of revenue × margin", key=PROFIT_TOGGLE,
                   on_change=_profit_toggled,
                   help="For when you know the profit per customer (say, per passenger) "
                        "rather than revenue and margin.")
    if not on:
        return False
    param_input(spec, cur, label=PROFIT_LABEL)
    st.caption("Kept as revenue per customer = this profit, with operating margin 100%: that is "
               "what the link, the CSV and the workbook carry (revenue_per_customer, "
               "operating_margin).")
    return True


def param_input(spec: ParamSpec, cur: str, label: str | None = None,
                show_unit: bool = True, key: str | None = None) -> float:
    """The widget of one parameter, generated from the registry; returns the value in model
    units (fractions as decimals) and keeps the current inputs in step. ``key``: a page's own
    widget key (one key on two pages loses its value when the page changes)."""
    p = params()
    key = key or widget_key(spec.name)
    if key not in st.session_state:
        st.session_state[key] = _to_widget(spec, p[spec.name])
    text = label or spec.label
    if show_unit:
        text += f" ({unit_label(spec, cur)})"
    tip = help_text(spec, md(cur))                    # help is markdown
    shown = st.text_input(label_text(text), key=key, help=tip)
    value, problem = _from_widget(spec, shown, p[spec.name])
    if problem:
        st.error(f"'{md(str(shown))}' {problem}.", icon=":material/error:")
    p[spec.name] = value
    return value


# --- input groups ----------------------------------------------------------------------------
# An input group is a keyed expander that tracks its state: open or closed is the user's choice
# alone. An unkeyed expander's open state lives only in the browser, tied to the element's
# place on the page; an edit that adds or removes an element above it (a warning, an error
# under a field) made it a new expander, drawn closed, hiding the field just typed in.
_GROUPS_OPEN = "_groups_open"     # kept across pages: a widget's own state is not


def group_key(label: str) -> str:
    return "group_" + "".join(ch if ch.isalnum() else "_" for ch in label.lower())


def _remember_group(key: str) -> None:
    st.session_state.setdefault(_GROUPS_OPEN, {})[key] = bool(st.session_state[key])


def input_group(label: str, expanded: bool = False):
    """An expander for a group of inputs whose open state survives reruns and page changes."""
    key = group_key(label)
    kept = st.session_state.setdefault(_GROUPS_OPEN, {})
    if key not in st.session_state and key in kept:
        st.session_state[key] = kept[key]
    return st.expander(label, expanded=expanded, key=key, on_change=_remember_group,
                       args=(key,))


# --- what-if sliders -------------------------------------------------------------------------
# A lever with a slider_step in the registry has two widgets, its text field and a slider, and
# one value: params()[name]. Each run starts by deciding which widget, if either, the user
# changed, takes the value from it and writes it to the other (sync_from_widgets).
#
# Why not simply "whichever widget differs from the value": with key presses faster than the
# reruns, the browser reports what it shows, and what it shows can be behind. A run that wrote
# the field can be overtaken before the field is drawn, so the next report still carries the
# field's old text; a write that did reach the browser can arrive after the user moved on. So a
# widget counts as changed by the user only when its report differs from its own previous
# report, from the current value, and from every value written to it in the last
# _PUSH_MEMORY seconds (those are echoes of our writes, arriving late). And every run the
# slider did not start writes the slider again (see param_slider), so the last run's value is
# the last word in the browser: after the page settles, slider, field, figures and link agree.
_BOUND = "_bound_widgets"
_PUSH_MEMORY = 3.0    # seconds a write to a widget may take to come back in a report
_IN_FLIGHT = 0.5      # seconds a write may still be on its way to the browser


def slider_key(name: str) -> str:
    return f"sl_{name}"


def slider_params() -> list[ParamSpec]:
    """The levers of the what-if strip (registry entries with a slider_step): rates, then money,
    then years."""
    order = ("fraction", "money", "years")
    return sorted((s for s in PARAMS if s.slider_step is not None),
                  key=lambda s: order.index(s.kind) if s.kind in order else len(order))


def _record(name: str) -> dict:
    rec = st.session_state.setdefault(_BOUND, {}).setdefault(
        name, {"field_seen": None, "slider_seen": None, "field_pushes": [],
               "slider_pushes": [], "invalid": None})
    now = time.monotonic()
    for k in ("field_pushes", "slider_pushes"):
        rec[k] = [(t, v) for t, v in rec[k] if now - t <= _PUSH_MEMORY]
    return rec


def _to_slider(spec: ParamSpec, value: float):
    if spec.integer:
        return int(round(value))
    if spec.is_fraction:
        return round(value * 100.0, 10)
    return float(value)


def _from_slider(spec: ParamSpec, shown) -> float:
    if spec.integer:
        return float(int(shown))
    if spec.is_fraction:
        return round(float(shown) / 100.0, 12)
    # a slider moves on its step's grid: keep the value on it (no 35000.00000001)
    step = spec.slider_step
    return float(round(round(float(shown) / step) * step, 10))


def _close(a, b) -> bool:
    if a is None or b is None:
        return a is b
    try:
        return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(b)))
    except (TypeError, ValueError):
        return False


def _overwrite(rec: dict, widget: str, old, new) -> None:
    """A run writes ``new`` over the ``old`` value the browser reported: from now on the
    browser shows ``new``, and a report of ``old`` is an echo only while the write may still be
    on its way (a user may well move the widget back to where it was)."""
    rec[f"{widget}_seen"] = new
    rec[f"{widget}_stale"] = (time.monotonic(), old)


def _stale(rec: dict, widget: str, reported) -> bool:
    """Whether ``reported`` is the value a write replaced a moment ago, reported again before
    the write reached the browser."""
    t, old = rec.get(f"{widget}_stale") or (None, None)
    return (t is not None and time.monotonic() - t <= _IN_FLIGHT
            and (reported == old or _close(reported, old)))


def _sync_bound(spec: ParamSpec, p: dict[str, float]) -> None:
    ss = st.session_state
    fkey, skey = widget_key(spec.name), slider_key(spec.name)
    rec = _record(spec.name)
    f, s = ss.get(fkey), ss.get(skey)
    value = p[spec.name]
    shown = _to_widget(spec, value)
    field_edit = (fkey in ss and f != rec["field_seen"] and f != shown
                  and all(f != v for _, v in rec["field_pushes"])
                  and not _stale(rec, "field", f))
    slider_edit = (skey in ss and not _close(s, rec["slider_seen"])
                   and not _close(s, _to_slider(spec, value))
                   and not any(_close(s, v) for _, v in rec["slider_pushes"])
                   and not _stale(rec, "slider", s))
    rec["slider_edited"] = slider_edit
    if fkey in ss:       # (a widget not drawn, or just reset, keeps what was seen last)
        rec["field_seen"] = f
    if skey in ss:
        rec["slider_seen"] = s
    if slider_edit:          # a drag or an arrow key (the later action when both changed)
        new = _from_slider(spec, s)
        lo, hi = allowed_range(spec.name, p)
        if math.isfinite(new) and lo <= new <= hi:
            p[spec.name] = new
            rec["invalid"] = None
    elif field_edit:
        new, problem = _from_widget(spec, f, value)
        if problem is None:
            p[spec.name] = new
            rec["invalid"] = None
        else:
            rec["invalid"] = f        # left as typed, under its error, until changed
    if fkey in ss:
        shown = _to_widget(spec, p[spec.name])
        if ss[fkey] != shown and ss[fkey] != rec["invalid"]:
            _overwrite(rec, "field", ss[fkey], shown)
            ss[fkey] = shown
            rec["field_pushes"].append((time.monotonic(), shown))


def slider_label(spec: ParamSpec) -> str:
    return spec.short if spec.world != "program" else spec.short.replace(", program", "")


def param_slider(spec: ParamSpec, cur: str) -> None:
    """The what-if slider of one lever, bound to the value its text field holds (range and step
    from the registry). Call after sync_from_widgets, in the same run as the lever's field."""
    p = params()
    key = slider_key(spec.name)
    rec = _record(spec.name)
    value = _to_slider(spec, p[spec.name])
    lo, hi = allowed_range(spec.name, p)
    step = spec.slider_step
    if spec.slider_max is not None:
        top = spec.slider_max if p[spec.name] <= spec.slider_max else \
            math.ceil(p[spec.name] / step) * step
        hi = min(hi, top)
    lo_s, hi_s, step_s = _to_slider(spec, lo), _to_slider(spec, hi), _to_slider(spec, step)
    if spec.is_fraction:
        fmt = "%g%%"
    elif spec.integer:
        fmt = "%d yr" if spec.kind == "years" else "%d"
    else:
        fmt = cur.replace("%", "%%") + "%,d"
    if lo_s >= hi_s:          # one allowed value (program years with a 1-year horizon)
        st.caption(f"{slider_label(spec)}: {param_value(spec, p[spec.name], cur)} (the only "
                   f"value allowed here)")
        st.session_state.pop(key, None)
        return
    reported = st.session_state.get(key)
    # Written in every run but those the slider itself started (so the last run's value is the
    # browser's last word, whatever older writes arrive late); in a run it started, the browser
    # already shows the value, and a write could land after the user's next key press and put
    # the slider back. Exception: a typed change was written to it a moment ago and may still
    # be on its way: then the user's value is written after it.
    now = time.monotonic()
    in_flight = any(now - t <= _IN_FLIGHT for t, _ in rec["slider_pushes"])
    if reported is None or not rec.get("slider_edited") or in_flight:
        if reported is not None and not _close(reported, value):
            _overwrite(rec, "slider", reported, value)
            if not rec.get("slider_edited"):
                rec["slider_pushes"].append((now, value))
        st.session_state[key] = value
    st.slider(slider_label(spec), lo_s, hi_s, step=step_s, key=key, format=fmt,
              help=f"{spec.label}. The same value as its field under Inputs: move either. "
                   f"Allowed: {range_shown(spec, lo, hi)}.")
