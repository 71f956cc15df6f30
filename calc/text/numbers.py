"""One number grammar for every entry point: the scenarios and ranges files, the case log, the link,
the dashboard's typed fields and amounts, and the CLI's arguments.

A number is ASCII digits with an optional sign, a ``.`` decimal mark and an exponent (``1500``,
``-0.25``, ``.5``, ``1e9``); in a semicolon-separated file a ``,`` may be the decimal mark
(``0,25``). A fraction may end in ``%`` (``30%`` is 0.3). Nothing else is a number: not
Arabic-Indic or full-width digits, not ``1_000``, not ``nan``/``inf``, not a value with a stray
quote, not a value too large to hold (``1e309``, reported as typed).

A typed *amount* (a field of the dashboard, ``--budget``) is the same grammar plus what people
type for money: thousands grouped by commas or spaces (``150,000``, ``1 234 567``), a suffix
(``k``/``thousand``, ``m``/``mn``/``million``, ``b``/``bn``/``billion``: ``150k`` is 150,000,
never 150) and a currency symbol or three-letter code before or after (``$150k``, ``150 EUR``).
``1_000`` is refused there too.

:func:`parse_number` reads one value (``amount=True`` for typed amounts); :func:`parse_numbers`
reads a whole column in a few vectorised passes (Arrow's compute kernels) and gives the same
answer cell for cell; :func:`parse_money` is a typed amount of money (never negative).
"""

from __future__ import annotations

import math
import re

import numpy as np

from calc.model.params import InputError, Problem

NUMBER_RE = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
DECIMAL_COMMA_RE = r"[+-]?[0-9]+,[0-9]+"
_NUMBER = re.compile(NUMBER_RE, re.ASCII)
_DECIMAL_COMMA = re.compile(DECIMAL_COMMA_RE, re.ASCII)
_NOT_A_NUMBER_WORDS = {"nan", "inf", "infinity", "na", "n/a", "null", "none"}

NOT_A_NUMBER = "is not a number"
NAN_WORD = "is not a number; write a number or leave the cell blank for the default"
TOO_LARGE = "is too large to be a number here"
NO_PERCENT = "a percentage is only allowed for fractions; write a plain number"
HOW = "type an amount such as 150000, 150,000, 150k or 1.5m"
NOT_AN_AMOUNT = f"is not an amount; {HOW}"
NOT_MONEY = f"is not an amount of money; {HOW}"

SUFFIXES = {"": 1.0, "k": 1e3, "thousand": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6,
            "b": 1e9, "bn": 1e9, "billion": 1e9}
_GROUPED = r"[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+"
_AMOUNT = re.compile(
    rf"(?P<num>[+-]?(?:(?:{_GROUPED})(?:\.[0-9]+)?|(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
    rf"(?:[eE][+-]?[0-9]+)?))\s*(?P<suffix>[a-z]*)")
# A currency symbol (any non-word character but a sign, a mark or a quote) or a three-letter
# code, before or after the number.
_CURRENCY_BEFORE = re.compile(r"^(?:[^\w\s.,+%'\"-]+|[a-z]{3}\s)\s*")
_CURRENCY_AFTER = re.compile(r"\s*(?:[^\w\s.,+%'\"-]+|\s[a-z]{3})$")


class NotANumber(ValueError):
    """A text that is not a number of the grammar; the message says why."""


def parse_number(text: str, *, decimal_comma: bool = False, allow_percent: bool = True,
                 required: bool = False, amount: bool = False) -> float | None:
    """One value of the grammar as a float; None for a blank (an error when ``required``).
    ``amount=True`` also takes a typed amount (``150,000``, ``150k``, ``$1.5m``). Raises
    :class:`NotANumber` with a message (``is not a number``...) for anything else.

    >>> parse_number("30%"), parse_number("150k", amount=True), parse_number("1 234", amount=True)
    (0.3, 150000.0, 1234.0)
    """
    s = str(text).strip()
    if not s:
        if required:
            raise NotANumber("is blank; give a number")
        return None
    percent = s.endswith("%")
    if percent:
        s = s[:-1].strip()
    if amount and not percent:
        return _amount(s)
    if decimal_comma and _DECIMAL_COMMA.fullmatch(s):
        s = s.replace(",", ".")
    if not _NUMBER.fullmatch(s):
        if s.lower().lstrip("+-") in _NOT_A_NUMBER_WORDS:
            raise NotANumber(NAN_WORD)
        raise NotANumber(NOT_A_NUMBER)
    if percent and not allow_percent:
        raise NotANumber(NO_PERCENT)
    value = float(s)
    if not math.isfinite(value):
        raise NotANumber(TOO_LARGE)
    return value / 100.0 if percent else value


def _amount(s: str) -> float:
    low = _CURRENCY_AFTER.sub("", _CURRENCY_BEFORE.sub("", s.lower()))
    match = _AMOUNT.fullmatch(low)
    if match is None or match["suffix"] not in SUFFIXES:
        if low.lstrip("+-") in _NOT_A_NUMBER_WORDS:
            raise NotANumber(NAN_WORD)
        raise NotANumber(NOT_AN_AMOUNT)
    value = float(re.sub(r"[, \u00a0\u202f]", "", match["num"])) * SUFFIXES[match["suffix"]]
    if not math.isfinite(value):
        raise NotANumber(TOO_LARGE)
    return value


def parse_money(text: str, what: str = "amount", maximum: float = 1e12) -> float:
    """The amount of money ``text`` stands for, or :class:`InputError` saying why not: a typed
    amount (:func:`parse_number` with ``amount=True``), never negative, at most ``maximum``.

    >>> parse_money("150k"), parse_money("$1.5m"), parse_money("80,000")
    (150000.0, 1500000.0, 80000.0)
    """
    raw = str(text)
    if not raw.strip():
        raise InputError([Problem(None, what, None, f"is empty; {HOW}")])
    if re.match(r"^[^\d.]*[-(\u2212]", raw.strip()):
        raise InputError([Problem(None, what, raw, f"must not be negative; {HOW}")])
    try:
        value = parse_number(raw, allow_percent=False, amount=True, required=True)
    except NotANumber as e:
        said = NOT_MONEY if str(e) == NOT_AN_AMOUNT else str(e)
        raise InputError([Problem(None, what, raw, said)]) from None
    if value > maximum:
        raise InputError([Problem(None, what, raw, f"is above the largest amount allowed here "
                                                   f"({maximum:,.0f})")])
    return value


def parse_numbers(cells, *, decimal_comma: bool = False, allow_percent: bool = True,
                  listed: int = 20):
    """A column of text cells (a pyarrow string array, or a sequence of str) ->
    ``(values, blank, bad, messages)``: float64 values (NaN where blank or bad), masks of the
    blank and of the bad cells, and {index: message} for the first ``listed`` bad cells. The
    same answers as :func:`parse_number`, cell for cell; a plain column costs one cast."""
    import pyarrow as pa
    import pyarrow.compute as pc
    arr = cells if isinstance(cells, (pa.Array, pa.ChunkedArray)) else pa.array(cells, pa.string())
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    n = len(arr)
    null = arr.is_null().to_numpy(zero_copy_only=False)
    if pa.types.is_floating(arr.type):      # converted by the reader (finite, or it would not)
        return (arr.to_numpy(zero_copy_only=False, writable=True), null, np.zeros(n, dtype=bool),
                {})
    try:                                    # the usual case: plain numbers and empty cells
        values = pc.cast(arr, pa.float64()).to_numpy(zero_copy_only=False, writable=True)
        if np.isfinite(values[~null]).all():
            return values, null, np.zeros(n, dtype=bool), {}
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pass
    text = pc.utf8_trim_whitespace(arr.fill_null(""))
    blank = pc.equal(text, "").to_numpy(zero_copy_only=False)
    has_percent = pc.ends_with(text, "%")
    percent = has_percent.to_numpy(zero_copy_only=False)
    body = pc.if_else(has_percent, pc.utf8_trim_whitespace(pc.utf8_slice_codeunits(text, 0, -1)),
                      text)
    if decimal_comma:
        comma = pc.match_substring_regex(body, f"^{DECIMAL_COMMA_RE}$")
        body = pc.if_else(comma, pc.replace_substring(body, ",", "."), body)
    ok = pc.match_substring_regex(body, f"^{NUMBER_RE}$").to_numpy(zero_copy_only=False)
    values = np.full(n, np.nan)
    if ok.any():
        values[ok] = pc.cast(pc.filter(body, pa.array(ok)), pa.float64()).to_numpy(
            zero_copy_only=False)
    values[percent & ok] /= 100.0
    bad = (~ok & ~blank) | (ok & ~np.isfinite(values)) | (ok & percent & (not allow_percent))
    messages: dict[int, str] = {}
    for i in np.flatnonzero(bad)[:listed]:
        try:                        # the scalar parser words each problem
            parse_number(arr[int(i)].as_py(), decimal_comma=decimal_comma,
                         allow_percent=allow_percent)
            messages[int(i)] = NOT_A_NUMBER       # not reached: both parsers agree
        except NotANumber as e:
            messages[int(i)] = str(e)
    values[bad] = np.nan
    return values, blank, bad, messages
