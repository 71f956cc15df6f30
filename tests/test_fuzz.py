"""Fuzzing every reader: scenarios CSV, ranges CSV, case log, scenario import.

Generated (hypothesis) and hand-made bad files. A reader may accept a file or refuse it with
InputError; anything else is a bug. Every problem it reports must say what is wrong and where
(a row, a column, or the file as a whole). The number of cases tried is printed at the end of
the test run.
"""

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import calc
from calc.files.caselog import ALL_COLUMNS, read_log
from calc.calibration.estimates import estimate
from calc.files.ranges import read_ranges
from calc.files.scenarios import read_scenarios, scenario_params
from calc.store.saved import ScenarioStore

CASES: Counter = Counter()
WHERE_WORDS = ("file", "log", "rows", "columns", "CSV", "header")


def _import(data: bytes, folder):
    frame = read_scenarios(data)
    store = ScenarioStore(folder)
    return store.import_rows(scenario_params(frame))


def _log(data: bytes):
    log = read_log(data)
    if len(log.frame):
        estimate(log.frame)
    return log


def check(reader: str, data: bytes, folder=None):
    """Run one reader on one file; only success or InputError with located problems pass."""
    CASES[reader] += 1
    try:
        if reader == "scenarios":
            frame = read_scenarios(data)
            calc.evaluate_table(frame)          # what was accepted evaluates
        elif reader == "ranges":
            read_ranges(data)
        elif reader == "case log":
            _log(data)
        elif reader == "scenario import":
            _import(data, folder)
    except calc.InputError as e:
        assert e.problems, "an InputError must carry problems"
        for p in e.problems:
            text = str(p)
            assert text.strip() and len(text) < 1000, text
            assert (p.row is not None or p.column is not None
                    or any(w in p.message for w in WHERE_WORDS)), text


READERS = ["scenarios", "ranges", "case log", "scenario import"]

# --- hand-made bad files ------------------------------------------------------------------------
NAMES = list(calc.NAMES)
HAND = {
    "empty": b"",
    "only a BOM": "\ufeff".encode(),
    "only newlines": b"\n\n\n",
    "header only": b"scenario,customers\n",
    "duplicated header": b"customers,customers\n1,2\n",
    "blank header": b"customers,,failure_rate\n1,2,0.3\n",
    "ragged long": b"customers,failure_rate\n1,0.2,9,9\n",
    "ragged short": b"customers,failure_rate\n1\n",
    "binary": bytes(range(256)) * 20,
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 50,
    "utf-16": "customers,failure_rate\n5,0.2\n".encode("utf-16"),
    "latin-1": "scenario,customers\nCaf\xe9,5\n".encode("latin-1"),
    "huge numbers": b"customers,revenue_per_customer\n1e308,1e400\n",
    "tiny numbers": b"customers,failure_rate\n1e-400,5e-324\n",
    "nan and inf text": b"customers,failure_rate,discount_rate\nNaN,inf,-Infinity\n",
    "formula strings": b"scenario,customers\n=cmd|' /C calc'!A0,5\n+1,=1+1\n",
    "very long line": b"scenario,customers\n" + b"x" * 2_000_000 + b",5\n",
    "very long number": b"customers\n" + b"1" * 100_000 + b"\n",
    "tens of thousands of columns": (",".join(f"c{i}" for i in range(30_000)) + "\n"
                                     + ",".join("1" for _ in range(30_000)) + "\n").encode(),
    "CR line endings": b"customers,failure_rate\r5,0.2\r",
    "unclosed quote": b'scenario,customers\n"abc,5\n',
    "quote inside cell": b'scenario,customers\nab"c,5\n',
    "NUL in cell": b"scenario,customers\na\x00b,5\n",
    "semicolons and commas": b"customers;failure_rate,discount_rate\n5;0,2,0.1\n",
    "percent everywhere": b"customers,failure_rate,horizon_years\n50%,30%,50%\n",
    "whole-number check": b"horizon_years\n2.5\n",
    "valid": b"scenario,customers\nok,5\n",
    "ranges valid": b"parameter,low,most_likely,high\nfailure_rate,0.1,0.2,0.3\n",
    "ranges reversed": b"parameter,low,most_likely,high\nfailure_rate,0.3,0.2,0.1\n",
    "ranges unknown": b"parameter,low,most_likely,high\nfoo,1,2,3\n,,,\n",
    "log valid": b"customer_id,failed,complained,resolved,resolved_fast,retained\na,1,1,1,1,1\n",
    "log contradictions": (b"customer_id,failed,complained,resolved,resolved_fast,retained\n"
                           b"a,0,1,1,1,1\nb,2,0,0,0,1\nc,,,,,\n"),
    "log money": (b"customer_id,failed,complained,resolved,resolved_fast,retained,revenue\n"
                  b"a,1,1,1,1,1,-3\nb,1,0,0,0,1,1e999\n"),
}


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("name", list(HAND))
def test_hand_made_bad_files(reader, name, tmp_path):
    check(reader, HAND[name], tmp_path)


def test_known_bad_files_are_refused_with_the_right_words():
    cases = {
        "empty": "empty", "binary": "binary", "utf-16": "binary", "latin-1": "UTF-8",
        "duplicated header": "appears twice", "blank header": "blank column name",
        "ragged long": "has 4 cells but the header has 2",
        "tens of thousands of columns": "30,000 columns",
        "very long line": "row 2: the line is 2,000,002 characters long",
    }
    for name, words in cases.items():
        with pytest.raises(calc.InputError) as e:
            read_scenarios(HAND[name])
        assert words in str(e.value), (name, str(e.value)[:300])


# --- generated files ----------------------------------------------------------------------------
CELL = st.one_of(
    st.sampled_from(["", " ", "0", "1", "-1", "0.5", "30%", "1e9", "1e-9", "nan", "inf", "-inf",
                     "true", "false", "=1+1", "+cmd", "@SUM(A1)", "\t", '"', '""', "0,5",
                     "1_000", "Ⅻ", "٣", "１２"]),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-10**20, 10**20).map(str),
    st.text(max_size=12),
)
HEADER = st.lists(st.one_of(st.sampled_from(NAMES + ["scenario", "parameter", "low",
                                                     "most_likely", "high", *ALL_COLUMNS]),
                            st.text(max_size=8)), min_size=0, max_size=8)


@st.composite
def csv_text(draw):
    header = draw(HEADER)
    width = max(len(header), 1)
    rows = draw(st.lists(st.lists(CELL, min_size=0, max_size=width + 2), max_size=6))
    sep = draw(st.sampled_from([",", ";"]))
    lines = [sep.join(header)] + [sep.join(r) for r in rows]
    end = draw(st.sampled_from(["\n", "\r\n", "\r", ""]))
    return end.join(lines) + end


ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252"])


def counted(run, minimum: int, **kwargs) -> int:
    """Run a generated test and check it tried at least ``minimum`` cases itself: each test
    counts its own cases, so it means the same run alone or with the others, in any order."""
    before = sum(CASES.values())
    run(**kwargs)
    tried = sum(CASES.values()) - before
    assert tried >= minimum, f"only {tried} cases were tried"
    return tried


@settings(max_examples=1000, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(reader=st.sampled_from(READERS), text=csv_text(), encoding=ENCODINGS)
def generated_csv_files(reader, text, encoding, tmp_path):
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8", "replace")
    check(reader, data, tmp_path)


def test_generated_csv_files(tmp_path):
    # hypothesis stops early only when it has exhausted the strategy, which these cannot be
    counted(generated_csv_files, 900, tmp_path=tmp_path)


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(reader=st.sampled_from(READERS), data=st.binary(max_size=2000))
def generated_binary_files(reader, data, tmp_path):
    check(reader, data, tmp_path)


def test_generated_binary_files(tmp_path):
    counted(generated_binary_files, 250, tmp_path=tmp_path)


@settings(max_examples=300, deadline=None)
@given(values=st.dictionaries(st.sampled_from(NAMES),
                              st.one_of(st.floats(allow_nan=True, allow_infinity=True),
                                        st.integers(-10**30, 10**30)), min_size=1))
def generated_scenarios_with_extreme_numbers(values):
    header = ",".join(values)
    row = ",".join(repr(float(v)) if isinstance(v, float) else str(v) for v in values.values())
    check("scenarios", f"scenario,{header}\nx,{row}\n".encode())


def test_generated_scenarios_with_extreme_numbers():
    counted(generated_scenarios_with_extreme_numbers, 250)


def test_every_hand_made_file_through_every_reader(tmp_path):
    """The hand-made files through every reader in one test, counted, so the count of cases
    this file tries does not depend on which of its tests ran before."""
    def run():
        for reader in READERS:
            for name in HAND:
                check(reader, HAND[name], tmp_path)
    counted(run, len(READERS) * len(HAND))
