"""The dashboard: `make run` (or `streamlit run app.py`). Pages are declared here; each page
script (in app_pages/) reads widgets, calls calc and draws.

The page scripts are not in a folder named `pages/`: Streamlit 1.67 still treats such a folder
as the legacy multipage app until some session has run this file, so the first visitor of a
fresh server who opened a page link (say /sensitivity) got the legacy navigation and the link's
inputs were ignored. A browser test opens a page link first to keep this fixed."""

import streamlit as st

from ui import link, session

st.set_page_config(page_title="Service recovery value", page_icon=":material/support_agent:",
                   layout="wide")

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
# A shared link may carry inputs and the currency; apply them before any widget is drawn.
link_messages = session.apply_query_params()
with st.sidebar:
    if session.CURRENCY_KEY not in st.session_state:
        st.session_state[session.CURRENCY_KEY] = session.DEFAULT_CURRENCY
    st.text_input("Currency symbol", key=session.CURRENCY_KEY,
                  max_chars=session.MAX_CURRENCY_CHARS,
                  help="Shown on every money figure. The model never converts currencies: "
                       "enter every amount in this one currency.")
    st.caption("Model: shared/MODEL.md, explained on the Methodology page.")
    link_messages += link.dropped_by_server()       # an invisible probe, last in the sidebar
link.show(link_messages)                            # above whichever page the link opens
nav.run()
