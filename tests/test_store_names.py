"""Scenario names: normalised (NFC, trimmed, spaces collapsed), invisible and control characters
refused with a message, names equal ignoring case are one scenario (on both backends), and the
export's formula guard is removed on import so export -> import gives the same scenarios."""

import unicodedata

import pytest

import calc
from calc.store import names
from calc.files.scenarios import read_scenarios
from calc.files.write import to_csv_bytes
from calc.store.errors import NameTaken


@pytest.mark.parametrize("typed, stored", [
    ("  budget   2027 ", "budget 2027"),
    ("a\tb\nc", "a b c"),                                   # whitespace of any kind: one space
    ("cafe\u0301", "caf\u00e9"),                            # e + combining acute -> é (NFC)
    ("\u212b", "\u00c5"),                                   # ANGSTROM SIGN -> Å (NFC)
    ("-10% price", "-10% price"),
])
def test_names_are_normalised(typed, stored):
    assert names.normalise(typed) == stored
    assert unicodedata.is_normalized("NFC", names.normalise(typed))


@pytest.mark.parametrize("bad, named", [
    ("a\x00b", "U+0000"),                  # NUL
    ("a\x1bb", "U+001B"),                  # escape
    ("a\u200bb", "U+200B ZERO WIDTH SPACE"),
    ("\u202eevil", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("x\u2066y", "U+2066 LEFT-TO-RIGHT ISOLATE"),
    ("\ufeffbom", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
    ("a\u00adb", "U+00AD SOFT HYPHEN"),
])
def test_control_and_format_characters_are_refused_with_a_message(bad, named):
    with pytest.raises(calc.InputError) as e:
        names.normalise(bad, row=3)
    text = str(e.value.problems[0])
    assert text.startswith("row 3, column scenario: value '")
    assert named in text and "retype the name" in text
    assert "\x00" not in text and "\u202e" not in text      # the message itself is safe to show


def test_case_folding_makes_names_the_same():
    assert names.key("Budget") == names.key("BUDGET") == names.key("budget")
    assert names.key("STRASSE") == names.key("straße")     # full Unicode case folding
    assert names.key("caf\u00e9") == names.key("CAFE\u0301")
    assert names.key("a b") != names.key("ab")


def test_names_equal_ignoring_case_are_one_scenario(backend):
    s = backend.open()
    s.save("Budget 2027", calc.DEFAULTS)
    with pytest.raises(NameTaken) as e:
        s.save("  BUDGET   2027", calc.DEFAULTS)
    assert e.value.name == "Budget 2027"                   # the saved spelling, to ask about
    assert s.get("budget 2027").name == "Budget 2027" and s.exists("BUDGET 2027")
    s.save("BUDGET 2027", {**calc.DEFAULTS, "customers": 9.0}, overwrite=True)
    assert s.names() == ["BUDGET 2027"] and s.get("Budget 2027").params["customers"] == 9.0
    s.save("café", calc.DEFAULTS)
    with pytest.raises(NameTaken):
        s.save("CAFE\u0301", calc.DEFAULTS)                # another Unicode form, other case
    s.rename("café", "Café")                               # a new spelling of the same name
    assert s.names() == ["BUDGET 2027", "Café"]
    with pytest.raises(NameTaken):
        s.rename("Café", "budget 2027")
    with pytest.raises(calc.InputError):
        s.save("zero\u200bwidth", calc.DEFAULTS)
    s.delete("CAFÉ")
    assert s.names() == ["BUDGET 2027"]


@pytest.mark.parametrize("guarded, name", [
    ("'-10% price", "-10% price"), ("'=SUM(A1)", "=SUM(A1)"), ("'+5", "+5"), ("'@home", "@home"),
])
def test_the_export_guard_is_removed(guarded, name):
    from calc.text.safety import neutralise
    assert neutralise(name) == guarded                      # what an export writes
    assert names.unguard(guarded) == name


def test_an_apostrophe_the_export_did_not_add_stays():
    assert names.unguard("'quoted") == "'quoted"
    assert names.unguard("plain") == "plain"


def test_export_then_import_gives_the_same_scenarios(backend, tmp_path):
    s = backend.open()
    wanted = ["-10% price", "=SUM(A1)", "+5 agents", "@home", "'quoted", "plain"]
    for i, name in enumerate(wanted):
        s.save(name, {**calc.DEFAULTS, "customers": 100.0 + i})
    frame = read_scenarios(to_csv_bytes(
        __import__("pandas").DataFrame([{"scenario": x.name, **x.params} for x in s.all()])))
    assert "'-10% price" in set(frame["scenario"])          # the file carries the guard
    rows = zip(frame.index, frame["scenario"], frame[list(calc.NAMES)].to_dict("records"))
    result = s.import_rows(rows, mode="replace")
    assert (result.saved, result.replaced) == (0, len(wanted))   # the same six, no new ones
    assert sorted(s.names(), key=names.key) == sorted(wanted, key=names.key)
    assert {x.name: x.params["customers"] for x in s.all()} == \
        {name: 100.0 + i for i, name in enumerate(wanted)}
