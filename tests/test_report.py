"""The one-page PDF report, read back by poppler (pdfinfo, pdftotext, pdftoppm): one A4 page
whose text holds the scenario name as typed and the headline figures of the specification's
worked example (hand values from docs/MODEL.md, not from the code)."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pytest

from calc.export.report import report_pdf

NAME = 'Île-de-France $100 "premium" =1+1'


def poppler(tool, *args):
    if shutil.which(tool) is None:
        raise RuntimeError(f"{tool} missing: make test installs Debian's poppler-utils")
    return subprocess.run([tool, *args], capture_output=True, check=True)


@pytest.fixture(scope="module")
def defaults_pdf(tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "defaults.pdf"
    path.write_bytes(report_pdf({}, NAME, "$", date(2026, 11, 23)))
    return path


def text_of(path) -> str:
    return poppler("pdftotext", "-layout", str(path), "-").stdout.decode()


def test_one_a4_page(defaults_pdf):
    info = poppler("pdfinfo", str(defaults_pdf)).stdout.decode()
    assert "Pages:           1" in info
    assert "595.44 x 841.68 pts (A4)" in info


def test_name_date_and_worked_example_headline(defaults_pdf):
    text = text_of(defaults_pdf)
    assert NAME in text                             # literally: no mathtext from "$", no escaping
    assert "2026-11-23" in text
    # Defaults worked example: net value 10,651.27; roi 0.1395973; payback 3.73562 years;
    # customers saved 141.6; total benefit 86,951.27; cost 76,300; break-even 41.09508;
    # cost per customer saved 538.8418.
    for figure in ("$10,651", "14.0%", "3.74 years", "141.6", "$86,951", "$76,300", "$41.10",
                   "$538.84"):
        assert figure in text, figure
    assert "None: every input is at its default." in text
    assert "assume the recovery paradox" not in text   # the defaults do not assume it


def report_text(tmp_path, params, name, cur):
    path = tmp_path / "r.pdf"
    path.write_bytes(report_pdf(params, name, cur, date(2026, 11, 23)))
    # the layout reading keeps a table's row on one line; the reading order keeps a wrapped
    # paragraph of the other column whole (layout mode interleaves the two columns)
    raw = poppler("pdftotext", str(path), "-").stdout.decode()
    return " ".join(text_of(path).split()) + " | " + " ".join(raw.split())


def test_differing_inputs_beside_their_defaults(tmp_path):
    text = report_text(tmp_path, {"program_years": 3}, "three years", "€")
    assert "Program years 3 1" in text
    assert "€7,846" in text                  # three-year worked example: net value 7,846.14
    assert "paid for 3 years" in text


def test_paradox_caveat_where_the_inputs_assume_it(tmp_path):
    text = report_text(tmp_path, {"retention_resolved_fast": 0.9}, "paradox", "$")
    assert "Retention, resolved quickly 90% 85%" in text
    assert "assume the recovery paradox" in text
    assert "Knox & van Oest" in text


def test_renders_to_a_page_image(defaults_pdf, tmp_path):
    poppler("pdftoppm", "-r", "40", "-png", str(defaults_pdf), str(tmp_path / "page"))
    from PIL import Image
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) == 1
    img = Image.open(pages[0]).convert("L")
    assert img.size == (331, 468)
    dark = img.histogram()[:128]
    dark = sum(dark)
    assert dark > 0.01 * img.size[0] * img.size[1]      # text and charts were drawn
