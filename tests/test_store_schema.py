"""The store's schema: a version-1 SQLite file (the layout before PostgreSQL and owners) opens,
is migrated once, and loses nothing; a newer schema is refused; parameters the model gained
later take their defaults and values of unknown inputs are kept, not dropped."""

import json
import sqlite3

import pytest

import calc
from calc.store import db as store_db
from calc.store.saved import ScenarioStore

# Parameters that model version 2 added (MODEL.md, "What changed from version 1").
V2_ONLY = {"program_years", "failure_reduction_program", "loss_per_failure",
           "compensation_uplift_at_peak", "compensation_peak_ratio"}


def make_v1_file(folder, rows):
    """A scenarios.sqlite3 exactly as version 1 of calc/store.py created it."""
    folder.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(folder / store_db.DB_NAME, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("""CREATE TABLE IF NOT EXISTS scenarios (
                       name TEXT PRIMARY KEY,
                       params TEXT NOT NULL,
                       created REAL NOT NULL,
                       updated REAL NOT NULL)""")
    for name, params, t in rows:
        con.execute("INSERT INTO scenarios VALUES (?, ?, ?, ?)", (name, json.dumps(params), t, t))
    con.close()


def v1_params(**changes):
    """The parameters a version-1 save held: every input that version 1 had."""
    out = {n: calc.BY_NAME[n].default for n in calc.NAMES if n not in V2_ONLY}
    out.update(changes)
    return out


def test_a_version_1_file_opens_and_keeps_every_scenario_and_value(tmp_path):
    folder = tmp_path / "data"
    tricky = 0.1 + 0.2                          # 0.30000000000000004: must come back exactly
    make_v1_file(folder, [
        ("Budget", v1_params(failure_rate=tricky), 100.0),
        ("budget", v1_params(customers=5000.0), 200.0),        # v1 told these two apart
        ("north", {**v1_params(), "legacy_knob": 3.5}, 300.0),  # an input no longer known
    ])
    s = ScenarioStore(folder)
    assert s.names() == ["Budget", "budget (2)", "north"]
    budget = s.get("BUDGET")
    assert budget.params["failure_rate"] == tricky
    assert (budget.created, budget.updated, budget.owner) == (100.0, 100.0, None)
    assert s.get("budget (2)").params["customers"] == 5000.0
    for name in V2_ONLY & set(calc.NAMES):      # added later: the model's defaults
        assert budget.params[name] == calc.BY_NAME[name].default
    north = s.get("north")
    assert north.extra == {"legacy_knob": 3.5}              # kept and reported, not dropped
    assert s.check() == "ok"
    con = sqlite3.connect(folder / store_db.DB_NAME)
    assert con.execute("SELECT value FROM store_meta WHERE key='schema_version'").fetchone() \
        == (str(store_db.SCHEMA_VERSION),)
    assert con.execute("SELECT count(*) FROM scenarios_v1").fetchone() == (3,)   # kept
    stored = json.loads(con.execute("SELECT params FROM scenarios WHERE name='north'")
                        .fetchone()[0])
    assert stored["legacy_knob"] == 3.5
    con.close()
    # opening again does not migrate again
    assert ScenarioStore(folder).names() == ["Budget", "budget (2)", "north"]


def test_a_migrated_file_takes_new_saves_with_the_new_rules(tmp_path):
    folder = tmp_path / "data"
    make_v1_file(folder, [("a", v1_params(), 1.0)])
    s = ScenarioStore(folder)
    s.save("b", calc.DEFAULTS)
    with pytest.raises(calc.store.NameTaken):
        s.save("A", calc.DEFAULTS)
    assert s.names() == ["a", "b"]


def test_a_database_from_a_newer_version_is_refused_not_damaged(tmp_path):
    folder = tmp_path / "data"
    ScenarioStore(folder).save("a", calc.DEFAULTS)
    con = sqlite3.connect(folder / store_db.DB_NAME, isolation_level=None)
    con.execute("UPDATE store_meta SET value='99' WHERE key='schema_version'")
    con.close()
    s = ScenarioStore(folder)
    problem = s.status()
    assert problem is not None and "schema version 99" in problem.what
    with pytest.raises(calc.store.StoreUnavailable):
        s.save("b", calc.DEFAULTS)


def test_values_round_trip_exactly_on_both_backends(backend):
    import numpy as np
    rng = np.random.default_rng(5)
    s = backend.open()
    expected = {}
    for i in range(20):
        p = dict(calc.DEFAULTS)
        for name in ("customers", "revenue_per_customer", "failure_rate", "discount_rate"):
            spec = calc.BY_NAME[name]
            p[name] = float(rng.uniform(spec.min, min(spec.max, 1e6)))
        s.save(f"r{i}", p)
        expected[f"r{i}"] = p
    assert {x.name: x.params for x in backend.open().all()} == expected


def test_the_cli_exports_a_version_1_file_and_names_what_it_cannot_export(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path
    folder = tmp_path / "data"
    make_v1_file(folder, [("north", {**v1_params(customers=42.0), "legacy_knob": 3.5}, 1.0)])
    env = {**os.environ, "RECOVERY_DATA_DIR": str(folder), "RECOVERY_DATABASE_URL": ""}
    env.pop("RECOVERY_USER_HEADER", None)
    out = subprocess.run([sys.executable, "-m", "calc", "scenarios", "export"],
                         cwd=Path(__file__).resolve().parents[1], env=env, capture_output=True,
                         text=True)
    assert out.returncode == 0, out.stderr
    assert "'north' also holds values for inputs this version does not know (legacy_knob)" \
        in out.stderr
    from calc.files.scenarios import read_scenarios
    frame = read_scenarios(out.stdout.encode())
    assert frame.loc[2, "customers"] == 42.0 and frame.loc[2, "program_years"] == 1


def _open_and_save(args):
    folder, url, i = args
    s = ScenarioStore(url=url) if url else ScenarioStore(folder)
    s.save(f"p{i}", calc.DEFAULTS)
    return store_db.SCHEMA_VERSION


def test_eight_processes_opening_a_new_database_at_once_create_it_once(backend):
    from concurrent.futures import ProcessPoolExecutor
    with ProcessPoolExecutor(8) as pool:
        list(pool.map(_open_and_save, [(backend.folder, backend.url, i) for i in range(8)]))
    s = backend.open()
    assert len(s.names()) == 8
    from sqlalchemy import create_engine, text
    url = backend.url.replace("postgresql://", "postgresql+psycopg://") if backend.url else \
        f"sqlite:///{backend.folder / store_db.DB_NAME}"
    with create_engine(url).connect() as conn:
        rows = conn.execute(text("SELECT key, value FROM store_meta")).all()
    assert rows == [("schema_version", str(store_db.SCHEMA_VERSION))]
