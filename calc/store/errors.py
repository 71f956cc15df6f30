"""What can go wrong with the scenario store, said so a person can act on it.

Every failure of the database itself (a folder that cannot be written, a damaged file, a server
that cannot be reached) becomes a :class:`StoreUnavailable` with ``what`` is wrong and ``todo``:
what to do about it. The dashboard shows both; the CLI prints both and exits 2.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import exc

# What the database layer raises: SQLAlchemy's wrapped driver errors, and sqlite3's own when a
# connection is made (the SQLite engine makes its connections itself).
DB_ERRORS = (exc.DBAPIError, sqlite3.Error)


class NameTaken(Exception):
    """A scenario of that name (ignoring case) exists already; saving over it needs
    ``overwrite=True``. ``name`` is the saved scenario's spelling."""

    def __init__(self, name: str, owner: str | None = None, saved_at: float | None = None):
        self.name, self.owner, self.saved_at = name, owner, saved_at
        super().__init__(f"a scenario named '{name}' exists already")


class NotFound(KeyError):
    def __init__(self, name: str, version: int | None = None):
        self.name, self.version = name, version
        super().__init__(f"no saved scenario named '{name}'" if version is None else
                         f"'{name}' has no version {version} (its history lists them)")

    def __str__(self) -> str:
        return self.args[0]


class NotOwner(PermissionError):
    """Only the owner of a scenario may overwrite, rename or delete it."""

    def __init__(self, name: str, owner: str):
        self.name, self.owner = name, owner
        super().__init__(f"'{name}' belongs to {owner}; only they can change or delete it. "
                         f"Save a copy under another name instead")


class SignInNeeded(PermissionError):
    """Owners are on (RECOVERY_USER_HEADER) and this request did not say who is asking."""

    def __init__(self, header: str | None):
        self.header = header
        super().__init__(
            "This dashboard records who saves each scenario, and this request did not come "
            "with a signed-in user" + (f" (no {header} header)" if header else "")
            + ", so scenarios can be read and loaded here but not saved, replaced or deleted. "
              "Open the dashboard through the company sign-in address, not the server's own "
              "address")


class InBin(Exception):
    """A rename onto a name whose deleted scenario is in the bin: its versions would mix."""

    def __init__(self, name: str):
        self.name = name
        super().__init__(f"a deleted scenario named '{name}' is in the bin; restore it (and "
                         f"rename or delete it again), or empty the bin, before using its name")


class StoreUnavailable(RuntimeError):
    """The database cannot be used (for anything, or only for writing: ``readable``)."""

    def __init__(self, what: str, todo: str, readable: bool = False):
        self.what, self.todo, self.readable = what, todo, readable
        super().__init__(f"{what} {todo}")


ADMIN = "Ask whoever runs this dashboard to "


def folder_problem(folder, reason: str, exists: bool) -> StoreUnavailable:
    if not exists:
        return StoreUnavailable(
            f"The data folder for saved scenarios ({folder}) does not exist and cannot be "
            f"created ({reason}). Nothing can be saved until it can.",
            ADMIN + "create it, or set RECOVERY_DATA_DIR to a folder the app may write to, then "
                    "reload this page. The other pages work meanwhile.")
    return StoreUnavailable(
        f"The data folder for saved scenarios ({folder}) is read-only ({reason}): saved "
        f"scenarios can be read and loaded, but nothing can be saved, replaced or deleted.",
        ADMIN + "make the folder and its scenarios.sqlite3 file writable by the user the app "
                "runs as (or set RECOVERY_DATA_DIR to a writable folder), then reload this page.",
        readable=True)


def damaged(path, detail: str) -> StoreUnavailable:
    return StoreUnavailable(
        f"The scenario database ({path}) is damaged: it fails SQLite's integrity check "
        f"({detail[:200]}). To keep what is in it from getting worse, nothing will be saved "
        f"into it.",
        ADMIN + "stop the app, move the damaged file aside (keep it), and put back the latest "
                "backup (README, \"Running it for a team\": backups); the app creates a new, "
                "empty database if there is none. Then reload this page.", readable=False)


def explain(error: Exception, where: str) -> StoreUnavailable:
    """A driver or file-system error as what is wrong and what to do."""
    text = str(getattr(error, "orig", None) or error).strip().splitlines()[0][:300]
    low = text.lower()
    if "not a database" in low or "malformed" in low or "disk image" in low:
        return damaged(where, text)
    if "readonly" in low or "read-only" in low or "permission denied" in low:
        return StoreUnavailable(
            f"The scenario database ({where}) cannot be written ({text}): nothing was saved.",
            ADMIN + "make the data folder and its scenarios.sqlite3 file writable by the user "
                    "the app runs as, then try again.", readable=True)
    if "locked" in low or "busy" in low:
        return StoreUnavailable(
            f"The scenario database ({where}) stayed busy with other saves for 30 seconds; "
            f"nothing was changed.", "Try again in a moment.", readable=True)
    if "unable to open" in low or isinstance(error, OSError):
        return StoreUnavailable(
            f"The scenario database ({where}) cannot be opened ({text}).",
            ADMIN + "check that the data folder (RECOVERY_DATA_DIR) exists and the app may "
                    "read and write it, then reload this page.")
    if "connect" in low or "server" in low or "timeout" in low or "terminat" in low:
        return StoreUnavailable(
            f"The scenario database server ({where}) cannot be reached ({text}). Scenarios "
            f"saved before are safe on the server; nothing was changed now.",
            ADMIN + "check that PostgreSQL is running and that RECOVERY_DATABASE_URL points at "
                    "it, then try again.")
    return StoreUnavailable(f"The scenario database ({where}) failed: {text}. Nothing was "
                            f"changed.", "Try again; if it keeps failing, " + ADMIN[0].lower()
                            + ADMIN[1:] + "look at the server's log.")
