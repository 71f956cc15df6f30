"""Files evaluated in partitions (issue 22): ``python -m calc evaluate | project | levers`` on
CSV and Parquet of any size, ``--engine local`` and ``--engine dask``.

Checked against: the whole-file reader and writer of the same file (byte for byte: parts do
not change a figure, a name or a row), the independent per-row reference
(``calc.model.reference.evaluate_row``, with the tolerances of tests/test_cross_check.py) on
sampled rows, row numbers counted by hand from how each file is built, and the Segments
page's total (``calc.segments``). The Dask tests start a real LocalCluster.
"""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import calc
from calc.cli.commands import main
from calc.files import read_scenarios, to_csv_bytes, write_csv
from calc.model.evaluation import evaluate_table
from calc.model.reference import evaluate_row, projection_rows
from calc.model.sampling import random_scenarios
from test_cross_check import agree, tolerances

ROOT = Path(__file__).resolve().parents[1]
PARTS = ["--partition-rows", "1000"]


def scenario_frame(n: int, seed: int) -> pd.DataFrame:
    frame = pd.DataFrame(random_scenarios(n, seed=seed, response_share=0.01))
    names = [f"cohort {i}" for i in range(n)]
    for i in range(0, n, 7):
        names[i] = ""                       # blank: named "scenario N", N over the whole file
    names[1500] = 'two\nlines, "quoted"'   # a cell over two lines, near a part's end
    frame.insert(0, "scenario", names)
    return frame


@pytest.fixture(scope="module")
def csv_file(tmp_path_factory):
    """3,500 scenarios (parts of 1,000 rows: four parts), a name over two lines in the second
    part and a blank line after line 2,600."""
    path = tmp_path_factory.mktemp("stream") / "scenarios.csv"
    write_csv(scenario_frame(3500, seed=21), path)
    lines = path.read_bytes().split(b"\n")
    lines.insert(2600, b"")
    path.write_bytes(b"\n".join(lines))
    return path


@pytest.fixture(scope="module")
def cluster():
    """A real Dask LocalCluster of two worker processes, shut down after the module. The
    workers are spawned with a bare ``__main__``: after an AppTest in the same pytest run,
    ``__main__`` is app.py, which a spawned process would run first."""
    import types
    from distributed import LocalCluster
    main_module = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        c = LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None,
                         processes=True)
    finally:
        sys.modules["__main__"] = main_module
    with c:
        yield c.scheduler_address


def run(*args, capsys=None) -> int:
    return main([str(a) for a in args])


def check_sample(frame: pd.DataFrame, out: pd.DataFrame, rows) -> None:
    """Rows of an evaluated output against the per-row reference."""
    bad = []
    for i in rows:
        p = {c: float(frame[c].iloc[i]) for c in calc.NAMES}
        m, flows = evaluate_row(p), projection_rows(p)
        net_at = lambda c: evaluate_row({**p, "compensation_per_resolution_program": c})[  # noqa
            "net_value"]
        tol = tolerances(p, m, flows, net_at)
        for name in m:
            if not agree(float(out[name].iloc[i]), m[name], tol[name]):
                bad.append((i, name, out[name].iloc[i], m[name]))
    assert not bad, bad[:5]


def test_parts_give_the_whole_file_bytes_and_the_reference(csv_file, tmp_path):
    out = tmp_path / "out.csv"
    assert run("evaluate", csv_file, "-o", out, *PARTS) == 0
    whole = evaluate_table(read_scenarios(csv_file))          # the file read whole
    assert out.read_bytes() == to_csv_bytes(whole)
    got = pd.read_csv(out, keep_default_na=False, na_values=[""])
    assert len(got) == 3500
    # blank names are numbered over the whole file; the two-line name stays whole
    assert got["scenario"].iloc[0] == "scenario 1"
    assert got["scenario"].iloc[7] == "scenario 8" and got["scenario"].iloc[3493] == "scenario 3494"
    assert got["scenario"].iloc[1500] == 'two\nlines, "quoted"'
    assert got["scenario"].iloc[1501] == "cohort 1501"
    source = scenario_frame(3500, seed=21)
    check_sample(source, got, range(0, 3500, 97))


def test_engines_agree_cell_for_cell(csv_file, tmp_path, cluster):
    outs = {}
    for engine in ("local", "dask"):
        for ext in ("csv", "parquet"):
            target = tmp_path / f"{engine}.{ext}"
            extra = ["--scheduler", cluster] if engine == "dask" else []
            assert run("evaluate", csv_file, "-o", target, "--engine", engine, "--total",
                       *PARTS, *extra) == 0
            outs[engine, ext] = target
    assert outs["local", "csv"].read_bytes() == outs["dask", "csv"].read_bytes()
    a, b = pq.read_table(outs["local", "parquet"]), pq.read_table(outs["dask", "parquet"])
    assert a.equals(b) and a.num_rows == 3501
    # levers and project on the other engine too
    for job in ("levers", "project"):
        got = []
        for engine in ("local", "dask"):
            target = tmp_path / f"{job}-{engine}.csv"
            extra = ["--scheduler", cluster] if engine == "dask" else []
            assert run(job, csv_file, "-o", target, "--engine", engine, *PARTS, *extra) == 0
            got.append(target.read_bytes())
        assert got[0] == got[1]


def test_total_over_parts_is_the_segments_total(csv_file, tmp_path):
    out = tmp_path / "total.csv"
    assert run("evaluate", csv_file, "-o", out, "--total", *PARTS) == 0
    got = pd.read_csv(out, keep_default_na=False,
                      na_values=[""])
    total = got.iloc[-1]
    rows = got.iloc[:-1]
    assert total["scenario"] == "Total"
    # by hand: sums, and ratios of the sums
    assert total["customers"] == pytest.approx(rows["customers"].sum(), rel=1e-12)
    assert total["net_value"] == pytest.approx(rows["net_value"].sum(), rel=1e-9)
    cost = rows["incremental_cost"].sum()     # ROI is NaN where the summed cost is <= 0
    if cost > 0:
        assert total["roi"] == pytest.approx(rows["net_value"].sum() / cost, rel=1e-9)
    else:
        assert math.isnan(total["roi"])
    assert math.isnan(total["failure_rate"])
    # the page's rule, whole file in one piece (sums in another order: rounding only)
    page = calc.segments(read_scenarios(csv_file)).iloc[-1]
    for c in ("net_value", "payback_years", "overall_retention_program", "customers_saved"):
        assert total[c] == pytest.approx(float(page[c]), rel=1e-9)


def bad_last_part(path: Path) -> Path:
    """The CSV file with three bad cells in its last part (lines 3,402, 3,403 and 3,499;
    the header is line 1 and a name over two lines takes lines 1,502-1,503, a blank line is
    line 2,601), and a good copy otherwise."""
    frame = scenario_frame(3500, seed=21)
    frame = frame.astype({"failure_rate": object, "customers": object})
    # data row k (0-based) is on line k + 2, + 1 after the two-line name, + 1 after the blank
    frame.loc[3398, "failure_rate"] = "abc"          # line 3398 + 2 + 1 + 1 = 3,402
    frame.loc[3399, "customers"] = "0"              # line 3,403: below the minimum of 1
    frame.loc[3495, "failure_rate"] = "1.5"          # line 3,499: above 1
    write_csv(frame, path)
    lines = path.read_bytes().split(b"\n")
    lines.insert(2600, b"")
    path.write_bytes(b"\n".join(lines))
    return path


def test_bad_rows_in_the_last_part(tmp_path, cluster, capsys):
    src = bad_last_part(tmp_path / "bad.csv")
    errors = []
    for engine in ("local", "dask"):
        target = tmp_path / f"out-{engine}.parquet"
        target.write_bytes(b"before")
        extra = ["--scheduler", cluster] if engine == "dask" else []
        assert run("evaluate", src, "-o", target, "--engine", engine, *PARTS, *extra) == 2
        errors.append(capsys.readouterr().err)
        assert target.read_bytes() == b"before"                 # untouched
        assert not [p for p in tmp_path.iterdir() if p.name.startswith(".tmp-")]
    assert errors[0] == errors[1]
    lines = errors[0].splitlines()
    assert lines[0].startswith("row 3402, column failure_rate: value 'abc'")
    assert lines[1].startswith("row 3403, column customers: value '0'")
    assert lines[2].startswith("row 3499, column failure_rate: value '1.5'")
    assert len(lines) == 3             # the last part: no "later rows" note


def test_bad_rows_in_an_early_part_say_later_rows_wait(tmp_path, capsys):
    frame = scenario_frame(3500, seed=21).astype({"failure_rate": object})
    frame.loc[10, "failure_rate"] = "x"
    write_csv(frame, tmp_path / "early.csv")
    assert run("evaluate", tmp_path / "early.csv", "-o", tmp_path / "o.csv", *PARTS) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("row 12, column failure_rate: value 'x'")
    assert "4 parts of up to 1,000 rows" in err[1] and "part 1" in err[1]
    assert not (tmp_path / "o.csv").exists()


def test_parquet_round_trip_keeps_types_and_values(tmp_path):
    frame = scenario_frame(2500, seed=5)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    # customers as whole numbers, failure_rate as text in the number grammar ("30%")
    table = table.set_column(table.schema.get_field_index("customers"), "customers",
                             pa.array(frame["customers"].round().astype("int64")))
    rates = [f"{v * 100:.6f}%" for v in frame["failure_rate"]]
    table = table.set_column(table.schema.get_field_index("failure_rate"), "failure_rate",
                             pa.array(rates))
    pq.write_table(table, tmp_path / "in.parquet", row_group_size=900)
    assert run("evaluate", tmp_path / "in.parquet", "-o", tmp_path / "out.parquet",
               *PARTS) == 0
    out = pq.read_table(tmp_path / "out.parquet")
    types = {f.name: f.type for f in out.schema}
    assert types["scenario"] == pa.string() and types["paradox_assumed"] == pa.bool_()
    assert all(types[n] == pa.float64() for n in calc.NAMES + ("net_value", "payback_years"))
    got = out.to_pandas()
    assert (got["customers"].to_numpy() == frame["customers"].round().to_numpy()).all()
    assert np.allclose(got["failure_rate"], [float(r[:-1]) / 100 for r in rates], rtol=0,
                       atol=1e-15)
    # the same scenarios as a CSV give the same figures
    same = frame.assign(customers=frame["customers"].round(), failure_rate=rates)
    write_csv(same, tmp_path / "in.csv")
    assert run("evaluate", tmp_path / "in.csv", "-o", tmp_path / "out.csv") == 0
    csv = pd.read_csv(tmp_path / "out.csv", keep_default_na=False,
                      na_values=[""])
    assert np.array_equal(csv["net_value"].to_numpy(), got["net_value"].to_numpy())
    assert list(csv["scenario"]) == list(got["scenario"])
    check_sample(got, got, range(0, 2500, 250))
    # an output read back as input (metric columns are ignored) gives itself
    assert run("evaluate", tmp_path / "out.parquet", "-o", tmp_path / "again.parquet") == 0
    assert pq.read_table(tmp_path / "again.parquet").equals(out)


def test_parquet_problems_name_rows_of_the_whole_file(tmp_path, capsys):
    frame = scenario_frame(2500, seed=6)
    frame.loc[2100, "failure_rate"] = 1.5
    frame["failure_reduction_program"] = frame["failure_reduction_program"].astype(str)
    frame.loc[2200, "failure_reduction_program"] = "lots"
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), tmp_path / "b.parquet",
                   row_group_size=1200)
    assert run("evaluate", tmp_path / "b.parquet", "-o", tmp_path / "o.parquet", *PARTS) == 2
    err = capsys.readouterr().err.splitlines()
    # parts: rows 0-999, 1000-1199 (group 1 ends), 1200-2199, 2200-2399, 2400-2499;
    # data row k is row k + 2 (as in the CSV the file would be)
    assert err[0].startswith("row 2102, column failure_rate")
    assert "part 3" in err[-1]
    assert not (tmp_path / "o.parquet").exists()


def test_evaluate_never_imports_dask(tmp_path):
    code = ("import sys; from calc.cli.commands import main; "
            f"rc = main(['evaluate', {str(ROOT / 'sample_inputs' / 'segments.csv')!r}, '-o', "
            f"{str(tmp_path / 'o.parquet')!r}, '--total']); "
            "assert rc == 0; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"


def peak_of_evaluate(src: Path, out: Path) -> int:
    """Peak resident memory (MB) of a fresh interpreter evaluating ``src`` in parts of
    100,000 rows, imports included."""
    code = ("import resource, sys; from calc.cli.commands import main; "
            f"rc = main(['evaluate', {str(src)!r}, '-o', {str(out)!r}, "
            "'--partition-rows', '100000']); "
            "print(rc, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    rc, peak = map(int, r.stdout.split())
    assert rc == 0, r.stderr
    return peak


def test_a_file_past_the_old_ceiling_in_bounded_memory(tmp_path):
    """1,200,000 rows (the whole-file reader refuses more than 1,000,000) in parts of 100,000
    take no more memory than 200,000 rows do (the output table of the whole file alone would
    be 1.2M x 69 columns x 8 bytes = 660 MB more), and every row is there, in order."""
    n = 1_200_000
    scen = random_scenarios(n, seed=9, response_share=0.0)
    table = pa.table({"scenario": pa.array([f"c{i}" for i in range(n)]),
                      **{k: pa.array(v) for k, v in scen.items()}})
    pq.write_table(table, tmp_path / "big.parquet", row_group_size=200_000)
    pq.write_table(table.slice(0, 200_000), tmp_path / "small.parquet", row_group_size=200_000)
    del table
    small = peak_of_evaluate(tmp_path / "small.parquet", tmp_path / "small-out.parquet")
    big = peak_of_evaluate(tmp_path / "big.parquet", tmp_path / "out.parquet")
    assert big < small + 100, f"peak {big} MB for 1.2M rows, {small} MB for 200,000"
    assert big < 1536          # the bound for a streamed run: 1.5 GiB
    out = pq.ParquetFile(tmp_path / "out.parquet")
    assert out.metadata.num_rows == n
    last = out.read_row_group(out.metadata.num_row_groups - 1).to_pandas()
    assert last["scenario"].iloc[-1] == f"c{n - 1}"
    inputs = pd.DataFrame({k: v[-len(last):] for k, v in scen.items()})
    check_sample(inputs, last, range(0, len(last), 5000))


def test_a_batch_run_can_keep_freed_memory():
    """The CLI's batch runs ask glibc's malloc to keep freed blocks for the next partition
    (calc/cli/memory.py; the speed is in make bench): here, on Debian's glibc, it accepts."""
    from calc.cli.memory import keep_freed_memory
    assert keep_freed_memory() is (sys.platform == "linux")
