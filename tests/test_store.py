"""The scenario store: exact round trips, names, and no lost saves under kills and concurrency.
Every test runs twice: on an SQLite file and on a real PostgreSQL server (fixture ``backend``)."""

import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

import calc
from calc.store.errors import NameTaken, NotFound
from calc.store.saved import ScenarioStore

ROOT = Path(__file__).resolve().parents[1]
KILLS = 5
KILL_RESULTS: list[str] = []      # reported at the end of the run by conftest.py


def test_round_trip_is_exact(backend):
    s = backend.open()
    params = {**calc.DEFAULTS, "failure_rate": 0.1 + 0.2, "customers": 12345.678901234567}
    s.save("a", params)
    assert s.get("a").params == params
    assert backend.open().get("a").params == params     # a new process / session


def test_save_over_a_name_needs_overwrite(backend):
    s = backend.open()
    s.save("a", calc.DEFAULTS)
    with pytest.raises(NameTaken):
        s.save("a", {**calc.DEFAULTS, "customers": 5})
    assert s.get("a").params["customers"] == calc.DEFAULTS["customers"]
    s.save("a", {**calc.DEFAULTS, "customers": 5}, overwrite=True)
    assert s.get("a").params["customers"] == 5


def test_rename_and_delete(backend):
    s = backend.open()
    s.save("a", calc.DEFAULTS)
    s.save("b", calc.DEFAULTS)
    with pytest.raises(NameTaken):
        s.rename("a", "b")
    s.rename("a", "c")
    assert s.names() == ["b", "c"]
    s.delete("b")
    with pytest.raises(NotFound):
        s.delete("b")
    assert s.names() == ["c"]


def test_invalid_values_and_names_are_refused(backend):
    s = backend.open()
    with pytest.raises(calc.InputError):
        s.save("x", {"failure_rate": 2.0})
    with pytest.raises(calc.InputError):
        s.save("   ", calc.DEFAULTS)
    with pytest.raises(calc.InputError):
        s.save("x" * 500, calc.DEFAULTS)
    assert s.names() == []


def test_import_is_all_or_nothing(backend):
    s = backend.open()
    s.save("taken", calc.DEFAULTS)
    with pytest.raises(calc.InputError) as e:            # a bad name: nothing is saved
        s.import_rows([("new", calc.DEFAULTS), ("y" * 500, calc.DEFAULTS)])
    assert str(e.value.problems[0]).startswith("row 2, column scenario: value 'yyy")
    with pytest.raises(calc.InputError) as e:            # a taken name (ignoring case): nothing
        s.import_rows([("new", calc.DEFAULTS), ("TAKEN", calc.DEFAULTS)])
    assert "row 2, column scenario: value 'TAKEN': is the name of a saved scenario ('taken')" \
        in str(e.value)
    assert s.names() == ["taken"]
    result = s.import_rows([("new", calc.DEFAULTS), ("TAKEN", calc.DEFAULTS)], mode="skip")
    assert (result.saved, result.skipped) == (1, ["TAKEN"])
    result = s.import_rows([("NEW", {**calc.DEFAULTS, "customers": 7.0})], mode="replace")
    assert (result.saved, result.replaced) == (0, 1)
    assert s.names() == ["NEW", "taken"] and s.get("new").params["customers"] == 7.0


WRITER = """
import calc
from calc.store import ScenarioStore
s = ScenarioStore()             # RECOVERY_DATABASE_URL or RECOVERY_DATA_DIR from the environment
i = 0
while True:
    s.save(f"s{i}", {**calc.DEFAULTS, "customers": float(i + 1)})
    print(i, flush=True)        # printed only after the save committed
    i += 1
"""


def test_sigkill_in_the_middle_of_saves_loses_nothing_saved(backend):
    survived = 0
    confirmed = set()
    for kill in range(KILLS):
        proc = subprocess.Popen([sys.executable, "-c", WRITER.replace("s{i}", f"k{kill}-{{i}}")],
                                cwd=ROOT, stdout=subprocess.PIPE, text=True,
                                env={**os.environ, **backend.env})
        lines = []
        deadline = time.monotonic() + 20
        while len(lines) < 20 + 7 * kill and time.monotonic() < deadline:
            lines.append(proc.stdout.readline().strip())
        os.kill(proc.pid, signal.SIGKILL)           # mid-save: it is saving in a loop
        proc.wait()
        lines += [x.strip() for x in proc.stdout.read().splitlines()]
        confirmed |= {f"k{kill}-{x}" for x in lines if x}
        s = backend.open()
        assert s.check() == "ok"
        names = set(s.names())
        assert confirmed <= names                   # every confirmed save is there
        for name in confirmed:
            i = int(name.split("-")[1])
            assert s.get(name).params["customers"] == i + 1
        survived += 1
    KILL_RESULTS.append(f"{backend.name}: {survived} of {KILLS}, {len(confirmed)} confirmed "
                        f"saves intact, database check ok")
    assert survived == KILLS


def _save_many(args):
    folder, url, worker, count = args
    s = ScenarioStore(url=url) if url else ScenarioStore(folder)
    for i in range(count):
        s.save(f"w{worker}-{i}", {**calc.DEFAULTS, "customers": float(worker * 1000 + i + 1)})
    return count


def test_concurrent_saves_from_8_processes_lose_nothing(backend):
    backend.open().names()
    with ProcessPoolExecutor(8) as pool:
        done = sum(pool.map(_save_many, [(backend.folder, backend.url, w, 40) for w in range(8)]))
    s = backend.open()
    assert done == 320 and len(s.names()) == 320
    assert s.get("w7-39").params["customers"] == 7040
    assert s.check() == "ok"


def test_concurrent_saves_from_8_threads_lose_nothing(backend):
    s = backend.open()
    errors = []

    def work(w):
        try:
            _save_many((backend.folder, backend.url, w, 40))
        except Exception as e:           # pragma: no cover - reported below
            errors.append(e)
    threads = [threading.Thread(target=work, args=(w,)) for w in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(s.names()) == 320


def test_same_name_from_eight_writers_one_wins_the_others_are_told(backend):
    results = []

    def work():
        try:
            backend.open().save("shared" if len(results) % 2 else "SHARED", calc.DEFAULTS)
            results.append("saved")
        except NameTaken:
            results.append("taken")
    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["saved"] + ["taken"] * 7
