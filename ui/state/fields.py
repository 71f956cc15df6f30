"""The input widgets generated from the parameter registry: text fields, the profit toggle,
input groups, and the copy of every field's value into the current inputs at the start of a
run."""

from __future__ import annotations

import streamlit as st

from calc.model.params import PARAMS, ParamSpec
from calc.text.format import param_value, unit_label
from ui.figures.escape import label as label_text, md
from ui.state.current import params, widget_key
from ui.state.field_text import field_text, range_shown, read_field
from ui.state.sliders import sync_bound

# One source per input: the text field's state. Every input is typed (a fraction as a
# percentage, "30" or "30%"; an amount as "150000", "150,000" or "150k"), read by
# ui.state.field_text, and written back in one canonical form. No stepper arrows: in
# the browser, key presses made while the script reruns could leave a stepper showing one value
# while the figures and the link used another. The levers of the what-if strip also have a
# slider, bound to the field by the rules in ui.state.sliders, which answer that race.
# sync_from_widgets() copies every field's value into the current inputs at the start of a run,
# so the figures, the link and a saved scenario all read the same value.

def sync_from_widgets() -> None:
    """Copy each shown input's valid value into the current inputs (start of every run)."""
    p = params()
    for spec in PARAMS:
        key = widget_key(spec.name)
        if spec.slider_step is not None:
            sync_bound(spec, p)
        elif key in st.session_state:
            value, problem = read_field(spec, st.session_state[key], p[spec.name])
            if problem is None:
                p[spec.name] = value
                shown = field_text(spec, value)
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
        st.session_state[key] = field_text(spec, p[spec.name])
    text = label or spec.label
    if show_unit:
        text += f" ({unit_label(spec, cur)})"
    tip = help_text(spec, md(cur))                    # help is markdown
    shown = st.text_input(label_text(text), key=key, help=tip)
    value, problem = read_field(spec, shown, p[spec.name])
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
