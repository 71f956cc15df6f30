"""Saved scenarios on SQLite or PostgreSQL: the store, its database and migrations, opening,
importing, errors and scenario names."""

from calc.store.access import (EDITORS_ENV, FORWARDED_ENV, LOOPBACK, TRUSTED_ENV, editor_rules,
                               header_problem, is_editor, is_trusted, settings, trusted_networks)
from calc.store.db import (DB_NAME, DIR_ENV, SCHEMA_VERSION, TooNew, URL_ENV, bring_up_to_date,
                           data_dir, database_url, metadata, pg_url, postgres_engine, scenarios,
                           schema_version, sqlite_check, sqlite_engine, store_meta, use_wal,
                           versions)
from calc.store.errors import (ADMIN, DB_ERRORS, InBin, NameTaken, NotFound, NotOwner,
                               SignInNeeded, StoreUnavailable, damaged, explain, folder_problem)
from calc.store.importing import ImportResult, Item, V, apply, plan
from calc.store.names import (COLUMN, MAX_NAME_CHARS, describe, key, normalise, problems, unguard,
                              visible)
from calc.store.opening import Opener
from calc.store.saved import Saved, ScenarioStore, Version

__all__ = ["ADMIN", "COLUMN", "DB_ERRORS", "DB_NAME", "DIR_ENV", "EDITORS_ENV", "FORWARDED_ENV",
           "ImportResult", "InBin", "Item", "LOOPBACK", "MAX_NAME_CHARS", "NameTaken", "NotFound",
           "NotOwner", "Opener", "SCHEMA_VERSION", "Saved", "ScenarioStore", "SignInNeeded",
           "StoreUnavailable", "TRUSTED_ENV", "TooNew", "URL_ENV", "V", "Version", "apply",
           "bring_up_to_date", "damaged", "data_dir", "database_url", "describe", "editor_rules",
           "explain", "folder_problem", "header_problem", "is_editor", "is_trusted", "key",
           "metadata", "normalise", "pg_url", "plan", "postgres_engine", "problems", "scenarios",
           "schema_version", "settings", "sqlite_check", "sqlite_engine", "store_meta",
           "trusted_networks", "unguard", "use_wal", "versions", "visible"]
