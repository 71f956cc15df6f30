"""The database under the scenario store: where it is, its schema and its migrations.

One code path (SQLAlchemy Core) for both backends:

* **SQLite** (the default, for one person or one server): ``scenarios.sqlite3`` in the data
  folder (``RECOVERY_DATA_DIR``, default ``./data``); write-ahead log, full sync, and each write
  takes the file's write lock when it begins (``BEGIN IMMEDIATE``), so writers queue up instead
  of failing halfway. A connection per call, so threads and processes share the file.
* **PostgreSQL** when ``RECOVERY_DATABASE_URL`` is set (``postgresql://user@host:5432/db``),
  through psycopg 3; a small connection pool, checked before use, so a restarted server is
  picked up without restarting the app.

The schema carries a version number (table ``store_meta``). Opening a database brings it to the
current version in one transaction, under a lock, so several processes starting at once migrate
it once. Version 1 (SQLite only, before this file) had no ``store_meta``, names compared with
their case, and no owners; its table is kept, renamed ``scenarios_v1``, after the copy. Version 2
kept only the current content of each name; version 3 adds ``scenario_versions``: every content a
name has held (saved, replaced, imported, restored, deleted), numbered 1, 2, ... per name, with
who saved it and when. The migration to 3 copies each scenario in as its version 1.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from sqlalchemy import (Column, Double, Integer, MetaData, String, Table, Text, UniqueConstraint,
                        create_engine, event, inspect, insert, select, text)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.pool import NullPool

from calc.store import names

SCHEMA_VERSION = 3
DB_NAME = "scenarios.sqlite3"
URL_ENV = "RECOVERY_DATABASE_URL"
DIR_ENV = "RECOVERY_DATA_DIR"
_PG_LOCK = 72_100_413          # advisory lock id held while the schema is brought up to date

metadata = MetaData()
store_meta = Table("store_meta", metadata,
                   Column("key", String(64), primary_key=True),
                   Column("value", Text, nullable=False))
scenarios = Table("scenarios", metadata,
                  Column("id", Integer, primary_key=True, autoincrement=True),
                  Column("name", Text, nullable=False),
                  Column("name_key", Text, nullable=False, unique=True),
                  Column("params", Text, nullable=False),
                  Column("owner", Text),
                  Column("created", Double, nullable=False),
                  Column("updated", Double, nullable=False))
# Every content each name has held, the current one included. A name's versions outlive its
# scenario: deleting adds a "deleted" version (the bin) and only emptying the bin removes them.
versions = Table("scenario_versions", metadata,
                 Column("id", Integer, primary_key=True, autoincrement=True),
                 Column("name_key", Text, nullable=False),
                 Column("version", Integer, nullable=False),
                 Column("name", Text, nullable=False),
                 Column("params", Text, nullable=False),
                 Column("owner", Text),                  # the scenario's owner at the time
                 Column("saved_by", Text),               # who did it (None: single-user mode)
                 Column("saved_at", Double, nullable=False),
                 Column("action", String(16), nullable=False),
                 Column("note", Text),
                 UniqueConstraint("name_key", "version", name="scenario_versions_key_version"))


class TooNew(Exception):
    """The database was written by a newer version of this app."""


def data_dir() -> Path:
    return Path(os.environ.get(DIR_ENV) or "data")


def database_url() -> str | None:
    return os.environ.get(URL_ENV) or None


def pg_url(url: str):
    """A PostgreSQL URL for SQLAlchemy with the psycopg 3 driver; ValueError if it is not one."""
    u = make_url(url)
    if u.get_backend_name() not in ("postgresql", "postgres"):
        raise ValueError(f"{URL_ENV} must be a PostgreSQL address such as "
                         f"postgresql://user@host:5432/recovery, got a '{u.get_backend_name()}' "
                         f"address")
    return u.set(drivername="postgresql+psycopg")


def sqlite_engine(path: Path, read_only: str | None = None) -> Engine:
    """An engine on one SQLite file. Writes begin with BEGIN IMMEDIATE (execution option
    ``write=True``); reads with a plain BEGIN, so they never wait for the write lock.
    ``read_only``: "ro" opens the file read-only; "immutable" too, for a write-ahead-log file in
    a folder nobody may write to (SQLite cannot create the shared-memory file it needs there,
    and no one can be changing the file)."""
    target = {None: f"file:{path}", "ro": f"file:{path}?mode=ro",
              "immutable": f"file:{path}?mode=ro&immutable=1"}[read_only]
    engine = create_engine("sqlite://", poolclass=NullPool,
                           creator=lambda: _sqlite_connect(target))

    @event.listens_for(engine, "begin")
    def _begin(conn):
        write = conn.get_execution_options().get("write")
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
    return engine


def _sqlite_connect(target: str):
    import sqlite3
    con = sqlite3.connect(target, uri=True, timeout=30, isolation_level=None,
                          check_same_thread=False)
    con.execute("PRAGMA busy_timeout=30000")
    con.execute("PRAGMA synchronous=FULL")
    return con


def use_wal(engine: Engine) -> None:
    """Write-ahead log: readers go on while one process writes (kept in the file once set)."""
    raw = engine.raw_connection()
    try:
        raw.driver_connection.execute("PRAGMA journal_mode=WAL")
    finally:
        raw.close()


def postgres_engine(url: str) -> Engine:
    return create_engine(pg_url(url), pool_size=5, max_overflow=5, pool_pre_ping=True,
                         pool_recycle=1800, connect_args={"connect_timeout": 10})


def schema_version(conn) -> int:
    """0 for an empty database, 1 for the version-1 SQLite layout, else the recorded number."""
    tables = set(inspect(conn).get_table_names())
    if "store_meta" in tables:
        row = conn.execute(select(store_meta.c.value)
                           .where(store_meta.c.key == "schema_version")).first()
        return int(row[0]) if row else 0
    return 1 if "scenarios" in tables else 0


def bring_up_to_date(engine: Engine) -> int:
    """Create or migrate the schema in one transaction, under a lock; returns the version the
    database had before. Raises :class:`TooNew` for a database of a later schema."""
    with engine.connect().execution_options(write=True) as conn, conn.begin():
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK})
        before = schema_version(conn)
        if before > SCHEMA_VERSION:
            raise TooNew(f"the scenario database has schema version {before}; this version of "
                         f"the app reads up to {SCHEMA_VERSION}")
        if before == 1:
            _migrate_v1(conn)
        elif before == 0:
            metadata.create_all(conn)
        if before in (1, 2):
            _migrate_v2(conn)
        if before < SCHEMA_VERSION:
            conn.execute(store_meta.delete().where(store_meta.c.key == "schema_version"))
            conn.execute(insert(store_meta).values(key="schema_version",
                                                   value=str(SCHEMA_VERSION)))
    return before


def _migrate_v1(conn) -> None:
    """Version 1 -> 2: names get their comparison key and owners a column. Names that version 1
    kept apart but are now the same (equal ignoring case) are all kept: the later ones get
    " (2)", " (3)"... appended. Nothing is dropped: the old table stays as scenarios_v1."""
    conn.exec_driver_sql("ALTER TABLE scenarios RENAME TO scenarios_v1")
    metadata.create_all(conn)
    rows = conn.exec_driver_sql("SELECT name, params, created, updated FROM scenarios_v1 "
                                "ORDER BY created, name").fetchall()
    taken: set[str] = set()
    out = []
    for name, params, created, updated in rows:
        shown = " ".join(str(name).split()) or "unnamed"
        candidate, n = shown, 1
        while names.key(candidate) in taken:
            n += 1
            candidate = f"{shown} ({n})"
        taken.add(names.key(candidate))
        json.loads(params)                      # a row that is not JSON stops the migration
        out.append({"name": candidate, "name_key": names.key(candidate), "params": params,
                    "owner": None, "created": created, "updated": updated})
    if out:
        conn.execute(insert(scenarios), out)


def _migrate_v2(conn) -> None:
    """Version 2 -> 3: each scenario becomes version 1 of its name, saved by its owner when it
    was last saved. The scenarios table is left as it was."""
    metadata.create_all(conn)                   # the versions table (the others exist)
    rows = conn.execute(select(scenarios.c.name, scenarios.c.name_key, scenarios.c.params,
                               scenarios.c.owner, scenarios.c.updated)).all()
    if rows:
        conn.execute(insert(versions), [
            {"name_key": r.name_key, "version": 1, "name": r.name, "params": r.params,
             "owner": r.owner, "saved_by": r.owner, "saved_at": r.updated, "action": "saved",
             "note": "saved before versions were kept"} for r in rows])


def sqlite_check(engine: Engine, quick: bool = False) -> str:
    """SQLite's own check of the file: 'ok' when it is sound."""
    with engine.connect() as conn:
        pragma = "PRAGMA quick_check" if quick else "PRAGMA integrity_check"
        rows = conn.exec_driver_sql(pragma).fetchall()
    return "; ".join(str(r[0]) for r in rows[:5])
