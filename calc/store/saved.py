"""Saved scenarios: one interface, on SQLite (default) or PostgreSQL (``RECOVERY_DATABASE_URL``).

Every change is one transaction, so a save lands whole or not at all and concurrent saves from
many processes lose nothing. Parameters are stored as JSON with Python's shortest round-trip
float text: what is loaded is exactly what was saved. A scenario saved before a parameter
existed loads with that parameter's default; values of parameters this version does not know
are kept in the database and reported (``Saved.extra``), never dropped silently.

Nothing saved is lost: every save, replace, import, restore and delete adds a numbered version
of the name (``scenario_versions``), with who did it and when; :meth:`ScenarioStore.history`
lists them and :meth:`ScenarioStore.restore` brings one back as a new version. A deleted
scenario's versions stay (the bin) until :meth:`ScenarioStore.empty_bin` is asked to remove them.

Names are normalised (:mod:`calc.store.names`); names equal ignoring case are one scenario. With
owners on (``RECOVERY_USER_HEADER`` set, or ``owners=True``) each save records its user, only
that user may overwrite, rename or delete it, and a write without a user is refused. Where the
database, the folder or the server fails, calls raise :class:`StoreUnavailable` saying what is
wrong and what to do (see :mod:`calc.store.db` for the schema and :mod:`calc.store.errors`).
"""

from __future__ import annotations

import json
import math
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Mapping

from sqlalchemy import exc, func, insert, select, update

from calc.store import names
from calc.store import db as store_db
from calc.model.params import BY_NAME, NAMES, InputError, Problem, resolve_one
from calc.store.errors import (DB_ERRORS, InBin, NameTaken, NotFound, NotOwner, SignInNeeded,
                               StoreUnavailable, damaged, explain)
from calc.store.db import data_dir
from calc.store.opening import Opener
from calc.store.importing import ImportResult
from calc.store.importing import plan, apply

T = store_db.scenarios
V = store_db.versions
USER_HEADER_ENV = "RECOVERY_USER_HEADER"
__all__ = ["ScenarioStore", "Saved", "ImportResult", "InBin", "NameTaken", "NotFound", "NotOwner",
           "SignInNeeded", "StoreUnavailable", "Version", "data_dir"]


@dataclass(frozen=True)
class Saved:
    name: str
    params: dict[str, float]
    created: float
    updated: float
    owner: str | None = None
    extra: dict = field(default_factory=dict)     # saved values of inputs this version lacks
    version: int | None = None                    # its number in the name's history


@dataclass(frozen=True)
class Version:
    """One content a name has held: ``action`` is saved, replaced, imported, restored or deleted
    (a deleted version holds what was deleted)."""
    name: str
    version: int
    params: dict[str, float]
    owner: str | None
    saved_by: str | None
    saved_at: float
    action: str
    note: str | None = None
    extra: dict = field(default_factory=dict)


class ScenarioStore:
    def __init__(self, folder: str | os.PathLike | None = None, *, url: str | None = None,
                 owners: bool | None = None):
        url = url if url is not None else (None if folder is not None else store_db.database_url())
        self.header = os.environ.get(USER_HEADER_ENV) or None
        self.owners = bool(self.header) if owners is None else owners
        self._db = Opener(url, Path(folder) if folder is not None else data_dir())
        self.folder, self.path = self._db.folder, self._db.path

    @property
    def where(self) -> str:
        return self._db.where

    @property
    def backend(self) -> str:
        return "postgresql" if self._db.url else "sqlite"

    def take_notice(self) -> str | None:
        """A one-off message about something the store repaired (a deleted file recreated)."""
        return self._db.take_notice()

    def status(self) -> StoreUnavailable | None:
        """None when the store can be read and written; else what is wrong (``readable`` says
        whether reading still works)."""
        try:
            self._db.engine()
        except StoreUnavailable as e:
            return e
        return self._db.write_problem()

    # -- reading --------------------------------------------------------------------------------
    @contextmanager
    def _read(self) -> Iterator:
        engine = self._db.engine()
        try:
            with engine.connect() as conn:
                yield conn
        except DB_ERRORS as e:
            raise explain(e, self.where) from None

    def all(self) -> list[Saved]:
        with self._read() as conn:
            rows = conn.execute(select(T.c.name, T.c.params, T.c.created, T.c.updated,
                                       T.c.owner).order_by(T.c.name_key)).all()
        return [_saved(*r) for r in rows]

    def names(self) -> list[str]:
        with self._read() as conn:
            return list(conn.execute(select(T.c.name).order_by(T.c.name_key)).scalars())

    def get(self, name: str) -> Saved:
        with self._read() as conn:
            row = conn.execute(select(T.c.name, T.c.params, T.c.created, T.c.updated, T.c.owner)
                               .where(T.c.name_key == names.key(name))).first()
        if row is None:
            raise NotFound(name)
        return _saved(*row)

    def exists(self, name: str) -> bool:
        with self._read() as conn:
            return conn.execute(select(T.c.id).where(T.c.name_key == names.key(name))).first() \
                is not None

    def history(self, name: str) -> list[Version]:
        """Every version of a name, oldest first (also for a deleted one, while it is in the
        bin). :class:`NotFound` when the name has none."""
        with self._read() as conn:
            rows = conn.execute(_version_query().where(V.c.name_key == names.key(name))
                                .order_by(V.c.version)).all()
        if not rows:
            raise NotFound(name)
        return [_version(r) for r in rows]

    def version(self, name: str, number: int) -> Version:
        for v in self.history(name):
            if v.version == number:
                return v
        raise NotFound(name, number)

    def bin(self) -> list[Version]:
        """The deleted scenarios whose versions are kept: the last version of each (the
        "deleted" one: who deleted it, when, and what it held), by name."""
        with self._read() as conn:
            return [_version(r) for r in conn.execute(_bin_query()).all()]

    def check(self) -> str:
        """The database's own check: 'ok' when sound (PostgreSQL: the server answers)."""
        return self._db.check()

    # -- writing --------------------------------------------------------------------------------
    @contextmanager
    def _write(self, user: str | None) -> Iterator:
        if self.owners and not user:
            raise SignInNeeded(self.header)
        engine = self._db.engine()
        problem = self._db.write_problem()
        if problem is not None:
            raise problem
        try:
            with engine.connect().execution_options(write=True) as conn, conn.begin():
                if conn.dialect.name == "sqlite":
                    verdict = conn.exec_driver_sql("PRAGMA quick_check").scalar()
                    if verdict != "ok":
                        self._db.mark_damaged(str(verdict))
                        raise damaged(self.where, str(verdict))
                yield conn
        except exc.IntegrityError:
            raise
        except DB_ERRORS as e:
            raise explain(e, self.where) from None

    def _row(self, conn, name: str):
        q = select(T.c.id, T.c.name, T.c.owner, T.c.created, T.c.updated).where(
            T.c.name_key == names.key(name))
        if conn.dialect.name == "postgresql":
            q = q.with_for_update()
        return conn.execute(q).first()

    def _may_change(self, row, user: str | None) -> None:
        if self.owners and row.owner and row.owner.casefold() != (user or "").casefold():
            raise NotOwner(row.name, row.owner)

    def save(self, name: str, params: Mapping[str, float], overwrite: bool = False,
             user: str | None = None) -> Saved:
        """Save a scenario. Raises :class:`NameTaken` if the name (ignoring case) exists and not
        ``overwrite``; :class:`NotOwner` when overwriting someone else's."""
        name = names.normalise(name)
        values = resolve_one(params)
        text = json.dumps(values, allow_nan=False)
        for attempt in range(3):
            now = time.time()
            try:
                with self._write(user) as conn:
                    row = self._row(conn, name)
                    if row is not None and not overwrite:
                        raise NameTaken(row.name, row.owner, row.updated)
                    if row is not None:
                        self._may_change(row, user)
                        owner = row.owner or (user if self.owners else None)
                        conn.execute(update(T).where(T.c.id == row.id).values(
                            name=name, params=text, owner=owner, updated=now))
                        n = _add_version(conn, name, text, owner, user, now, "replaced")
                        return Saved(name, values, row.created, now, owner, version=n)
                    owner = user if self.owners else None
                    conn.execute(insert(T).values(name=name, name_key=names.key(name),
                                                  params=text, owner=owner, created=now,
                                                  updated=now))
                    n = _add_version(conn, name, text, owner, user, now, "saved")
                    return Saved(name, values, now, now, owner, version=n)
            except exc.IntegrityError:          # another process saved this name meanwhile
                if not overwrite or attempt == 2:
                    raise NameTaken(name) from None
        raise AssertionError("unreachable")

    def rename(self, old: str, new: str, user: str | None = None) -> None:
        new = names.normalise(new)
        try:
            with self._write(user) as conn:
                row = self._row(conn, old)
                if row is None:
                    raise NotFound(old)
                self._may_change(row, user)
                if names.key(new) != names.key(row.name):
                    clash = self._row(conn, new)
                    if clash is not None:
                        raise NameTaken(clash.name, clash.owner)
                    if _last_version(conn, new) is not None:
                        raise InBin(new)
                conn.execute(update(T).where(T.c.id == row.id).values(
                    name=new, name_key=names.key(new), updated=time.time()))
                # the history goes with the scenario
                conn.execute(update(V).where(V.c.name_key == names.key(row.name)).values(
                    name_key=names.key(new), name=new))
        except exc.IntegrityError:
            raise NameTaken(new) from None

    def delete(self, name: str, user: str | None = None) -> None:
        with self._write(user) as conn:
            row = self._row(conn, name)
            if row is None:
                raise NotFound(name)
            self._may_change(row, user)
            params = conn.execute(select(T.c.params).where(T.c.id == row.id)).scalar_one()
            _add_version(conn, row.name, params, row.owner, user, time.time(), "deleted")
            conn.execute(T.delete().where(T.c.id == row.id))

    def restore(self, name: str, number: int, user: str | None = None) -> Saved:
        """Make version ``number`` of a name its current content again, as a new version
        ("restored", noting from which). Works for a scenario in the bin too: it comes back
        with its owner. Owners' rules as for replacing."""
        now = time.time()
        with self._write(user) as conn:
            row = self._row(conn, name)
            old = conn.execute(_version_query().where(V.c.name_key == names.key(name))
                               .where(V.c.version == number)).first()
            if old is None:
                raise NotFound(name, number)
            note = f"from version {number}"
            if row is not None:
                self._may_change(row, user)
                owner = row.owner or (user if self.owners else None)
                conn.execute(update(T).where(T.c.id == row.id).values(
                    name=row.name, params=old.params, owner=owner, updated=now))
                created, shown = row.created, row.name
            else:                                   # back from the bin
                last = _last_version(conn, name)
                if self.owners and last.owner and last.owner.casefold() != user.casefold():
                    raise NotOwner(last.name, last.owner)
                owner = last.owner or (user if self.owners else None)
                shown, created = last.name, now
                conn.execute(insert(T).values(name=shown, name_key=names.key(shown),
                                              params=old.params, owner=owner, created=now,
                                              updated=now))
                note += ", out of the bin"
            n = _add_version(conn, shown, old.params, owner, user, now, "restored", note)
        saved = _saved(shown, old.params, created, now, owner)
        return Saved(saved.name, saved.params, created, now, owner, saved.extra, n)

    def empty_bin(self, user: str | None = None, name: str | None = None) -> int:
        """Remove for good the versions of deleted scenarios (only ``name``'s, if given); with
        owners on, only those of scenarios ``user`` owned (or nobody did). Returns how many
        versions were removed."""
        with self._write(user) as conn:
            gone = [r for r in conn.execute(_bin_query()).all()
                    if (name is None or r.name_key == names.key(name))
                    and (not self.owners or not r.owner
                         or r.owner.casefold() == (user or "").casefold())]
            removed = 0
            for r in gone:
                removed += conn.execute(V.delete().where(V.c.name_key == r.name_key)).rowcount
            return removed

    def import_rows(self, rows: Iterable, mode: str = "error", user: str | None = None,
                    overwrite: bool | None = None) -> ImportResult:
        """Save (name, parameters) or (row, name, parameters) items, e.g. from a scenarios CSV,
        in ONE transaction: either every row is saved or none. Names carrying the export's
        formula guard are unguarded. ``mode`` for names already saved (ignoring case): "error"
        (the default: nothing is saved, :class:`InputError` lists them), "skip", "replace"
        (only the owner's). Bad names, bad values, or one name twice in the file raise
        :class:`InputError` listing every row, and nothing is saved."""
        if overwrite is not None:
            mode = "replace" if overwrite else "skip"
        items = plan(rows)
        try:
            with self._write(user) as conn:
                return apply(conn, items, mode, user if self.owners else None, self.owners)
        except exc.IntegrityError:
            raise InputError([Problem(None, names.COLUMN, None,
                                      "another import or save took one of these names at the "
                                      "same moment; nothing was imported. Try again")]) from None


def _version_query():
    return select(V.c.name, V.c.name_key, V.c.version, V.c.params, V.c.owner, V.c.saved_by,
                  V.c.saved_at, V.c.action, V.c.note)


def _bin_query():
    """The last version of every name that has versions but no scenario."""
    last = (select(V.c.name_key, func.max(V.c.version).label("top")).group_by(V.c.name_key)
            .subquery())
    return (_version_query().join(last, (V.c.name_key == last.c.name_key)
                                  & (V.c.version == last.c.top))
            .where(V.c.name_key.not_in(select(T.c.name_key))).order_by(V.c.name_key))


def _last_version(conn, name: str):
    return conn.execute(_version_query().where(V.c.name_key == names.key(name))
                        .order_by(V.c.version.desc()).limit(1)).first()


def _add_version(conn, name, text, owner, user, now, action, note=None) -> int:
    """Add the next version of a name (inside the caller's transaction); returns its number.
    Two writers of one new name at once: the second fails on the (name, version) key and the
    caller retries or reports the name as taken."""
    key = names.key(name)
    top = conn.execute(select(func.max(V.c.version)).where(V.c.name_key == key)).scalar()
    n = (top or 0) + 1
    conn.execute(insert(V).values(name_key=key, version=n, name=name, params=text, owner=owner,
                                  saved_by=user, saved_at=now, action=action, note=note))
    return n


def _version(r) -> Version:
    s = _saved(r.name, r.params, r.saved_at, r.saved_at, r.owner)
    return Version(r.name, r.version, s.params, r.owner, r.saved_by, r.saved_at, r.action, r.note,
                   s.extra)


def _saved(name, text, created, updated, owner) -> Saved:
    raw = json.loads(text)
    params, extra = {}, {}
    for key, value in raw.items():
        (params if key in BY_NAME else extra)[key] = value
    out = {}
    for name_ in NAMES:
        v = params.get(name_)
        ok = isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
        out[name_] = float(v) if ok else BY_NAME[name_].default
    return Saved(name, out, created, updated, owner, extra)
