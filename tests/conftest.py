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
    # the app caches one store per process: drop it so each test gets its own folder
    from ui import session
    session.store.clear()
    return folder


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
        terminalreporter.write_line("SIGKILL tests survived: " + store.KILL_RESULTS[-1])
