"""One number grammar (issue 15, item 5): the scenarios reader, the ranges reader, the case-log
reader and the link accept the same numbers and refuse the same non-numbers, with the usual
'row R, column C: value V' message, the value as typed."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

import calc
from calc.files.caselog import parse_log
from calc.text.numbers import NotANumber, parse_number, parse_numbers
from calc.files.ranges import parse_ranges
from calc.files.scenarios import parse_scenarios

# (text, value) read by hand: ASCII digits, '.', exponent, optional %
GOOD = [("1200", 1200.0), ("-0.25", -0.25), (".5", 0.5), ("5.", 5.0), ("1e3", 1000.0),
        ("+2E-1", 0.2), (" 7 ", 7.0), ("30%", 0.3), ("12.5 %", 0.125)]
# Arabic-Indic and full-width digits, digit group marks, quotes, words, overflow
BAD = ["١٢٠٠", "１２００", "1_000", "1,000", "'5", '5"', "1 000", "0x10", "nan", "inf",
       "Infinity", "e5", "1e309", "-1e400", "5-", "--5", "½"]


@pytest.mark.parametrize("text, value", GOOD)
def test_numbers_of_the_grammar(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", BAD)
def test_not_numbers(text):
    with pytest.raises(NotANumber):
        parse_number(text)


def test_decimal_comma_only_where_asked():
    assert parse_number("0,25", decimal_comma=True) == 0.25
    assert parse_number("12,5%", decimal_comma=True) == 0.125
    with pytest.raises(NotANumber):
        parse_number("0,25")
    with pytest.raises(NotANumber):
        parse_number("1,000,5", decimal_comma=True)


def test_overflow_is_reported_as_typed_in_the_scenarios_file():
    with pytest.raises(calc.InputError) as e:
        parse_scenarios("scenario,customers,revenue_per_customer\na,1e309,5\n")
    assert [str(p) for p in e.value.problems] == [
        "row 2, column customers: value '1e309': is too large to be a number here"]


def q(text: str) -> str:
    """One CSV cell, quoted as a spreadsheet would quote it."""
    import csv
    import io
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow([text])
    return buf.getvalue()


@pytest.mark.parametrize("text", BAD)
def test_every_reader_refuses_the_same_texts(text):
    with pytest.raises(calc.InputError) as e:
        parse_scenarios(f"revenue_per_customer\n{q(text)}\n".encode())
    assert str(e.value.problems[0]).startswith(f"row 2, column revenue_per_customer: value "
                                               f"'{text.strip()}': ")
    with pytest.raises(calc.InputError) as e:
        parse_ranges(f"parameter,low,most_likely,high\nrevenue_per_customer,{q(text)},5,6\n")
    assert str(e.value.problems[0]).startswith(f"row 2, column low: value '{text.strip()}': ")
    header = "customer_id,failed,complained,resolved,resolved_fast,retained,revenue"
    log = parse_log(f"{header}\na,0,0,0,0,1,{q(text)}\nb,0,0,0,0,1,5\n")
    assert [str(p) for p in log.problems][0].startswith("row 2, column revenue: value ")
    assert list(log.frame.index) == [3]


@pytest.mark.parametrize("text, value", [(t, v) for t, v in GOOD if v >= 0 and "%" not in t])
def test_every_reader_accepts_the_same_numbers(text, value):
    frame = parse_scenarios(f"revenue_per_customer\n{text}\n")
    assert frame.iloc[0]["revenue_per_customer"] == value
    ranges = parse_ranges(f"parameter,low,most_likely,high\nrevenue_per_customer,{text},{text},"
                          f"{text}\n")
    assert ranges.iloc[0]["low"] == value
    header = "customer_id,failed,complained,resolved,resolved_fast,retained,handling_cost"
    log = parse_log(f"{header}\na,1,1,0,0,1,{text}\n")
    assert log.problems == [] and log.frame["handling_cost"].iloc[0] == value


def test_case_log_semicolon_file_reads_decimal_commas():
    text = ("customer_id;failed;complained;resolved;resolved_fast;retained;revenue\n"
            "a;0;0;0;0;1;1200,5\nb;0;0;0;0;1;99\n")
    log = parse_log(text)
    assert log.problems == [] and list(log.frame["revenue"]) == [1200.5, 99.0]


@pytest.mark.parametrize("raw", ["1_000", "١٢٠٠", "１２００", "'5", "1e309"])
def test_the_link_refuses_what_the_files_refuse(data_dir, raw):
    from streamlit.testing.v1 import AppTest
    from pathlib import Path
    root = Path(__file__).resolve().parents[1]
    at = AppTest.from_file(str(root / "app.py"), default_timeout=30)
    at.query_params.update({"customers": raw})
    at.run()
    assert at.session_state["params"]["customers"] == calc.DEFAULTS["customers"]
    assert any("customers" in w.value for w in at.warning)


def test_ranges_file_reads_range_text_and_counts_right():
    from calc.files.limits import count_text
    with pytest.raises(calc.InputError) as e:
        parse_ranges("parameter,low,most_likely,high\ncustomers,0,5,6\nfailure_rate,x,0.2,0.3\n"
                     "failure_rate,0.1,0.2,0.3\nretention_silent,0.9,0.5,0.1\n"
                     "operating_margin,1e309,,0.3\n")
    got = [str(p) for p in e.value.problems]
    assert got == [
        "row 2, column low: value '0': is outside the allowed range of customers (1 to 1e9)",
        "row 3, column low: value 'x': is not a number",
        "row 4, column parameter: value 'failure_rate': this parameter is listed twice",
        "row 5, column low/most_likely/high: value '0.9 / 0.5 / 0.1': need low <= "
        "most_likely <= high",
        "row 6, column low: value '1e309': is too large to be a number here",
        "row 6, column most_likely: value '': is blank; give a number",
    ]
    assert count_text(e.value.problems) == "5 rows, 6 problems"


CELLS = st.one_of(st.text(max_size=8), st.sampled_from([t for t, _ in GOOD] + BAD),
                  st.floats().map(repr), st.integers().map(str))


@given(cells=st.lists(CELLS, max_size=20), comma=st.booleans(), percent=st.booleans())
def test_column_reader_agrees_with_the_one_cell_reader(cells, comma, percent):
    """The vectorised reader (Arrow's kernels and cast) against the scalar one (Python's re
    and float) on arbitrary text: the same value, or the same refusal, cell for cell."""
    values, blank, bad, messages = parse_numbers(cells, decimal_comma=comma,
                                                 allow_percent=percent, listed=len(cells))
    for i, cell in enumerate(cells):
        try:
            want = parse_number(cell, decimal_comma=comma, allow_percent=percent)
        except NotANumber as e:
            assert bad[i] and messages[i] == str(e), cell
            continue
        assert not bad[i], cell
        if want is None:
            assert blank[i]
        else:
            assert values[i] == want or (math.isnan(want) and math.isnan(values[i])), cell
