"""Best compensation (MODEL.md): the compensation per resolved complaint, with the program, that
maximises net value, all else fixed.

Without a compensation response (``compensation_uplift_at_peak`` = 0) compensation buys no
loyalty, so every unit offered only costs and the best is 0. With one, the uplift
``U x e^(1-x)`` (``x`` = compensation / (loss x peak ratio)) is concave up to twice the peak and
falls past it, while the cost grows in step with compensation, so the best lies below the peak:
the search scans ``x`` from 0 to :data:`X_MAX` in one vectorised evaluation over every scenario,
then narrows the bracket around the best grid point by golden-section search (a bounded scalar
optimiser, run for all scenarios at once). The answer is never worse than the best grid point.
"""

from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd

from calc.model import closed_form
from calc.model.evaluation import evaluate
from calc.budget.levers import net_values
from calc.model.params import BY_NAME, NAMES, resolve
from calc.model.wom import wom_broken

COMP = "compensation_per_resolution_program"
X_MAX = 3.0           # scan compensation up to 3 x the peak (the uplift there is 0.41 U, falling)
GRID = 121            # grid points on 0..X_MAX (steps of 0.025)
GOLDEN_ITERATIONS = 60
BLOCK = 2000          # scenarios searched at once (BLOCK x GRID evaluations in one call)
BEST_COLUMNS = ("scenario", "best_compensation", "net_value_at_best", "break_even_compensation")


def uplift(params: Mapping[str, object] | None, compensation) -> np.ndarray:
    """Retention points the compensation adds for resolved complainants (MODEL.md), for one
    scenario's response and any array of compensation amounts."""
    p = resolve(params)
    return closed_form.uplift(p["compensation_uplift_at_peak"], compensation,
                              p["loss_per_failure"], p["compensation_peak_ratio"])


def compensation_to_loss(params: Mapping[str, object] | None, compensation) -> float:
    """Compensation as a multiple of the loss per failure (NaN where that loss is 0)."""
    loss = float(resolve(params)["loss_per_failure"])
    return float(compensation) / loss if loss > 0 else float("nan")


def _net(p: dict[str, np.ndarray], m: np.ndarray) -> np.ndarray:
    """Net value of resolved 1-D rows at compensations ``m``; -inf where that compensation
    breaks a word-of-mouth rule of MODEL.md (not a compensation the search may choose)."""
    trial = {k: np.ascontiguousarray(np.broadcast_to(v, np.shape(m))) for k, v in p.items()}
    trial[COMP] = np.asarray(m, float)
    return np.where(wom_broken(trial), -np.inf, net_values(trial, checked=True))


def best_compensation(params: Mapping[str, object] | None = None) -> dict[str, np.ndarray]:
    """``best_compensation``, ``net_value_at_best`` and ``break_even_compensation`` for one
    scenario (floats) or many (arrays)."""
    p = resolve(params)
    scalar = all(np.ndim(v) == 0 for v in p.values())
    shape = np.broadcast_shapes(*(np.shape(v) for v in p.values()))
    flat = {k: np.broadcast_to(v, shape).reshape(-1) for k, v in p.items()}
    n = flat[COMP].size
    base = evaluate(flat)
    best = np.zeros(n)
    at_best = np.asarray(_net(flat, np.zeros(n)), float).reshape(-1)
    todo = np.flatnonzero(flat["compensation_uplift_at_peak"] > 0)
    for start in range(0, todo.size, BLOCK):     # blocks keep the grid's memory bounded
        part = todo[start:start + BLOCK]
        best[part], at_best[part] = _search({k: v[part] for k, v in flat.items()})
    refused = ~np.isfinite(at_best)            # every compensation tried breaks a WOM rule
    best, at_best = np.where(refused, np.nan, best), np.where(refused, np.nan, at_best)
    out = {"best_compensation": best, "net_value_at_best": at_best,
           "break_even_compensation": np.asarray(base["break_even_compensation"], float)}
    if scalar:
        return {k: float(v[0]) for k, v in out.items()}
    return {k: v.reshape(shape) for k, v in out.items()}


def _search(p: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    n = p[COMP].size
    top = BY_NAME[COMP].max
    unit = p["loss_per_failure"] * p["compensation_peak_ratio"]
    xs = np.linspace(0.0, X_MAX, GRID)
    m_grid = np.minimum(unit[:, None] * xs[None, :], top)            # (n, GRID)
    rows = {k: np.repeat(v, GRID) for k, v in p.items()}
    nv = _net(rows, m_grid.reshape(-1)).reshape(n, GRID)
    i = np.argmax(nv, axis=1)
    idx = np.arange(n)
    grid_m, grid_v = m_grid[idx, i], nv[idx, i]
    lo = m_grid[idx, np.maximum(i - 1, 0)]
    hi = m_grid[idx, np.minimum(i + 1, GRID - 1)]
    # Golden-section search on [lo, hi] for every scenario at once.
    g = (np.sqrt(5.0) - 1.0) / 2.0
    a, b = lo.copy(), hi.copy()
    c, d = b - g * (b - a), a + g * (b - a)
    fc, fd = _net(p, c), _net(p, d)
    for _ in range(GOLDEN_ITERATIONS):
        left = fc >= fd                      # the maximum is in [a, d]
        a, b = np.where(left, a, c), np.where(left, d, b)
        c_new, d_new = b - g * (b - a), a + g * (b - a)
        c, d = np.where(left, c_new, d), np.where(left, c, d_new)
        moved = np.where(left, c, d)
        f_moved = _net(p, moved)
        fc, fd = np.where(left, f_moved, fd), np.where(left, fc, f_moved)
    m_star = np.where(fc >= fd, c, d)
    v_star = np.maximum(fc, fd)
    better = v_star > grid_v
    return np.where(better, m_star, grid_m), np.where(better, v_star, grid_v)


def best_table(frame: pd.DataFrame) -> pd.DataFrame:
    """:data:`BEST_COLUMNS` for a scenarios table (as read by ``calc.files.read_scenarios``)."""
    n = len(frame)
    out = best_compensation({c: frame[c].to_numpy(dtype=float) for c in frame.columns
                             if c in NAMES})
    names = (frame["scenario"].to_numpy(dtype=object) if "scenario" in frame.columns
             else np.array([f"scenario {i + 1}" for i in range(n)], dtype=object))
    table = {"scenario": names}
    table.update({k: np.broadcast_to(out[k], (n,)).astype(float) for k in BEST_COLUMNS[1:]})
    return pd.DataFrame(table)


def uplift_curve(params: Mapping[str, object] | None, points: int = 121) -> pd.DataFrame:
    """The compensation response of one scenario for compensation from 0 to :data:`X_MAX`
    times the peak: ``compensation_to_loss``, ``compensation``, ``uplift`` (flat at 0 without a
    response)."""
    p = resolve(params)
    ratio = np.linspace(0.0, X_MAX * float(p["compensation_peak_ratio"]), points)
    m = ratio * float(p["loss_per_failure"])
    return pd.DataFrame({"compensation_to_loss": ratio, "compensation": m,
                         "uplift": uplift(p, m)})


def net_value_curve(params: Mapping[str, object] | None, points: int = 121) -> pd.DataFrame:
    """Net value and uplift against compensation for one scenario: ``compensation``,
    ``compensation_to_loss``, ``uplift``, ``net_value``. From 0 to :data:`X_MAX` times the peak
    with a response; without one (a straight line) to twice the larger of today's compensation
    and the break-even."""
    p = resolve(params)
    loss = float(p["loss_per_failure"])
    if float(p["compensation_uplift_at_peak"]) > 0:
        top = X_MAX * loss * float(p["compensation_peak_ratio"])
    else:
        be = float(evaluate(p)["break_even_compensation"])
        top = 2.0 * max(float(p[COMP]), be if np.isfinite(be) else 0.0, 1.0)
    m = np.minimum(np.linspace(0.0, top, points), BY_NAME[COMP].max)
    rows = {k: np.repeat(np.asarray(v, float), points) for k, v in p.items()}
    return pd.DataFrame({
        "compensation": m,
        "compensation_to_loss": m / loss if loss > 0 else np.full(points, np.nan),
        "uplift": uplift(p, m),
        "net_value": _net(rows, m),
    })
