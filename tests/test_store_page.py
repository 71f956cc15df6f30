"""The Scenarios page when the store is in trouble, headless (AppTest): it says what is wrong and
what to do, the other pages keep working, and names equal ignoring case are asked about."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

import calc
from calc.store import db as store_db
from ui.state import session

ROOT = Path(__file__).resolve().parents[1]


def app(page):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_damaged_database_is_explained_and_the_calculator_still_works(data_dir):
    data_dir.mkdir(parents=True)
    db = data_dir / store_db.DB_NAME
    db.write_bytes(b"garbage, not SQLite\n" * 100)
    at = app("app_pages/scenarios.py")
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and "is damaged" in errors[0] and "What to do:" in errors[0]
    assert "backup" in errors[0]
    assert db.read_bytes() == b"garbage, not SQLite\n" * 100
    calc_page = app("app_pages/calculator.py")
    assert not calc_page.error
    assert any(m.label == "Net value" for m in calc_page.metric)


def test_without_the_sign_in_header_the_page_reads_but_does_not_write(data_dir, monkeypatch):
    calc.store.ScenarioStore(data_dir).save("shared plan", calc.DEFAULTS)
    monkeypatch.setenv("RECOVERY_USER_HEADER", "X-Forwarded-Email")
    session.store.clear()
    at = app("app_pages/scenarios.py")
    warnings = " ".join(w.value for w in at.warning).replace("\\", "")     # markdown escapes
    assert "did not come with a signed-in user (no X-Forwarded-Email header)" in warnings
    assert at.button(key="scen_save").disabled
    assert at.selectbox(key="scen_load_choice").value == "shared plan"   # reading works
    assert not at.error


def test_a_name_equal_ignoring_case_asks_before_replacing(data_dir):
    at = app("app_pages/scenarios.py")
    at.text_input(key="scen_name").set_value("Budget").run()
    at.button(key="scen_save").click().run()
    at.text_input(key="scen_name").set_value("  BUDGET ").run()
    at.button(key="scen_save").click().run()
    asked = [w.value for w in at.warning if "exists already" in w.value]
    assert asked and "Budget" in asked[0] and "differ only in case" in asked[0]
    at.button(key="scen_overwrite_yes").click().run()
    assert session.store().names() == ["BUDGET"]


def test_a_refused_character_is_explained(data_dir):
    at = app("app_pages/scenarios.py")
    at.text_input(key="scen_name").set_value("plan\u202eA").run()
    at.button(key="scen_save").click().run()
    assert any("U+202E RIGHT-TO-LEFT OVERRIDE" in e.value.replace("\\", "") for e in at.error)
    assert session.store().names() == []


def test_a_deleted_file_is_recreated_and_the_page_says_so(data_dir):
    at = app("app_pages/scenarios.py")
    at.text_input(key="scen_name").set_value("a").run()
    at.button(key="scen_save").click().run()
    for f in data_dir.iterdir():
        f.unlink()
    at.run()
    assert not at.exception and not at.error
    assert any("was deleted while the app was running" in w.value for w in at.warning)
