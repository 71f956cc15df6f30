"""Bounded work per upload (issue 15, item 1): the limits are checked on the raw bytes before
any cell is read, so a hostile file costs little memory. Each case runs in a fresh interpreter
that reports its own peak memory (VmHWM), the file's bytes included."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

import calc
from calc.files.limits import MAX_COLUMNS, MAX_LINE_CHARS
from calc.files.scenarios import read_scenarios

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import json, sys
from pathlib import Path
import calc
from calc.files import read_ranges, read_scenarios
from calc.files.caselog import read_log

def hwm():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024

readers = {"scenarios": read_scenarios, "ranges": read_ranges, "case log": read_log}
data = Path(sys.argv[2]).read_bytes()
before = hwm()
try:
    readers[sys.argv[1]](data)
    answer = "accepted"
except calc.InputError as e:
    answer = str(e.problems[0])
print(json.dumps({"answer": answer, "extra_mb": hwm() - before}))
"""


def run_reader(reader: str, path: Path) -> dict:
    r = subprocess.run([sys.executable, "-c", CHILD, reader, str(path)], cwd=ROOT,
                       capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    return json.loads(r.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def one_line_file(tmp_path_factory):
    """40 MB on one line: 20 million columns."""
    path = tmp_path_factory.mktemp("attack") / "one_line.csv"
    path.write_bytes(b"1," * 20_000_000)
    return path


@pytest.mark.parametrize("reader", ["scenarios", "ranges", "case log"])
def test_one_line_file_is_refused_with_little_memory(one_line_file, reader):
    out = run_reader(reader, one_line_file)
    assert "first line is longer than 1,000,000 characters" in out["answer"], out
    # Beyond the file's own bytes (held before the measure starts), reading it as one row of
    # 20 million cells would take gigabytes; refusing it takes a window of the header.
    assert out["extra_mb"] < 50, out


def test_many_rows_refused_before_any_cell_is_read(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_bytes(b"customers\n" + b"5\n" * 3_000_000)
    out = run_reader("scenarios", path)
    assert out["answer"] == "the scenarios file has 3,000,000 rows; at most 1,000,000 are allowed"
    assert out["extra_mb"] < 50, out


def test_header_of_too_many_columns_counted_exactly():
    header = ",".join(f"c{i}" for i in range(5000)).encode()
    with pytest.raises(calc.InputError, match="has 5,000 columns; at most 200 are allowed"):
        read_scenarios(header + b"\n1\n")
    assert MAX_COLUMNS == 200


def test_a_long_line_later_in_the_file_is_refused_by_its_line_number():
    data = b"scenario,customers\na,5\nb," + b"9" * (MAX_LINE_CHARS + 10) + b"\nc,6\n"
    with pytest.raises(calc.InputError) as e:
        read_scenarios(data)
    assert str(e.value) == ("row 3: the line is 1,000,012 characters long; a row may have at "
                            "most 1,000,000 characters")


def test_a_row_grown_over_many_lines_is_refused():
    # quoted line breaks keep every line short, but the row itself has 600,000 cells
    data = b"scenario,customers\n" + b'"\n",' * 300_000 + b"5\n"
    with pytest.raises(calc.InputError) as e:
        read_scenarios(data)
    assert "a row starting at line 2 is longer than 1,000,000 characters" in str(e.value)
