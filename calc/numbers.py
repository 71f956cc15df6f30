"""One number grammar for every reader: the scenarios and ranges files, the case log, the link.

A number is ASCII digits with an optional sign, a ``.`` decimal mark and an exponent (``1500``,
``-0.25``, ``.5``, ``1e9``); in a semicolon-separated file a ``,`` may be the decimal mark
(``0,25``). A fraction may end in ``%`` (``30%`` is 0.3). Nothing else is a number: not
Arabic-Indic or full-width digits, not ``1_000``, not ``nan``/``inf``, not a value with a stray
quote, not a value too large to hold (``1e309``, reported as typed).

:func:`parse_number` reads one value; :func:`parse_numbers` reads a whole column in a few
vectorised passes (Arrow's compute kernels) and gives the same answer cell for cell.
"""

from __future__ import annotations

import math
import re

import numpy as np

NUMBER_RE = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
DECIMAL_COMMA_RE = r"[+-]?[0-9]+,[0-9]+"
_NUMBER = re.compile(NUMBER_RE, re.ASCII)
_DECIMAL_COMMA = re.compile(DECIMAL_COMMA_RE, re.ASCII)
_NOT_A_NUMBER_WORDS = {"nan", "inf", "infinity", "na", "n/a", "null", "none"}

NOT_A_NUMBER = "is not a number"
NAN_WORD = "is not a number; write a number or leave the cell blank for the default"
TOO_LARGE = "is too large to be a number here"
NO_PERCENT = "a percentage is only allowed for fractions; write a plain number"


class NotANumber(ValueError):
    """A text that is not a number of the grammar; the message says why."""


def parse_number(text: str, *, decimal_comma: bool = False, allow_percent: bool = True,
                 required: bool = False) -> float | None:
    """One value of the grammar as a float; None for a blank (an error when ``required``).
    Raises :class:`NotANumber` with a message (``is not a number``...) for anything else."""
    s = str(text).strip()
    if not s:
        if required:
            raise NotANumber("is blank; give a number")
        return None
    percent = s.endswith("%")
    if percent:
        s = s[:-1].strip()
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
