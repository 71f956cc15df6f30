"""Helpers for real-browser tests: a streamlit server on a free port and Debian's chromium
driven by Playwright (its own browser download is not available here)."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(data_dir: Path, timeout: float = 60.0, info: dict | None = None,
                     env: dict | None = None, log_name: str = "server.log",
                     script: str = "app.py", port: int | None = None,
                     address: str = "127.0.0.1", args: tuple = ()):
    """Start `streamlit run app.py` (or another ``script``) headless on a free port (or
    ``port``, on ``address``); yield its base URL. ``info``, if given, receives the server's
    pid; ``env`` adds settings (say RECOVERY_DATABASE_URL); ``args`` more streamlit options."""
    port = port or free_port()
    env = {**os.environ, "RECOVERY_DATA_DIR": str(data_dir), **(env or {})}
    log = open(data_dir / log_name, "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
         "--server.port", str(port), "--server.address", address,
         "--browser.gatherUsageStats", "false", *args],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    if info is not None:
        info["pid"] = proc.pid
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("streamlit did not start: "
                                   + (data_dir / log_name).read_text()[-2000:])
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def wait_idle(page, timeout: float = 30_000) -> None:
    """Wait until the app has finished running its script and every element has loaded (no
    placeholder skeletons left)."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]',
                           timeout=timeout)
    page.wait_for_function(
        """() => !document.querySelector('[data-testid="stStatusWidgetRunningIcon"]')
                 && !document.querySelector('[data-testid="stSkeleton"]')
                 && !document.querySelector('[data-testid="stSkeletonElement"]')
                 && !document.querySelector('[data-testid="stAppSkeleton"]')""",
        timeout=timeout)


def metric_value(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text().strip()


def settle(page, heading: str | None = None, timeout: float = 30_000) -> None:
    """Wait until no rerun is pending (idle twice, half a second apart), after ``heading`` is
    shown if given."""
    if heading:
        page.get_by_role("heading", name=heading).first.wait_for()
    for _ in range(2):
        page.wait_for_timeout(500)
        wait_idle(page, timeout)


def calculator_ready(page) -> None:
    """The calculator with its inputs drawn (they follow the first figures)."""
    page.get_by_role("heading", name="Inputs").wait_for()
    wait_idle(page)


def query(page) -> dict:
    """The address bar's query, as a dict."""
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(page.url).query))
