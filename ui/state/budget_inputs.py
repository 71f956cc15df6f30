"""The Budget page's own inputs: the yearly budgets (typed money), the table of response curves,
their place in the shareable link, and cached calls of calc for them.

The inputs live in ``st.session_state[STATE]`` so they survive a visit to another page; the
widgets are views of it (as ``ui.session`` does for the model's inputs).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from calc.budget import allocation as alloc
from calc.budget.compensation import best_compensation, net_value_curve, uplift_curve
from calc.budget.levers import ranked
from calc.text.numbers import parse_money
from calc.model.params import BY_NAME, InputError, format_value
from calc.budget.responses import BUDGET_LEVERS, COMPENSATION_LEVER, check_responses

from ui.state import fields, session
from calc.text.format import param_value
from ui.figures.escape import label as label_text, md

STATE = "budget_inputs"
DEFAULT_BUDGET, DEFAULT_SMALLER = "150k", "80k"
EDITOR_COLUMNS = ("label", "now", "reachable_pct", "half_spend")
REFUNDS = COMPENSATION_LEVER.name
REFUNDS_LINK = f"resp_{REFUNDS}"
FRONTIER_POINTS = 40
MONEY_KEYS = {"budget": "budget_amount", "budget_smaller": "budget_smaller_amount"}


def state() -> dict:
    if STATE not in st.session_state:
        st.session_state[STATE] = {
            "budget": DEFAULT_BUDGET, "budget_smaller": DEFAULT_SMALLER, "version": 0,
            "responses": {b.name: (True, b.reachable_value, b.half_spend) for b in BUDGET_LEVERS},
            "refunds": False}
    return st.session_state[STATE]


def apply_link() -> list[str]:
    """Take this page's values out of a shared link (once); messages for values not used."""
    found = st.session_state.pop(session.PAGE_LINK_STATE, None) or {}
    s, messages = state(), []
    if not found:
        return messages
    for key in ("budget", "budget_smaller"):
        if key in found:
            try:
                parse_money(found[key])
                s[key] = found[key]
                st.session_state.pop(MONEY_KEYS[key], None)
            except InputError as e:
                messages.append(f"{key} = '{found[key]}' in the link "
                                f"{e.problems[0].message}; ignored.")
    if found.get(REFUNDS_LINK) in ("on", "off"):
        s["refunds"] = found[REFUNDS_LINK] == "on"
    elif REFUNDS_LINK in found:
        messages.append(f"{REFUNDS_LINK} = '{found[REFUNDS_LINK]}' in the link: give on or off; "
                        f"bigger refunds stay out of the split.")
    for key in use_keys():
        st.session_state.pop(key, None)
    for b in BUDGET_LEVERS:
        raw = found.get(f"resp_{b.name}")
        if raw is None:
            continue
        if raw == "off":
            s["responses"][b.name] = (False, *s["responses"][b.name][1:])
            continue
        parts = raw.split(":")
        frame = pd.DataFrame({"lever": [b.name], "reachable_value": [parts[0]],
                              "half_spend": [parts[1] if len(parts) == 2 else None]},
                             index=[1])
        problems = check_responses(frame)
        if problems or len(parts) != 2:
            why = problems[0].message if problems else "needs reachable:half-spend"
            messages.append(f"resp_{b.name} = '{raw}' in the link: {why}; the default is used.")
            continue
        s["responses"][b.name] = (True, float(parts[0]), float(parts[1]))
    s["version"] += 1
    return messages


def link_values() -> dict[str, str]:
    """This page's link values that differ from the defaults."""
    s, out = state(), {}
    for key, default in (("budget", DEFAULT_BUDGET), ("budget_smaller", DEFAULT_SMALLER)):
        if s[key] != default:
            out[key] = s[key]
    for b in BUDGET_LEVERS:
        use, reach, half = s["responses"][b.name]
        if not use:
            out[f"resp_{b.name}"] = "off"
        elif (reach, half) != (b.reachable_value, b.half_spend):
            out[f"resp_{b.name}"] = f"{format_value(reach)}:{format_value(half)}"
    if s["refunds"]:
        out[REFUNDS_LINK] = "on"
    return out


def use_keys() -> list[str]:
    """The keys of the levers' on/off checkboxes."""
    return [f"budget_use_{name}" for name in (*(b.name for b in BUDGET_LEVERS), REFUNDS)]


def _use_box(label: str, key: str, value: bool, help: str) -> bool:
    if key not in st.session_state:
        st.session_state[key] = value
    return st.checkbox(label, key=key, help=help)


def lever_choices() -> None:
    """One labelled checkbox per lever (outside the table, so each is a plain form control with
    its own name): which levers the split may spend on."""
    s = state()
    st.markdown("**Levers the split may spend on**")
    boxes = st.columns(2)
    for i, b in enumerate(BUDGET_LEVERS):
        use, reach, half = s["responses"][b.name]
        with boxes[i % 2]:
            use = _use_box(b.label, f"budget_use_{b.name}", use, b.buys)
        s["responses"][b.name] = (use, reach, half)
    with boxes[len(BUDGET_LEVERS) % 2]:
        s["refunds"] = _use_box(f"Bigger refunds ({COMPENSATION_LEVER.label.lower()})",
                                f"budget_use_{REFUNDS}", s["refunds"], COMPENSATION_LEVER.buys)


def money_input(label: str, field: str, help: str) -> float | None:
    """A typed amount of money ('150k', '80,000'); None after saying what is wrong. ``label``
    is plain text (it becomes the field's accessible name; ``ui.figures.escape.label``)."""
    s, key = state(), MONEY_KEYS[field]
    if key not in st.session_state:
        st.session_state[key] = s[field]
    text = st.text_input(label_text(label), key=key,
                         help=help + " Type 150000, 150,000, 150k or 1.5m.")
    s[field] = text
    try:
        return parse_money(text, label, maximum=1e11)
    except InputError as e:
        st.error(f"{md(label)}: '{md(text)}' {e.problems[0].message}.")
        return None


def model_input(name: str, cur: str) -> float:
    """A model input drawn on this page under its own key, re-seeded from the current inputs
    whenever they changed elsewhere (a preset, a link, the calculator) since it was drawn."""
    key, seen = f"budget_in_{name}", f"budget_in_{name}_seen"
    if st.session_state.get(seen) != session.params()[name]:
        st.session_state.pop(key, None)
    value = fields.param_input(BY_NAME[name], cur, key=key)
    st.session_state[seen] = value
    return value


def _commit(key: str) -> None:
    """Fold the editor's changes into the stored responses and start a fresh editor."""
    s = state()
    names = [b.name for b in BUDGET_LEVERS]
    for row, changes in st.session_state[key].get("edited_rows", {}).items():
        use, reach, half = s["responses"][names[int(row)]]
        if changes.get("reachable_pct") is not None:
            reach = float(changes["reachable_pct"]) / 100.0
        if changes.get("half_spend") is not None:
            half = float(changes["half_spend"])
        s["responses"][names[int(row)]] = (use, reach, half)
    s["version"] += 1


def responses_editor(p: dict, cur: str) -> pd.DataFrame:
    """The response curves as an editable table; returns the levers in use as a responses
    table (lever, reachable_value, half_spend). The levers' on/off checkboxes come first."""
    lever_choices()
    s = state()
    rows = [(b.label, param_value(BY_NAME[b.name], p[b.name], cur),
             s["responses"][b.name][1] * 100.0, s["responses"][b.name][2])
            for b in BUDGET_LEVERS]
    key = f"budget_responses_v{s['version']}"
    st.data_editor(
        pd.DataFrame(rows, columns=list(EDITOR_COLUMNS)), key=key, hide_index=True,
        on_change=_commit, args=(key,), disabled=["label", "now"],
       width="stretch",
        column_config={
            "label": st.column_config.TextColumn("Lever", width=250),
            "now": st.column_config.TextColumn("Now", width="small"),
            "reachable_pct": st.column_config.NumberColumn(
                "Reachable (%)", min_value=0.0, max_value=100.0, step=0.5, format="%.1f",
                help="The value money can move this lever to, at most."),
            "half_spend": st.column_config.NumberColumn(
                f"Half-spend ({cur} a year)", min_value=1.0, step=1000.0, format="%,.0f",
                help="The yearly spend that buys half the way from now to the reachable value.")})
    st.markdown("What this money buys, for example:\n\n" + "\n".join(
        f"- **{md(b.label)}**: {md(b.buys)}" for b in (*BUDGET_LEVERS, COMPENSATION_LEVER)))
    used = [(b.name, s["responses"][b.name][1], s["responses"][b.name][2])
            for b in BUDGET_LEVERS if s["responses"][b.name][0]]
    if s["refunds"]:
        used.append((REFUNDS, float("nan"), float("nan")))     # no curve: docs/budget.md
    return pd.DataFrame(used, columns=["lever", "reachable_value", "half_spend"],
                        index=pd.RangeIndex(1, len(used) + 1))


def lever_value(name: str, value: float, cur: str) -> str:
    """A lever's value as the page shows it: rates as percentages, compensation as money."""
    return param_value(BY_NAME[name], value, cur)


def split_shown(split: pd.DataFrame, p: dict, cur: str) -> pd.DataFrame:
    """The split table as shown (values as text in each lever's own unit; the CSV keeps the
    numbers): Lever, Spend, Now, After the spend."""
    return pd.DataFrame({
        "Lever": split["label"], "Spend": split["spend"],
        "Now": [lever_value(n, v, cur) for n, v in zip(split["lever"], split["value_now"])],
        "After the spend": [lever_value(n, v, cur)
                            for n, v in zip(split["lever"], split["value_after"])]})


# --- cached calc calls (keyed by plain tuples, so one rerun reuses another's answers) ---------

def _key(p: dict) -> tuple:
    return tuple(sorted(p.items()))


def _resp(responses: pd.DataFrame) -> tuple:
    return tuple(responses.itertuples(index=False, name=None))


def _frame(resp: tuple) -> pd.DataFrame:
    return pd.DataFrame(list(resp), columns=["lever", "reachable_value", "half_spend"])


@st.cache_data(max_entries=64, show_spinner=False)
def _ranked(pk: tuple, cur: str) -> pd.DataFrame:
    return ranked(dict(pk), cur)


@st.cache_data(max_entries=64, show_spinner=False)
def _allocate(pk: tuple, resp: tuple, budget: float):
    return alloc.allocate(dict(pk), _frame(resp), budget)


@st.cache_data(max_entries=32, show_spinner="Finding the best split for each budget...")
def _frontier(pk: tuple, resp: tuple, budget: float):
    return alloc.frontier(dict(pk), _frame(resp), budget, FRONTIER_POINTS)


@st.cache_data(max_entries=64, show_spinner=False)
def _compensation(pk: tuple):
    return best_compensation(dict(pk)), net_value_curve(dict(pk)), uplift_curve(dict(pk))


def lever_ranking(p, cur):
    return _ranked(_key(p), cur)


def allocation(p, responses, budget):
    return _allocate(_key(p), _resp(responses), float(budget))


def frontier(p, responses, budget):
    return _frontier(_key(p), _resp(responses), float(budget))


def compensation(p):
    return _compensation(_key(p))
