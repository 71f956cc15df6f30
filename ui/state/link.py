"""What the shareable link could not do, said once, on whichever page the link opens.

``session.apply_query_params`` restores the inputs from a link and collects what it could not
use; :func:`summary` turns that into ONE message (values cut to a readable length, the list
capped). The server itself drops a link with more than 1,000 values or 512 KiB of text before
the app sees any of it; :func:`dropped_by_server` notices that in the browser and
:func:`dropped_message` says so. ``app.py`` shows the messages above every page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st
import streamlit.components.v2 as components_v2
from streamlit.runtime.state import query_params as _st_query   # the server's own limits

from ui.figures.escape import md

MAX_LISTED = 8              # problems named one by one; the rest are counted
MAX_SHOWN_CHARS = 40        # of a key or value quoted back to the user
SERVER_MAX_FIELDS = getattr(_st_query, "CLIENT_STATE_QUERY_STRING_MAX_FIELDS", 1000)
SERVER_MAX_CHARS = getattr(_st_query, "CLIENT_STATE_QUERY_STRING_MAX_LENGTH", 512 * 1024)


def cut(text, limit: int = MAX_SHOWN_CHARS) -> str:
    """Text quoted back to the user, at most ``limit`` characters ('...' marks a cut)."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


@dataclass
class LinkProblems:
    """What a link held that could not be used."""
    unknown: list[str] = field(default_factory=list)                 # keys that are no input
    bad: list[tuple[str, str, str]] = field(default_factory=list)    # (key, value, what is wrong)
    notes: list[str] = field(default_factory=list)                   # used, but changed

    def __bool__(self) -> bool:
        return bool(self.unknown or self.bad or self.notes)


def summary(problems: LinkProblems) -> str | None:
    """One markdown message for everything wrong with a link (user text escaped), or None."""
    if not problems:
        return None
    lines = [f"- {md(cut(key))} = '{md(cut(value))}': {md(why)}; the default is used."
             for key, value, why in problems.bad]
    lines += [f"- {md(note)}" for note in problems.notes]
    if problems.unknown:
        names = ", ".join(f"'{md(cut(k))}'" for k in problems.unknown[:MAX_LISTED])
        more = len(problems.unknown) - MAX_LISTED
        tail = f" and {more:,} more" if more > 0 else ""
        lines.append(f"- not inputs of this model, ignored: {names}{tail}.")
    if len(lines) > MAX_LISTED + 1:
        rest = len(lines) - MAX_LISTED
        lines = lines[:MAX_LISTED] + [f"- ... and {rest:,} more problems."]
    return ("Some values in this link could not be used; every other input comes from the "
            "link:\n\n" + "\n".join(lines))


def dropped_message(fields: int, chars: int) -> str:
    """The link the server ignored whole, and why."""
    return (f"This link holds {fields:,} values ({chars:,} characters); the server reads links "
            f"of at most {SERVER_MAX_FIELDS:,} values and {SERVER_MAX_CHARS:,} characters, so "
            f"it ignored all of them and every input has its default. A link copied from the "
            f"Calculator holds one value per changed input.")


# Fixed code, no user data: counts the fields of the address bar's query string as the server
# does (one more than the '&'s) and reports once per address when it is over a limit.
_PROBE_JS = """
export default function (component) {
  const { data, setTriggerValue } = component;
  const query = window.location.search.replace(/^\\?/, "");
  if (!query || window.__recoveryLinkChecked === query) return;
  window.__recoveryLinkChecked = query;
  const fields = query.split("&").length;
  if (fields > data.max_fields || query.length > data.max_chars) {
    setTriggerValue("dropped", { fields: fields, chars: query.length });
  }
}
"""
_probe = components_v2.component("recovery_link_probe", js=_PROBE_JS)


def dropped_by_server() -> list[str]:
    """Mounts the (invisible) probe; a message when this run is its report of a dropped link."""
    result = _probe(data={"max_fields": SERVER_MAX_FIELDS, "max_chars": SERVER_MAX_CHARS},
                    key="link_probe", on_dropped_change=lambda: None)
    dropped = getattr(result, "dropped", None)
    if not dropped:
        return []
    return [dropped_message(int(dropped["fields"]), int(dropped["chars"]))]


def show(messages: list[str]) -> None:
    for message in messages:
        st.warning(message, icon=":material/link_off:")
