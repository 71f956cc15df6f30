"""Speed of the scenario store on SQLite and on PostgreSQL (a server of its own, started from
Debian's binaries as the tests do): one save, reading every scenario, importing a large file in
one transaction. Called by `bench/run.py store` (section ``store``)."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import calc  # noqa: E402
from calc.store.saved import ScenarioStore  # noqa: E402

SAVES = 200
IMPORT_ROWS = 10_000


def _measure(store: ScenarioStore, label: str, report) -> None:
    times = []
    for i in range(SAVES):
        t0 = time.perf_counter()
        store.save(f"save {i}", {**calc.DEFAULTS, "customers": float(i + 1)})
        times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    report(f"store, {label}: one save (median of {SAVES})", med * 1000, "ms", "<= 50 ms",
           med <= 0.05)
    rows = [(f"imported {i}", {**calc.DEFAULTS, "customers": float(i + 1)})
            for i in range(IMPORT_ROWS)]
    t0 = time.perf_counter()
    store.import_rows(rows)
    t_import = time.perf_counter() - t0
    report(f"store, {label}: import {IMPORT_ROWS:,} scenarios in one transaction", t_import,
           "s", "<= 5 s", t_import <= 5)
    t_all = []
    for _ in range(3):
        t0 = time.perf_counter()
        n = len(store.all())
        t_all.append(time.perf_counter() - t0)
    report(f"store, {label}: read all {n:,} saved scenarios (best of 3)", min(t_all), "s",
           "<= 1 s", min(t_all) <= 1)


def bench_store(report) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _measure(ScenarioStore(Path(tmp)), "SQLite", report)
    try:
        from pg import PostgresServer
        server = PostgresServer().start()
    except RuntimeError as e:
        print(f"store, PostgreSQL: not measured ({str(e).splitlines()[0]})")
        return
    try:
        _measure(ScenarioStore(url=server.new_database("bench")), "PostgreSQL", report)
    finally:
        server.stop()
