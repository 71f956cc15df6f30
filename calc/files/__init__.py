"""Files in and out: reading within limits (the fast Arrow and the careful row readers), writing, and
each format: scenarios, ranges, responses, the case log and the staffing files."""

from calc.files.careful_reader import RowTooLong, read_careful
from calc.files.caselog import (ALL_COLUMNS, FALSE_WORDS, FLAGS, Log, MAX_LOG_ROWS, MONEY,
                                REQUIRED, TRUE_WORDS, check_rows, parse_log, read_log)
from calc.files.cells import check_header, parse_number_column, read_rows, read_text
from calc.files.fast_reader import BLOCK_BYTES, read_fast
from calc.files.limits import (MAX_CELL_CHARS, MAX_COLUMNS, MAX_LINE_CHARS, MAX_LISTED, MAX_ROWS,
                               Table, check_shape, check_utf8, count_text, decode, fail,
                               read_bytes, sniff_separator)
from calc.files.ranges import parse_ranges, read_ranges
from calc.files.reader import read_table
from calc.files.relative_ranges import RangeCell, absolute, read_relative
from calc.files.responses import parse_responses, read_responses
from calc.files.scenarios import (IGNORED_COLUMNS, MAX_IMPORT_ROWS, MAX_SEGMENT_ROWS,
                                  MAX_WORKBOOK_SEGMENTS, SCENARIO_COLUMN, cell_problems,
                                  parse_scenarios, read_scenarios, scenario_params, scenario_types,
                                  scenarios_of, template_frame, unknown_columns)
from calc.files.staffing import (INTERVAL_COLUMNS, SHARES, parse_cases, parse_intervals,
                                 read_cases, read_intervals)
from calc.files.stream import (BLANK, DEFAULT_PARTITION_ROWS, PARQUET_SUFFIXES, Part, PartProblems,
                               PartWriter, is_parquet, local_batches, name_blanks, parquet_batches,
                               plan_parts, read_part)
from calc.files.write import (arrow_table, csv_parts, download_csv, to_csv_bytes, to_csv_text,
                              write_csv, write_files)

__all__ = ["ALL_COLUMNS", "BLANK", "BLOCK_BYTES", "DEFAULT_PARTITION_ROWS", "FALSE_WORDS", "FLAGS",
           "IGNORED_COLUMNS", "INTERVAL_COLUMNS", "Log", "MAX_CELL_CHARS", "MAX_COLUMNS",
           "MAX_IMPORT_ROWS", "MAX_LINE_CHARS", "MAX_LISTED", "MAX_LOG_ROWS", "MAX_ROWS",
           "MAX_SEGMENT_ROWS", "MAX_WORKBOOK_SEGMENTS", "MONEY", "PARQUET_SUFFIXES", "Part",
           "PartProblems", "PartWriter", "REQUIRED", "RangeCell", "RowTooLong", "SCENARIO_COLUMN",
           "SHARES", "TRUE_WORDS", "Table", "absolute", "arrow_table", "cell_problems",
           "check_header", "check_rows", "check_shape", "check_utf8", "count_text", "csv_parts",
           "decode", "download_csv", "fail", "is_parquet", "local_batches", "name_blanks",
           "parquet_batches", "parse_cases", "parse_intervals", "parse_log", "parse_number_column",
           "parse_ranges", "parse_responses", "parse_scenarios", "plan_parts", "read_bytes",
           "read_careful", "read_cases", "read_fast", "read_intervals", "read_log", "read_part",
           "read_ranges", "read_relative", "read_responses", "read_rows", "read_scenarios",
           "read_table", "read_text", "scenario_params", "scenario_types", "scenarios_of",
           "sniff_separator", "template_frame", "to_csv_bytes", "to_csv_text", "unknown_columns",
           "write_csv", "write_files"]
