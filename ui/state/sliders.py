"""The what-if strip's sliders, each bound to its lever's text field: one value, two widgets."""

from __future__ import annotations

import math
import time

import streamlit as st

from calc.model.params import PARAMS, ParamSpec, allowed_range
from calc.text.format import param_value
from ui.state.current import params, slider_key, widget_key
from ui.state.field_text import field_text, range_shown, read_field

# A lever with a slider_step in the registry has two widgets, its text field and a slider, and
# one value: params()[name]. Each run starts by deciding which widget, if either, the user
# changed, takes the value from it and writes it to the other (fields.sync_from_widgets).
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


def forget_reports() -> None:
    """New values are being set (a preset, a loaded scenario): what the browser shows now is
    old, and a report of it, before the new value has reached the browser, is not an edit."""
    for spec in PARAMS:
        if spec.slider_step is not None:
            rec = _record(spec.name)
            rec.update(field_seen=st.session_state.get(widget_key(spec.name)),
                       slider_seen=st.session_state.get(slider_key(spec.name)),
                       field_pushes=[], slider_pushes=[], invalid=None)


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


def sync_bound(spec: ParamSpec, p: dict[str, float]) -> None:
    ss = st.session_state
    fkey, skey = widget_key(spec.name), slider_key(spec.name)
    rec = _record(spec.name)
    f, s = ss.get(fkey), ss.get(skey)
    value = p[spec.name]
    shown = field_text(spec, value)
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
        new, problem = read_field(spec, f, value)
        if problem is None:
            p[spec.name] = new
            rec["invalid"] = None
        else:
            rec["invalid"] = f        # left as typed, under its error, until changed
    if fkey in ss:
        shown = field_text(spec, p[spec.name])
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
