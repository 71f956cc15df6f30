"""Saved scenarios, in an embedded SQLite database.

One file, ``scenarios.sqlite3``, in the data folder (``RECOVERY_DATA_DIR``, default ``./data``).
Every change is one SQLite transaction (write-ahead log, full sync), so a save either lands
whole or not at all, and a failed or interrupted save leaves every earlier one intact. Each call
opens its own connection, so the dashboard's threads and separate processes can share the file.
Parameters are stored as JSON with Python's shortest round-trip float text: what is loaded is
exactly what was saved.
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Mapping

from .params import BY_NAME, NAMES, InputError, Problem, resolve_one

DB_NAME = "scenarios.sqlite3"
MAX_NAME_CHARS = 120


def data_dir() -> Path:
    return Path(os.environ.get("RECOVERY_DATA_DIR", "data"))


class NameTaken(Exception):
    """A scenario of that name exists already; saving over it needs ``overwrite=True``."""

    def __init__(self, name: str):
        self.name = name
        super().__init__(f"a scenario named '{name}' exists already")


class NotFound(KeyError):
    def __init__(self, name: str):
        self.name = name
        super().__init__(f"no saved scenario named '{name}'")

    def __str__(self) -> str:
        return self.args[0]


@dataclass(frozen=True)
class Saved:
    name: str
    params: dict[str, float]
    created: float
    updated: float


def clean_name(name: str) -> str:
    """A scenario name as stored: trimmed, not empty, not too long, printable."""
    text = " ".join(str(name).split())
    if not text:
        raise InputError([Problem(None, "name", None, "give the scenario a name")])
    if len(text) > MAX_NAME_CHARS:
        raise InputError([Problem(None, "name", text[:40] + "...",
                                  f"is too long; at most {MAX_NAME_CHARS} characters")])
    return text


class ScenarioStore:
    def __init__(self, folder: str | os.PathLike | None = None):
        self.folder = Path(folder) if folder is not None else data_dir()
        self.path = self.folder / DB_NAME
        self.folder.mkdir(parents=True, exist_ok=True)
        with self._connect() as con:
            con.execute("PRAGMA journal_mode=WAL")
            con.execute("""CREATE TABLE IF NOT EXISTS scenarios (
                               name TEXT PRIMARY KEY,
                               params TEXT NOT NULL,
                               created REAL NOT NULL,
                               updated REAL NOT NULL)""")

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        con = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            con.execute("PRAGMA synchronous=FULL")
            con.execute("PRAGMA busy_timeout=30000")
            yield con
        finally:
            con.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._connect() as con:
            con.execute("BEGIN IMMEDIATE")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    # -- reading --------------------------------------------------------------------------------
    def names(self) -> list[str]:
        with self._connect() as con:
            return [r[0] for r in con.execute("SELECT name FROM scenarios ORDER BY name COLLATE NOCASE")]

    def all(self) -> list[Saved]:
        with self._connect() as con:
            rows = con.execute("SELECT name, params, created, updated FROM scenarios "
                               "ORDER BY name COLLATE NOCASE").fetchall()
        return [Saved(n, _load_params(p), c, u) for n, p, c, u in rows]

    def get(self, name: str) -> Saved:
        with self._connect() as con:
            row = con.execute("SELECT name, params, created, updated FROM scenarios WHERE name = ?",
                              (name,)).fetchone()
        if row is None:
            raise NotFound(name)
        return Saved(row[0], _load_params(row[1]), row[2], row[3])

    def exists(self, name: str) -> bool:
        with self._connect() as con:
            return con.execute("SELECT 1 FROM scenarios WHERE name = ?", (name,)).fetchone() is not None

    # -- writing --------------------------------------------------------------------------------
    def save(self, name: str, params: Mapping[str, float], overwrite: bool = False) -> Saved:
        """Save a scenario. Raises :class:`NameTaken` if the name exists and not ``overwrite``."""
        name = clean_name(name)
        values = resolve_one(params)
        text = json.dumps(values, allow_nan=False)
        now = time.time()
        with self._transaction() as con:
            row = con.execute("SELECT created FROM scenarios WHERE name = ?", (name,)).fetchone()
            if row is not None and not overwrite:
                raise NameTaken(name)
            created = row[0] if row is not None else now
            con.execute("INSERT OR REPLACE INTO scenarios (name, params, created, updated) "
                        "VALUES (?, ?, ?, ?)", (name, text, created, now))
        return Saved(name, values, created, now)

    def rename(self, old: str, new: str) -> None:
        new = clean_name(new)
        with self._transaction() as con:
            if con.execute("SELECT 1 FROM scenarios WHERE name = ?", (old,)).fetchone() is None:
                raise NotFound(old)
            if new != old and con.execute("SELECT 1 FROM scenarios WHERE name = ?",
                                          (new,)).fetchone() is not None:
                raise NameTaken(new)
            con.execute("UPDATE scenarios SET name = ?, updated = ? WHERE name = ?",
                        (new, time.time(), old))

    def delete(self, name: str) -> None:
        with self._transaction() as con:
            cur = con.execute("DELETE FROM scenarios WHERE name = ?", (name,))
            if cur.rowcount == 0:
                raise NotFound(name)

    def import_rows(self, rows, overwrite: bool = False) -> "ImportResult":
        """Save (name, parameters) pairs, e.g. from :func:`calc.csvio.scenario_params`. Names
        already saved are skipped unless ``overwrite``; a row that cannot be saved (a name too
        long, say) is reported, and the others are still saved."""
        result = ImportResult()
        for name, values in rows:
            try:
                self.save(name, values, overwrite=overwrite)
                result.saved += 1
            except NameTaken:
                result.skipped.append(name)
            except InputError as e:
                result.problems += [f"'{str(name)[:60]}': {p}" for p in e.problems]
        return result

    def check(self) -> str:
        """SQLite's own integrity check: 'ok' when the file is sound."""
        with self._connect() as con:
            return con.execute("PRAGMA integrity_check").fetchone()[0]


@dataclass
class ImportResult:
    saved: int = 0
    skipped: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"Imported {self.saved} scenarios"]
        if self.skipped:
            parts.append(f"skipped {len(self.skipped)} whose names were taken")
        if self.problems:
            parts.append(f"could not import {len(self.problems)}: " + "; ".join(self.problems[:5]))
        return ", ".join(parts) + "."


def _load_params(text: str) -> dict[str, float]:
    raw = json.loads(text)
    out = {}
    for name in NAMES:
        v = raw.get(name, BY_NAME[name].default)
        out[name] = float(v) if v is not None and not (isinstance(v, float) and math.isnan(v)) \
            else BY_NAME[name].default
    return out
