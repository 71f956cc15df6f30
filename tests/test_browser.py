"""The dashboard in a real browser: `streamlit run app.py` on a free port, Debian's chromium
driven by Playwright. Screenshots of every page go to artifacts/ (git-ignored).

The tests in this file share one server and one browser and run in order: the first one must
be the server's first visitor.
"""

import math
import time
from pathlib import Path

import pandas as pd
import pytest

import calc
from browser import ARTIFACTS, CHROMIUM_ARGS, chromium_path, metric_value, streamlit_server, wait_idle
from calc.csvio import read_scenarios
from ui.format import money

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
def page(server):
    ARTIFACTS.mkdir(exist_ok=True)
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1800},
                                      accept_downloads=True)
        pg = context.new_page()
        pg.set_default_timeout(30_000)
        yield pg
        context.close()
        browser.close()


def no_errors(pg):
    assert pg.locator('[data-testid="stException"]').count() == 0
    errors = pg.locator('[data-testid="stAlertContentError"]')
    assert errors.count() == 0, errors.all_inner_texts()


def goto(pg, url):
    pg.goto(url)
    wait_idle(pg)


def test_first_visit_to_a_page_link_gets_the_app_and_the_link_inputs(server, page):
    url, _ = server
    goto(page, f"{url}/sensitivity?failure_rate=0.35")
    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    assert "Calculator" in nav and "Methodology" in nav
    assert "app" not in nav.split()            # not the legacy automatic navigation
    no_errors(page)
    goto(page, f"{url}/?failure_rate=0.35")
    expected = calc.evaluate(failure_rate=0.35)["net_value"]
    assert metric_value(page, "Net value") == money(expected)


def test_slider_change_shows_calc_net_value(server, page):
    url, _ = server
    goto(page, url)
    assert metric_value(page, "Net value") == money(calc.evaluate()["net_value"])   # $22,184.80
    slider = page.get_by_role("group", name="Failure rate (%, fraction of customers)") \
        .get_by_role("slider")
    # 0.5% a step: 30% -> 40%. One key press at a time, as a person would: each press reruns
    # the script, and presses made while it runs can be overwritten by its answer.
    def shows(value):
        page.wait_for_function(
            """(want) => [...document.querySelectorAll('[data-testid="stMetric"]')]
                .some(m => m.innerText.includes('Net value') && m.innerText.includes(want))""",
            arg=value, timeout=15_000)

    for step in range(1, 20):
        slider.focus()
        page.keyboard.press("ArrowRight")
        shows(money(calc.evaluate(failure_rate=(30 + 0.5 * step) / 100)["net_value"]))
        wait_idle(page)
    expected = money(calc.evaluate(failure_rate=0.40)["net_value"])
    slider.focus()
    started = time.perf_counter()
    page.keyboard.press("ArrowRight")
    shows(expected)
    latency = time.perf_counter() - started
    wait_idle(page)
    assert metric_value(page, "Net value") == expected
    (ARTIFACTS / "browser_latency.txt").write_text(f"{latency:.3f}\n")
    assert "failure_rate=0.4" in page.url      # the shareable link follows the input
    no_errors(page)
    page.screenshot(path=str(ARTIFACTS / "calculator.png"), full_page=True)


def test_downloaded_results_match_calc(server, page):
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
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Scenarios").click()
    wait_idle(page)
    page.get_by_label("Name").fill("browser budget")
    page.get_by_label("Name").press("Enter")
    wait_idle(page)
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("Saved 'browser budget'.").wait_for()
    page.reload()
    wait_idle(page)
    page.get_by_text("Saved scenarios (1)").wait_for()
    box = page.locator('[data-testid="stSelectbox"]').first
    shown = box.inner_text() + " " + " ".join(
        i.input_value() for i in box.locator("input").all())
    assert "browser budget" in shown, box.inner_html()[:3000]
    assert (data / "scenarios.sqlite3").exists()
    no_errors(page)


@pytest.mark.parametrize("name, prepare", [
    ("Calculator", None), ("Sensitivity", None), ("Uncertainty", "Run"),
    ("Scenarios", None), ("Segments", "Use the sample (6 segments)"), ("Calibrate", None),
    ("Methodology", None)])
def test_every_page_renders_without_error(server, page, name, prepare):
    page.locator('[data-testid="stSidebarNav"]').get_by_text(name, exact=True).click()
    wait_idle(page)
    if prepare:
        page.get_by_role("button", name=prepare).click()
        wait_idle(page)
    page.wait_for_timeout(500)          # let plotly finish drawing before the screenshot
    no_errors(page)
    assert page.locator("h1").first.inner_text().strip()
    page.screenshot(path=str(ARTIFACTS / f"{name.lower()}.png"), full_page=True)
    # every plotly chart on the page has drawn something
    for chart in page.locator(".js-plotly-plot").all():
        assert chart.locator(".main-svg").count() > 0
