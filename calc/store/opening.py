"""Opening the store's database, and noticing when it goes wrong under a running app.

:class:`Opener` keeps one engine per store. It opens lazily and retries on every call after a
failure, so fixing a folder's permissions or starting the database server is picked up without
restarting the app. For SQLite it checks the file's integrity at open and, on each call, that
the file is still the one it opened: a file deleted under a running server is recreated (empty,
with a notice) and a file replaced (say by a restored backup) is opened and checked afresh.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from sqlalchemy import exc, text
from sqlalchemy.engine import Engine

from calc.store import db as store_db
from calc.store.errors import DB_ERRORS, StoreUnavailable, damaged, explain, folder_problem


class Opener:
    def __init__(self, url: str | None, folder: Path):
        self.url = url
        self.folder = folder
        self.path = folder / store_db.DB_NAME
        self._engine: Engine | None = None
        self._inode = None
        self._write_problem: StoreUnavailable | None = None
        self._notice: str | None = None
        self._lock = threading.Lock()
        self._read_only = False
        if url:
            try:
                u = store_db.pg_url(url)
                self.where = u.render_as_string(hide_password=True).replace("+psycopg", "")
            except Exception:       # a malformed URL is reported when the store is used
                self.where = "RECOVERY_DATABASE_URL"
        else:
            self.where = str(self.path)

    def take_notice(self) -> str | None:
        notice, self._notice = self._notice, None
        return notice

    def write_problem(self) -> StoreUnavailable | None:
        return self._write_problem

    def mark_damaged(self, detail: str) -> None:
        self._write_problem = damaged(self.where, detail)

    def engine(self) -> Engine:
        with self._lock:
            if self._engine is not None and not self.url:
                self._still_there()
            if self._engine is not None and self._read_only and self._writable():
                self._engine.dispose()          # the folder was made writable: open afresh
                self._engine = None
            if self._engine is None:
                self._engine = self._open_pg() if self.url else self._open_sqlite()
            return self._engine

    # -- PostgreSQL -----------------------------------------------------------------------------
    def _open_pg(self) -> Engine:
        try:
            engine = store_db.postgres_engine(self.url)
        except Exception as e:  # noqa: BLE001 - a malformed URL: what is wrong, not a traceback
            raise StoreUnavailable(f"The scenario database address is not usable: {e}.",
                                   "Set RECOVERY_DATABASE_URL to postgresql://user@host:5432/"
                                   "database (or unset it to use a file on this server).")
        try:
            store_db.bring_up_to_date(engine)
        except store_db.TooNew as e:
            engine.dispose()
            raise StoreUnavailable(str(e).capitalize() + ".", "Run the newer version of the app.")
        except DB_ERRORS as e:
            engine.dispose()
            raise explain(e, self.where) from None
        self._write_problem = None
        return engine

    # -- SQLite ---------------------------------------------------------------------------------
    def _open_sqlite(self) -> Engine:
        folder, path = self.folder, self.path
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise folder_problem(folder, e.strerror or str(e), exists=False) from None
        if not folder.is_dir():
            raise folder_problem(folder, "it is a file, not a folder", exists=False)
        writable = self._writable()
        self._read_only = not writable
        if not writable and not path.exists():
            raise folder_problem(folder, "permission denied; there is no scenario database in "
                                         "it yet", exists=False)
        engine = store_db.sqlite_engine(path, read_only=None if writable else "ro")
        try:
            if writable:
                store_db.use_wal(engine)
                store_db.bring_up_to_date(engine)
            else:
                try:
                    with engine.connect() as conn:
                        version = store_db.schema_version(conn)
                except exc.OperationalError:
                    engine = store_db.sqlite_engine(path, read_only="immutable")
                    with engine.connect() as conn:
                        version = store_db.schema_version(conn)
                if version != store_db.SCHEMA_VERSION:
                    raise StoreUnavailable(
                        f"The scenario database ({path}) is from an older version of the app "
                        f"and its folder is read-only, so it cannot be upgraded.",
                        "Ask whoever runs this dashboard to make the data folder writable, "
                        "then reload this page.")
            verdict = store_db.sqlite_check(engine)
        except store_db.TooNew as e:
            raise StoreUnavailable(str(e).capitalize() + ".", "Run the newer version of the app.")
        except DB_ERRORS as e:
            raise explain(e, self.where) from None
        if verdict != "ok":
            self._write_problem = damaged(self.where, verdict)
        elif not writable:
            self._write_problem = folder_problem(folder, "permission denied", exists=True)
        else:
            self._write_problem = None
        self._inode = _inode(path)
        return engine

    def _writable(self) -> bool:
        return os.access(self.folder, os.W_OK | os.X_OK) and (
            not self.path.exists() or os.access(self.path, os.R_OK | os.W_OK))

    def _still_there(self) -> None:
        """The file opened is gone or replaced: open again (recreating it when gone)."""
        now = _inode(self.path)
        if now == self._inode:
            return
        self._engine.dispose()
        self._engine = None
        if now is None:
            self._notice = (f"The scenario database file ({self.path}) was deleted while the "
                            f"app was running. A new, empty one has been created; scenarios "
                            f"saved before are only in your backups (README: backups).")

    def check(self) -> str:
        engine = self.engine()
        try:
            if self.url:
                with engine.connect() as conn:
                    return "ok" if conn.execute(text("SELECT 1")).scalar() == 1 else "failed"
            return store_db.sqlite_check(engine)
        except DB_ERRORS as e:
            raise explain(e, self.where) from None


def _inode(path: Path):
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino)
