"""The scenario store: exact round trips, names, and no lost saves under kills and concurrency."""

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
from calc.store import NameTaken, NotFound, ScenarioStore

ROOT = Path(__file__).resolve().parents[1]
KILLS = 5
KILL_RESULTS: list[str] = []      # reported at the end of the run by conftest.py


def test_round_trip_is_exact(tmp_path):
    s = ScenarioStore(tmp_path)
    params = {**calc.DEFAULTS, "failure_rate": 0.1 + 0.2, "customers": 12345.678901234567}
    s.save("a", params)
    assert s.get("a").params == params
    assert ScenarioStore(tmp_path).get("a").params == params     # a new process / session


def test_save_over_a_name_needs_overwrite(tmp_path):
    s = ScenarioStore(tmp_path)
    s.save("a", calc.DEFAULTS)
    with pytest.raises(NameTaken):
        s.save("a", {**calc.DEFAULTS, "customers": 5})
    assert s.get("a").params["customers"] == calc.DEFAULTS["customers"]
    s.save("a", {**calc.DEFAULTS, "customers": 5}, overwrite=True)
    assert s.get("a").params["customers"] == 5


def test_rename_and_delete(tmp_path):
    s = ScenarioStore(tmp_path)
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


def test_invalid_values_and_names_are_refused(tmp_path):
    s = ScenarioStore(tmp_path)
    with pytest.raises(calc.InputError):
        s.save("x", {"failure_rate": 2.0})
    with pytest.raises(calc.InputError):
        s.save("   ", calc.DEFAULTS)
    with pytest.raises(calc.InputError):
        s.save("x" * 500, calc.DEFAULTS)
    assert s.names() == []


def test_import_rows_saves_good_rows_and_reports_the_rest(tmp_path):
    s = ScenarioStore(tmp_path)
    s.save("taken", calc.DEFAULTS)
    result = s.import_rows([("new", calc.DEFAULTS), ("taken", calc.DEFAULTS),
                            ("y" * 500, calc.DEFAULTS)])
    assert result.saved == 1 and result.skipped == ["taken"] and len(result.problems) == 1
    assert "could not import 1" in result.summary()


WRITER = """
import sys
from calc.store import ScenarioStore
import calc
s = ScenarioStore(sys.argv[1])
i = 0
while True:
    s.save(f"s{i}", {**calc.DEFAULTS, "customers": float(i + 1)})
    print(i, flush=True)        # printed only after the save committed
    i += 1
"""


def test_sigkill_in_the_middle_of_saves_loses_nothing_saved(tmp_path):
    survived = 0
    confirmed = set()
    for kill in range(KILLS):
        proc = subprocess.Popen([sys.executable, "-c", WRITER.replace("s{i}", f"k{kill}-{{i}}"),
                                 str(tmp_path)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
        lines = []
        deadline = time.monotonic() + 20
        while len(lines) < 20 + 7 * kill and time.monotonic() < deadline:
            lines.append(proc.stdout.readline().strip())
        os.kill(proc.pid, signal.SIGKILL)           # mid-save: it is saving in a loop
        proc.wait()
        lines += [x.strip() for x in proc.stdout.read().splitlines()]
        confirmed |= {f"k{kill}-{x}" for x in lines if x}
        s = ScenarioStore(tmp_path)
        assert s.check() == "ok"
        names = set(s.names())
        assert confirmed <= names                   # every confirmed save is there
        for name in confirmed:
            i = int(name.split("-")[1])
            assert s.get(name).params["customers"] == i + 1
        survived += 1
    KILL_RESULTS.append(f"{survived} of {KILLS}, {len(confirmed)} confirmed saves intact, "
                        f"database integrity ok")
    assert survived == KILLS


def _save_many(args):
    folder, worker, count = args
    s = ScenarioStore(folder)
    for i in range(count):
        s.save(f"w{worker}-{i}", {**calc.DEFAULTS, "customers": float(worker * 1000 + i + 1)})
    return count


def test_concurrent_saves_from_8_processes_lose_nothing(tmp_path):
    ScenarioStore(tmp_path)
    with ProcessPoolExecutor(8) as pool:
        done = sum(pool.map(_save_many, [(str(tmp_path), w, 40) for w in range(8)]))
    s = ScenarioStore(tmp_path)
    assert done == 320 and len(s.names()) == 320
    assert s.get("w7-39").params["customers"] == 7040
    assert s.check() == "ok"


def test_concurrent_saves_from_8_threads_lose_nothing(tmp_path):
    s = ScenarioStore(tmp_path)
    errors = []

    def work(w):
        try:
            _save_many((str(tmp_path), w, 40))
        except Exception as e:           # pragma: no cover - reported below
            errors.append(e)
    threads = [threading.Thread(target=work, args=(w,)) for w in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(s.names()) == 320


def test_same_name_from_two_writers_one_wins_one_is_told(tmp_path):
    results = []

    def work():
        try:
            ScenarioStore(tmp_path).save("shared", calc.DEFAULTS)
            results.append("saved")
        except NameTaken:
            results.append("taken")
    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["saved"] + ["taken"] * 7
