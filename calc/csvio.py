"""CSV in and out, in one import: the names of :mod:`calc.csvread` (reading within limits),
:mod:`calc.csvcells` (rows and number columns for the small readers),
:mod:`calc.scenarios_csv` (the scenarios format), :mod:`calc.ranges` (the ranges format) and
:mod:`calc.csvwrite` (writing)."""

from .csvread import (MAX_CELL_CHARS, MAX_COLUMNS, MAX_LINE_CHARS, MAX_ROWS, Table, count_text,
                      decode, read_bytes, read_table)
from .csvcells import check_header, parse_number_column, read_rows, read_text
from .csvwrite import (FORMULA_START, download_csv, neutralise, to_csv_bytes, to_csv_text,
                       write_csv, write_files)
from .numbers import NotANumber, parse_number
from .ranges import RANGE_COLUMNS, check_ranges, parse_ranges, read_ranges
from .scenarios_csv import (IGNORED_COLUMNS, SCENARIO_COLUMN, parse_scenarios, read_scenarios,
                            scenario_params, template_frame)

__all__ = ["FORMULA_START", "IGNORED_COLUMNS", "MAX_CELL_CHARS", "MAX_COLUMNS", "MAX_LINE_CHARS",
           "MAX_ROWS", "NotANumber", "RANGE_COLUMNS", "SCENARIO_COLUMN", "Table", "check_header",
           "check_ranges", "count_text", "decode", "parse_number_column", "read_rows", "read_text", "download_csv", "neutralise", "parse_number", "parse_ranges",
           "parse_scenarios", "read_bytes", "read_ranges", "read_scenarios", "read_table",
           "scenario_params", "template_frame", "to_csv_bytes", "to_csv_text", "write_csv",
           "write_files"]
