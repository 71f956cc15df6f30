"""Driving the dashboard headless (streamlit.testing AppTest), shared by the page tests."""

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]


def wake(at):
    """What ui/state/deferred.py's timer does in the browser (AppTest runs no timers): mark the heavy
    part due and run again."""
    at.session_state["_heavy_ready"] = True
    at.session_state["_heavy_woke"] = True
    at.run()


def app(page=None, query=None):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if query:
        at.query_params.update(query)
    at.run()
    wake(at)      # the second run a new session's browser asks for (ui/state/deferred.py)
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown(markdown: str) -> str:
    """What markdown shows: a backslash before punctuation escapes it (the currency symbol in
    metric values is escaped, so a symbol like '$' or '**' shows as typed)."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)
