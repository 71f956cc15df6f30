"""``python -m calc workbook INPUT -o FILE.xlsx``: the live-formula Excel workbook of a
scenarios CSV (see :mod:`calc.export.workbook`). Bad input exits 2 with every problem listed and no
file written; the file is written atomically, so a failure never leaves half a workbook."""

from __future__ import annotations

import sys

from calc import files
from calc.model.params import InputError, Problem


def cmd_workbook(args):
    from calc.export.workbook import workbook_bytes, write_workbook  # openpyxl only when it is asked for
    frame = files.read_scenarios(args.input)
    try:
        if args.output == "-":
            sys.stdout.buffer.write(workbook_bytes(frame, total=args.total))
            sys.stdout.flush()
        else:
            write_workbook(frame, args.output, total=args.total)
    except OSError as e:
        raise InputError([Problem(None, None, None,
                                  f"cannot write {args.output}: {e.strerror or e}")]) from None
    return None


def register(sub) -> None:
    """Add ``workbook`` to the CLI's sub-parsers."""
    p = sub.add_parser(
        "workbook", help="Excel workbook whose every result is a formula over the inputs",
        description="Write an Excel workbook (.xlsx): Inputs (one row per scenario), Results "
                    "(every metric as a formula), Cash flow (years 0..H as formulas), "
                    "Workings, Sources and Read me. The formulas are those of the model "
                    "specification (docs/MODEL.md); edit an input in Excel and every figure "
                    "follows.")
    p.add_argument("input", help="scenarios CSV (as for evaluate)")
    p.add_argument("-o", "--output", required=True,
                   help="output .xlsx file ('-' for stdout)")
    p.add_argument("--total", action="store_true",
                   help="add a Total row (segments: counts and money added, ratios recomputed "
                        "from the sums, payback from the summed cash flows)")
    p.set_defaults(func=cmd_workbook)
