"""Finance exports: the live-formula Excel workbook and the one-page PDF report."""

from calc.export.cached import Paths, results, results_total
from calc.export.formulas import (CASH_FLOW, FULL_BLOCKS_UP_TO, MAX_HORIZON, METRIC_FORMULAS,
                                  WORKINGS)
from calc.export.layout import Layout
from calc.export.report import A4, COMPARE_AT_ONCE, comparison_pdf, report_pdf
from calc.export.report_text import (HEADLINE, assumptions, break_even_line, compare_headline,
                                     compare_inputs, differing_inputs, headline, money, number,
                                     param_value, sources, subtitle)
from calc.export.total import cash_rows, results_row
from calc.export.workbook import MAX_TEXT, blocks, workbook_bytes, write_workbook
from calc.export.workbook_text import (BREAK_EVEN_NOTE, CASH_FORMAT, PARAM_FORMAT, SOURCE_COLUMNS,
                                       WORKING_FORMAT, break_even_comment, metric_format,
                                       metric_info, metric_note, param_note, readme_lines,
                                       source_rows, validations)

__all__ = ["A4", "BREAK_EVEN_NOTE", "CASH_FLOW", "CASH_FORMAT", "COMPARE_AT_ONCE",
           "FULL_BLOCKS_UP_TO", "HEADLINE", "Layout", "MAX_HORIZON", "MAX_TEXT", "METRIC_FORMULAS",
           "PARAM_FORMAT", "Paths", "SOURCE_COLUMNS", "WORKINGS", "WORKING_FORMAT", "assumptions",
           "blocks", "break_even_comment", "break_even_line", "cash_rows", "compare_headline",
           "compare_inputs", "comparison_pdf", "differing_inputs", "headline", "metric_format",
           "metric_info", "metric_note", "money", "number", "param_note", "param_value",
           "readme_lines", "report_pdf", "results", "results_row", "results_total", "source_rows",
           "sources", "subtitle", "validations", "workbook_bytes", "write_workbook"]
