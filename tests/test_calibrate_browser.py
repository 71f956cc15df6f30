"""Issue 24 item 12 in a real browser at 1366x768: "Use as the calculator's baseline" lands on
the calculator's top with the headline in view; the calculator shows the log's estimates to the
registry's precision while the link keeps every digit; coming back, the uploaded log is still
there. Screenshots in artifacts/calibrate_*.png."""

import re
import urllib.parse

import pytest

from browser import ARTIFACTS, CHROMIUM_ARGS, ROOT, chromium_path, streamlit_server, wait_idle

playwright = pytest.importorskip("playwright.sync_api")
if chromium_path() is None:
    pytest.fail("chromium is not installed: `make test` installs Debian's chromium",
                pytrace=False)

LOG = ROOT / "sample_inputs" / "case_log.csv"


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    data = tmp_path_factory.mktemp("calibrate")
    ARTIFACTS.mkdir(exist_ok=True)
    with streamlit_server(data) as url, playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        pg = b.new_context(viewport={"width": 1366, "height": 768}).new_page()
        pg.set_default_timeout(60_000)
        yield url, pg
        b.close()


def settle(pg):
    for _ in range(2):
        pg.wait_for_timeout(500)
        wait_idle(pg, 60_000)


def test_round_trip(page):
    url, pg = page
    # as a user does: the calculator first, read down to its downloads, then Calibrate
    pg.goto(url)
    pg.get_by_role("heading", name="Inputs").wait_for()
    settle(pg)
    pg.get_by_role("button", name="Download cash-flow projection").scroll_into_view_if_needed()
    pg.get_by_role("link", name="Calibrate").click()
    pg.get_by_text("Plan a test of the program").wait_for()
    settle(pg)
    pg.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(LOG))
    pg.get_by_text("Rates, with 95% Wilson intervals").wait_for()
    settle(pg)
    pg.screenshot(path=str(ARTIFACTS / "calibrate_estimates.png"))
    button = pg.get_by_role("button", name="Use as the calculator's baseline")
    button.scroll_into_view_if_needed()
    button.click()
    pg.get_by_role("heading", name="Service recovery calculator").wait_for()
    settle(pg)
    pg.get_by_role("heading", name="Inputs").wait_for()
    settle(pg)
    pg.screenshot(path=str(ARTIFACTS / "calibrate_to_calculator.png"))
    # the headline's first card is on screen, the page at its top
    box = pg.locator('[data-testid="stMetric"]').filter(has_text="Net value").first.bounding_box()
    title = pg.get_by_role("heading", name="Service recovery calculator").bounding_box()
    assert 0 <= title["y"] < 200, title
    # the what-if strip sits above the headline, and the calculator says where the inputs
    # came from: the net value card shows its label and figure in the first screen
    assert box is not None and 0 <= box["y"] and box["y"] + 0.6 * box["height"] <= 768, box
    # the field rounds to the cent; the link keeps the log's full estimate
    # (the name's '$' may come escaped until item 4 of the issue lands: match its start)
    field = pg.get_by_role("textbox", name=re.compile(r"^Revenue per customer"))
    shown = field.input_value()
    linked = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(pg.url).query))
    full = float(linked["revenue_per_customer"])
    assert full != round(full, 2)                        # the log's mean has more digits
    assert shown == f"{round(full, 2):,.2f}".rstrip("0").rstrip("."), (shown, full)
    # back on Calibrate the log is still in use, without uploading it again
    pg.get_by_role("link", name="Calibrate").click()
    pg.get_by_text("Rates, with 95% Wilson intervals").wait_for()
    settle(pg)
    assert pg.get_by_text("Using case_log.csv, uploaded earlier in this session").count() == 1
    pg.screenshot(path=str(ARTIFACTS / "calibrate_back.png"))
    # removing it is possible
    pg.get_by_role("button", name="Forget this file").click()
    settle(pg)
    assert pg.get_by_text("Rates, with 95% Wilson intervals").count() == 0
