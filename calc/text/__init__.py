"""Numbers as people type and read them: the one grammar for typed numbers, formatting of money and
percentages, shown values, wording, and the guard that keeps text cells from running as formulas."""

from calc.text.format import (CARD_WIDTH, card_help, count, count_short, metric_short,
                              metric_value, money, money_short, param_value, pct, pct_short,
                              scale_words, unit_label, years)
from calc.text.numbers import (DECIMAL_COMMA_RE, HOW, NAN_WORD, NOT_AN_AMOUNT, NOT_A_NUMBER,
                               NOT_MONEY, NO_PERCENT, NUMBER_RE, NotANumber, SUFFIXES, TOO_LARGE,
                               parse_money, parse_number, parse_numbers)
from calc.text.ranges_shown import SHOWN_COLUMNS
from calc.text.safety import FORMULA_START, neutralise
from calc.text.shown import (BY_LABEL, frame_from_shown, frame_to_shown, parse_amount, scale,
                             unit_shown)
from calc.text.wording import TIMING_WORDS, plain

__all__ = ["BY_LABEL", "CARD_WIDTH", "DECIMAL_COMMA_RE", "FORMULA_START", "HOW", "NAN_WORD",
           "NOT_AN_AMOUNT", "NOT_A_NUMBER", "NOT_MONEY", "NO_PERCENT", "NUMBER_RE", "NotANumber",
           "SHOWN_COLUMNS", "SUFFIXES", "TIMING_WORDS", "TOO_LARGE", "card_help", "count",
           "count_short", "frame_from_shown", "frame_to_shown", "metric_short", "metric_value",
           "money", "money_short", "neutralise", "param_value", "parse_amount", "parse_money",
           "parse_number", "parse_numbers", "pct", "pct_short", "plain", "scale", "scale_words",
           "unit_label", "unit_shown", "years"]
