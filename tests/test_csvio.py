"""Reading scenarios and ranges CSVs, and writing exports."""

import io
import math

import numpy as np
import pandas as pd
import pytest

from calc import InputError, evaluate
from calc.text.safety import neutralise
from calc.files.ranges import parse_ranges
from calc.files.scenarios import parse_scenarios, read_scenarios, template_frame
from calc.files.write import to_csv_text
from calc.model.evaluation import evaluate_table
from calc.model.params import DEFAULTS, NAMES


def problems(text):
    with pytest.raises(InputError) as e:
        parse_scenarios(text)
    return [str(p) for p in e.value.problems]


def test_missing_columns_and_blank_cells_take_defaults():
    f = parse_scenarios("scenario,customers,failure_rate\na,500,\nb,,0.5\n")
    assert list(f["scenario"]) == ["a", "b"]
    assert list(f["customers"]) == [500, DEFAULTS["customers"]]
    assert list(f["failure_rate"]) == [DEFAULTS["failure_rate"], 0.5]
    assert list(f.index) == [2, 3]                      # file line numbers
    assert f.loc[2, "discount_rate"] == DEFAULTS["discount_rate"]


def test_no_scenario_column_names_rows():
    f = parse_scenarios("customers\n10\n20\n")
    assert list(f["scenario"]) == ["scenario 1", "scenario 2"]


def test_percentages_for_fractions():
    f = parse_scenarios("failure_rate,operating_margin\n30%,12.5 %\n")
    assert f.iloc[0]["failure_rate"] == 0.3
    assert f.iloc[0]["operating_margin"] == 0.125


def test_percentage_not_allowed_for_money():
    assert problems("customers\n30%\n") == [
        "row 2, column customers: value '30%': a percentage is only allowed for fractions; "
        "write a plain number"]


def test_semicolon_separated_with_decimal_commas_and_bom():
    data = "\ufeffscenario;failure_rate;revenue_per_customer\nx;0,25;1500,5\n".encode("utf-8")
    f = read_scenarios(data)
    assert f.iloc[0]["failure_rate"] == 0.25
    assert f.iloc[0]["revenue_per_customer"] == 1500.5


def test_utf8_bom_comma_file():
    f = read_scenarios("\ufeffcustomers\n7\n".encode("utf-8"))
    assert f.iloc[0]["customers"] == 7


def test_unknown_column_suggests_closest_name():
    assert problems("scenario,revenu_per_customer\na,1\n") == [
        "row 1, column revenu_per_customer: unknown column; did you mean 'revenue_per_customer'?"]


def test_every_bad_cell_reported_by_row_and_column():
    out = problems("scenario,customers,failure_rate,horizon_years,discount_rate\n"
                   "a,abc,0.2,5,0.1\n"
                   "b,100,1.2,5.5,nan\n"
                   "c,1_000,0.2,5,inf\n")
    assert out == [   # in file order: by row, then by column
        "row 2, column customers: value 'abc': is not a number",
        "row 3, column failure_rate: value '1.2': is outside the allowed range 0 to 1",
        "row 3, column horizon_years: value '5.5': must be a whole number (1 to 50, a whole number)",
        "row 3, column discount_rate: value 'nan': is not a number; write a number or leave the "
        "cell blank for the default",
        "row 4, column customers: value '1_000': is not a number",
        "row 4, column discount_rate: value 'inf': is not a number; write a number or leave the "
        "cell blank for the default",
    ]


def test_metric_columns_are_ignored_so_exports_read_back():
    text = to_csv_text(evaluate_table(parse_scenarios("scenario,customers\na,500\n")))
    f = parse_scenarios(text)
    assert f.iloc[0]["customers"] == 500


@pytest.mark.parametrize("text, expected", [
    ("", "row 1: the scenarios file is empty: it needs a header row naming the columns"),
    ("customers\n", "the scenarios file has a header but no data rows; add one row per scenario"),
    ("customers,customers\n1,2\n", "row 1, column customers: column name appears twice (columns 1 and 2)"),
    ("customers,\n1,2\n", "row 1, column #2: blank column name; name it or delete the column"),
    ("customers,failure_rate\n1,0.2,9\n", "row 2: has 3 cells but the header has 2"),
])
def test_shape_problems(text, expected):
    assert problems(text) == [expected]


def test_not_utf8_is_reported():
    with pytest.raises(InputError, match="not UTF-8"):
        read_scenarios("scenario\nCaf\xe9\n".encode("latin-1"))


def test_binary_is_reported():
    with pytest.raises(InputError, match="binary"):
        read_scenarios(b"\x89PNG\r\n\x1a\n\x00\x00")


def test_quoted_cell_spanning_lines_reports_the_right_row():
    out = problems('scenario,customers\n"two\nlines",5\nb,x\n')
    assert out == ["row 4, column customers: value 'x': is not a number"]


def test_round_trip_template_evaluate_read_back_identical():
    template = to_csv_text(template_frame())
    results = evaluate_table(parse_scenarios(template))
    back = pd.read_csv(io.StringIO(to_csv_text(results)))
    for name in NAMES:
        assert back.loc[0, name] == DEFAULTS[name]
    m = evaluate()
    for name, value in m.items():
        got = back.loc[0, name]
        if isinstance(value, bool):
            assert bool(got) == value
        else:
            assert got == value or (math.isnan(got) and math.isnan(value)), name


def test_full_precision_and_numbers_stay_numbers():
    x = 0.1 + 0.2   # 0.30000000000000004
    text = to_csv_text(pd.DataFrame({"scenario": ["=HYPERLINK(1)"], "v": [x], "n": [np.nan]}))
    assert text == "scenario,v,n\n\"'=HYPERLINK(1)\",0.30000000000000004,\n"


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx",
                                  " =1+1", "  +1", "\t-1", "\u00a0@SUM(A1)", "\u3000=1",
                                  "＝1+1", "＋1", "－1", "＠SUM(A1)", " ＝1"])
def test_formula_like_text_is_neutralised(cell):
    assert neutralise(cell) == "'" + cell


def test_plain_text_untouched():
    assert neutralise("minor / new") == "minor / new"


def test_ranges_file():
    r = parse_ranges("parameter,low,most_likely,high\nfailure_rate,20%,30%,40%\n")
    assert r.iloc[0]["low"] == 0.2


def test_ranges_problems_are_listed_all_at_once():
    with pytest.raises(InputError) as e:
        parse_ranges("parameter,low,most_likely,high\nfailur_rate,1,2,3\n"
                     "customers,5,3,4\nretention_silent,0.1,,2\n")
    got = [str(p) for p in e.value.problems]
    assert got == [
        "row 2, column parameter: value 'failur_rate': unknown parameter; did you mean 'failure_rate'?",
        "row 3, column low/most_likely/high: value '5 / 3 / 4': need low <= most_likely <= high",
        "row 4, column most_likely: value '': is blank; give a number",
        "row 4, column high: value '2': is outside the allowed range of retention_silent (0 to 1)",
    ]


def test_fast_and_careful_readers_agree_on_valid_files():
    from calc.files.reader import read_table
    from calc.model.sampling import random_scenarios
    frame = pd.DataFrame(random_scenarios(500, seed=5))
    frame.insert(0, "scenario", [f"s{i}" for i in range(500)])
    frame.loc[3, "customers"] = np.nan        # a blank cell takes the default
    data = to_csv_text(frame).encode()
    fast, careful = read_table(data), read_table(data, fast=False)
    assert list(fast.lines) == list(careful.lines) == list(range(2, 502))
    for name in fast.header:
        assert fast.columns[name].equals(careful.columns[name]), name
    f = parse_scenarios(data)
    assert f.loc[5, "customers"] == DEFAULTS["customers"]      # line 5 is data row 4


@pytest.mark.parametrize("text, lines", [
    ("customers\n5\n\n6\n", [2, 4]),                # a blank line: line numbers shift
    ('scenario,customers\n"a\nb",5\nc,6\n', [2, 4]),  # a cell over two lines
    ("customers\r5\r6\r", [2, 3]),                   # old Mac line ends
])
def test_fast_reader_hands_unusual_files_to_the_careful_one(text, lines):
    from calc.files.fast_reader import read_fast
    from calc.files.limits import check_shape
    from calc.files.reader import read_table
    data = text.encode()
    start, raw, sep, n = check_shape(data, "file", 10)
    assert read_fast(data, start, sep, raw, raw, n, None) is None or lines == [2, 3]
    assert list(read_table(data).lines) == lines
