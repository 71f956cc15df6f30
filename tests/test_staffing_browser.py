"""The Staffing page in a real browser (Debian's chromium via Playwright): the recall question
end to end. Changing agents moves the figures to calc's values, and "Use in the calculator"
carries the staffing plan into the calculator's net value."""

import pytest

import calc
from browser import (ARTIFACTS, CHROMIUM_ARGS, chromium_path, metric_value, streamlit_server,
                     wait_idle)
from calc.staffing import plan
from calc.staffing.inputs import DEFAULTS, centre
from calc.text.format import count, money_short, pct

playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect

if chromium_path() is None:
    pytest.fail("chromium is not installed: `make test` installs Debian's chromium "
                "(apt-get install chromium); the browser tests need it", pytrace=False)


def set_number(pg, label, value):
    box = pg.get_by_role("spinbutton", name=label)
    box.fill(str(value))
    box.press("Enter")
    wait_idle(pg)


def shows(pg, label, want):
    """Wait until the metric labelled `label` shows `want` (the rerun may still be starting)."""
    pg.wait_for_function(
        """([label, want]) => [...document.querySelectorAll('[data-testid="stMetric"]')].some(m =>
            m.querySelector('[data-testid="stMetricLabel"]').innerText.trim() === label
            && m.querySelector('[data-testid="stMetricValue"]').innerText.trim() === want)""",
        arg=[label, want], timeout=15_000)
    wait_idle(pg)


def test_recall_question_end_to_end(tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    with streamlit_server(tmp_path) as url, playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        pg = browser.new_page(viewport={"width": 1366, "height": 768})
        pg.set_default_timeout(30_000)
        pg.goto(f"{url}/staffing")
        wait_idle(pg)
        set_number(pg, "Complaint contacts a year (contacts)", 200_000)
        values = {**DEFAULTS, "contacts_per_year": 200_000}
        for agents in (12, 9):
            set_number(pg, "Agents on duty in every opening hour", agents)
            peak = plan.busiest(centre(values, agents))
            shows(pg, "Service level", pct(peak["service_level"]))
            assert metric_value(pg, "Service level") == pct(peak["service_level"])
            assert metric_value(pg, "Abandoned") == pct(peak["abandon_rate"])
            assert metric_value(pg, "Mean wait") == f"{peak['asa_seconds']:,.1f} s"
        assert metric_value(pg, "Service level") != pct(plan.busiest(
            centre(values, 12))["service_level"])
        verdict = pg.locator('[data-testid="stAlertContentSuccess"]').inner_text()
        assert verdict.startswith("Staff up.") and "extra agent-hours over 4 weeks" in verdict
        assert pg.locator('[data-testid="stException"]').count() == 0
        pg.get_by_role("button", name="Use in the calculator").click()
        wait_idle(pg)
        pg.screenshot(path=str(ARTIFACTS / "staffing.png"))
        pg.locator('[data-testid="stSidebarNav"]').get_by_text("Calculator", exact=True).click()
        wait_idle(pg)
        link = plan.link_to_model(centre(values, 9), 150_000)   # today: 900 / 1,200 of it
        params = {**calc.DEFAULTS, **{k: link[k] for k in plan.LINKED}}
        shows(pg, "Net value", money_short(calc.evaluate(params)["net_value"]))
        browser.close()


def test_a_three_day_storm_priced_both_ways(tmp_path):
    """A fivefold surge for 3 days: both ways priced, the busiest hour's figures beside the
    whole surge's, and an out-of-range length clears the surge's figures (no stale result
    beside the error)."""
    ARTIFACTS.mkdir(exist_ok=True)
    with streamlit_server(tmp_path) as url, playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        pg = browser.new_page(viewport={"width": 1366, "height": 768})
        pg.set_default_timeout(60_000)
        pg.goto(f"{url}/staffing")
        wait_idle(pg, 90_000)
        set_number(pg, "Complaint contacts a year (contacts)", 200_000)
        set_number(pg, "Surge volume (x normal)", 5)
        set_number(pg, "Surge length (unit at right)", 3)
        pg.get_by_text("days", exact=True).click()
        wait_idle(pg)
        c = centre({**DEFAULTS, "contacts_per_year": 200_000}, 12)
        table = plan.surge(c, 5.0, 72.0, calc.evaluate(calc.DEFAULTS)["customer_value"],
                           {k: calc.DEFAULTS[k] for k in ("retention_unresolved",
                                                          "retention_resolved",
                                                          "retention_resolved_fast")})
        keep = table.iloc[1]
        shows(pg, "Service level, busiest hour", pct(keep["busiest_service_level"]))
        assert metric_value(pg, "Service level, whole surge") == pct(keep["service_level"])
        assert metric_value(pg, "Abandoned, busiest hour") == pct(keep["busiest_abandon_rate"])
        assert metric_value(pg, "Abandoned, whole surge") == pct(keep["abandon_rate"])
        assert keep["busiest_service_level"] < keep["service_level"]
        verdict = pg.locator('[data-testid="stAlertContentSuccess"]').first.inner_text()
        assert "extra agent-hours over 3 days" in verdict
        assert count(table.iloc[2]["extra_agent_hours"], 0) in verdict
        pg.screenshot(path=str(ARTIFACTS / "staffing_storm.png"))
        set_number(pg, "Surge length (unit at right)", 400)
        error = pg.locator('[data-testid="stAlertContentError"]').inner_text()
        assert "400 days is 9,600 hours" in error
        # the error shows while the run goes on; the last run's figures leave when it ends
        wait_idle(pg)
        expect(pg.get_by_text("Service level, whole surge")).to_have_count(0, timeout=15_000)
        assert pg.locator('[data-testid="stException"]').count() == 0
        browser.close()
