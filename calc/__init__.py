"""The recovery value model (docs/MODEL.md): a pure package, no streamlit, no files, no database.

The package's face: ``evaluate``, ``projection`` and the other public model names, from
:mod:`calc.model` alone. The wings below it (see README, "Layout"): ``calc.model`` (registries,
formulas, analyses), ``calc.text`` (the number grammar and formatting), ``calc.budget``,
``calc.staffing``, ``calc.calibration``; at the edges ``calc.files`` (CSV and Parquet in and
out), ``calc.store`` (saved scenarios), ``calc.export`` (workbook and PDF) and ``calc.cli``
(``python -m calc``).
"""

from calc.model import (BY_NAME, DEFAULTS, GROUPS, METRIC_BY_NAME, METRIC_SPECS, METRICS, NAMES,
                        PARAMS, PRESETS, InputError, Problem, break_even, customer_flow, evaluate,
                        evaluate_table, monte_carlo, preset, projection, run, segments, tornado,
                        two_way)

__all__ = [
    "BY_NAME", "DEFAULTS", "GROUPS", "METRICS", "METRIC_BY_NAME", "METRIC_SPECS", "NAMES",
    "PARAMS", "PRESETS", "InputError", "Problem", "break_even", "customer_flow", "evaluate",
    "evaluate_table", "monte_carlo", "preset", "projection", "run", "segments", "tornado",
    "two_way",
]
