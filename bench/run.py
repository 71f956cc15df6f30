"""Speed figures of the project, each beside its target. Run with `make bench`.

Prints; never fails on time (tests do not time anything). Figures are the best of a few runs
on this machine, in seconds unless said otherwise.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from calc import evaluate  # noqa: E402
from calc.analysis import monte_carlo  # noqa: E402
from calc.csvio import read_ranges, write_csv  # noqa: E402
from calc.reference import evaluate_row  # noqa: E402
from calc.sampling import random_scenarios  # noqa: E402

RESULTS: list[tuple[str, str, str, bool | None]] = []


def best_of(fn, repeat=3):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def report(name, value, unit, target=None, ok=None):
    shown = f"{value:.3f} {unit}" if isinstance(value, float) else f"{value} {unit}"
    RESULTS.append((name, shown, target or "", ok))
    flag = "" if ok is None else ("  ok" if ok else "  MISSED")
    print(f"{name:<55} {shown:>14}   target {target or '-'}{flag}", flush=True)


def bench_model():
    scen = random_scenarios(1_000_000, seed=1)
    evaluate(scen)  # warm up
    t_vec = best_of(lambda: evaluate(scen))
    report("evaluate 1,000,000 scenarios, vectorised", t_vec, "s", "<= 0.5 s", t_vec <= 0.5)
    n_loop = 100_000
    rows = [{k: float(v[i]) for k, v in scen.items()} for i in range(n_loop)]
    t0 = time.perf_counter()
    for row in rows:
        evaluate_row(row)
    t_loop = (time.perf_counter() - t0) * (1_000_000 / n_loop)
    report("same formulas, per-row Python loop (100,000 rows, x10)", t_loop, "s")
    ratio = t_loop / t_vec
    report("speed-up of vectorised over loop", ratio, "x", ">= 50 x", ratio >= 50)


def bench_monte_carlo():
    ranges = read_ranges(ROOT / "sample_inputs" / "ranges.csv")
    t = best_of(lambda: monte_carlo(None, ranges, 1_000_000, seed=1))
    report("Monte Carlo, 1,000,000 draws (10 ranged parameters)", t, "s", "<= 1.5 s", t <= 1.5)


def bench_cli():
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "scenarios.csv"
        out = Path(tmp) / "results.csv"
        scen = random_scenarios(100_000, seed=3)
        frame = pd.DataFrame(scen)
        frame.insert(0, "scenario", [f"s{i}" for i in range(len(frame))])
        write_csv(frame, src)
        cmd = [sys.executable, "-m", "calc", "evaluate", str(src), "-o", str(out)]

        def once():
            subprocess.run(cmd, check=True, cwd=ROOT)
        t = best_of(once, repeat=2)
        rows = sum(1 for _ in open(out)) - 1
        report(f"CLI evaluate end to end, {rows:,} rows", t, "s", "<= 5 s", t <= 5)


SECTIONS = {"model": bench_model, "montecarlo": bench_monte_carlo, "cli": bench_cli}


def main(argv):
    chosen = argv or list(SECTIONS)
    print(f"machine: {os.cpu_count()} cores, python {sys.version.split()[0]}, "
          f"numpy {np.__version__}, pandas {pd.__version__}")
    for name in chosen:
        SECTIONS[name]()
    missed = [r for r in RESULTS if r[3] is False]
    print(f"\n{len([r for r in RESULTS if r[3] is not None])} targets, {len(missed)} missed")


if __name__ == "__main__":
    main(sys.argv[1:])
