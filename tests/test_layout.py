"""The house's layout, checked from the code's own imports (README, "Layout"): each wing of
``calc`` imports only the wings its row allows, no module imports a ``calc`` module inside a
function (outside ``calc/cli``), ``import calc`` stays pure, and pyflakes finds nothing."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOMAIN = {"model", "text", "budget", "staffing", "calibration"}


def _allowed_from_readme() -> dict[str, set[str]]:
    """wing -> the wings it may import (besides itself), read from README's layout table, so
    the table and the code cannot drift apart."""
    table = {}
    for line in (ROOT / "README.md").read_text().splitlines():
        m = re.match(r"\| `calc/(\w+)/` \|.*\| (.+) \|$", line)
        if not m:
            continue
        wing, rule = m.groups()
        if rule.strip() == "anything":
            table[wing] = None
            continue
        names = set(re.findall(r"`calc\.(\w+)`", rule)) - {wing}
        if "domain wings" in rule:
            names |= DOMAIN - {wing}
        table[wing] = names
    every = set(table)
    return {w: (every - {w} if v is None else v) for w, v in table.items()}


ALLOWED = _allowed_from_readme()
HEAVY = ("sqlalchemy", "openpyxl", "matplotlib", "streamlit")


def _imports(path: Path):
    """(module imported, line, at top level?) for every import of a file."""
    tree = ast.parse(path.read_text())
    top = {id(n) for n in tree.body}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                yield a.name, node.lineno, id(node) in top
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}:{node.lineno}: relative import (write calc.wing.module)"
            names = [f"{node.module}.{a.name}" for a in node.names]
            yield node.module, node.lineno, id(node) in top
            for n in names:     # "from calc import files" imports the wing files
                if node.module == "calc":
                    yield n, node.lineno, id(node) in top


def _calc_modules():
    return sorted(p for p in (ROOT / "calc").rglob("*.py"))


def test_readme_table_names_every_wing_and_the_rule_it_documents():
    assert ALLOWED == {
        "model": set(), "text": {"model"}, "budget": {"model", "text"},
        "staffing": {"model", "text"}, "calibration": {"model"}, "files": DOMAIN,
        "store": {"model", "text", "files"}, "export": DOMAIN,
        "cli": DOMAIN | {"files", "store", "export"}}


def test_calc_holds_only_its_face_beside_the_wings():
    loose = sorted(p.name for p in (ROOT / "calc").glob("*.py"))
    assert loose == ["__init__.py", "__main__.py"]
    assert {p.name for p in (ROOT / "calc").iterdir() if p.is_dir() and p.name != "__pycache__"} \
        == set(ALLOWED)


@pytest.mark.parametrize("path", _calc_modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_each_wing_imports_only_what_the_table_allows(path):
    rel = path.relative_to(ROOT / "calc").parts
    if len(rel) == 1:
        wing, allowed = None, {"model", "cli"}           # calc/__init__ and __main__
    else:
        wing, allowed = rel[0], ALLOWED[rel[0]] | {rel[0]}
    for module, line, at_top in _imports(path):
        parts = module.split(".")
        if parts[0] == "streamlit":
            pytest.fail(f"{path}:{line} imports streamlit: the model never does")
        if parts[0] != "calc" or len(parts) < 2:
            continue
        assert parts[1] in allowed, f"{path}:{line}: {wing} may not import calc.{parts[1]}"
        if wing != "cli":
            assert at_top, f"{path}:{line}: import of {module} inside a function (move the " \
                           f"shared part below both instead)"


def test_import_calc_loads_only_the_model():
    code = ("import sys, calc; print(sorted({m.split('.')[1] for m in sys.modules "
            "if m.startswith('calc.')})); print(sorted(m for m in sys.modules "
            f"if m.split('.')[0] in {HEAVY!r}))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout.splitlines()
    assert out == ["['model']", "[]"]


def test_ui_figures_never_import_streamlit():
    for path in (ROOT / "ui" / "figures").rglob("*.py"):
        for module, line, _ in _imports(path):
            assert module.split(".")[0] != "streamlit", f"{path}:{line}"


def test_pyflakes_is_clean():
    targets = ["app.py", "calc", "ui", "app_pages", "bench", "tests"]
    run = subprocess.run([sys.executable, "-m", "pyflakes", *targets], cwd=ROOT,
                         capture_output=True, text=True)
    messages = [m for m in run.stdout.splitlines() + run.stderr.splitlines()
                if not ("__init__.py" in m and "imported but unused" in m)]
    assert messages == []
