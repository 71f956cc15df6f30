import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# Hypothesis: locally every run explores new examples; in CI (CI=true) they are derandomized, so
# a landing never depends on luck. Failures found locally become hand-checked tests.
settings.register_profile("dev", max_examples=200, deadline=None)
settings.register_profile("ci", max_examples=200, deadline=None, derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(ROOT))


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    """A fresh scenario store folder for the app under test."""
    folder = tmp_path / "data"
    monkeypatch.setenv("RECOVERY_DATA_DIR", str(folder))
    monkeypatch.delenv("RECOVERY_DATABASE_URL", raising=False)
    monkeypatch.delenv("RECOVERY_USER_HEADER", raising=False)
    # the app caches one store per process: drop it so each test gets its own folder
    from ui.state import session
    session.store.clear()
    return folder


@pytest.fixture(scope="session")
def pg_server():
    """One real PostgreSQL server for the whole run (started on first use, stopped at the end)."""
    from pg import PostgresServer, bin_dir
    if bin_dir() is None:
        pytest.fail("PostgreSQL is not installed: `make test` installs Debian's postgresql "
                    "(apt-get install postgresql); the store tests need it", pytrace=False)
    server = PostgresServer().start()
    yield server
    server.stop()


class Backend:
    """Where a test's scenario store lives: ``open()`` a store on it; ``env`` for a child
    process (the CLI, an app server) to use the same database."""

    def __init__(self, name: str, folder: Path, url: str | None):
        self.name, self.folder, self.url = name, folder, url

    def open(self, **kw):
        from calc.store.saved import ScenarioStore
        if self.url:
            return ScenarioStore(url=self.url, **kw)
        return ScenarioStore(self.folder, **kw)

    @property
    def env(self) -> dict:
        if self.url:
            return {"RECOVERY_DATABASE_URL": self.url, "RECOVERY_DATA_DIR": str(self.folder)}
        return {"RECOVERY_DATABASE_URL": "", "RECOVERY_DATA_DIR": str(self.folder)}


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request, tmp_path):
    """Each store test runs on an SQLite file and on a fresh PostgreSQL database."""
    url = None
    if request.param == "postgresql":
        url = request.getfixturevalue("pg_server").new_database()
    return Backend(request.param, tmp_path / "data", url)


def pytest_terminal_summary(terminalreporter):
    """Figures the hardening tests measured, shown in every run (not only with -s)."""
    fuzz = sys.modules.get("test_fuzz")
    if fuzz is not None and fuzz.CASES:
        cases = fuzz.CASES
        terminalreporter.write_line(
            f"fuzz cases tried: {sum(cases.values()):,} ("
            + ", ".join(f"{k} {v:,}" for k, v in sorted(cases.items())) + ")")
    store = sys.modules.get("test_store")
    if store is not None and store.KILL_RESULTS:
        for line in store.KILL_RESULTS:
            terminalreporter.write_line("SIGKILL tests survived: " + line)


@pytest.fixture(scope="module")
def browser(tmp_path_factory, request):
    """A dashboard server of this test module's own and a headless Chromium: (url, browser).
    Modules that need another set-up (sign-in, a proxy, a database) define their own."""
    from browser import ARTIFACTS, CHROMIUM_ARGS, chromium_path, streamlit_server
    from playwright.sync_api import sync_playwright
    ARTIFACTS.mkdir(exist_ok=True)
    data = tmp_path_factory.mktemp(request.module.__name__.rsplit(".", 1)[-1])
    with streamlit_server(data) as url, sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield url, b
        b.close()


@pytest.fixture
def page(browser, request):
    """A new session (browser context) at 1366x768 on that server: (url, page). The module's
    PAGE_TIMEOUT (ms, default 30 s) bounds each step."""
    url, b = browser
    context = b.new_context(viewport={"width": 1366, "height": 768})
    pg = context.new_page()
    pg.set_default_timeout(getattr(request.module, "PAGE_TIMEOUT", 30_000))
    yield url, pg
    context.close()
