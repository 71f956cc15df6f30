"""The dashboard: `make run` (or `streamlit run app.py`). Pages are declared here; each page
script (in app_pages/) reads widgets, calls calc and draws.

The page scripts are not in a folder named `pages/`: Streamlit 1.67 still treats such a folder
as the legacy multipage app until some session has run this file, so the first visitor of a
fresh server who opened a page link (say /sensitivity) got the legacy navigation and the link's
inputs were ignored. A browser test opens a page link first to keep this fixed."""

import streamlit as st

from ui.state import deferred
from ui.state import fields
from ui.state import link
from ui.state import session
from ui.state import share
from ui.state import signin

st.set_page_config(page_title="Service recovery value", page_icon=":material/support_agent:",
                   layout="wide")
# Before anything else: with sign-in configured, nothing (not a figure, not the navigation) is
# drawn until the visitor has signed in; a header mode that is not safe stops here, saying why.
signin.gate()

PAGES = [
    st.Page("app_pages/calculator.py", title="Calculator", icon=":material/calculate:", default=True),
    st.Page("app_pages/sensitivity.py", title="Sensitivity", icon=":material/tune:"),
    st.Page("app_pages/budget.py", title="Budget", icon=":material/savings:"),
    st.Page("app_pages/uncertainty.py", title="Uncertainty", icon=":material/casino:"),
    st.Page("app_pages/scenarios.py", title="Scenarios", icon=":material/bookmarks:"),
    st.Page("app_pages/segments.py", title="Segments", icon=":material/view_list:"),
    st.Page("app_pages/calibrate.py", title="Calibrate", icon=":material/fact_check:"),
    st.Page("app_pages/staffing.py", title="Staffing", icon=":material/headset_mic:"),
    st.Page("app_pages/methodology.py", title="Methodology", icon=":material/menu_book:"),
]

nav = st.navigation(PAGES)
share.PAGE_PATHS[:] = [page.url_path for page in PAGES]
# A shared link may carry inputs, the currency and the scenario name; apply them before any
# widget is drawn. Then the inputs take the values their widgets hold, and the address bar and
# the share box are written from them, so every page's link is right whatever page came before.
# A message about a bad link is said once, and again in the run a new session's browser asks
# for to draw the inputs and charts (ui/state/deferred.py).
link_messages = session.apply_query_params()
if deferred.waking():
    session.reassert_text_fields()     # see there: the browser may have shown them blank
fields.sync_from_widgets()
session.write_query_params(session.params())
if link_messages:
    st.session_state["_link_messages"] = link_messages
elif not deferred.just_woke():
    st.session_state.pop("_link_messages", None)
with st.sidebar:
    if session.CURRENCY_KEY not in st.session_state:
        st.session_state[session.CURRENCY_KEY] = session.DEFAULT_CURRENCY
    st.text_input("Currency symbol", key=session.CURRENCY_KEY,
                  max_chars=session.MAX_CURRENCY_CHARS,
                  help="Shown on every money figure. The model never converts currencies: "
                       "enter every amount in this one currency.")
    share.share_box(nav.url_path, copy=not (nav.url_path == "" and deferred.pending()))
    st.caption("How every figure is computed: the Methodology page.")
    dropped = link.dropped_by_server()              # an invisible probe, last in the sidebar
    session.scroll_top_if_asked()
link.show(st.session_state.get("_link_messages", []) + dropped)   # above whichever page
nav.run()
