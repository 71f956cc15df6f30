"""Sign-in with st.login, in a real browser against a real OpenID Provider (issue 23).

``oidc-provider-mock`` (a real OpenID Connect provider for tests, on PyPI) runs on a free local
port with three users; the app gets an ``[auth]`` section pointing at it and
``RECOVERY_EDITORS=@example.com``. Chromium signs in through the provider's own authorization
page. Before sign-in no page shows a figure; alice saves; bob loads it but cannot replace it;
carol (not an editor) may read only; alice replaces it and restores her first version, and the
database holds her original inputs exactly. Screenshots go to artifacts/."""

import os
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest

import calc
from browser import (ARTIFACTS, CHROMIUM_ARGS, chromium_path, free_port, streamlit_server,
                     wait_idle)
from calc.store.saved import ScenarioStore

playwright = pytest.importorskip("playwright.sync_api")
pytest.importorskip("authlib")              # streamlit[auth]
pytest.importorskip("oidc_provider_mock")

if chromium_path() is None:
    pytest.fail("chromium is not installed: `make test` installs Debian's chromium "
                "(apt-get install chromium); the browser tests need it", pytrace=False)

ALICE, BOB, CAROL = "alice@example.com", "bob@example.com", "carol@elsewhere.org"
CUSTOMERS = 123457.0                        # alice's input, different from the default


@pytest.fixture(scope="module")
def provider(tmp_path_factory):
    """The OpenID Provider on a free port; yields its base URL."""
    port = free_port()
    log = open(tmp_path_factory.mktemp("oidc") / "provider.log", "w")
    proc = subprocess.Popen([sys.executable, "-m", "oidc_provider_mock", "--port", str(port),
                             "--user", ALICE, "--user", BOB, "--user", CAROL],
                            stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{base}/.well-known/openid-configuration", timeout=2):
                break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("oidc-provider-mock did not start")
            time.sleep(0.2)
    yield base
    proc.terminate()
    proc.wait(timeout=10)
    log.close()


@pytest.fixture(scope="module")
def app(tmp_path_factory, provider):
    data = tmp_path_factory.mktemp("signin")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    secrets = data / "secrets.toml"
    secrets.write_text(f'''[auth]
redirect_uri = "{base}/oauth2callback"
cookie_secret = "{os.urandom(16).hex()}"
client_id = "recovery-dashboard"
client_secret = "{os.urandom(16).hex()}"
server_metadata_url = "{provider}/.well-known/openid-configuration"
''')
    env = {"RECOVERY_EDITORS": "@example.com", "RECOVERY_USER_HEADER": ""}
    with streamlit_server(data, env=env, port=port, args=("--secrets.files", str(secrets))) \
            as url:
        yield url, data


@pytest.fixture(scope="module")
def browser():
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield b
        b.close()


def signed_in(browser, base, user, path="/scenarios"):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(base + "/")
    wait_idle(page)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name=user).click()          # the provider's own page
    page.wait_for_url(f"{base}/**")
    wait_idle(page)
    page.locator('[data-testid="stSidebar"]').get_by_text(f"Signed in: {user}").wait_for()
    page.goto(base + path)
    wait_idle(page)
    return page


def save_as(page, name):
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Name", exact=True).press("Enter")
    wait_idle(page)
    page.get_by_role("button", name="Save", exact=True).click()
    wait_idle(page)


def test_no_page_shows_a_figure_before_sign_in(app, browser):
    base, _ = app
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    for path in ("/", "/sensitivity", "/scenarios", f"/?customers={CUSTOMERS:g}"):
        page.goto(base + path)
        wait_idle(page)
        page.get_by_role("button", name="Sign in").wait_for()
        assert page.locator('[data-testid="stMetric"]').count() == 0
        assert page.locator('[data-testid="stPlotlyChart"]').count() == 0
        assert page.locator('[data-testid="stDataFrame"]').count() == 0
        assert page.locator('[data-testid="stSidebarNav"]').count() == 0
    page.screenshot(path=str(ARTIFACTS / "signin_gate.png"))
    context.close()


def test_a_shared_link_survives_sign_in(app, browser):
    """Sign-in comes back to the app's root; the link's page and inputs are opened again."""
    base, _ = app
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{base}/sensitivity?customers={CUSTOMERS:g}&scenario=Tomas+5y")
    wait_idle(page)
    assert "kept" in page.get_by_text("This link's inputs are kept").inner_text()
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name=BOB).click()             # the provider's own page
    page.wait_for_url(f"{base}/sensitivity?*", timeout=30_000)
    wait_idle(page)
    page.get_by_role("heading", name="Sensitivity").first.wait_for()
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)
    assert query["customers"] == [f"{CUSTOMERS:g}"] and query["scenario"] == ["Tomas 5y"]
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Calculator", exact=True).click()
    wait_idle(page)
    field = page.locator(".st-key-in_customers input")
    field.wait_for()
    assert field.input_value() == f"{CUSTOMERS:,.0f}"
    page.screenshot(path=str(ARTIFACTS / "signin_link_kept.png"))
    context.close()


def test_two_users_one_saves_the_other_cannot_replace_and_a_version_is_restored(app, browser):
    base, data = app
    store = ScenarioStore(data)
    alice = signed_in(browser, base, ALICE, f"/scenarios?customers={CUSTOMERS:g}")
    save_as(alice, "Airline")
    alice.get_by_text("Saved 'Airline'.").wait_for()
    saved = store.get("airline")
    assert saved.owner == ALICE and saved.params["customers"] == CUSTOMERS
    alice.screenshot(path=str(ARTIFACTS / "signin_alice_saved.png"), full_page=True)

    bob = signed_in(browser, base, BOB)                       # the defaults
    save_as(bob, "airline")
    bob.get_by_text("belongs to").wait_for()
    assert ALICE in bob.locator('[data-testid="stAlertContentError"]').inner_text()
    assert store.get("airline").params["customers"] == CUSTOMERS        # unchanged
    bob.screenshot(path=str(ARTIFACTS / "signin_bob_refused.png"), full_page=True)
    wait_idle(bob)
    bob.get_by_role("tab", name="Versions").click()
    assert bob.get_by_role("button", name="Restore version 1").is_disabled()
    bob.get_by_role("tab", name="Load").click()
    bob.get_by_role("button", name="Load into the calculator").click()
    bob.wait_for_url(f"{base}/**customers=123457**")          # loaded: the link carries it
    bob.context.close()

    carol = signed_in(browser, base, CAROL)                   # not an editor: read only
    assert "may read, load and export scenarios but not save them" in \
        carol.locator('[data-testid="stAlertContentWarning"]').first.inner_text()
    assert carol.get_by_role("button", name="Save", exact=True).is_disabled()
    carol.screenshot(path=str(ARTIFACTS / "signin_carol_reads.png"), full_page=True)
    carol.context.close()

    alice.goto(base + "/scenarios?customers=5")              # her own replace, by mistake
    wait_idle(alice)
    save_as(alice, "Airline")
    warning = alice.get_by_text("exists already")
    warning.wait_for()
    assert f"it is {ALICE}'s scenario, saved 20" in warning.inner_text().replace("\\", "")
    alice.get_by_role("button", name="Replace it").click()
    alice.get_by_text("Replaced 'Airline'.").wait_for()
    assert store.get("airline").params["customers"] == 5.0
    wait_idle(alice)
    alice.get_by_role("tab", name="Versions").click()
    alice.get_by_text("Inputs that differ: version 1 and the current one").wait_for()
    alice.screenshot(path=str(ARTIFACTS / "signin_versions.png"), full_page=True)
    alice.get_by_role("button", name="Restore version 1").click()
    alice.get_by_text("Restored 'Airline' to version 1").wait_for()
    back = ScenarioStore(data).get("airline")
    assert back.params == {**calc.DEFAULTS, "customers": CUSTOMERS} and back.owner == ALICE
    assert [v.action for v in ScenarioStore(data).history("airline")] == \
        ["saved", "replaced", "restored"]

    alice.locator('[data-testid="stSidebar"]').get_by_role("button", name="Sign out").click()
    # Streamlit ends the session at the provider too: its own page asks to confirm
    alice.get_by_role("button", name="Sign in").or_(
        alice.get_by_role("button", name="End session")).wait_for()
    if alice.get_by_role("button", name="End session").count():
        alice.get_by_role("button", name="End session").click()
    alice.goto(base + "/scenarios")
    alice.get_by_role("button", name="Sign in").wait_for()
    assert alice.locator('[data-testid="stMetric"]').count() == 0
    alice.context.close()
