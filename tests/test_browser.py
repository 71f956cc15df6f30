"""The dashboard in a real browser: `streamlit run app.py` on a free port, Debian's chromium
driven by Playwright. Screenshots of every page go to artifacts/ (git-ignored).

Every test opens its own browser context (no cookies, no page state from another test) and
makes the state it checks, so any one test runs alone or in any order. They wait on the page's
state (the script has finished, a metric shows a value, the charts have drawn), never a fixed
time.
"""

import math
import time
from pathlib import Path

import pandas as pd
import pytest

import calc
from browser import ARTIFACTS, CHROMIUM_ARGS, chromium_path, metric_value, streamlit_server, wait_idle
from calc.files.scenarios import read_scenarios
from calc.text.format import money_short   # the cards show the compact form

playwright = pytest.importorskip("playwright.sync_api")

if chromium_path() is None:
    pytest.fail("chromium is not installed: `make test` installs Debian's chromium "
                "(apt-get install chromium); the browser tests need it", pytrace=False)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("browser_data")
    with streamlit_server(data) as url:
        yield url, data


@pytest.fixture(scope="module")
def browser():
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1800}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()


def no_errors(pg):
    assert pg.locator('[data-testid="stException"]').count() == 0
    errors = pg.locator('[data-testid="stAlertContentError"]')
    assert errors.count() == 0, errors.all_inner_texts()


def goto(pg, url):
    pg.goto(url)
    wait_idle(pg)


def shows(pg, label, value, timeout=15_000):
    """Wait until the metric labelled ``label`` shows ``value``."""
    pg.wait_for_function(
        """([label, want]) => [...document.querySelectorAll('[data-testid="stMetric"]')]
            .some(m => m.innerText.includes(label) && m.innerText.includes(want))""",
        arg=[label, value], timeout=timeout)


def charts_drawn(pg):
    """Wait until every plotly chart on the page has drawn its figure."""
    pg.wait_for_function(
        """() => [...document.querySelectorAll('.js-plotly-plot')]
            .every(c => c._fullLayout && c.querySelector('.main-svg'))""")


def test_first_visit_to_a_page_link_gets_the_app_and_the_link_inputs(tmp_path, page):
    # its own server: the bug this guards against showed on a server's very first visitor
    with streamlit_server(tmp_path) as url:
        goto(page, f"{url}/sensitivity?failure_rate=0.35")
        nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
        assert "Calculator" in nav and "Methodology" in nav
        assert "app" not in nav.split()            # not the legacy automatic navigation
        no_errors(page)
        goto(page, f"{url}/?failure_rate=0.35")
        expected = calc.evaluate(failure_rate=0.35)["net_value"]
        assert metric_value(page, "Net value") == money_short(expected)


def test_typed_input_shows_calc_net_value(server, page):
    url, _ = server
    goto(page, url)
    assert metric_value(page, "Net value") == money_short(calc.evaluate()["net_value"])
    page.get_by_role("heading", name="Inputs").wait_for()       # inputs follow the figures
    wait_idle(page)
    field = page.get_by_role("textbox", name="Failure rate (%, fraction of customers)")
    # 30% -> 40% in steps of 2.5 points, typed as a person would, each confirmed with Enter
    for rate in (32.5, 35, 37.5):
        field.fill(f"{rate:g}")
        field.press("Enter")
        shows(page, "Net value", money_short(calc.evaluate(failure_rate=rate / 100)["net_value"]))
        wait_idle(page)
    expected = money_short(calc.evaluate(failure_rate=0.40)["net_value"])
    field.fill("40")
    started = time.perf_counter()
    field.press("Enter")
    shows(page, "Net value", expected)
    latency = time.perf_counter() - started
    wait_idle(page)
    assert metric_value(page, "Net value") == expected
    (ARTIFACTS / "browser_latency.txt").write_text(f"{latency:.3f}\n")
    assert "failure_rate=0.4" in page.url      # the shareable link follows the input
    no_errors(page)
    page.screenshot(path=str(ARTIFACTS / "calculator.png"), full_page=True)


def test_downloaded_results_match_calc(server, page):
    url, _ = server
    goto(page, f"{url}/?failure_rate=0.4")      # the link sets the input
    shows(page, "Net value", money_short(calc.evaluate(failure_rate=0.40)["net_value"]))
    with page.expect_download() as info:
        page.get_by_role("button", name="Download scenario + results (CSV)").click()
    path = info.value.path()
    got = pd.read_csv(path)
    want = calc.evaluate_table(pd.DataFrame([{"scenario": "my scenario",
                                               **{**calc.DEFAULTS, "failure_rate": 0.40}}]))
    assert list(got.columns) == list(want.columns)
    for col in want.columns:
        a, b = got.loc[0, col], want.loc[0, col]
        if isinstance(b, str):
            assert a == b
        elif isinstance(b, (bool,)) or col == "paradox_assumed":
            assert bool(a) == bool(b)
        else:
            assert a == b or (math.isnan(a) and math.isnan(b)), col
    # and the CLI reads it back to the same numbers
    again = calc.evaluate_table(read_scenarios(Path(path)))
    assert again.loc[again.index[0], "net_value"] == want.loc[0, "net_value"]


def test_saved_scenario_survives_reload(server, page):
    url, data = server
    goto(page, url)
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Scenarios").click()
    wait_idle(page)
    page.get_by_label("Name").fill("browser budget")
    page.get_by_label("Name").press("Enter")
    wait_idle(page)
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Saved 'browser budget'.").wait_for()
    page.reload()
    wait_idle(page)
    page.get_by_text("Saved scenarios (").wait_for()
    box = page.locator('[data-testid="stSelectbox"]').first
    shown = box.inner_text() + " " + " ".join(
        i.input_value() for i in box.locator("input").all())
    assert "browser budget" in shown, box.inner_html()[:3000]
    assert (data / "scenarios.sqlite3").exists()
    no_errors(page)


# page, its address, and (button to press, an element that shows the press has been answered)
PAGES = [
    ("Calculator", "", None),
    ("Sensitivity", "sensitivity", None),
    ("Uncertainty", "uncertainty", ("Run", '[data-testid="stMetric"]')),
    ("Scenarios", "scenarios", None),
    ("Segments", "segments", ("Use the sample (6 segments)", ".js-plotly-plot")),
    ("Calibrate", "calibrate", None),
    ("Methodology", "methodology", None),
]


@pytest.mark.parametrize("name, path, prepare", PAGES)
def test_every_page_renders_without_error(server, page, name, path, prepare):
    url, _ = server
    goto(page, f"{url}/{path}")
    if prepare:
        button, answer = prepare
        assert page.locator(answer).count() == 0
        page.get_by_role("button", name=button).click()
        page.locator(answer).first.wait_for()
        wait_idle(page)
    charts_drawn(page)
    no_errors(page)
    assert page.locator("h1").first.inner_text().strip()
    page.screenshot(path=str(ARTIFACTS / f"{name.lower()}.png"), full_page=True)
    # every plotly chart on the page has drawn something
    for chart in page.locator(".js-plotly-plot").all():
        assert chart.locator(".main-svg").count() > 0
