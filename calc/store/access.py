"""Who may do what with saved scenarios, when several people share the dashboard (issue 23).

Two ways to know who is asking: Streamlit's own sign-in (``st.login``, an ``[auth]`` section in
``.streamlit/secrets.toml``) or a sign-on proxy that names the user in a header
(``RECOVERY_USER_HEADER``). A header is believed only on a request whose connection comes from
an address in ``RECOVERY_TRUSTED_PROXIES`` (addresses or networks, comma-separated), as
Grafana's auth proxy does with its whitelist: anyone else could type any e-mail into it.

``RECOVERY_EDITORS`` (comma-separated e-mails, or ``@domain`` for everyone of a domain) may save;
everyone else signed in may read, load and export. Unset: everyone signed in may save. Owners
alone replace, rename or delete their scenarios (:mod:`calc.store.saved`); editors may save
copies. Pure functions of text: the dashboard (ui/state/signin.py) reads the settings.
"""

from __future__ import annotations

import ipaddress
import os

EDITORS_ENV = "RECOVERY_EDITORS"
TRUSTED_ENV = "RECOVERY_TRUSTED_PROXIES"
# uvicorn (under Streamlit) rewrites a connection's address from X-Forwarded-For when the
# connection comes from an address in this setting (default: loopback). Set empty, the address
# is the connection's own and a client cannot choose it.
FORWARDED_ENV = "FORWARDED_ALLOW_IPS"
LOOPBACK = "127.0.0.1"      # Streamlit reports a loopback connection's address as None


def trusted_networks(text: str | None) -> list:
    """The networks in a RECOVERY_TRUSTED_PROXIES value; ValueError naming a bad entry."""
    out = []
    for item in (text or "").split(","):
        item = item.strip()
        if not item:
            continue
        try:
            out.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ValueError(f"{TRUSTED_ENV}: '{item}' is not an IP address or network (e.g. "
                             f"10.0.0.5 or 10.0.0.0/24)") from None
    return out


def is_trusted(address: str | None, networks: list) -> bool:
    """Whether a connection from ``address`` (None: loopback, as Streamlit reports it) comes
    from a trusted proxy."""
    try:
        ip = ipaddress.ip_address(address or LOOPBACK)
    except ValueError:
        return False
    if getattr(ip, "ipv4_mapped", None):
        ip = ip.ipv4_mapped
    return any(ip in net for net in networks if net.version == ip.version)


def header_problem(header: str | None, trusted: str | None,
                   forwarded: str | None) -> str | None:
    """Why header mode cannot start with these settings, or None. ``forwarded``: the value of
    FORWARDED_ALLOW_IPS (None when unset)."""
    if not header:
        return None
    try:
        networks = trusted_networks(trusted)
    except ValueError as e:
        return str(e) + "."
    if not networks:
        return (f"{header} names the signed-in user (RECOVERY_USER_HEADER is set), but "
                f"{TRUSTED_ENV} is not: anyone who reaches this server could type any e-mail "
                f"into that header and act as its owner. Set {TRUSTED_ENV} to the address of "
                f"the sign-on proxy (e.g. 10.0.0.5, or 127.0.0.1 for a proxy on this server), "
                f"then restart the app.")
    if forwarded is None:
        return (f"{FORWARDED_ENV} is not set, so the web server takes a connection's address "
                f"from its X-Forwarded-For header when it comes from this machine, and a "
                f"local client could pretend to be the proxy. Start the app with "
                f"{FORWARDED_ENV}= (empty; `make run` does), then restart it.")
    return None


def editor_rules(text: str | None) -> list[str] | None:
    """The RECOVERY_EDITORS entries, lower-cased; None when unset or empty (everyone)."""
    items = [x.strip().casefold() for x in (text or "").split(",") if x.strip()]
    return items or None


def is_editor(email: str | None, rules: list[str] | None) -> bool:
    """Whether a signed-in user may save: an e-mail listed, or one of an ``@domain`` listed."""
    if not email:
        return False
    if rules is None:
        return True
    email = email.strip().casefold()
    return any(email == r or (r.startswith("@") and email.endswith(r)) for r in rules)


def settings() -> dict:
    """The settings from the environment (for the dashboard)."""
    return {"header": os.environ.get("RECOVERY_USER_HEADER") or None,
            "trusted": os.environ.get(TRUSTED_ENV), "forwarded": os.environ.get(FORWARDED_ENV),
            "editors": os.environ.get(EDITORS_ENV)}
