"""Recalculate a workbook with LibreOffice headless and read back the values it computed.

LibreOffice opens the file with a throw-away user profile whose settings say "always recalculate
on load" (Calc > Formula > Recalculation on file load = Always, for both Excel and ODF files),
then saves a copy; the copy holds LibreOffice's own results as the cells' cached values, which
openpyxl reads. ``tests/test_workbook.py`` proves the recalculation happens: a deliberately
wrong cached value in the input is replaced.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import openpyxl

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode"
 oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode"
 oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def recalculate(path: Path, timeout: float = 300) -> Path:
    """A recalculated copy of the workbook at ``path``, in a new folder beside it (the tests
    keep their workbooks in pytest's temporary folders)."""
    if SOFFICE is None:
        raise RuntimeError("LibreOffice (soffice) is not installed; run make test, which "
                           "installs Debian's libreoffice-calc-nogui")
    work = Path(tempfile.mkdtemp(prefix="recalc-", dir=Path(path).parent))
    profile = work / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_PROFILE)
    out = work / "out"
    out.mkdir()
    cmd = [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
           "--nolockcheck", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out),
           str(path)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    result = out / (Path(path).stem + ".xlsx")
    if not result.exists():
        raise RuntimeError(f"LibreOffice did not convert {path}: {done.stdout} {done.stderr}")
    return result


def values(path: Path) -> dict[str, list[list[object]]]:
    """Every sheet's cached values, as lists of rows (row 1 first)."""
    wb = openpyxl.load_workbook(path, data_only=True, read_only=True)
    try:
        return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)]
                for ws in wb.worksheets}
    finally:
        wb.close()
