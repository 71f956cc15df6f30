"""Importing many scenarios at once: checked whole first, then saved in one transaction.

:func:`plan` checks every row (name, values, the same name twice in the file) and raises one
:class:`InputError` listing every problem, before anything touches the database. :func:`apply`
runs inside the store's write transaction: it looks up the names already saved (in chunks, one
query each, not one per row) and inserts or replaces with two batched statements.
"""

from __future__ import annotations

import json
import time
import unicodedata
from dataclasses import dataclass, field

import numpy as np

from sqlalchemy import bindparam, func, insert, select, update

from calc.store import names
from calc.store import db as store_db
from calc.model.params import BY_NAME, InputError, Problem, resolve, resolve_one

T = store_db.scenarios
V = store_db.versions
CHUNK = 500


@dataclass
class ImportResult:
    saved: int = 0
    replaced: int = 0
    skipped: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [f"Imported {self.saved + self.replaced} scenarios"]
        if self.replaced:
            parts[0] += f" ({self.replaced} replacing saved ones)"
        if self.skipped:
            parts.append(f"skipped {len(self.skipped)} whose names were taken")
        return ", ".join(parts) + "."


@dataclass(frozen=True)
class Item:
    row: int | None
    name: str
    key: str
    params: str


def plan(rows) -> list[Item]:
    entries = [entry if len(entry) == 3 else (None, *entry) for entry in rows]
    where = [row if row is not None else n for n, (row, _, _) in enumerate(entries, start=1)]
    values = _check_values([v for _, _, v in entries], where)
    items, problems, first_row = [], [], {}
    for i, (_, name, _) in enumerate(entries):
        name = names.unguard(name)
        bad = names.problems(name, where[i])
        if bad:
            problems += bad
            continue
        clean = " ".join(unicodedata.normalize("NFC", name).split())
        k = names.key(clean)
        if k in first_row:
            problems.append(Problem(where[i], names.COLUMN, clean,
                                    f"is the same name as row {first_row[k]} (names that differ "
                                    f"only in case are one scenario); rename one of them"))
            continue
        first_row[k] = where[i]
        if values is not None:
            items.append(Item(where[i], clean, k, json.dumps(values[i], allow_nan=False)))
    if problems or values is None:
        if values is None:
            problems += _row_problems([v for _, _, v in entries], where)
        problems.sort(key=lambda p: p.row if p.row is not None else 10**12)
        raise InputError(problems + [Problem(None, None, None,
                                             "nothing was imported from this file")])
    if not items:
        raise InputError([Problem(None, None, None, "the file holds no scenarios")])
    return items


def _check_values(dicts: list, where: list[int]) -> list[dict] | None:
    """Every row's parameters checked in one vectorised pass (missing ones take defaults);
    None when any row has a problem (then :func:`_row_problems` says which)."""
    if not dicts:
        return []
    columns = {}
    for name in sorted({k for d in dicts for k in d}):
        default = BY_NAME[name].default if name in BY_NAME else np.nan
        columns[name] = [d.get(name, default) for d in dicts]
    try:
        arrays = resolve({k: np.asarray(v, dtype=float) for k, v in columns.items()},
                         rows=np.asarray(where))
    except (InputError, TypeError, ValueError):
        return None
    names_ = list(arrays)
    table = np.column_stack([np.broadcast_to(arrays[n], (len(dicts),)) for n in names_])
    return [dict(zip(names_, map(float, row))) for row in table]


def _row_problems(dicts: list, where: list[int]) -> list[Problem]:
    """Each row's problems with its row number (the slow path, only when something is wrong)."""
    out = []
    for row, values in zip(where, dicts):
        try:
            resolve_one(values)
        except InputError as e:
            out += [Problem(row if p.row is None else p.row, p.column, p.value, p.message)
                    for p in e.problems]
    return out


def _existing(conn, keys: list[str]) -> dict:
    found = {}
    for i in range(0, len(keys), CHUNK):
        q = select(T.c.id, T.c.name, T.c.name_key, T.c.owner).where(
            T.c.name_key.in_(keys[i:i + CHUNK]))
        if conn.dialect.name == "postgresql":
            q = q.with_for_update()
        for r in conn.execute(q):
            found[r.name_key] = r
    return found


def _top_versions(conn, keys: list[str]) -> dict:
    found = {}
    for i in range(0, len(keys), CHUNK):
        q = (select(V.c.name_key, func.max(V.c.version)).where(V.c.name_key.in_(keys[i:i + CHUNK]))
             .group_by(V.c.name_key))
        found.update(dict(conn.execute(q).all()))
    return found


def apply(conn, items: list[Item], mode: str, user: str | None, owners: bool):
    if mode not in ("error", "skip", "replace"):
        raise ValueError(f"mode must be error, skip or replace, not {mode!r}")
    saved = _existing(conn, [it.key for it in items])
    problems, result = [], ImportResult()
    inserts, updates = [], []
    now = time.time()
    for it in items:
        old = saved.get(it.key)
        if old is None:
            inserts.append({"name": it.name, "name_key": it.key, "params": it.params,
                            "owner": user, "created": now, "updated": now})
        elif mode == "skip":
            result.skipped.append(it.name)
        elif mode == "error":
            problems.append(Problem(it.row, names.COLUMN, it.name,
                                    f"is the name of a saved scenario ('{old.name}'); choose "
                                    f"another name, or choose to replace the saved ones"))
        elif owners and old.owner and old.owner.casefold() != (user or "").casefold():
            problems.append(Problem(it.row, names.COLUMN, it.name,
                                    f"replaces '{old.name}', which belongs to {old.owner}; only "
                                    f"they can replace it. Choose another name"))
        else:
            updates.append({"b_id": old.id, "name": it.name, "params": it.params,
                            "owner": old.owner or user, "updated": now})
    if problems:
        raise InputError(problems + [Problem(None, None, None,
                                             "nothing was imported from this file")])
    if inserts:
        conn.execute(insert(T), inserts)
    if updates:
        conn.execute(update(T).where(T.c.id == bindparam("b_id")), updates)
    # every imported content is a version of its name; a replaced one stays as the version before
    written = {r["name"] for r in inserts} | {r["name"] for r in updates}
    done = [it for it in items if it.name in written]
    top = _top_versions(conn, [it.key for it in done])
    owner_of = {r["name"]: r["owner"] for r in inserts + updates}
    if done:
        conn.execute(insert(V), [
            {"name_key": it.key, "version": top.get(it.key, 0) + 1, "name": it.name,
             "params": it.params, "owner": owner_of[it.name], "saved_by": user,
             "saved_at": now, "action": "imported", "note": None} for it in done])
    result.saved, result.replaced = len(inserts), len(updates)
    return result
