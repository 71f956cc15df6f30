"""The Budget page in a real browser (streamlit server + Debian's chromium): typing a new budget
changes the recommended split to calc's split for that budget. Screenshots at 1366 x 768 go to
artifacts/."""

import pytest

import calc
from browser import ARTIFACTS, CHROMIUM_ARGS, chromium_path, metric_value, streamlit_server, wait_idle
from calc.budget.allocation import allocate
from calc.budget.responses import default_responses
from calc.text.format import money_short   # the cards show the compact form

playwright = pytest.importorskip("playwright.sync_api")

if chromium_path() is None:
    pytest.fail("chromium is not installed: `make test` installs Debian's chromium "
                "(apt-get install chromium); the browser tests need it", pytrace=False)

# The split chart's bars of one budget, as {lever label: spend}.
SPLIT_SPEND = """(name) => {
    const chart = [...document.querySelectorAll('.js-plotly-plot')]
        .find(e => e.layout && e.layout.title.text.includes('Recommended spend'));
    const bars = chart && chart.data.find(d => d.name === name);
    return bars ? Object.fromEntries(bars.y.map((label, i) => [label, bars.x[i]])) : null;
}"""


def expected(allocation):
    return {calc.BY_NAME[n].label: pytest.approx(s, abs=0.01)
            for n, s in zip(allocation.levers, allocation.spend)}


def test_moving_the_budget_changes_the_split(tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    with streamlit_server(tmp_path) as url, playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.set_default_timeout(60_000)
        page.goto(f"{url}/budget")
        wait_idle(page, timeout=60_000)
        before = allocate({}, default_responses(), 150_000)
        assert (metric_value(page, "Best net value with this budget")
                == money_short(before.net_value))
        assert page.evaluate(SPLIT_SPEND, "$150,000 a year") == expected(before)
        page.screenshot(path=str(ARTIFACTS / "budget_top.png"))

        box = page.locator('[data-testid="stTextInput"]').filter(
            has_text="Yearly budget").locator("input")
        box.fill("30k")
        box.press("Enter")
        after = allocate({}, default_responses(), 30_000)
        page.wait_for_function(
            """(want) => [...document.querySelectorAll('[data-testid="stMetric"]')]
                .some(m => m.innerText.includes('Best net value') && m.innerText.includes(want))""",
            arg=money_short(after.net_value), timeout=60_000)
        wait_idle(page, timeout=60_000)
        assert metric_value(page, "Spent of the budget") == "$30,000"
        assert page.evaluate(SPLIT_SPEND, "$150,000 a year") is None
        assert page.evaluate(SPLIT_SPEND, "$30,000 a year") == expected(after)
        assert abs(after.spend - before.spend).max() > 1000
        assert "budget=30k" in page.url
        assert page.locator('[data-testid="stException"]').count() == 0
        for chart in page.locator(".js-plotly-plot").all():
            assert chart.locator(".main-svg").count() > 0
        page.screenshot(path=str(ARTIFACTS / "budget_full.png"), full_page=True)
        assert calc.evaluate()["net_value"] < after.net_value
        browser.close()
