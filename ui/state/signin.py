"""Who is using the dashboard, and the gate every page passes first (issue 23).

Three modes, from the server's settings (calc/store/access.py has the rules):

* **single** (the default): no sign-in, no owners; anyone may change anything, and nothing saved
  is lost (every replace and delete keeps a version).
* **sign-in** (an ``[auth]`` section in ``.streamlit/secrets.toml``): every page asks the visitor
  to sign in with ``st.login`` first, before any figure; the sidebar says who is signed in and
  offers a sign-out; ``st.user.email`` owns what they save.
* **header** (``RECOVERY_USER_HEADER``): a sign-on proxy names the user; the header is believed
  only on connections from ``RECOVERY_TRUSTED_PROXIES``. Without that list every page says why
  it will not run.

``RECOVERY_EDITORS`` limits saving to some users in either of the last two modes.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
import streamlit.components.v2 as components_v2

from calc.store import access
from ui.figures.escape import md


@dataclass(frozen=True)
class Who:
    mode: str                   # "single", "signin" or "header"
    user: str | None            # the signed-in e-mail (owner of what they save)
    may_save: bool
    why: str | None = None      # why this visitor may only read (None: may save)


def auth_configured() -> bool:
    """Whether .streamlit/secrets.toml has an [auth] section. A secrets file that cannot be
    read fails loudly (Streamlit's own error), never quietly turning sign-in off."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:                   # no secrets file at all
        return False


def mode() -> str:
    if auth_configured():
        return "signin"
    return "header" if access.settings()["header"] else "single"


def who() -> Who:
    """The visitor of this request."""
    s = access.settings()
    rules = access.editor_rules(s["editors"])
    m = mode()
    if m == "single":
        return Who(m, None, True)
    if m == "signin":
        email = (st.user.get("email") or "").strip()[:200] if st.user.is_logged_in else ""
        if not email:
            return Who(m, None, False, "Your sign-in did not give an e-mail address, so "
                                       "scenarios can be read and loaded here but not saved. "
                                       "Ask whoever runs this dashboard to add the 'email' "
                                       "scope or claim at the identity provider")
    else:
        header = s["header"]
        address = st.context.ip_address
        if not isinstance(address, str):         # None: a loopback connection
            address = None
        if not access.is_trusted(address, access.trusted_networks(s["trusted"])):
            return Who(m, None, False,
                       f"This request did not come through the company sign-on proxy (it came "
                       f"from {address or 'this server'}), so it is treated as not signed in "
                       f"whatever headers it carries: scenarios can be read and loaded here "
                       f"but not saved, replaced or deleted. Open the dashboard through the "
                       f"company sign-in address")
        email = (st.context.headers.get(header) or "").strip()[:200]
        if not email:
            return Who(m, None, False,
                       f"This request did not come with a signed-in user (no {header} "
                       f"header), so scenarios can be read and loaded here but not saved, "
                       f"replaced or deleted. Open the dashboard through the company sign-in "
                       f"address")
    if not access.is_editor(email, rules):
        return Who(m, email, False, f"You are signed in as {email}, who may read, load and "
                                    f"export scenarios but not save them (saving is for the "
                                    f"editors in {access.EDITORS_ENV}). Ask whoever runs this "
                                    f"dashboard if you should be one")
    return Who(m, email, True)


# Sign-in always comes back to the app's root (Streamlit's callback redirects there), so a shared
# link's page and inputs would be lost on the way. The link is kept in the tab's sessionStorage
# (this origin, this tab only) while the visitor signs in, and opened again once they are back.
# Fixed code, no user data in it: only the address bar's own path and query are stored.
_KEEP_JS = """
export default function () {
  const here = window.location.pathname + window.location.search + window.location.hash;
  if (window.location.search || !/\\/$/.test(window.location.pathname)) {
    window.sessionStorage.setItem("recovery_after_signin", here);
  }
}
"""
_RETURN_JS = """
export default function () {
  const saved = window.sessionStorage.getItem("recovery_after_signin");
  if (!saved) return;
  window.sessionStorage.removeItem("recovery_after_signin");
  const here = window.location.pathname + window.location.search + window.location.hash;
  if (saved.startsWith("/") && !saved.startsWith("//") && saved !== here) {
    window.location.replace(saved);
  }
}
"""
_keep_link = components_v2.component("recovery_keep_link", js=_KEEP_JS)
_return_to_link = components_v2.component("recovery_return_to_link", js=_RETURN_JS)
_RETURN_CHECKED = "_signin_return_checked"


def gate() -> None:
    """Run first on every page: stop before anything is drawn when the visitor must sign in
    first, or when header mode is not safe to run; else show who is signed in."""
    if auth_configured():
        if not st.user.is_logged_in:
            st.title("Service recovery value")
            st.info("Sign in to use this dashboard: it shows and saves your company's "
                    "scenarios, so it needs to know who you are.")
            if st.query_params:
                st.caption("This link's inputs are kept: the page opens with them once you "
                           "have signed in.")
            st.button("Sign in", type="primary", key="signin", on_click=st.login)
            _keep_link(key="keep_link")
            st.stop()
        with st.sidebar:
            if not st.session_state.get(_RETURN_CHECKED):    # a new session: from sign-in?
                st.session_state[_RETURN_CHECKED] = True
                _return_to_link(key="return_to_link")
            email = st.user.get("email") or st.user.get("name") or "(no e-mail)"
            st.caption(f"Signed in: **{md(email)}**")
            st.button("Sign out", key="signout", on_click=st.logout)
        return
    s = access.settings()
    problem = access.header_problem(s["header"], s["trusted"], s["forwarded"])
    if problem:
        st.title("Service recovery value")
        st.error(f"**This dashboard will not run with these settings.** {md(problem)}")
        st.stop()
    if s["header"]:
        current = who()
        if current.user:
            with st.sidebar:
                st.caption(f"Signed in: **{md(current.user)}** (company sign-on)")
