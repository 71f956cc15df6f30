"""Who may do what (calc/store/access.py): the trusted-proxy list, the editors' rule, and why
header mode refuses to run. Addresses checked by hand against RFC 4632 prefix arithmetic."""

import pytest

from calc.store import access


def test_trusted_proxies_are_addresses_and_networks():
    nets = access.trusted_networks(" 10.0.0.5, 10.0.1.0/24 ,, 2001:db8::/32")
    assert access.is_trusted("10.0.0.5", nets)
    assert not access.is_trusted("10.0.0.6", nets)
    assert access.is_trusted("10.0.1.255", nets) and not access.is_trusted("10.0.2.0", nets)
    assert access.is_trusted("2001:db8::1", nets) and not access.is_trusted("2001:db9::1", nets)
    assert access.is_trusted("::ffff:10.0.0.5", nets)          # IPv4 seen through IPv6
    assert not access.is_trusted(None, nets)                    # loopback is not in the list
    assert access.is_trusted(None, access.trusted_networks("127.0.0.1"))
    assert not access.is_trusted("127.0.0.2", access.trusted_networks("127.0.0.1"))
    assert not access.is_trusted("not an address", nets)
    with pytest.raises(ValueError, match="'proxy.internal' is not an IP address"):
        access.trusted_networks("10.0.0.5, proxy.internal")


def test_header_mode_says_why_it_will_not_run():
    assert access.header_problem(None, None, None) is None      # not header mode
    assert "RECOVERY_TRUSTED_PROXIES is not" in access.header_problem("X-Email", "", "")
    assert "is not an IP address" in access.header_problem("X-Email", "10.0.0.300", "")
    assert "FORWARDED_ALLOW_IPS is not set" in access.header_problem("X-Email", "10.0.0.5", None)
    assert access.header_problem("X-Email", "10.0.0.5", "") is None


def test_editors_are_emails_or_domains():
    rules = access.editor_rules("Ana@Example.com, @finance.example.com")
    assert access.is_editor("ana@example.com", rules)
    assert access.is_editor("bo@finance.example.com", rules)
    assert not access.is_editor("bo@example.com", rules)
    assert not access.is_editor("eve@evilfinance.example.com.attacker.org", rules)
    assert not access.is_editor("eve@notfinance.example.com", rules)   # not "@finance..."
    assert not access.is_editor(None, rules)
    assert access.editor_rules("  ") is None and access.is_editor("anyone@x.org", None)
