"""Running it for a team, in a real browser: two app servers on one PostgreSQL database, owners
from a sign-on header (Playwright sends it as the proxy would). A scenario saved through one
server appears in the other; another user cannot delete it; a request without the header may
read but not write, and is told why. Screenshots go to artifacts/ (git-ignored)."""

import pytest

import calc
from browser import ARTIFACTS, CHROMIUM_ARGS, chromium_path, streamlit_server, wait_idle
from calc.store.saved import ScenarioStore

playwright = pytest.importorskip("playwright.sync_api")

if chromium_path() is None:
    pytest.fail("chromium is not installed: `make test` installs Debian's chromium "
                "(apt-get install chromium); the browser tests need it", pytrace=False)

HEADER = "X-Forwarded-Email"
ALICE, BOB = "alice@example.com", "bob@example.com"


@pytest.fixture(scope="module")
def team(tmp_path_factory, pg_server):
    """Two streamlit servers sharing one fresh PostgreSQL database."""
    data = tmp_path_factory.mktemp("team")
    url = pg_server.new_database("team")
    # Playwright connects from 127.0.0.1 and sends the header itself, as the proxy would
    env = {"RECOVERY_DATABASE_URL": url, "RECOVERY_USER_HEADER": HEADER,
           "RECOVERY_TRUSTED_PROXIES": "127.0.0.1", "FORWARDED_ALLOW_IPS": ""}
    with streamlit_server(data, env=env, log_name="a.log") as a, \
            streamlit_server(data, env=env, log_name="b.log") as b:
        yield a, b, url


@pytest.fixture(scope="module")
def browser():
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield b
        b.close()


def open_as(browser, base, user=None):
    headers = {HEADER: user} if user else {}
    context = browser.new_context(viewport={"width": 1366, "height": 768},
                                  extra_http_headers=headers)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{base}/scenarios")
    wait_idle(page)
    return page


def load_choice(page) -> str:
    """What the Load tab's scenario box shows (the listing itself is drawn on a canvas)."""
    box = page.locator('[data-testid="stSelectbox"]').first
    return box.inner_text() + " " + " ".join(i.input_value() for i in box.locator("input").all())


def no_exception(page):
    assert page.locator('[data-testid="stException"]').count() == 0


def test_saved_through_one_server_appears_in_the_other(team, browser):
    a, b, url = team
    alice = open_as(browser, a, ALICE)
    alice.get_by_text(f"Signed in as {ALICE}").wait_for()
    alice.get_by_label("Name").fill("Team plan")
    alice.get_by_label("Name").press("Enter")
    wait_idle(alice)
    alice.get_by_role("button", name="Save", exact=True).click()
    alice.get_by_text("Saved 'Team plan'.").wait_for()
    no_exception(alice)
    alice.screenshot(path=str(ARTIFACTS / "team_alice_server_a.png"), full_page=True)
    assert ScenarioStore(url=url).get("team plan").owner == ALICE     # in the shared database

    bob = open_as(browser, b, BOB)
    bob.get_by_text("Saved scenarios (1)").wait_for()
    bob.screenshot(path=str(ARTIFACTS / "team_bob_sees_it.png"), full_page=True)
    assert "Team plan" in load_choice(bob)
    no_exception(bob)
    alice.context.close()
    bob.context.close()


def test_another_user_cannot_delete_it(team, browser):
    a, b, url = team
    bob = open_as(browser, b, BOB)
    bob.get_by_role("tab", name="Delete").click()
    bob.get_by_text("Nothing here you may delete.").wait_for()
    assert "only their owner can change them" in bob.locator("body").inner_text()
    # saving over it is refused too, with whose it is
    bob.get_by_label("Name").fill("TEAM PLAN")
    bob.get_by_label("Name").press("Enter")
    wait_idle(bob)
    bob.get_by_role("button", name="Save", exact=True).click()
    bob.get_by_text("belongs to").wait_for()
    text = bob.locator('[data-testid="stAlertContentError"]').inner_text()
    assert ALICE in text and "Save yours under another name" in text
    bob.screenshot(path=str(ARTIFACTS / "team_bob_server_b.png"), full_page=True)
    saved = ScenarioStore(url=url).get("Team plan")
    assert saved.owner == ALICE and saved.params == calc.DEFAULTS
    bob.context.close()

    alice = open_as(browser, b, ALICE)               # the owner, through the other server
    alice.get_by_role("tab", name="Delete").click()
    alice.get_by_role("button", name="Delete...").click()
    alice.get_by_role("button", name="Delete it").click()
    alice.get_by_text("Deleted 'Team plan': it is in the bin").wait_for()
    assert ScenarioStore(url=url).names() == []
    [binned] = ScenarioStore(url=url).bin()                 # kept, with who deleted it
    assert (binned.name, binned.saved_by, binned.params) == ("Team plan", ALICE, calc.DEFAULTS)
    alice.get_by_text("Bin: deleted scenarios (1)").wait_for()
    alice.context.close()


def test_without_the_header_one_may_read_but_not_write(team, browser):
    a, b, url = team
    ScenarioStore(url=url, owners=True).save("Read me", calc.DEFAULTS, user=ALICE)
    anonymous = open_as(browser, a)
    anonymous.get_by_text("did not come with a signed-in user").wait_for()
    assert anonymous.get_by_role("button", name="Save", exact=True).is_disabled()
    assert "Read me" in load_choice(anonymous)
    no_exception(anonymous)
    anonymous.screenshot(path=str(ARTIFACTS / "team_no_header.png"), full_page=True)
    anonymous.context.close()
