"""Issue 12 in a real browser: rapid key presses never leave the field, the figures and the link
disagreeing; "150k" is 150,000; the share link restores the page it came from; every page at
1366x768 (screenshots in artifacts/ux_*.png). One server, one browser; each test opens its own
page, so the order does not matter."""

import re

import pytest

import calc
from browser import ARTIFACTS, chromium_path, metric_value, query, settle, wait_idle
from browser import calculator_ready as ready
from calc.text.format import money_short   # the cards show the compact form

playwright = pytest.importorskip("playwright.sync_api")
if chromium_path() is None:
    pytest.fail("chromium is not installed: `make test` installs Debian's chromium",
                pytrace=False)


def test_rapid_key_presses_leave_field_figures_and_link_agreeing(page):
    url, pg = page
    pg.goto(url)
    ready(pg)
    field = pg.get_by_role("textbox", name="Failure rate (%, fraction of customers)")
    # values typed and committed as fast as the keyboard goes, arrow keys in between (they
    # stepped the old slider and number field), each round ending at a known value
    for values, delay in ((["31", "32.5", "34"], 0), (["35", "36.5"], 20),
                          (["29", "28.5", "27", "33"], 0)):
        for v in values:
            field.click()
            pg.keyboard.press("Control+a")
            pg.keyboard.type(v, delay=delay)
            pg.keyboard.press("ArrowUp")
            pg.keyboard.press("Enter")
        settle(pg)
        shown = field.input_value()
        rate = float(shown) / 100
        want = calc.evaluate(failure_rate=rate)["net_value"]
        assert metric_value(pg, "Net value") == money_short(want)
        assert query(pg).get("failure_rate") == calc.model.params.format_value(rate), (shown, pg.url)
        assert shown == values[-1]


def test_150k_in_a_money_field_is_150000(page):
    url, pg = page
    pg.goto(url)
    ready(pg)
    pg.get_by_text("Costs", exact=True).click()
    box = pg.locator('[data-testid="stTextInput"]').filter(has_text="Program fixed cost") \
        .get_by_role("textbox")
    box.fill("150k")
    box.press("Enter")
    settle(pg)
    assert box.input_value() == "150,000"
    assert query(pg)["program_fixed_cost"] == "150000"
    want = calc.evaluate(program_fixed_cost=150000)["net_value"]
    assert metric_value(pg, "Net value") == money_short(want)


def share_link(pg) -> str:
    return pg.locator('[data-testid="stSidebar"] [data-testid="stCode"]').inner_text().strip()


def test_share_link_restores_the_page_the_inputs_and_the_name(page, browser):
    url, pg = page
    pg.goto(f"{url}/?failure_rate=0.35&scenario=North%20region")
    ready(pg)
    for name in ("Sensitivity", "Scenarios", "Uncertainty"):
        pg.locator('[data-testid="stSidebarNav"]').get_by_text(name, exact=True).click()
        pg.get_by_role("heading", name=name).first.wait_for()
        wait_idle(pg)
    link = share_link(pg)
    assert re.search(r"/uncertainty\?", link), link
    assert "failure_rate=0.35" in link and "scenario=North+region" in link
    # a colleague opens it in a new browser session
    _, b = browser
    other = b.new_context(viewport={"width": 1366, "height": 768}).new_page()
    other.goto(link)
    other.get_by_role("heading", name="Uncertainty").first.wait_for()
    wait_idle(other)
    other.locator('[data-testid="stSidebarNav"]').get_by_text("Calculator", exact=True).click()
    ready(other)
    want = calc.evaluate(failure_rate=0.35)["net_value"]
    assert metric_value(other, "Net value") == money_short(want)
    assert other.get_by_role("textbox", name="Scenario name (for downloads and the link)") \
        .input_value() == "North region"
    other.context.close()


@pytest.mark.parametrize("name, prepare", [
    ("Calculator", None), ("Sensitivity", None), ("Uncertainty", "Run"),
    ("Scenarios", None), ("Segments", "Use the sample (6 segments)"),
    ("Calibrate", "Use the sample log (20,000 rows)"), ("Methodology", None)])
def test_pages_at_1366x768_have_nothing_cut_off(page, name, prepare):
    url, pg = page
    pg.goto(url)
    ready(pg)
    if name != "Calculator":
        pg.locator('[data-testid="stSidebarNav"]').get_by_text(name, exact=True).click()
        # the page has switched (its address), and drawn its title, before anything is judged
        pg.wait_for_url(re.compile(f"/{name.lower()}"))
        pg.locator("h1").first.wait_for()
        wait_idle(pg)
    if prepare:
        pg.get_by_role("button", name=prepare, exact=True).click()
        settle(pg)
    assert pg.locator('[data-testid="stException"]').count() == 0
    # metric tiles show their whole label and value (no ellipsis)
    cut = pg.evaluate("""() => [...document.querySelectorAll(
            '[data-testid="stMetricLabel"] p, [data-testid="stMetricValue"] div')]
        .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.innerText)""")
    assert not cut, cut
    pg.screenshot(path=str(ARTIFACTS / f"ux_{name.lower()}.png"))
