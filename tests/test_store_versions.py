"""Nothing saved is lost (issue 23): replacing keeps the earlier content as a version, restoring
brings it back exactly as a new version, deleting keeps every version in the bin until it is
emptied; an import's replacements are versions too; a version-2 store (SQLite and PostgreSQL,
from before versions) opens with every scenario intact. On both backends.

The values checked are the ones put in by hand here (shortest round-trip float text: 0.1 + 0.2
is 0.30000000000000004, which must come back as that float, not 0.3)."""

import json

import pytest
from sqlalchemy import create_engine, text

import calc
from calc.store import db as store_db
from calc.store.errors import InBin, NotFound, NotOwner

ALICE, BOB = "alice@example.com", "bob@example.com"
HERS = {**calc.DEFAULTS, "customers": 123_457.0, "failure_rate": 0.1 + 0.2}


def test_the_colleagues_one_click_is_undone_with_the_figures_back_exactly(backend):
    s = backend.open()
    s.save("Airline", HERS)
    before = calc.evaluate(HERS)
    s.save("airline", calc.DEFAULTS, overwrite=True)           # the colleague's one click
    assert s.get("Airline").params == calc.DEFAULTS
    h = s.history("AIRLINE")
    assert [(v.version, v.action) for v in h] == [(1, "saved"), (2, "replaced")]
    assert h[0].params == HERS and h[0].params["failure_rate"] == 0.30000000000000004
    restored = s.restore("airline", 1)
    assert restored.version == 3 and restored.params == HERS
    assert backend.open().get("airline").params == HERS
    after = calc.evaluate(backend.open().get("airline").params)
    assert after["net_value"] == before["net_value"]
    h = s.history("airline")
    assert [(v.version, v.action, v.note) for v in h][-1] == (3, "restored", "from version 1")
    assert [v.params for v in h][:2] == [HERS, calc.DEFAULTS]      # the restore lost nothing


def test_deleting_keeps_the_versions_in_the_bin_until_it_is_emptied(backend):
    s = backend.open()
    s.save("north", HERS)
    s.save("north", calc.DEFAULTS, overwrite=True)
    s.delete("NORTH")
    assert s.names() == []
    [binned] = s.bin()
    assert (binned.name, binned.version, binned.action) == ("north", 3, "deleted")
    assert binned.params == calc.DEFAULTS                       # what was deleted
    assert len(s.history("north")) == 3
    s.restore("north", 1)                                       # out of the bin, as it was first
    assert s.get("north").params == HERS and s.bin() == []
    s.delete("north")
    s.save("north", calc.DEFAULTS)                              # a new one of that name
    assert [v.version for v in s.history("north")] == [1, 2, 3, 4, 5, 6]
    s.delete("north")
    assert s.empty_bin() == 7
    with pytest.raises(NotFound):
        s.history("north")
    assert s.bin() == []


def test_owners_empty_only_their_own_bin_and_restore_only_their_own(backend):
    s = backend.open(owners=True)
    s.save("hers", HERS, user=ALICE)
    s.save("his", calc.DEFAULTS, user=BOB)
    s.delete("hers", user=ALICE)
    s.delete("his", user=BOB)
    with pytest.raises(NotOwner):
        s.restore("hers", 1, user=BOB)
    assert s.empty_bin(user=BOB) == 2                           # his two versions only
    assert [v.name for v in s.bin()] == ["hers"]
    s.restore("hers", 1, user=ALICE)
    assert s.get("hers").owner == ALICE and s.get("hers").params == HERS
    s.save("hers", calc.DEFAULTS, overwrite=True, user=ALICE)
    with pytest.raises(NotOwner):
        s.restore("hers", 1, user=BOB)                          # a replace, like any other
    history = s.history("hers")                                 # anyone may read it
    assert [(v.saved_by, v.action) for v in history] == [
        (ALICE, "saved"), (ALICE, "deleted"), (ALICE, "restored"), (ALICE, "replaced")]


def test_a_rename_takes_the_history_along_and_will_not_mix_it_with_the_bins(backend):
    s = backend.open()
    s.save("a", HERS)
    s.save("a", calc.DEFAULTS, overwrite=True)
    s.rename("a", "b")
    assert [v.name for v in s.history("B")] == ["b", "b"]
    with pytest.raises(NotFound):
        s.history("a")
    s.save("c", calc.DEFAULTS)
    s.delete("c")
    with pytest.raises(InBin):
        s.rename("b", "C")
    assert s.names() == ["b"] and len(s.history("c")) == 2


def test_an_import_that_replaces_keeps_what_it_replaced(backend):
    s = backend.open()
    s.save("east", HERS)
    result = s.import_rows([("EAST", calc.DEFAULTS), ("west", HERS)], mode="replace")
    assert (result.saved, result.replaced) == (1, 1)
    assert [(v.version, v.action, v.params) for v in s.history("east")] == [
        (1, "saved", HERS), (2, "imported", calc.DEFAULTS)]
    assert [(v.version, v.action) for v in s.history("west")] == [(1, "imported")]


# -- a store from before versions (schema 2) ---------------------------------------------------

V2_DDL = [
    "CREATE TABLE store_meta (key VARCHAR(64) NOT NULL PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE scenarios (id {serial}, name TEXT NOT NULL, name_key TEXT NOT NULL UNIQUE, "
    "params TEXT NOT NULL, owner TEXT, created {double} NOT NULL, updated {double} NOT NULL)",
    "INSERT INTO store_meta VALUES ('schema_version', '2')",
]


def make_v2(backend, rows):
    """A database exactly as schema version 2 (issue 16's store) created it."""
    if backend.url:
        url = backend.url.replace("postgresql://", "postgresql+psycopg://")
        kinds = {"serial": "SERIAL NOT NULL PRIMARY KEY", "double": "DOUBLE PRECISION"}
    else:
        backend.folder.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{backend.folder / store_db.DB_NAME}"
        kinds = {"serial": "INTEGER NOT NULL PRIMARY KEY", "double": "FLOAT"}
    engine = create_engine(url)
    with engine.begin() as conn:
        for ddl in V2_DDL:
            conn.execute(text(ddl.format(**kinds)))
        for name, params, owner, t in rows:
            conn.execute(text("INSERT INTO scenarios (name, name_key, params, owner, created, "
                              "updated) VALUES (:n, :k, :p, :o, :t, :u)"),
                         {"n": name, "k": name.casefold(), "p": json.dumps(params), "o": owner,
                          "t": t, "u": t + 1})
    engine.dispose()
    return url


def test_a_version_2_store_opens_with_every_scenario_intact(backend):
    url = make_v2(backend, [("Airline", HERS, ALICE, 100.0), ("rail", calc.DEFAULTS, None, 200.0),
                            ("odd", {**calc.DEFAULTS, "legacy_knob": 2.5}, BOB, 300.0)])
    s = backend.open(owners=True)
    assert [(x.name, x.owner, x.created, x.updated) for x in s.all()] == [
        ("Airline", ALICE, 100.0, 101.0), ("odd", BOB, 300.0, 301.0),
        ("rail", None, 200.0, 201.0)]
    assert s.get("airline").params == HERS
    assert s.get("odd").extra == {"legacy_knob": 2.5}
    [v1] = s.history("Airline")
    assert (v1.version, v1.saved_by, v1.saved_at, v1.params) == (1, ALICE, 101.0, HERS)
    s.save("Airline", calc.DEFAULTS, overwrite=True, user=ALICE)
    assert s.restore("Airline", 1, user=ALICE).params == HERS
    engine = create_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT value FROM store_meta")).scalar() == \
            str(store_db.SCHEMA_VERSION)
        assert conn.execute(text("SELECT count(*) FROM scenarios")).scalar() == 3
    engine.dispose()
    assert len(backend.open().history("Airline")) == 3           # migrated once, not again


def test_the_cli_lists_the_history_and_restores_a_version(backend):
    import os
    import subprocess
    import sys
    from pathlib import Path
    s = backend.open()
    s.save("Air", HERS)
    s.save("air", calc.DEFAULTS, overwrite=True)
    env = {**os.environ, "RECOVERY_DATABASE_URL": "", **backend.env}
    env.pop("RECOVERY_USER_HEADER", None)
    if not backend.url:
        env["RECOVERY_DATA_DIR"] = str(backend.folder)

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "calc", "scenarios", *args],
                              cwd=Path(__file__).resolve().parents[1], env=env,
                              capture_output=True, text=True)
    out = cli("history", "AIR")
    assert out.returncode == 0, out.stderr
    import io
    import pandas as pd
    frame = pd.read_csv(io.StringIO(out.stdout))
    assert list(frame["action"]) == ["saved", "replaced"]
    assert list(frame["customers"]) == [123_457.0, calc.DEFAULTS["customers"]]
    assert frame["failure_rate"].iloc[0] == 0.30000000000000004
    out = cli("restore", "air", "--version", "1")
    assert out.returncode == 0 and "now version 3" in out.stderr
    assert backend.open().get("air").params == HERS
    out = cli("restore", "air", "--version", "7")
    assert out.returncode == 2 and "'air' has no version 7" in out.stderr and "Traceback" not in out.stderr
