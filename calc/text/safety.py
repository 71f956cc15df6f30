"""The formula-safety guard: a text cell that a spreadsheet would run as a formula gets a
leading quote, in every export (CSV, workbook) and wherever a name is shown back."""

from __future__ import annotations


# A text cell starting with one of these runs as a formula in a spreadsheet: ASCII and
# full-width = + - @, and tab or carriage return; = + - @ also after leading whitespace.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise(text: str) -> str:
    """A text cell a spreadsheet will show as text, never run as a formula: one that starts
    with a formula character, or with whitespace and then one, gets a leading quote.

    >>> neutralise(" =1+1"), neutralise("\uff1dSUM(A1)"), neutralise("- 10% price")
    ("' =1+1", "'\uff1dSUM(A1)", "'- 10% price")
    >>> neutralise("minor / new")
    'minor / new'
    """
    s = str(text)
    return "'" + s if s.startswith(FORMULA_START) or s.lstrip().startswith(FORMULA_START) else s

