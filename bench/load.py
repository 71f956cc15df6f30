"""Load test: `make load` (or `python bench/load.py [--sessions 10] [--seconds 60]`).

Starts the dashboard (streamlit on a free loopback port, a fresh data folder) and drives N
concurrent headless Chromium sessions (one browser context each, so each is its own Streamlit
session) that keep changing an input for the given time. Each change is a key press on the
failure-rate slider; the session then waits for the net value that calc gives for the new
input to appear on screen. Reports errors (timeouts, wrong values, error elements: must be
zero), the p50 / p95 time from the key press to the new net value on screen, and the server's
peak memory (VmHWM of the streamlit process). Traffic goes to 127.0.0.1 only; every loop is
bounded by the time limit and stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
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
from ui.format import money  # noqa: E402

SLIDER = "Failure rate (%, fraction of customers)"
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


async def session(browser, url: str, n: int, clock: dict, latencies: list, errors: list):
    context = await browser.new_context(viewport={"width": 1300, "height": 1000})
    page = await context.new_page()
    try:
        await page.goto(url, timeout=60_000)
        await page.wait_for_function(SHOWS, arg=money(evaluate()["net_value"]), timeout=60_000)
        slider = page.get_by_role("group", name=SLIDER).get_by_role("slider")
        await clock["barrier"].wait()          # every session loaded: the clock starts now
        until = clock.setdefault("until", time.monotonic() + clock["seconds"])
        rate = 30.0
        step = 0
        while time.monotonic() < until:
            key = "ArrowRight" if (step // 10) % 2 == 0 else "ArrowLeft"  # 30% -> 35% -> 30%
            rate += 0.5 if key == "ArrowRight" else -0.5
            want = money(evaluate(failure_rate=rate / 100)["net_value"])
            await slider.focus()
            t0 = time.perf_counter()
            await page.keyboard.press(key)
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
    except Exception as e:
        errors.append(f"session {n}: {type(e).__name__}: {str(e)[:200]}")
        clock["barrier"].abort()
    finally:
        await context.close()


async def drive(url: str, sessions: int, seconds: float):
    from playwright.async_api import async_playwright
    latencies: list[float] = []
    errors: list[str] = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        clock = {"barrier": asyncio.Barrier(sessions), "seconds": seconds}
        await asyncio.gather(*(session(browser, url, i, clock, latencies, errors)
                               for i in range(sessions)))
        elapsed = time.monotonic() - (clock.get("until", time.monotonic()) - seconds)
        clock["browser_cpu"] = browser_cpu_seconds()
        await browser.close()
    return latencies, errors, elapsed, clock["browser_cpu"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--seconds", type=float, default=60.0)
    args = ap.parse_args(argv)
    if chromium_path() is None:
        print("chromium is not installed: apt-get install chromium (make test does it)")
        return 2
    info: dict = {}
    peak_rss = 0
    with tempfile.TemporaryDirectory() as tmp, streamlit_server(Path(tmp), info=info) as url:
        pid = info["pid"]
        stop = threading.Event()

        def sample():
            nonlocal peak_rss
            while not stop.is_set():
                peak_rss = max(peak_rss, memory_kb(pid, "VmRSS"))
                stop.wait(0.5)
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        cpu0 = cpu_seconds(pid)
        latencies, errors, elapsed, browser_cpu = asyncio.run(
            drive(url, args.sessions, args.seconds))
        server_cpu = cpu_seconds(pid) - cpu0
        stop.set()
        sampler.join()
        hwm = memory_kb(pid, "VmHWM")
    print(f"sessions: {args.sessions} concurrent headless Chromium contexts, {elapsed:.0f} s")
    print(f"input changes answered: {len(latencies)}")
    print(f"errors: {len(errors)}")
    for e in errors[:20]:
        print(f"  {e}")
    if latencies:
        q = statistics.quantiles(latencies, n=20, method="inclusive")
        print(f"input change to new net value on screen: p50 {statistics.median(latencies):.3f} s,"
              f" p95 {q[18]:.3f} s, max {max(latencies):.3f} s")
    print(f"server peak memory: {max(hwm, peak_rss) / 1024:.0f} MB (VmHWM of the streamlit "
          f"process)")
    print(f"CPU used, loading and changing: server {server_cpu:.1f} s "
          f"({server_cpu / max(len(latencies), 1):.3f} s per answered change), browsers "
          f"{browser_cpu:.1f} s, on {os.cpu_count()} cores shared by both")
    return 1 if errors or not latencies else 0


if __name__ == "__main__":
    sys.exit(main())
