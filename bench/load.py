"""Load test: `make load` (or `python bench/load.py [--sessions 10] [--seconds 60] [--servers 2]`).

Starts the dashboard (streamlit on a free loopback port, a fresh data folder) and drives N
concurrent headless Chromium sessions (one browser context each, so each is its own Streamlit
session) that keep changing an input for the given time. Each change types a new failure rate
and presses Enter; the session then waits for the net value that calc gives for the new input
to appear on screen. Reports errors (timeouts, wrong values, error elements: must be
zero), the p50 / p95 time from the key press to the new net value on screen, and the server's
peak memory (VmHWM of the streamlit process). Traffic goes to 127.0.0.1 only; every loop is
bounded by the time limit and stops by itself.

``--servers 2`` runs the team setup: a PostgreSQL server of its own (tests/pg.py), two app
servers sharing one database, the sessions spread over both. Every tenth step a session saves
its inputs as a scenario on the Scenarios page (waiting for "Saved ..."), then goes back; the
report adds the save times and checks that every confirmed save is in the shared database.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from browser import CHROMIUM_ARGS, chromium_path, streamlit_server  # noqa: E402
from calc import evaluate  # noqa: E402
from calc.text.format import money  # noqa: E402

FIELD = "Failure rate (%, fraction of customers)"


def rate_field(page):
    """The calculator's failure-rate input (a typed field)."""
    return page.get_by_role("textbox", name=FIELD)


def next_rate(rate: float, step: int) -> float:
    """The rate a session types next: 30% up to 35% in half points, back down, and so on."""
    return rate + (0.5 if (step // 10) % 2 == 0 else -0.5)
SHOWS = """(want) => [...document.querySelectorAll('[data-testid="stMetric"]')]
    .some(m => m.innerText.includes('Net value') && m.innerText.includes(want))"""
IDLE = """() => document.querySelector('[data-testid="stApp"]')
    ?.getAttribute('data-test-script-state') === 'notRunning'"""


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far."""
    import os
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def browser_cpu_seconds() -> float:
    """CPU time of every running Chromium process (the load's browsers)."""
    import os
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name = text[text.find("(") + 1: text.rfind(")")]
        if "chrom" in name:
            fields = text.rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def memory_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


async def save_scenario(page, name: str, clock: dict, errors: list, n: int) -> bool:
    """Save the current inputs under ``name`` through the Scenarios page and come back."""
    nav = page.locator('[data-testid="stSidebarNav"]')
    await nav.get_by_text("Scenarios", exact=True).click()
    await page.get_by_role("heading", name="Save the calculator's inputs").wait_for(timeout=30_000)
    await page.wait_for_function(IDLE, timeout=30_000)
    box = page.get_by_label("Name", exact=True)
    await box.fill(name)
    await box.press("Enter")
    await page.wait_for_function(IDLE, timeout=30_000)
    t0 = time.perf_counter()
    await page.get_by_role("button", name="Save", exact=True).click()
    try:
        await page.get_by_text(f"Saved '{name}'.").wait_for(timeout=30_000)
    except Exception as e:
        errors.append(f"session {n}: save of {name} not confirmed: {type(e).__name__}")
        return False
    clock["save_times"].append(time.perf_counter() - t0)
    clock["saved"].append(name)
    await nav.get_by_text("Calculator", exact=True).click()
    await rate_field(page).wait_for(timeout=30_000)
    await page.wait_for_function(IDLE, timeout=30_000)
    return True


async def session(browser, url: str, n: int, clock: dict, latencies: list, errors: list):
    context = await browser.new_context(viewport={"width": 1300, "height": 1000})
    page = await context.new_page()
    try:
        await page.goto(url, timeout=60_000)
        await page.wait_for_function(SHOWS, arg=money(evaluate()["net_value"]), timeout=60_000)
        field = rate_field(page)
        await field.wait_for(timeout=60_000)
        await clock["barrier"].wait()          # every session loaded: the clock starts now
        until = clock.setdefault("until", time.monotonic() + clock["seconds"])
        rate = 30.0
        step = 0
        while time.monotonic() < until:
            rate = next_rate(rate, step)
            want = money(evaluate(failure_rate=rate / 100)["net_value"])
            await field.fill(f"{rate:g}")
            t0 = time.perf_counter()
            await field.press("Enter")
            try:
                await page.wait_for_function(SHOWS, arg=want, timeout=30_000)
                latencies.append(time.perf_counter() - t0)
                await page.wait_for_function(IDLE, timeout=30_000)
            except Exception as e:          # a timeout: the value never showed
                errors.append(f"session {n}: {want} not shown: {type(e).__name__}")
                return
            if await page.locator('[data-testid="stException"], '
                                  '[data-testid="stAlertContentError"]').count():
                errors.append(f"session {n}: error element on the page")
                return
            step += 1
            if clock.get("team") and step % 5 == 0 and time.monotonic() < until:
                if not await save_scenario(page, f"load {n}-{step}", clock, errors, n):
                    return
                await field.wait_for(timeout=30_000)
    except Exception as e:
        errors.append(f"session {n}: {type(e).__name__}: {str(e)[:200]}")
        clock["barrier"].abort()
    finally:
        await context.close()


async def drive(urls: list[str], sessions: int, seconds: float, team: bool = False):
    from playwright.async_api import async_playwright
    latencies: list[float] = []
    errors: list[str] = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        clock = {"barrier": asyncio.Barrier(sessions), "seconds": seconds, "team": team,
                 "save_times": [], "saved": []}
        await asyncio.gather(*(session(browser, urls[i % len(urls)], i, clock, latencies, errors)
                               for i in range(sessions)))
        elapsed = time.monotonic() - (clock.get("until", time.monotonic()) - seconds)
        clock["browser_cpu"] = browser_cpu_seconds()
        await browser.close()
    return latencies, errors, elapsed, clock["browser_cpu"], clock


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--servers", type=int, default=1, choices=range(1, 5),
                    help="app servers; more than one share a PostgreSQL database (team setup)")
    args = ap.parse_args(argv)
    if chromium_path() is None:
        print("chromium is not installed: apt-get install chromium (make test does it)")
        return 2
    team = args.servers > 1
    peaks: dict[int, int] = {}
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        env, db_url = {}, None
        if team:
            from pg import PostgresServer
            pg = PostgresServer().start()
            stack.callback(pg.stop)
            db_url = pg.new_database("load")
            env = {"RECOVERY_DATABASE_URL": db_url}
        urls, pids = [], []
        for k in range(args.servers):
            info: dict = {}
            urls.append(stack.enter_context(streamlit_server(
                Path(tmp), info=info, env=env, log_name=f"server{k}.log")))
            pids.append(info["pid"])
        stop = threading.Event()

        def sample():
            while not stop.is_set():
                for pid in pids:
                    peaks[pid] = max(peaks.get(pid, 0), memory_kb(pid, "VmRSS"))
                stop.wait(0.5)
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        cpu0 = sum(cpu_seconds(pid) for pid in pids)
        latencies, errors, elapsed, browser_cpu, clock = asyncio.run(
            drive(urls, args.sessions, args.seconds, team))
        server_cpu = sum(cpu_seconds(pid) for pid in pids) - cpu0
        stop.set()
        sampler.join()
        hwm = {pid: max(memory_kb(pid, "VmHWM"), peaks.get(pid, 0)) for pid in pids}
        if team:
            from calc.store.saved import ScenarioStore
            stored = set(ScenarioStore(url=db_url).names())
            lost = [n for n in clock["saved"] if n not in stored]
            errors += [f"confirmed save {n} is not in the database" for n in lost]
    print(f"sessions: {args.sessions} concurrent headless Chromium contexts on {args.servers} "
          f"app server(s){' sharing one PostgreSQL database' if team else ''}, {elapsed:.0f} s")
    print(f"input changes answered: {len(latencies)}")
    print(f"errors: {len(errors)}")
    for e in errors[:20]:
        print(f"  {e}")
    if latencies:
        q = statistics.quantiles(latencies, n=20, method="inclusive")
        print(f"input change to new net value on screen: p50 {statistics.median(latencies):.3f} s,"
              f" p95 {q[18]:.3f} s, max {max(latencies):.3f} s")
    if team:
        saves = clock["save_times"]
        print(f"scenario saves confirmed: {len(saves)}, all found in the shared database: "
              f"{not lost}")
        if len(saves) >= 2:
            q = statistics.quantiles(saves, n=20, method="inclusive")
            print(f"click on Save to 'Saved' on screen: p50 {statistics.median(saves):.3f} s, "
                  f"p95 {q[18]:.3f} s, max {max(saves):.3f} s")
    print("server peak memory: " + ", ".join(f"{v / 1024:.0f} MB" for v in hwm.values())
          + " (VmHWM of each streamlit process)")
    print(f"CPU used, loading and changing: servers {server_cpu:.1f} s "
          f"({server_cpu / max(len(latencies), 1):.3f} s per answered change), browsers "
          f"{browser_cpu:.1f} s, on {os.cpu_count()} cores shared by all")
    return 1 if errors or not latencies else 0


if __name__ == "__main__":
    sys.exit(main())
