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
    monkeypatch.setenv("RECOVERY_TRUSTED_PROXIES", "127.0.0.1")      # AppTest's "connection"
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "")
    session.store.clear()
    at = app("app_pages/scenarios.py")
    warnings = " ".join(w.value for w in at.warning).replace("\\", "")     # markdown escapes
    assert "did not come with a signed-in user (no X-Forwarded-Email header)" in warnings
    assert at.button(key="scen_save").disabled
    assert at.selectbox(key="scen_load_choice").value == "shared plan"   # reading works
    assert not at.error


def test_header_mode_without_trusted_proxies_refuses_to_run_and_says_why(data_dir, monkeypatch):
    calc.store.ScenarioStore(data_dir).save("shared plan", calc.DEFAULTS)
    monkeypatch.setenv("RECOVERY_USER_HEADER", "X-Forwarded-Email")
    monkeypatch.delenv("RECOVERY_TRUSTED_PROXIES", raising=False)
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)     # make exports it empty
    session.store.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    [error] = [e.value.replace("\\", "") for e in at.error]
    assert "will not run" in error and "RECOVERY_TRUSTED_PROXIES is not" in error
    assert not at.metric and not at.dataframe                 # no figure, nothing else
    monkeypatch.setenv("RECOVERY_TRUSTED_PROXIES", "10.0.0.5")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    [error] = [e.value.replace("\\", "") for e in at.error]
    assert "FORWARDED_ALLOW_IPS is not set" in error           # X-Forwarded-For could lie
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "")
    at = app("app_pages/scenarios.py")                        # from loopback, not 10.0.0.5
    warnings = " ".join(w.value for w in at.warning).replace("\\", "")
    assert "did not come through the company sign-on proxy" in warnings
    assert at.button(key="scen_save").disabled


def test_the_save_field_holds_the_calculators_scenario_name(data_dir):
    at = app("app_pages/calculator.py")
    at.text_input(key="scenario_name").set_value("Airline, cautious").run()
    at.switch_page("app_pages/scenarios.py").run()
    assert at.text_input(key="scen_name").value == "Airline, cautious"


def test_a_replace_says_whose_and_when_and_the_versions_tab_undoes_it(data_dir):
    hers = {**calc.DEFAULTS, "customers": 123_457.0, "failure_rate": 0.1 + 0.2}
    session.store().save("Airline", hers)                      # her scenario
    at = app("app_pages/scenarios.py")                        # the colleague, with the defaults
    at.text_input(key="scen_name").set_value("airline").run()
    at.button(key="scen_save").click().run()
    asked = [w.value for w in at.warning if "exists already" in w.value]
    assert asked and "saved 20" in asked[0] and "UTC" in asked[0]
    at.button(key="scen_overwrite_yes").click().run()
    assert [v.action for v in session.store().history("airline")] == ["saved", "replaced"]
    assert session.store().get("Airline").params == calc.DEFAULTS
    at.selectbox(key="scen_versions_choice").set_value("airline").run()
    [pick] = [b for b in at.selectbox if b.key.startswith("scen_version_pick_")]
    pick.set_value(1).run()
    at.button(key="scen_restore").click().run()
    assert not at.exception and not at.error
    assert session.store().get("Airline").params == hers           # exactly her figures
    assert [v.action for v in session.store().history("airline")][-1] == "restored"


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
