"""Lever values (MODEL.md): what one step of each lever in the program's favour is worth.

For every scenario and lever, ``net_value(stepped) - net_value(base)`` with all else fixed: an
exact difference of two evaluations, NaN where the step leaves the lever's allowed range. One
vectorised evaluation per lever covers every scenario.
"""

from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd

from calc.model.closed_form import core
from calc.model.params import BY_NAME, NAMES, resolve
from calc.model.wom import wom_broken

# (lever, step): +1 point for the rates, -1 money unit for the per-complaint money, -1000 for the
# fixed cost. The order is MODEL.md's.
LEVER_STEPS: tuple[tuple[str, float], ...] = (
    ("complaint_rate_program", 0.01),
    ("resolution_rate_program", 0.01),
    ("fast_resolution_share_program", 0.01),
    ("failure_reduction_program", 0.01),
    ("compensation_per_resolution_program", -1.0),
    ("handling_cost_per_complaint", -1.0),
    ("program_fixed_cost", -1000.0),
)
LEVER_COLUMNS = ("scenario", "lever", "step", "net_value_change")


def net_values(params: Mapping[str, object] | None, checked: bool = False) -> np.ndarray:
    """``net_value`` for parameters of any broadcast shape, as an array of that shape: the same
    numbers as ``evaluate``'s, without its numeric break-even search (not needed here).
    ``checked=True`` skips validation and broadcasting: only for every parameter given as 1-D
    arrays of one length, known to be valid (an optimiser's trial points, built from validated
    values so that they stay in range)."""
    if checked:
        return core(params)[0]["net_value"]
    p = resolve(params)
    shape = np.broadcast_shapes(*(np.shape(v) for v in p.values()))
    flat = {k: np.broadcast_to(v, shape).reshape(-1) for k, v in p.items()}
    metrics, _ = core(flat)
    return metrics["net_value"].reshape(shape)


def step_text(name: str, step: float, cur: str = "$") -> str:
    """The step in words: '+1 point', '$1 less', '$1,000 less'."""
    if BY_NAME[name].is_fraction:
        return f"{step * 100:+.0f} point"
    return f"{cur}{abs(step):,.0f} {'less' if step < 0 else 'more'}"


def lever_values(params: Mapping[str, object] | None = None) -> dict[str, np.ndarray]:
    """Lever -> change in net value from one step in the program's favour, for one scenario
    (floats) or many (arrays of the parameters' broadcast shape).

    >>> v = lever_values({})
    >>> round(v["program_fixed_cost"], 6)      # 1,000 less fixed cost is worth exactly 1,000
    1000.0
    """
    base = resolve(params)
    scalar = all(np.ndim(v) == 0 for v in base.values())
    net0 = net_values(base)
    out: dict[str, np.ndarray] = {}
    for name, step in LEVER_STEPS:
        spec = BY_NAME[name]
        stepped = base[name] + step
        inside = (stepped >= spec.min) & (stepped <= spec.max)
        # Where the step leaves the range, or breaks a word-of-mouth rule of MODEL.md, the base
        # value is evaluated (never clipped) and the answer is NaN.
        trial = dict(base)
        trial[name] = np.where(inside, stepped, base[name])
        inside = inside & ~wom_broken(trial)
        trial[name] = np.where(inside, stepped, base[name])
        change = np.where(inside, net_values(trial) - net0, np.nan)
        out[name] = float(change) if scalar else change
    return out


def lever_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Long format for a scenarios table (as read by ``calc.files.read_scenarios``): one row per
    scenario and lever, scenario by scenario, levers in MODEL.md order."""
    n = len(frame)
    values = lever_values({c: frame[c].to_numpy(dtype=float) for c in frame.columns
                           if c in NAMES})
    k = len(LEVER_STEPS)
    names = (frame["scenario"].to_numpy(dtype=object) if "scenario" in frame.columns
             else np.array([f"scenario {i + 1}" for i in range(n)], dtype=object))
    changes = np.column_stack([np.broadcast_to(values[name], (n,)) for name, _ in LEVER_STEPS])
    return pd.DataFrame({
        "scenario": np.repeat(names, k),
        "lever": np.tile(np.array([name for name, _ in LEVER_STEPS], dtype=object), n),
        "step": np.tile(np.array([step for _, step in LEVER_STEPS]), n),
        "net_value_change": changes.reshape(-1),
    }, columns=list(LEVER_COLUMNS))


def ranked(params: Mapping[str, object] | None = None, cur: str = "$") -> pd.DataFrame:
    """One scenario's lever values, largest first, with the labels the page shows:
    ``lever``, ``label``, ``step``, ``step_text``, ``net_value_change``."""
    values = lever_values(params)
    table = pd.DataFrame([(name, BY_NAME[name].label, step, step_text(name, step, cur),
                           values[name]) for name, step in LEVER_STEPS],
                         columns=["lever", "label", "step", "step_text", "net_value_change"])
    return table.sort_values("net_value_change", ascending=False,
                             na_position="last").reset_index(drop=True)
