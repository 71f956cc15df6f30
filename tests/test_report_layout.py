"""Issue 24 item 11: the PDF's text never overlaps and never leaves the page, with the longest
labels, names, figures and a long currency; checked from the PDF's own text boxes (poppler's
pdftotext -bbox-layout), and the pages rendered to PNG (artifacts/report_*.png) to look at."""

from __future__ import annotations

import html
import itertools
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest

import calc
from calc.export.report import report_pdf

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
LONG_NAME = ("Airline customer care recovery program, Europe and North Africa, long-haul and "
             "short-haul fleets, 2027 to 2031 plan, board version three (final) " + "x" * 40)
# every input away from its default, so the inputs table holds the longest labels; large
# figures; the compensation response, word of mouth and the paradox caveat all on
EVERYTHING = {**calc.DEFAULTS, "customers": 987_654_321, "revenue_per_customer": 123_456.78,
              "program_fixed_cost": 987_654_321_000, "program_years": 7, "horizon_years": 30,
              "acquisition_cost": 98_765.43, "compensation_uplift_at_peak": 0.1,
              "compensation_per_resolution_program": 4_567.89, "wom_reach_per_lost_customer": 5,
              "failure_reduction_program": 0.123, "retention_resolved_fast": 0.95,
              "compensation_per_resolution_baseline": 12.5, "loss_per_failure": 3_456.7,
              "operating_margin": 0.3333, "discount_rate": 0.0725}
CASES = {"defaults": ({}, "my scenario", "$"),
         "longest": (EVERYTHING, LONG_NAME, "CHF\u00a0"),
         "airline": ({"customers": 1_200_000, "program_fixed_cost": 2_100_000,
                      "program_years": 5}, "Tomas 5y", "€")}


def words(pdf: Path) -> list[tuple[int, float, float, float, float, str]]:
    """(page, xMin, yMin, xMax, yMax, word) of every word poppler finds, and each page's size."""
    out = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True,
                         check=True).stdout.decode()
    found, pages = [], []
    for n, page in enumerate(re.split(r"<page ", out)[1:]):
        w, h = (float(v) for v in re.match(r'width="([\d.]+)" height="([\d.]+)"', page).groups())
        pages.append((w, h))
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                             r'yMax="([\d.]+)">([^<]*)</word>', page):
            found.append((n, *(float(v) for v in m.groups()[:4]), html.unescape(m.group(5))))
    return found, pages


def overlaps(found, slack: float = 0.6):
    """Pairs of word boxes on one page that overlap by more than ``slack`` points each way."""
    bad = []
    for a, b in itertools.combinations(found, 2):
        if a[0] != b[0]:
            continue
        dx = min(a[3], b[3]) - max(a[1], b[1])
        dy = min(a[4], b[4]) - max(a[2], b[2])
        if dx > slack and dy > slack:
            bad.append((a[5], b[5], round(dx, 1), round(dy, 1)))
    return bad


@pytest.mark.parametrize("case", CASES)
def test_no_text_overlaps_or_leaves_the_page(case, tmp_path):
    params, name, cur = CASES[case]
    pdf = tmp_path / f"{case}.pdf"
    pdf.write_bytes(report_pdf(params, name, cur, date(2026, 12, 7)))
    found, pages = words(pdf)
    assert len(found) > 250, len(found)
    assert not overlaps(found), overlaps(found)[:10]
    margin = 10     # points
    for n, x0, y0, x1, y1, word in found:
        w, h = pages[n]
        assert margin <= x0 and x1 <= w - margin and margin <= y0 and y1 <= h - margin, \
            (word, x0, y0, x1, y1)
    text = " ".join(f[5] for f in found)
    # nothing is lost: every source is there, the formulas line and the whole name's start
    for source in calc.export.sources():
        first = source.split()[:4]
        assert " ".join(first) in text, first
    assert "Formulas:" in text
    if case == "defaults":
        assert len(pages) == 1
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "70", "-png", str(pdf), str(ARTIFACTS / f"report_{case}")],
                   check=True)


def test_the_check_sees_an_overlap():
    """The overlap rule itself, on boxes drawn by hand: touching words pass, overlapping fail."""
    a = (0, 10.0, 10.0, 50.0, 20.0, "peak")
    touching = (0, 50.0, 10.0, 60.0, 20.0, "10%")
    over = (0, 45.0, 12.0, 70.0, 22.0, "10%")
    assert not overlaps([a, touching])
    assert overlaps([a, over])


def compare_frame(n: int, long: bool = False):
    import pandas as pd
    rows = []
    for i in range(n):
        name = (f"Scenario {i + 1}: " + "a very long name for the board of directors " * 2
                if long else f"s{i + 1}")
        rows.append({**calc.DEFAULTS, "scenario": name,
                     "complaint_rate_program": 0.3 + 0.05 * i,
                     "program_fixed_cost": 40_000 * (i + 1) ** 3, "program_years": 1 + i % 3})
    return pd.DataFrame(rows)


@pytest.mark.parametrize("n,long,pages", [(2, False, 1), (3, True, 1), (8, True, 2)])
def test_comparison_report(n, long, pages, tmp_path):
    from calc.export.report import comparison_pdf
    frame = compare_frame(n, long)
    pdf = tmp_path / "compare.pdf"
    pdf.write_bytes(comparison_pdf(frame, "CHF\u00a0", date(2026, 12, 7)))
    found, sizes = words(pdf)
    assert len(sizes) == pages
    assert not overlaps(found), overlaps(found)[:10]
    for p, x0, y0, x1, y1, word in found:
        w, h = sizes[p]
        assert 10 <= x0 and x1 <= w - 10 and 10 <= y0 and y1 <= h - 10, (word, x0, y0)
    text = " ".join(f[5] for f in found).replace("\u00a0", " ")    # poppler splits at it
    # figures side by side, checked against evaluate (hand rule: money to the unit)
    want = calc.evaluate_table(frame)
    for v in want["net_value"]:
        assert f"{'-' if v < 0 else ''}CHF {abs(v):,.0f}" in text, v
    assert "Inputs that differ" in text and "Complaint rate, with program" in text
    assert "Benefit, cost and net value by scenario" in text
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "70", "-png", str(pdf),
                    str(ARTIFACTS / f"compare_{n}")], check=True)


def test_compare_tab_has_the_comparison_download(monkeypatch, data_dir):
    import streamlit.testing.v1.app_test as app_test
    from streamlit.testing.v1 import AppTest
    from test_downloads import ROOT, Recording, deferred
    monkeypatch.setattr(app_test, "MediaFileManager", Recording)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page("app_pages/scenarios.py").run()
    for name, rate in (("cautious", 0.35), ("bold", 0.5)):
        at.session_state["params"] = {**calc.DEFAULTS, "complaint_rate_program": rate}
        at.text_input(key="scen_name").set_value(name).run()
        at.button(key="scen_save").click().run()
    at.multiselect(key="scen_compare").set_value(["bold", "cautious"]).run()
    assert not at.exception
    files = deferred(at)
    pdf = files["Download comparison report (PDF)"]
    assert pdf.startswith(b"%PDF")
    path = Path(str(data_dir)) / "cmp.pdf"
    path.write_bytes(pdf)
    text = " ".join(w[5] for w in words(path)[0])
    assert "bold" in text and "cautious" in text and "Comparison of 2 scenarios" in text
    assert "50%" in text and "35%" in text
