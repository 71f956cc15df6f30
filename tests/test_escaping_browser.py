"""User text never becomes markup in a real browser: hostile segment names, saved scenario names
and a hostile currency symbol show as typed in every chart, with no live link, no user-chosen
style and no script run.

One server and one browser (Debian's chromium at 1366x768) for the file; the tests run in order.
Screenshots go to artifacts/escaping_*.png (git-ignored).
"""

import csv
import io
import urllib.parse

import pytest
from test_escaping import HOSTILE as ALL_HOSTILE

from browser import ARTIFACTS, CHROMIUM_ARGS, chromium_path, streamlit_server, wait_idle

playwright = pytest.importorskip("playwright.sync_api")

if chromium_path() is None:
    pytest.fail("chromium is not installed: `make test` installs Debian's chromium "
                "(apt-get install chromium); the browser tests need it", pytrace=False)

# What a security review put into names: live links (https, javascript:, data:), user styles,
# event handlers, an image that runs code when it fails to load, and a script.
# (the unit test's list, less the right-to-left and placeholder names, which the store refuses)
HOSTILE = ALL_HOSTILE[:7]
SAVED = HOSTILE[:3]             # the comparison chart shows the first three saved names
CURRENCY = "<i>€"               # at most 5 characters, as the sidebar allows
OUTER_HTML = "els => els.map(e => e.outerHTML.slice(0, 200))"


def segments_csv() -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["scenario", "customers"])
    for i, name in enumerate(HOSTILE):
        w.writerow([name, 10_000 + 1_000 * i])
    return buf.getvalue().encode()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("escaping_data")
    with streamlit_server(data) as url:
        yield url


@pytest.fixture(scope="module")
def page(server):
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        pg = context.new_page()
        pg.set_default_timeout(30_000)
        pg.dialogs = []
        pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
        yield pg
        context.close()
        browser.close()


def open_page(pg, url, path):
    """A page of the app in a new session, the hostile currency symbol given by the link."""
    pg.goto(f"{url}/{path}?" + urllib.parse.urlencode({"currency": CURRENCY}))
    wait_idle(pg)


def shots(pg, name: str) -> None:
    """Screenshots of the whole page at the 1366x768 viewport, one a screenful from the top."""
    main = '[data-testid="stMain"]'
    height = pg.evaluate(f"document.querySelector('{main}').scrollHeight")
    for i, top in enumerate(range(0, max(height, 1), 700)):
        pg.evaluate(f"document.querySelector('{main}').scrollTo(0, {top})")
        pg.wait_for_timeout(300)
        pg.screenshot(path=str(ARTIFACTS / f"{name}_{i}.png"))
    pg.evaluate(f"document.querySelector('{main}').scrollTo(0, 0)")


def charts_are_inert(pg, where: str, expect: list[str]) -> None:
    """Every chart drew, holds no link and no user-styled text, and shows ``expect`` as typed."""
    pg.wait_for_timeout(800)              # plotly draws after the script has finished
    charts = pg.locator(".js-plotly-plot")
    assert charts.count() > 0, where
    for chart in charts.all():
        assert chart.locator(".main-svg").count() > 0, where
    links = pg.locator(".js-plotly-plot a").evaluate_all(OUTER_HTML)
    assert links == [], f"{where}: live links in a chart: {links}"
    # the app's own title style (bold, in a chart title) is the only styled text allowed
    styled = pg.locator(".js-plotly-plot tspan[style]").evaluate_all(
        "els => els.filter(e => !(e.closest('.gtitle') && "
        "e.getAttribute('style') === 'font-weight:bold')).map(e => e.outerHTML.slice(0, 200))")
    assert styled == [], f"{where}: styled text in a chart: {styled}"
    text = " ".join(pg.locator(".js-plotly-plot").all_text_contents())
    for name in expect:
        assert name in text, f"{where}: {name!r} not shown as typed"
    # nowhere on the page (charts or not) a link the user planted, an image or a script
    planted = pg.locator('a[href^="javascript:"], a[href^="data:"], a[href*="example.com"], '
                         '[data-testid="stMain"] img[src="x"], [onmouseover], [onerror]')
    assert planted.count() == 0, where
    assert pg.dialogs == [], f"{where}: a dialog opened: {pg.dialogs}"
    assert pg.locator('[data-testid="stException"]').count() == 0, where


def test_hostile_currency_symbol(server, page):
    page.goto(server)
    wait_idle(page)
    box = page.get_by_label("Currency symbol", exact=True).and_(page.locator("input"))
    box.fill(CURRENCY)
    box.press("Enter")
    wait_idle(page)
    shots(page, "escaping_calculator")
    charts_are_inert(page, "Calculator", [f"{CURRENCY} (discounted)"])


def test_hostile_segment_names(server, page):
    open_page(page, server, "segments")
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        files=[{"name": "hostile.csv", "mimeType": "text/csv", "buffer": segments_csv()}])
    page.get_by_text("7 segments from hostile.csv.").wait_for()
    wait_idle(page)
    page.locator('[data-testid="stPlotlyChart"]').first.scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    page.screenshot(path=str(ARTIFACTS / "escaping_segments_chart.png"))
    shots(page, "escaping_segments")
    charts_are_inert(page, "Segments", HOSTILE + [f"Net value ({CURRENCY})"])
    # the hover box of a bar shows its name as typed too
    # (the last, tallest bar, hovered through Playwright, which scrolls it into view: a mouse
    # moved to the first, 14-pixel bar's box raised no hover box once the page gained its
    # segment editor above the chart)
    page.locator(".js-plotly-plot .bars .point path").last.hover(force=True)
    page.locator(".js-plotly-plot .hoverlayer .hovertext").first.wait_for()
    page.screenshot(path=str(ARTIFACTS / "escaping_segments_hover.png"))
    assert HOSTILE[-1] in page.locator(".js-plotly-plot .hoverlayer").first.text_content()
    charts_are_inert(page, "Segments, hovering", [])


def test_hostile_saved_scenario_names(server, page):
    open_page(page, server, "scenarios")
    for name in SAVED:
        field = page.get_by_label("Name", exact=True).and_(page.locator("input"))
        field.fill(name)
        field.press("Enter")
        wait_idle(page)
        page.get_by_role("button", name="Save", exact=True).click()
        wait_idle(page)
        page.get_by_text(f"Saved scenarios ({SAVED.index(name) + 1})").wait_for()
    open_page(page, server, "scenarios")     # a colleague opens the page: all three compared
    page.get_by_role("tab", name="Compare").click()
    wait_idle(page)
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    page.screenshot(path=str(ARTIFACTS / "escaping_scenarios_chart.png"))
    shots(page, "escaping_scenarios")
    charts_are_inert(page, "Scenarios comparison", SAVED)


def test_link_over_the_server_limit_says_so(server, page):
    # the server drops a query string of more than 1,000 values before the app sees it
    query = "&".join(f"k{i}=1" for i in range(1_200))
    page.goto(f"{server}/sensitivity?failure_rate=0.35&{query}")
    wait_idle(page)
    box = page.locator('[data-testid="stAlertContentWarning"]').filter(has_text="1,201 values")
    box.wait_for()
    assert "at most 1,000 values" in box.inner_text()
    assert page.locator("h1").first.inner_text().strip() == "Sensitivity"
    page.screenshot(path=str(ARTIFACTS / "escaping_link_dropped.png"))


def test_link_problems_show_on_the_page_it_opens(server, page):
    page.goto(f"{server}/segments?failure_rate=7&customers=lots&" + "nonsense=" + "x" * 500)
    wait_idle(page)
    boxes = page.locator('[data-testid="stAlertContentWarning"]').filter(has_text="this link")
    assert boxes.count() == 1
    text = boxes.inner_text()
    assert "failure_rate = '7'" in text and "customers = 'lots'" in text and "'nonsense'" in text
    assert "x" * 41 not in text
    page.screenshot(path=str(ARTIFACTS / "escaping_link_problems.png"))
