"""Saved scenarios on SQLite or PostgreSQL: the store, its database and migrations, opening,
importing, errors, scenario names, and who may change them (access)."""

from calc.store import access

from calc.store.db import (DB_NAME, DIR_ENV, SCHEMA_VERSION, TooNew, URL_ENV, bring_up_to_date,
                           data_dir, database_url, metadata, pg_url, postgres_engine, scenarios,
                           schema_version, sqlite_check, sqlite_engine, store_meta, use_wal,
                           versions)
from calc.store.errors import (ADMIN, DB_ERRORS, InBin, NameTaken, NotFound, NotOwner,
                               SignInNeeded, StoreUnavailable, damaged, explain, folder_problem)
from calc.store.importing import ImportResult, Item, apply, plan
from calc.store.names import (COLUMN, MAX_NAME_CHARS, describe, key, normalise, problems, unguard,
                              visible)
from calc.store.opening import Opener
from calc.store.saved import Saved, ScenarioStore, Version

__all__ = ["ADMIN", "COLUMN", "DB_ERRORS", "DB_NAME", "DIR_ENV", "ImportResult", "InBin", "Item",
           "MAX_NAME_CHARS", "NameTaken", "NotFound", "NotOwner", "Opener", "SCHEMA_VERSION",
           "Saved", "ScenarioStore", "SignInNeeded", "StoreUnavailable", "TooNew", "URL_ENV",
           "Version", "access", "apply", "bring_up_to_date", "damaged", "data_dir", "database_url",
           "describe", "explain", "folder_problem", "key", "metadata", "normalise", "pg_url",
           "plan", "postgres_engine", "problems", "scenarios", "schema_version", "sqlite_check",
           "sqlite_engine", "store_meta", "unguard", "use_wal", "versions", "visible"]
