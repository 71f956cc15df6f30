"""Header mode in a real browser: the header is believed only from the trusted proxy (issue 23).

The app trusts only 127.0.0.2 (RECOVERY_TRUSTED_PROXIES) and takes no address from
X-Forwarded-For (FORWARDED_ALLOW_IPS empty). The "proxy" is a plain TCP relay in this test that
connects to the app from 127.0.0.2, as a sign-on proxy on another address would. Chromium sends
the user header itself (and an X-Forwarded-For naming the proxy, as a forger would):

* straight to the app (from 127.0.0.1): treated as not signed in, Save disabled, and a save
  sent anyway changes nothing;
* the same header through the relay (from 127.0.0.2): signed in, the save lands, owned by them.
"""

import socket
import threading

import pytest

import calc
from browser import ARTIFACTS, CHROMIUM_ARGS, chromium_path, streamlit_server, wait_idle
from calc.store.saved import ScenarioStore

playwright = pytest.importorskip("playwright.sync_api")

if chromium_path() is None:
    pytest.fail("chromium is not installed: `make test` installs Debian's chromium "
                "(apt-get install chromium); the browser tests need it", pytrace=False)

HEADER = "X-Forwarded-Email"
MALLORY = "alice@example.com"           # the e-mail a forger types into the header


class Relay:
    """Accept on 127.0.0.1:<free port>; relay each connection to the app from 127.0.0.2."""

    def __init__(self, target_port: int, source: str = "127.0.0.2"):
        self.target, self.source = target_port, source
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(64)
        self.port = self.server.getsockname()[1]
        self.open = True
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while self.open:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            upstream = socket.socket()
            upstream.bind((self.source, 0))
            upstream.connect(("127.0.0.1", self.target))
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(a, b):
        try:
            while data := a.recv(65536):
                b.sendall(data)
        except OSError:
            pass
        finally:
            for s in (a, b):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def close(self):
        self.open = False
        self.server.close()


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    data = tmp_path_factory.mktemp("proxy")
    env = {"RECOVERY_USER_HEADER": HEADER, "RECOVERY_TRUSTED_PROXIES": "127.0.0.2",
           "FORWARDED_ALLOW_IPS": ""}
    with streamlit_server(data, env=env) as url:
        port = int(url.rsplit(":", 1)[1])
        relay = Relay(port)
        yield url, f"http://127.0.0.1:{relay.port}", data
        relay.close()


@pytest.fixture(scope="module")
def browser():
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield b
        b.close()


def open_as(browser, base, headers):
    context = browser.new_context(viewport={"width": 1366, "height": 768},
                                  extra_http_headers=headers)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{base}/scenarios")
    wait_idle(page)
    return page


def test_a_forged_header_from_an_untrusted_address_changes_nothing(app, browser):
    direct, _, data = app
    ScenarioStore(data, owners=True).save("Airline", {**calc.DEFAULTS, "customers": 7.0},
                                          user=MALLORY)
    forged = open_as(browser, direct, {HEADER: MALLORY, "X-Forwarded-For": "127.0.0.2"})
    forged.get_by_text("did not come through the company sign-on proxy").wait_for()
    save = forged.get_by_role("button", name="Save", exact=True)
    assert save.is_disabled()
    # the delete and rename tabs offer nothing, and nothing says it is signed in
    forged.get_by_role("tab", name="Delete").click()
    forged.get_by_text("Nothing here you may delete.").wait_for()
    assert forged.locator('[data-testid="stSidebar"]').get_by_text("Signed in").count() == 0
    # a click sent to the disabled button anyway (as a script would) saves nothing
    save.dispatch_event("click")
    wait_idle(forged)
    forged.screenshot(path=str(ARTIFACTS / "proxy_forged_header.png"))
    s = ScenarioStore(data)
    assert s.names() == ["Airline"] and s.get("airline").params["customers"] == 7.0
    assert len(s.history("airline")) == 1
    forged.context.close()


def test_the_same_header_through_the_trusted_proxy_can_write(app, browser):
    _, proxied, data = app
    page = open_as(browser, proxied, {HEADER: MALLORY})
    page.locator('[data-testid="stSidebar"]').get_by_text(f"Signed in: {MALLORY}").wait_for()
    page.get_by_label("Name", exact=True).fill("Through the proxy")
    page.get_by_label("Name", exact=True).press("Enter")
    wait_idle(page)
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Saved 'Through the proxy'.").wait_for()
    page.screenshot(path=str(ARTIFACTS / "proxy_trusted.png"))
    assert ScenarioStore(data).get("through the proxy").owner == MALLORY
    page.context.close()
