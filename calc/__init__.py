"""The recovery value model (docs/MODEL.md, version 2): a pure package, no streamlit.

Modules: ``params`` (the parameter registry and validation), ``metrics`` (the metric registry),
``model`` (the vectorised formulas), ``flows`` (the year-by-year recursion and the payback rule),
``breakeven`` (numeric break-even compensation), ``scenario`` (one scenario evaluated once:
metrics, projection, customer flow), ``analysis`` (tornado, two-way grid, break-even, Monte
Carlo, segments, presets), ``csvio`` (CSV in and out), ``cli`` (``python -m calc``).
"""

from .analysis import PRESETS, break_even, monte_carlo, preset, segments, tornado, two_way
from .metrics import METRIC_BY_NAME, METRIC_SPECS, METRICS
from .model import evaluate, evaluate_table
from .params import BY_NAME, DEFAULTS, GROUPS, NAMES, PARAMS, InputError, Problem
from .scenario import customer_flow, projection, run

__all__ = [
    "BY_NAME", "DEFAULTS", "GROUPS", "METRICS", "METRIC_BY_NAME", "METRIC_SPECS", "NAMES",
    "PARAMS", "PRESETS", "InputError", "Problem", "break_even", "customer_flow", "evaluate",
    "evaluate_table", "monte_carlo", "preset", "projection", "run", "segments", "tornado",
    "two_way",
]
