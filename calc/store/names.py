"""Scenario names: one spelling for what a person means, and one key for what counts as "the same".

* :func:`normalise` gives the stored form: Unicode NFC (a precomposed "é" and "e" + combining
  accent are one name), trimmed, every run of whitespace one space. Control characters (NUL,
  escape...), format characters (zero-width space and joiners, bidirectional overrides, the
  byte-order mark) and unassigned or private-use code points are refused with a message, not
  dropped: a name that looks like another but is not is a trap.
* :func:`key` is what the store compares: names equal ignoring case (Unicode case folding, so
  "STRASSE" and "straße" too) are the same scenario.
* :func:`unguard` undoes the formula guard that CSV exports put in front of a text cell
  (``'-10% price`` is the exported form of ``-10% price``), so export then import gives back the
  same names. A leading apostrophe is how spreadsheets mark a cell as text, and they hide it too.
"""

from __future__ import annotations

import unicodedata

from calc.model.params import InputError, Problem
from calc.text.safety import neutralise

MAX_NAME_CHARS = 120
COLUMN = "scenario"
# Unicode general categories refused in a name: Cc control, Cf format (zero-width, bidi
# overrides, BOM), Cs surrogates, Co private use, Cn unassigned; Zl / Zp line and paragraph
# separators are whitespace to str.split and become spaces.
_REFUSED = {"Cc": "a control character", "Cf": "an invisible formatting character",
            "Cs": "a lone surrogate", "Co": "a private-use character",
            "Cn": "an unassigned character"}


def describe(ch: str) -> str:
    """U+200B ZERO WIDTH SPACE: how a character that cannot be shown is named in a message."""
    return f"U+{ord(ch):04X} {unicodedata.name(ch, '')}".strip()


def visible(text: str, limit: int = 60) -> str:
    """A name as it can be shown in a message: refused characters written as \\uXXXX."""
    out = "".join(f"\\u{ord(ch):04x}" if unicodedata.category(ch) in _REFUSED else ch
                  for ch in text)
    return out[:limit]


def problems(name: object, row: int | None = None) -> list[Problem]:
    """What is wrong with a name (empty list: it can be saved once normalised)."""
    text = unicodedata.normalize("NFC", "" if name is None else str(name))
    for ch in text:
        if ch in "\t\n\r":                      # whitespace: collapsed, not refused
            continue
        kind = _REFUSED.get(unicodedata.category(ch))
        if kind:
            return [Problem(row, COLUMN, visible(text),
                            f"the name contains {kind} ({describe(ch)}); retype the name "
                            f"without it")]
    clean = " ".join(text.split())
    if not clean:
        return [Problem(row, COLUMN, None, "give the scenario a name")]
    if len(clean) > MAX_NAME_CHARS:
        return [Problem(row, COLUMN, clean[:40] + "...",
                        f"is too long; at most {MAX_NAME_CHARS} characters")]
    return []


def normalise(name: object, row: int | None = None) -> str:
    """The stored form of a name; raises :class:`InputError` for a name that cannot be one."""
    found = problems(name, row)
    if found:
        raise InputError(found)
    return " ".join(unicodedata.normalize("NFC", str(name)).split())


def key(name: str) -> str:
    """The comparison key: names with equal keys are one scenario."""
    return unicodedata.normalize("NFC", " ".join(str(name).split()).casefold())


def unguard(name: str) -> str:
    """A name read from a CSV with the export's formula guard removed: ``'=x`` -> ``=x``.
    Only a guard that the export itself would have added is removed, so ``'quoted`` stays."""
    text = str(name).strip()
    if text.startswith("'") and neutralise(text[1:]) == text:
        return text[1:]
    return text
