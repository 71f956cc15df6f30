"""The store fails loudly and safely: a read-only or missing data folder, a damaged or deleted
database file, an unreachable database server. Each says what is wrong and what to do, nothing
is written into a file that fails its integrity check, and a file deleted under a running app
is recreated (with a notice), not "no such table" until a restart."""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

import calc
from calc.store import db as store_db
from calc.store.saved import ScenarioStore
from calc.store.errors import StoreUnavailable

ROOT = Path(__file__).resolve().parents[1]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def as_ordinary_user(code: str) -> subprocess.CompletedProcess:
    """Run Python code the way a non-root app would: root without its override of file
    permissions (setpriv drops the capabilities), else the user we are."""
    cmd = [sys.executable, "-c", code]
    if os.geteuid() == 0:
        drop = "-dac_override,-dac_read_search"
        cmd = ["setpriv", f"--inh-caps={drop}", f"--bounding-set={drop}", "--", *cmd]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=60)


READ_ONLY_PROBE = """
import calc
from calc.store import ScenarioStore, StoreUnavailable
s = ScenarioStore({folder!r})
problem = s.status()
print("readable:", problem.readable)
print("what:", problem.what)
print("names:", s.names())
try:
    s.save("new", calc.DEFAULTS)
except StoreUnavailable as e:
    print("save refused:", e.what)
"""


def test_a_read_only_folder_reads_but_refuses_to_save_and_says_why(tmp_path):
    folder = tmp_path / "data"
    ScenarioStore(folder).save("kept", calc.DEFAULTS)
    before = digest(folder / store_db.DB_NAME)
    os.chmod(tmp_path, 0o755)
    os.chmod(folder / store_db.DB_NAME, 0o444)
    os.chmod(folder, 0o555)
    try:
        out = as_ordinary_user(READ_ONLY_PROBE.format(folder=str(folder)))
    finally:
        os.chmod(folder, 0o755)
    assert out.returncode == 0, out.stderr
    assert "readable: True" in out.stdout
    assert f"what: The data folder for saved scenarios ({folder}) is read-only" in out.stdout
    assert "names: ['kept']" in out.stdout
    assert "save refused: The data folder for saved scenarios" in out.stdout
    assert digest(folder / store_db.DB_NAME) == before


def test_a_folder_that_cannot_be_created_is_explained(tmp_path):
    (tmp_path / "file").write_text("not a folder")
    s = ScenarioStore(tmp_path / "file" / "data")
    problem = s.status()
    assert problem is not None and not problem.readable
    assert "does not exist and cannot be created" in problem.what
    assert "RECOVERY_DATA_DIR" in problem.todo
    with pytest.raises(StoreUnavailable):
        s.save("x", calc.DEFAULTS)
    with pytest.raises(StoreUnavailable):
        s.names()


def test_a_file_that_is_not_a_database_is_refused_and_left_alone(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    db = folder / store_db.DB_NAME
    db.write_bytes(b"this is not an SQLite file\n" * 200)
    before = digest(db)
    s = ScenarioStore(folder)
    problem = s.status()
    assert problem is not None and "is damaged" in problem.what
    assert "backup" in problem.todo
    with pytest.raises(StoreUnavailable):
        s.save("x", calc.DEFAULTS)
    assert digest(db) == before


def test_a_damaged_page_is_found_at_open_and_nothing_is_written(tmp_path):
    folder = tmp_path / "data"
    s = ScenarioStore(folder)
    s.import_rows([(f"s{i}", calc.DEFAULTS) for i in range(400)])     # several pages
    db = folder / store_db.DB_NAME
    data = bytearray(db.read_bytes())
    page = 4096
    assert len(data) > 6 * page
    data[3 * page + 100: 3 * page + 400] = os.urandom(300)            # scribble on one page
    db.write_bytes(bytes(data))
    before = digest(db)
    fresh = ScenarioStore(folder)
    problem = fresh.status()
    assert problem is not None and "fails SQLite's integrity check" in problem.what
    with pytest.raises(StoreUnavailable) as e:
        fresh.save("new", calc.DEFAULTS)
    assert "nothing will be saved into it" in e.value.what
    with pytest.raises(StoreUnavailable):
        fresh.delete("s1")
    assert digest(db) == before


def test_a_file_deleted_under_a_running_app_is_recreated_with_a_notice(tmp_path):
    folder = tmp_path / "data"
    s = ScenarioStore(folder)
    s.save("a", calc.DEFAULTS)
    for leftover in folder.iterdir():
        leftover.unlink()
    assert s.names() == []                                  # not "no such table"
    assert "was deleted while the app was running" in s.take_notice()
    assert s.take_notice() is None                          # said once
    s.save("b", calc.DEFAULTS)
    assert ScenarioStore(folder).names() == ["b"]


def test_the_whole_data_folder_deleted_is_recreated_too(tmp_path):
    import shutil
    folder = tmp_path / "data"
    s = ScenarioStore(folder)
    s.save("a", calc.DEFAULTS)
    shutil.rmtree(folder)
    s.save("b", calc.DEFAULTS)
    assert s.names() == ["b"] and s.take_notice()


def test_an_unreachable_database_server_is_explained():
    from pg import _free_port
    s = ScenarioStore(url=f"postgresql://nobody@127.0.0.1:{_free_port()}/recovery")
    problem = s.status()
    assert problem is not None and not problem.readable
    assert problem.what.startswith("The scenario database server (postgresql://nobody@127.0.0.1")
    assert "cannot be reached" in problem.what and "RECOVERY_DATABASE_URL" in problem.todo
    with pytest.raises(StoreUnavailable):
        s.save("x", calc.DEFAULTS)


def test_a_server_restart_loses_nothing_and_the_app_carries_on(pg_server):
    s = ScenarioStore(url=pg_server.new_database())
    s.save("before", calc.DEFAULTS)
    pg_server.pause()
    try:
        with pytest.raises(StoreUnavailable) as e:
            s.save("during", calc.DEFAULTS)
        assert "nothing was changed now" in e.value.what
    finally:
        pg_server.resume()
    s.save("after", calc.DEFAULTS)                          # the pool reconnects by itself
    assert s.names() == ["after", "before"]


def test_a_url_that_is_not_postgresql_is_explained():
    s = ScenarioStore(url="mysql://x@localhost/db")
    problem = s.status()
    assert "postgresql://user@host:5432" in problem.what + problem.todo
