"""``python -m calc scenarios list|import|export|history|restore``: the dashboard's saved
scenarios from a shell.

Same store and same rules as the dashboard (``RECOVERY_DATABASE_URL`` or ``RECOVERY_DATA_DIR``;
with ``RECOVERY_USER_HEADER`` set, writes need ``--user``, and only a scenario's owner may
replace it). ``import`` saves every row of a scenarios CSV in one transaction: a name already
saved (ignoring case) is an error and nothing is saved, unless ``--replace``. ``export`` writes
a scenarios CSV that ``evaluate`` reads, with every value exactly as saved. ``history NAME``
lists every version a name has held (also a deleted one, in the bin); ``restore NAME --version N``
makes version N the current content again, as a new version: nothing is overwritten for good.
"""

from __future__ import annotations

import os
import sys

import pandas as pd

from calc import files
from calc.model.params import NAMES, InputError, Problem

USER_ENV = "RECOVERY_USER"


# The store (SQLAlchemy, a database driver) is imported when a scenarios command runs, not when
# the CLI starts: `python -m calc evaluate` does not pay for it.


def _store():
    from calc.store.saved import ScenarioStore
    return ScenarioStore()


def _fail(message: str) -> InputError:
    return InputError([Problem(None, None, None, message)])


def _stamp(seconds) -> list[str]:
    return list(pd.to_datetime(seconds, unit="s", utc=True).strftime("%Y-%m-%dT%H:%M:%SZ"))


def _run(action):
    """Store failures and refusals as CLI errors (exit 2, message, no traceback)."""
    from calc.store.errors import NotFound, StoreUnavailable
    try:
        return action()
    except NotFound as e:
        where = "scenarios list" if e.version is None else f"scenarios history '{e.name}'"
        raise _fail(f"{e}; `python -m calc {where}` shows them") from None
    except StoreUnavailable as e:
        raise _fail(f"{e.what} {e.todo}") from None
    except PermissionError as e:                # not the owner, or no user when owners are on
        text = str(e)
        if "signed-in user" in text:
            text = ("scenarios record their owner here (RECOVERY_USER_HEADER is set): pass "
                    "--user EMAIL (or set RECOVERY_USER) to say who is importing")
        raise _fail(text) from None


def cmd_list(args) -> pd.DataFrame:
    saved = _run(lambda: _store().all())
    return pd.DataFrame({"scenario": [s.name for s in saved],
                         "saved_at": _stamp([s.updated for s in saved]),
                         "created_at": _stamp([s.created for s in saved]),
                         "owner": [s.owner or "" for s in saved]})


def cmd_export(args) -> pd.DataFrame:
    saved = _run(lambda: _store().all())
    for s in saved:
        if s.extra:
            print(f"note: '{s.name}' also holds values for inputs this version does not know "
                  f"({', '.join(sorted(s.extra))}); they stay in the database and are not "
                  f"exported", file=sys.stderr)
    frame = pd.DataFrame([{"scenario": s.name, **s.params} for s in saved],
                         columns=["scenario", *NAMES])
    return frame


def cmd_import(args):
    frame = files.read_scenarios(args.input)
    rows = zip(frame.index.tolist(), frame["scenario"].tolist(),
               frame[list(NAMES)].to_dict("records"))
    user = args.user or os.environ.get(USER_ENV) or None
    try:
        result = _run(lambda: _store().import_rows(
            rows, mode="replace" if args.replace else "error", user=user))
    except InputError as e:
        if any("name of a saved scenario" in p.message for p in e.problems):
            e.problems.append(Problem(None, None, None, "pass --replace to replace the saved "
                                                        "scenarios of these names"))
        raise
    print(result.summary(), file=sys.stderr)
    return None


def cmd_history(args) -> pd.DataFrame:
    """One row per version: number, what happened, who, when (UTC), the owner, every input."""
    history = _run(lambda: _store().history(args.name))
    return pd.DataFrame([{"version": v.version, "action": v.action, "note": v.note or "",
                          "saved_by": v.saved_by or "", "saved_at": _stamp([v.saved_at])[0],
                          "owner": v.owner or "", "scenario": v.name, **v.params}
                         for v in history],
                        columns=["version", "action", "note", "saved_by", "saved_at", "owner",
                                 "scenario", *NAMES])


def cmd_restore(args):
    user = args.user or os.environ.get(USER_ENV) or None
    saved = _run(lambda: _store().restore(args.name, args.version, user=user))
    print(f"Restored '{saved.name}' to the inputs of version {args.version}; that is now "
          f"version {saved.version} (the version it replaced is kept: scenarios history "
          f"'{saved.name}').", file=sys.stderr)
    return None


def register(sub) -> None:
    """Add ``scenarios`` with its sub-commands to the CLI's sub-parsers."""
    p = sub.add_parser("scenarios", help="the dashboard's saved scenarios: list, import, export, "
                                         "history, restore",
                       description=__doc__.split("\n\n")[1])
    inner = p.add_subparsers(dest="action", required=True)

    q = inner.add_parser("list", help="CSV of scenario, saved_at, created_at (UTC), owner")
    q.add_argument("-o", "--output", default="-", help="output CSV (default: stdout)")
    q.set_defaults(func=cmd_list)

    q = inner.add_parser("export", help="every saved scenario as a scenarios CSV (evaluate "
                                        "reads it)")
    q.add_argument("-o", "--output", default="-", help="output CSV (default: stdout)")
    q.set_defaults(func=cmd_export)

    q = inner.add_parser("import", help="save each row of a scenarios CSV under its name")
    q.add_argument("input", help="scenarios CSV (the evaluate format; metric columns ignored)")
    q.add_argument("--replace", action="store_true",
                   help="replace saved scenarios of the same names (ignoring case); without "
                        "it a taken name is an error and nothing is saved")
    q.add_argument("--user", help=f"who is importing (owner of new scenarios), when owners are "
                                  f"on; default ${USER_ENV}")
    q.set_defaults(func=cmd_import, output=None)

    q = inner.add_parser("history", help="every version of one scenario (CSV: version, action, "
                                         "who, when, every input)")
    q.add_argument("name", help="the scenario's name (case does not matter)")
    q.add_argument("-o", "--output", default="-", help="output CSV (default: stdout)")
    q.set_defaults(func=cmd_history)

    q = inner.add_parser("restore", help="make an earlier version the current one again (as a "
                                         "new version)")
    q.add_argument("name", help="the scenario's name (also one in the bin)")
    q.add_argument("--version", type=int, required=True, help="the version number (see history)")
    q.add_argument("--user", help=f"who is restoring, when owners are on; default ${USER_ENV}")
    q.set_defaults(func=cmd_restore, output=None)
