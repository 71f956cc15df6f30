"""The Segments page within its limits (issue 15, item 1): a file over the page's row limit is
refused with the limit named, and many segments are shown a page at a time."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

import calc
from calc.files.scenarios import MAX_SEGMENT_ROWS, parse_scenarios
from calc.text.format import money

ROOT = Path(__file__).resolve().parents[1]


def page():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.switch_page("app_pages/segments.py").run()
    return at


def rows(n: int) -> bytes:
    return ("scenario,customers\n" + "".join(f"s{i},{1000 + i}\n" for i in range(n))).encode()


def test_over_the_row_limit_is_refused_naming_the_limit(data_dir):
    at = page()
    at.file_uploader(key="seg_upload").upload("big.csv", rows(MAX_SEGMENT_ROWS + 1),
                                              "text/csv").run()
    assert not at.exception and not at.metric
    assert at.error[0].value == (f"big\\.csv cannot be used: the scenarios file has "
                                 f"{MAX_SEGMENT_ROWS + 1:,} rows; at most {MAX_SEGMENT_ROWS:,} "
                                 f"are allowed. Nothing was computed.")


def test_many_segments_are_shown_fifty_at_a_time(data_dir):
    data = rows(120)
    at = page()
    at.file_uploader(key="seg_upload").upload("many.csv", data, "text/csv").run()
    assert not at.exception
    assert at.number_input(key="seg_page").max == 3            # 120 segments: pages of 50
    at.number_input(key="seg_page").set_value(3).run()
    shown = next(d.value for d in at.dataframe if "Net value" in d.value.columns)
    # the last page: segments 101 to 120, then the total of all 120
    assert list(shown["Segment"]) == [f"s{i}" for i in range(100, 120)] + ["Total"]
    total = calc.segments(parse_scenarios(data)).iloc[-1]
    assert shown["Net value"].iloc[-1] == money(total["net_value"])     # as the headline shows
    bars = at.get("plotly_chart")[0].proto.spec
    assert '"s119"' in bars and '"s99"' not in bars
