"""One grammar for typed numbers (calc.text.numbers), through every entry point: the scenarios
CSV, the link, the calculator's fields, the Budget page's amounts and the CLI's --budget.

The expected values are written out by hand from the README's description of the grammar: a
number is ASCII digits with '.', an exponent and '%' for fractions; a typed amount may also group
thousands with commas or spaces and end in k / m / bn; nothing else is a number anywhere
(not '1_000', 'nan', full-width digits, '150x')."""

from pathlib import Path

import pytest

import calc
from calc.cli.commands import main
from calc.files.scenarios import parse_scenarios
from calc.text.numbers import NotANumber, parse_money, parse_number
from apptest import app

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_inputs"

PLAIN_OK = [("150000", 150000.0), ("1.5e5", 150000.0), ("-0.25", -0.25), (".5", 0.5),
            ("30%", 0.3)]
AMOUNT_OK = PLAIN_OK + [("150,000", 150000.0), ("150k", 150000.0), ("1.5m", 1.5e6),
                        ("$150k", 150000.0), (" 150 000 ", 150000.0), ("2 bn", 2e9),
                        ("EUR 80k", 80000.0), ("160 thousand", 160000.0)]
REFUSED_EVERYWHERE = ["1_000", "nan", "inf", "\uff11\uff12", "\u0661\u0662", "150x", "1e309",
                      "12'", "1,50,000", "150 thousands"]
# what only typed amounts take
AMOUNT_ONLY = ["150,000", "150k", "1.5m", "$150k", "2 bn"]


@pytest.mark.parametrize("text,value", PLAIN_OK)
def test_plain_numbers_are_read_by_every_reader(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text,value", AMOUNT_OK)
def test_typed_amounts(text, value):
    assert parse_number(text, amount=True) == value


@pytest.mark.parametrize("text", REFUSED_EVERYWHERE)
def test_refused_in_both_modes(text):
    for amount in (False, True):
        with pytest.raises(NotANumber):
            parse_number(text, amount=amount)


@pytest.mark.parametrize("text", AMOUNT_ONLY)
def test_amount_forms_are_not_numbers_in_a_file(text):
    with pytest.raises(NotANumber):
        parse_number(text)


def _csv_value(text):
    """program_fixed_cost read from a scenarios CSV (semicolon-separated, so a comma in the cell
    stays in the cell)."""
    frame = parse_scenarios(f"scenario;program_fixed_cost\nx;{text}\n".encode())
    return float(frame["program_fixed_cost"].iloc[0])


@pytest.mark.parametrize("text", ["150000", "1.5e5"])
def test_scenarios_csv_takes_plain_numbers(text):
    assert _csv_value(text) == 150000.0


@pytest.mark.parametrize("text", ["1_000", "nan", "150k", "\uff11\uff12", "150x"])
def test_scenarios_csv_refuses_the_rest_with_row_and_column(text):
    with pytest.raises(calc.InputError, match=r"row 2, column program_fixed_cost"):
        _csv_value(text)


def _open(query=None, page=None):
    return app(page, query)


@pytest.mark.parametrize("text,ok", [("150000", True), ("1.5e5", True), ("1_000", False),
                                     ("nan", False), ("150k", False)])
def test_link_takes_the_file_grammar(data_dir, text, ok):
    at = _open({"program_fixed_cost": text})
    used = at.session_state["params"]["program_fixed_cost"]
    assert used == (150000.0 if ok else calc.DEFAULTS["program_fixed_cost"])
    assert bool(at.warning) is not ok


@pytest.mark.parametrize("text,value", [("1.5m", 1.5e6), ("150,000", 150000.0),
                                        ("$150k", 150000.0), ("1_000", None), ("nan", None),
                                        ("150x", None), ("\uff11\uff12", None)])
def test_calculator_field(data_dir, text, value):
    at = _open()
    at.text_input(key="in_program_fixed_cost").set_value(text).run()
    used = at.session_state["params"]["program_fixed_cost"]
    assert used == (calc.DEFAULTS["program_fixed_cost"] if value is None else value)
    assert bool(at.error) is (value is None)


@pytest.mark.parametrize("text,value", [("150k", 150000.0), ("1.5m", 1.5e6), ("1_000", None),
                                        ("150x", None), ("nan", None)])
def test_budget_amount(data_dir, text, value):
    at = _open(page="app_pages/budget.py")
    at.text_input(key="budget_amount").set_value(text).run()
    errors = " ".join(e.value for e in at.error)
    assert ("is not an amount" in errors or "is not a number" in errors) is (value is None)
    if value is not None:
        assert parse_money(text) == value


@pytest.mark.parametrize("text,ok", [("150k", True), ("1.5m", True), ("1_000", False),
                                     ("nan", False)])
def test_cli_budget(capsys, text, ok):
    code = main(["allocate", str(SAMPLES / "baseline.csv"), "--responses",
                 str(SAMPLES / "responses.csv"), "--budget", text])
    out, err = capsys.readouterr()
    assert (code == 0) is ok
    if not ok:
        assert f"column --budget: value '{text}'" in err and out == ""
