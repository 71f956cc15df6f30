"""The dashboard under an upload attack (part 2 of bench/upload_attack.py, run by `make load`).

Starts the dashboard on a loopback port. Session A uploads hostile files to the Segments page,
one after the other, and times each from the upload to its answer or refusal on screen;
meanwhile session B keeps changing the failure rate on the calculator and times each change to
its new net value on screen. The server's resident memory is sampled throughout (and its
VmHWM read at the end). Every wait is bounded.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from browser import CHROMIUM_ARGS, chromium_path, streamlit_server  # noqa: E402
from load import IDLE, SHOWS, memory_kb, next_rate, rate_field  # noqa: E402

ALERT = """(words) => [...document.querySelectorAll('[data-testid="stAlert"]')]
    .some(a => words.every(w => a.innerText.includes(w)))"""


async def attacker(browser, url: str, files: list[tuple[str, Path, list[str]]], out: dict):
    context = await browser.new_context(viewport={"width": 1366, "height": 768})
    page = await context.new_page()
    try:
        await page.goto(f"{url}/segments", timeout=60_000)
        await page.wait_for_function(IDLE, timeout=60_000)
        for name, path, words in files:
            t0 = time.perf_counter()
            await page.locator('[data-testid="stFileUploader"] input[type="file"]') \
                .set_input_files(str(path))
            await page.wait_for_function(ALERT, arg=words, timeout=120_000)
            out[name] = time.perf_counter() - t0
            text = await page.locator('[data-testid="stAlert"]').filter(
                has_text=words[0]).first.inner_text()
            out[name + " says"] = " ".join(text.split())[:140]
            await page.wait_for_function(IDLE, timeout=60_000)     # the next file replaces it
    except Exception as e:
        out["error"] = f"{type(e).__name__}: {str(e)[:200]}"
        await page.screenshot(path=str(Path(tempfile.gettempdir()) / "upload_attack_error.png"))
    finally:
        out["done"] = True
        await context.close()


async def bystander(browser, url: str, evaluate, money, out: dict, latencies: list):
    context = await browser.new_context(viewport={"width": 1366, "height": 768})
    page = await context.new_page()
    try:
        await page.goto(url, timeout=60_000)
        await page.wait_for_function(SHOWS, arg=money(evaluate()["net_value"]), timeout=60_000)
        field = rate_field(page)
        await field.wait_for(timeout=60_000)
        out["ready"].set()
        rate, step = 30.0, 0
        while not out.get("done"):
            rate = next_rate(rate, step)
            want = money(evaluate(failure_rate=rate / 100)["net_value"])
            await field.fill(f"{rate:g}")
            t0 = time.perf_counter()
            await field.press("Enter")
            await page.wait_for_function(SHOWS, arg=want, timeout=60_000)
            latencies.append(time.perf_counter() - t0)
            await page.wait_for_function(IDLE, timeout=60_000)
            step += 1
    except Exception as e:
        out["bystander error"] = f"{type(e).__name__}: {str(e)[:200]}"
        out["ready"].set()
    finally:
        await context.close()


async def drive(url, files):
    from playwright.async_api import async_playwright

    from calc import evaluate
    from calc.text.format import money
    out: dict = {"ready": asyncio.Event()}
    latencies: list[float] = []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        watcher = asyncio.create_task(bystander(browser, url, evaluate, money, out, latencies))
        await out["ready"].wait()
        await attacker(browser, url, files, out)
        await watcher
        await browser.close()
    return out, latencies


def attack(folder: Path, one_line: bytes, million_rows: bytes, hundred_k: bytes) -> int:
    if chromium_path() is None:
        print("chromium is not installed: apt-get install chromium (make test does it)")
        return 2
    files = []
    for name, data, words in (
            ("one line, 150 MB", one_line, ["one_line.csv", "cannot be used"]),
            ("1,000,000 segment rows", million_rows, ["rows.csv", "cannot be used"]),
            ("100,000 segment rows", hundred_k, ["100,000 segments from"])):
        path = folder / {"one line, 150 MB": "one_line.csv",
                         "1,000,000 segment rows": "rows.csv"}.get(name, "segments.csv")
        path.write_bytes(data)
        files.append((name, path, words))
    info: dict = {}
    peak = 0
    with streamlit_server(folder, info=info) as url:
        pid, stop = info["pid"], threading.Event()

        def sample():
            nonlocal peak
            while not stop.is_set():
                peak = max(peak, memory_kb(pid, "VmRSS"))
                stop.wait(0.2)
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        base = memory_kb(pid, "VmRSS")
        out, latencies = asyncio.run(drive(url, files))
        stop.set()
        sampler.join()
        peak = max(peak, memory_kb(pid, "VmHWM"))
    print("dashboard under attack (one browser session uploads to Segments, another changes an "
          "input on the calculator meanwhile):")
    for name, _, _ in files:
        if name in out:
            print(f"  {name}: answered in {out[name]:.1f} s: {out[name + ' says']}")
    for key in ("error", "bystander error"):
        if key in out:
            print(f"  {key}: {out[key]}")
    if latencies:
        print(f"  second session, {len(latencies)} input changes meanwhile: median "
              f"{statistics.median(latencies):.2f} s, slowest {max(latencies):.2f} s")
    print(f"  server memory: {base / 1024:.0f} MB at start, peak {peak / 1024:.0f} MB "
          f"(limit 1,024 MB)")
    ok = all(name in out for name, _, _ in files) and "error" not in out and peak < 1024 ** 2
    return 0 if ok and "bystander error" not in out else 1
