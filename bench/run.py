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
sys.path.insert(0, str(ROOT / "bench"))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from calc import evaluate  # noqa: E402
from calc.model.analyses import monte_carlo  # noqa: E402
from calc.files.ranges import read_ranges
from calc.files.write import write_csv  # noqa: E402
from calc.model.reference import evaluate_row  # noqa: E402
from calc.model.sampling import random_scenarios  # noqa: E402

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
    scen = random_scenarios(1_000_000, seed=1, response_share=0.0)
    evaluate(scen)  # warm up
    t_vec = best_of(lambda: evaluate(scen))
    report("evaluate 1,000,000 scenarios, vectorised (program years 1..H, prevention on)",
           t_vec, "s", "<= 0.5 s", t_vec <= 0.5)
    resp = random_scenarios(10_000, seed=2, response_share=1.0)
    t_resp = best_of(lambda: evaluate(resp))
    report("evaluate 10,000 scenarios with a compensation response (numeric break-even)",
           t_resp, "s")
    n_loop = 20_000
    rows = [{k: float(v[i]) for k, v in scen.items()} for i in range(n_loop)]
    t0 = time.perf_counter()
    for row in rows:
        evaluate_row(row)
    t_loop = (time.perf_counter() - t0) * (1_000_000 / n_loop)
    report(f"same model, per-row reference loop ({n_loop:,} rows, scaled to 1,000,000)",
           t_loop, "s")
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
        scen = random_scenarios(100_000, seed=3, response_share=0.0)
        frame = pd.DataFrame(scen)
        frame.insert(0, "scenario", [f"s{i}" for i in range(len(frame))])
        write_csv(frame, src)
        cmd = [sys.executable, "-m", "calc", "evaluate", str(src), "-o", str(out)]

        def once():
            subprocess.run(cmd, check=True, cwd=ROOT)
        t = best_of(once, repeat=2)
        rows = sum(1 for _ in open(out)) - 1
        report(f"CLI evaluate end to end, {rows:,} rows of CSV", t, "s", "<= 1 s", t <= 1)
        records = frame.drop(columns="scenario").to_dict("records")
        t0 = time.perf_counter()
        for row in records:
            evaluate_row(row)
        t_ref = time.perf_counter() - t0
        report(f"per-row reference on the same {rows:,} rows (model only)", t_ref, "s")
        report("CLI end to end over per-row reference", t_ref / t, "x", ">= 4 x", t_ref / t >= 4)


def _scenario_parquet(path: Path, rows: int, seed: int = 11) -> None:
    """``rows`` random scenarios with names, written a million at a time (row groups of
    250,000, pyarrow's usual compression)."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    writer = None
    for k, start in enumerate(range(0, rows, 1_000_000)):
        n = min(1_000_000, rows - start)
        cols = {"scenario": pa.array([f"c{i}" for i in range(start, start + n)])}
        cols.update({c: pa.array(v) for c, v in random_scenarios(n, seed=seed + k,
                                                                 response_share=0.0).items()})
        table = pa.table(cols)
        writer = writer or pq.ParquetWriter(path, table.schema)
        writer.write_table(table, row_group_size=250_000)
    writer.close()


def run_tree(cmd) -> tuple[float, float, float]:
    """(seconds, peak memory in GiB, CPU seconds) of a command end to end: the resident memory
    of the process and all its children (Dask's scheduler and workers), summed, sampled every
    20 ms; the CPU time (user + system) of the process and the children it waited for."""
    import resource
    import psutil
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    top, peak = psutil.Process(proc.pid), 0
    while proc.poll() is None:
        try:
            tree = [top, *top.children(recursive=True)]
            rss = 0
            for p in tree:
                try:
                    rss += p.memory_info().rss
                except psutil.Error:
                    pass
            peak = max(peak, rss)
        except psutil.Error:
            pass
        time.sleep(0.02)
    elapsed = time.perf_counter() - t0
    err = proc.stderr.read().decode()
    if proc.returncode != 0:
        raise RuntimeError(f"{cmd} failed: {err}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, peak / 2**30, cpu


def bench_stream():
    """python -m calc evaluate on big Parquet files, streamed in partitions of 250,000 rows:
    the local engine and Dask on a LocalCluster of 2 workers, same file, same run."""
    with tempfile.TemporaryDirectory() as tmp:
        times = {}
        for rows in (1_000_000, 5_000_000):
            src = Path(tmp) / f"s{rows}.parquet"
            _scenario_parquet(src, rows)
            base = [sys.executable, "-m", "calc", "evaluate", str(src)]
            t, peak, cpu = run_tree(base + ["-o", str(Path(tmp) / "local.parquet")])
            times[rows] = t
            big = rows == 5_000_000
            report(f"evaluate {rows:,} rows Parquet -> Parquet, local engine", t, "s",
                   "<= 15 s" if big else None, (t <= 15) if big else None)
            report("  peak memory of the process", peak, "GiB", "<= 1.5 GiB" if big else None,
                   (peak <= 1.5) if big else None)
            report("  CPU time (user + system; on a busy machine the fairer figure)", cpu, "s")
            if big:
                td, peak_d, cpu_d = run_tree(base + ["--engine", "dask", "--workers", "2", "-o",
                                                     str(Path(tmp) / "dask.parquet")])
                report(f"evaluate {rows:,} rows, Dask LocalCluster (2 workers)", td, "s",
                       "<= 1.5 x local", td <= 1.5 * t)
                report("  peak memory of the process tree (client, scheduler, workers)",
                       peak_d, "GiB")
                report("  CPU time of the process tree", cpu_d, "s")
                import pyarrow.parquet as pq
                same = pq.read_table(Path(tmp) / "local.parquet").equals(
                    pq.read_table(Path(tmp) / "dask.parquet"))
                report("  Dask output equals local output, cell for cell", str(same), "",
                       "True", same)
            src.unlink()
        growth = times[5_000_000] / times[1_000_000]
        report("time growth 1M -> 5M rows (linear is 5 x)", growth, "x", "<= 5.5 x",
               growth <= 5.5)


def bench_calibrate():
    from calc.calibration.estimates import estimate
    from calc.files.caselog import read_log
    sys.path.insert(0, str(ROOT / "sample_inputs"))
    import make_case_log
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "log.csv"
        make_case_log.generate(1_000_000, seed=7).to_csv(path, index=False)

        def once():
            log = read_log(path)
            estimate(log.frame)
        t = best_of(once, repeat=2)
        report("calibrate: read + estimate a 1,000,000-row case log", t, "s", "<= 3 s", t <= 3)


def bench_dashboard():
    """Server-side rerun time of the calculator after an input change (AppTest runs the page
    script in this process), then the browser: from a key press on an input to the new net
    value on screen, through a real streamlit server and Debian's chromium."""
    os.environ.setdefault("RECOVERY_DATA_DIR", tempfile.mkdtemp())
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.run()        # the inputs follow the first figures (ui/state/deferred.py)
    times = []
    for i in range(30):
        at.text_input(key="in_failure_rate").set_value(str(30 + i % 10))
        t0 = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t0)
    med = statistics.median(times[5:]) * 1000
    report("calculator rerun after an input change, server-side median", med, "ms",
           "<= 100 ms", med <= 100)
    sys.path.insert(0, str(ROOT / "tests"))
    from browser import CHROMIUM_ARGS, chromium_path, streamlit_server, wait_idle
    if chromium_path() is None:
        print("browser latency: chromium not installed (make test installs it); skipped")
        return
    from playwright.sync_api import sync_playwright
    from calc import evaluate
    from calc.text.format import money
    with tempfile.TemporaryDirectory() as tmp, streamlit_server(Path(tmp)) as url, \
            sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1400})
        page.goto(url)
        page.get_by_role("heading", name="Inputs").wait_for()
        wait_idle(page)
        field = page.get_by_role("textbox", name="Failure rate (%, fraction of customers)")
        lat = []
        for i in range(12):
            rate = 30.5 if i % 2 == 0 else 30.0
            want = money(evaluate(failure_rate=rate / 100)["net_value"])
            field.fill(f"{rate:g}")
            t0 = time.perf_counter()
            field.press("Enter")
            page.wait_for_function(
                """(want) => [...document.querySelectorAll('[data-testid="stMetric"]')]
                    .some(m => m.innerText.includes('Net value') && m.innerText.includes(want))""",
                arg=want, timeout=15_000)
            lat.append(time.perf_counter() - t0)
            wait_idle(page)
        browser.close()
    med = statistics.median(lat)
    report("browser: Enter in an input to new net value on screen, median", med, "s",
           "<= 1.5 s", med <= 1.5)
    report("browser: same, worst of 12", max(lat), "s")


def bench_budget():
    """The budget planner: lever values over many scenarios, one allocation, one frontier."""
    from calc.budget.allocation import allocate, frontier
    from calc.budget.levers import lever_values
    from calc.budget.responses import default_responses
    scen = random_scenarios(100_000, seed=5)
    lever_values({k: v[:100] for k, v in scen.items()})  # warm up
    t = best_of(lambda: lever_values(scen))
    report("lever values, 100,000 scenarios x 7 levers", t, "s", "<= 2 s", t <= 2)
    resp = default_responses()
    t = best_of(lambda: allocate(None, resp, 150_000))
    report("one allocation over 4 levers (default responses)", t, "s", "<= 0.5 s", t <= 0.5)
    t = best_of(lambda: frontier(None, resp, 150_000, 50), repeat=2)
    report("50-point frontier over 4 levers", t, "s", "<= 5 s", t <= 5)
    # bigger refunds as a fifth lever, with a response strong enough to cap a retention at 100%
    # (the kink of net value the search treats stretch by stretch; docs/budget.md)
    refunds = pd.DataFrame([("compensation_per_resolution_program", np.nan, np.nan)],
                           columns=resp.columns)
    five = pd.concat([resp, refunds], ignore_index=True)
    strong = {"compensation_uplift_at_peak": 0.3}
    t = best_of(lambda: allocate(strong, five, 150_000))
    report("one allocation over 5 levers, strong refunds response", t, "s", "<= 0.5 s",
           t <= 0.5)
    t = best_of(lambda: frontier(strong, five, 150_000, 40), repeat=2)
    report("40-point frontier over 5 levers, strong refunds response", t, "s", "<= 5 s",
           t <= 5)


def bench_workbook():
    """The live-formula workbook of 1,000 random scenarios (horizons 1 to 50, multi-year
    programs, 1% with a compensation response), written to a file; and the same scenarios
    with the default 5-year horizon."""
    from calc.export.workbook import write_workbook
    for label, h in (("random horizons 1-50", None), ("5-year horizon", 5.0)):
        frame = pd.DataFrame(random_scenarios(1000, seed=5))
        if h is not None:
            frame["horizon_years"] = h
            frame["program_years"] = frame["program_years"].clip(upper=h)
        frame.insert(0, "scenario", [f"s{i}" for i in range(len(frame))])
        with tempfile.TemporaryDirectory() as tmp:
            c0 = time.process_time()
            t = best_of(lambda: write_workbook(frame, Path(tmp) / "w.xlsx"), repeat=2)
            cpu = (time.process_time() - c0) / 2
            size = (Path(tmp) / "w.xlsx").stat().st_size / 1e6
        report(f"workbook, 1,000 scenarios, {label} ({size:.1f} MB)", t, "s", "<= 10 s",
               t <= 10)
        report("  the same, CPU time of this process (mean of 2)", cpu, "s")


def bench_staffing():
    from calc.staffing.erlang import agents_required, queue
    vol = np.geomspace(20, 20_000, 100)[:, None]             # contacts an hour
    agents = np.r_[1:41, np.round(np.geomspace(41, 2_000, 60))].astype(int)[None, :]  # 1..2,000
    patience = np.where(np.arange(100) % 2 == 0, np.inf, 180.0)[None, :]  # half with patience
    queue(vol, 240.0, agents, 20.0, patience)  # warm up
    t = best_of(lambda: queue(vol, 240.0, agents, 20.0, patience))
    report("staffing: queue for 10,000 cases (volumes x agents)", t, "s", "<= 1 s", t <= 1.0)
    rng = np.random.default_rng(4)
    lam, n = rng.uniform(10, 30_000, 10_000), rng.integers(1, 2_001, 10_000)
    pat = np.where(rng.uniform(size=10_000) < 0.5, np.inf, rng.uniform(10, 900, 10_000))
    t = best_of(lambda: queue(lam, 240.0, n, 20.0, pat))
    report("staffing: same, 10,000 random cases, no two alike", t, "s")
    lam = rng.uniform(10, 20_000, 1_000)
    pat = np.where(rng.uniform(size=1_000) < 0.5, np.inf, rng.uniform(10, 900, 1_000))
    t = best_of(lambda: agents_required(lam, rng.uniform(60, 600, 1_000), 20.0, 0.8, pat))
    report("staffing: agents_required for 1,000 cases", t, "s", "<= 1 s", t <= 1.0)
    from calc.staffing.plan import schedule, schedule_totals
    slot = np.arange(35_040) % 96                            # a year of 15-minute intervals
    day = np.where((slot >= 32) & (slot < 80), 60 + 50 * np.sin((slot - 32) / 48 * np.pi), 2)
    contacts = rng.poisson(day).astype(float)
    for pat, cap in ((np.inf, np.nan), (180.0, 0.05)):
        def year():
            return schedule_totals(schedule(contacts, 15, 240.0, 20.0, 0.8, pat, 0.85, cap, 0.3,
                                            30.0), 15)
        t = best_of(year)
        kind = "Erlang C" if pat == np.inf else "Erlang A + abandon cap"
        report(f"staffing: schedule 35,040 15-min intervals, {kind}", t, "s",
               "<= 0.5 s", t <= 0.5)


def bench_escaping():
    from calc.text.safety import neutralise
    from ui.figures.escape import chart_texts, md
    names = [f"Segment {i} <b>east</b> & 10% {chr(0x202E)}" for i in range(100_000)]
    for label, fn in (("chart_text (plotly)", lambda: chart_texts(names)),
                      ("md (markdown)", lambda: [md(n) for n in names]),
                      ("neutralise (CSV formula guard)", lambda: [neutralise(n) for n in names])):
        report(f"escape 100,000 hostile names: {label}", best_of(fn), "s")


def bench_store():
    from store_bench import bench_store as run
    run(report)


def bench_first_paint():
    """A new browser session's first headline figure and the page switches, beside a
    one-metric Streamlit app measured in the same run (bench/first_paint.py)."""
    sys.path.insert(0, str(ROOT / "bench"))
    import first_paint
    first_paint.run(report)


def bench_breakeven():
    """MODEL.md v3 (issue 20): the compensation response must not cost Monte Carlo a break-even
    search per draw, and evaluate searches many rows' break-even at once."""
    ranges = read_ranges(ROOT / "sample_inputs" / "ranges.csv")
    response = {"compensation_uplift_at_peak": 0.1}
    n = 200_000
    t_off = best_of(lambda: monte_carlo(None, ranges, n, seed=1))
    t_on = best_of(lambda: monte_carlo(response, ranges, n, seed=1))
    report(f"Monte Carlo, {n:,} draws, without a compensation response", t_off, "s")
    report(f"Monte Carlo, {n:,} draws, with one (compensation_uplift_at_peak 0.1)", t_on, "s")
    ratio = t_on / t_off
    report("Monte Carlo with a response / without", ratio, "x", "<= 4 x", ratio <= 4)
    resp = random_scenarios(100_000, seed=3, response_share=1.0)
    t_be = best_of(lambda: evaluate(resp), repeat=2)
    report("evaluate 100,000 scenarios with a response (break-even searched for all)", t_be,
           "s", "<= 2 s", t_be <= 2)


SECTIONS = {"model": bench_model, "breakeven": bench_breakeven, "montecarlo": bench_monte_carlo,
            "cli": bench_cli, "stream": bench_stream,
            "calibrate": bench_calibrate, "dashboard": bench_dashboard,
            "staffing": bench_staffing, "escaping": bench_escaping, "store": bench_store,
            "workbook": bench_workbook, "budget": bench_budget,
            "first_paint": bench_first_paint}


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
