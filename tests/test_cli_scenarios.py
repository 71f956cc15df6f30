"""`python -m calc scenarios list|import|export`, run as a user would (a child process), on both
backends; four imports at once lose nothing and export gives every value back exactly."""

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd

import calc
from calc.files.scenarios import read_scenarios
from calc.files.write import to_csv_bytes
from calc.model.wom import wom_bounds

ROOT = Path(__file__).resolve().parents[1]


def cli(backend, *args, extra_env=None):
    env = {**os.environ, **backend.env}
    env.pop("RECOVERY_USER_HEADER", None)
    env.update(extra_env or {})
    return subprocess.run([sys.executable, "-m", "calc", "scenarios", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def random_scenarios(seed: int, n: int, prefix: str) -> pd.DataFrame:
    """n scenarios with values drawn across each parameter's range (floats of full precision,
    whole numbers where the parameter needs them)."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        row = {"scenario": f"{prefix} {i}"}
        for name in calc.NAMES:
            spec = calc.BY_NAME[name]
            if spec.integer:
                row[name] = spec.default
            else:
                row[name] = float(rng.uniform(spec.min, min(spec.max, 1e7)))
        # word of mouth within MODEL.md's bounds: reach drawn below the largest this row allows
        _, _, top = wom_bounds({k: np.array([row[k]]) for k in calc.NAMES})
        if row["wom_reach_per_lost_customer"] * row["wom_conversion_rate"] > top[0]:
            row["wom_reach_per_lost_customer"] = float(
                rng.uniform(0, 1) * top[0] / row["wom_conversion_rate"])
        rows.append(row)
    return pd.DataFrame(rows)


def test_import_list_export_round_trip(backend, tmp_path):
    src = tmp_path / "in.csv"
    wanted = random_scenarios(1, 5, "budget")
    src.write_bytes(to_csv_bytes(wanted))
    out = cli(backend, "import", str(src))
    assert out.returncode == 0, out.stderr
    assert out.stderr.strip() == "Imported 5 scenarios."
    listing = pd.read_csv(__import__("io").StringIO(cli(backend, "list").stdout))
    assert list(listing.columns) == ["scenario", "saved_at", "created_at", "owner"]
    assert sorted(listing["scenario"]) == sorted(wanted["scenario"])
    assert listing["saved_at"].str.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ").all()
    exported = tmp_path / "out.csv"
    assert cli(backend, "export", "-o", str(exported)).returncode == 0
    back = read_scenarios(exported).set_index("scenario").sort_index()
    assert (back[list(calc.NAMES)] == wanted.set_index("scenario").sort_index()).all().all()
    evaluated = subprocess.run([sys.executable, "-m", "calc", "evaluate", str(exported)],
                               cwd=ROOT, capture_output=True, text=True)
    assert evaluated.returncode == 0 and evaluated.stdout.count("\n") == 6


def test_a_taken_name_is_an_error_and_nothing_is_saved_unless_replace(backend, tmp_path):
    backend.open().save("North", calc.DEFAULTS)
    src = tmp_path / "in.csv"
    src.write_text("scenario,customers\nsouth,10\nnorth,20\n")
    out = cli(backend, "import", str(src))
    assert out.returncode == 2
    assert out.stderr.splitlines() == [
        "row 3, column scenario: value 'north': is the name of a saved scenario ('North'); "
        "choose another name, or choose to replace the saved ones",
        "nothing was imported from this file",
        "pass --replace to replace the saved scenarios of these names"]
    assert backend.open().names() == ["North"]
    out = cli(backend, "import", "--replace", str(src))
    assert out.returncode == 0, out.stderr
    assert "Imported 2 scenarios (1 replacing saved ones)." in out.stderr
    s = backend.open()
    assert s.names() == ["north", "south"] and s.get("NORTH").params["customers"] == 20


def test_owners_on_need_a_user_and_record_it(backend, tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("scenario,customers\nmine,10\n")
    owners = {"RECOVERY_USER_HEADER": "X-Forwarded-Email"}
    out = cli(backend, "import", str(src), extra_env=owners)
    assert out.returncode == 2 and "pass --user EMAIL" in out.stderr
    assert "Traceback" not in out.stderr
    out = cli(backend, "import", "--user", "ann@example.com", str(src), extra_env=owners)
    assert out.returncode == 0, out.stderr
    listing = cli(backend, "list", extra_env=owners).stdout.splitlines()
    assert listing[1].startswith('"mine",') and listing[1].endswith('"ann@example.com"')
    out = cli(backend, "import", "--replace", "--user", "bob@example.com", str(src),
              extra_env=owners)
    assert out.returncode == 2 and "belongs to ann@example.com" in out.stderr


def test_an_unreachable_database_exits_2_with_what_to_do(tmp_path):
    from conftest import Backend
    from pg import _free_port
    gone = Backend("postgresql", tmp_path, f"postgresql://x@127.0.0.1:{_free_port()}/db")
    out = cli(gone, "list")
    assert out.returncode == 2 and out.stdout == ""
    assert "cannot be reached" in out.stderr and "Traceback" not in out.stderr


def test_four_processes_importing_at_once_lose_nothing(backend, tmp_path):
    files, wanted = [], []
    for w in range(4):
        frame = random_scenarios(100 + w, 250, f"worker {w}")
        path = tmp_path / f"w{w}.csv"
        path.write_bytes(to_csv_bytes(frame))
        files.append(path)
        wanted.append(frame)
    with ThreadPoolExecutor(4) as pool:            # four `python -m calc` processes at once
        results = list(pool.map(lambda f: cli(backend, "import", str(f)), files))
    assert [r.returncode for r in results] == [0, 0, 0, 0], [r.stderr for r in results]
    exported = tmp_path / "all.csv"
    assert cli(backend, "export", "-o", str(exported)).returncode == 0
    back = read_scenarios(exported).set_index("scenario").sort_index()
    expected = pd.concat(wanted).set_index("scenario").sort_index()
    assert len(back) == 1000
    assert back.index.equals(expected.index)
    for name in calc.NAMES:                        # every value, bit for bit
        assert np.array_equal(back[name].to_numpy(), expected[name].to_numpy()), name
