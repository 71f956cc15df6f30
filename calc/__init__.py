"""The recovery value model (shared/MODEL.md): a pure package, no streamlit.

Modules: ``params`` (the registry and validation), ``model`` (the vectorised formulas and the
cohort cash flow), ``analysis`` (tornado, two-way grid, break-even, Monte Carlo, segments,
presets), ``csvio`` (CSV in and out), ``cli`` (``python -m calc``).
"""

from .analysis import PRESETS, break_even, monte_carlo, preset, segments, tornado, two_way
from .model import METRICS, evaluate, evaluate_table, projection
from .params import BY_NAME, DEFAULTS, GROUPS, NAMES, PARAMS, InputError, Problem

__all__ = [
    "BY_NAME", "DEFAULTS", "GROUPS", "METRICS", "NAMES", "PARAMS", "PRESETS", "InputError",
    "Problem", "break_even", "evaluate", "evaluate_table", "monte_carlo", "preset", "projection",
    "segments", "tornado", "two_way",
]
