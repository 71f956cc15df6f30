"""break_even_compensation where a compensation response makes it numeric (docs/MODEL.md): the
highest compensation per resolution (with program) >= 0 at which net_value = 0, all else fixed;
NaN where net_value < 0 at every compensation.

Beyond x = m / (loss x peak_ratio) = 50 the uplift ``U x e^(1-x)`` is below 1e-19 and leaves
every retention unchanged to the last digit, so there net value is the straight line of the
no-response model and its root is the closed form. Below that, net value is scanned on a grid
and the last sign change is refined with the Illinois method (regula falsi that halves the
stale end), for every scenario at once.
"""

from __future__ import annotations

from typing import Mapping

import numpy as np

_X_FAR = 50.0
# Grid over x = m / (loss x peak_ratio) in [0, 50]: fine around the peak (x = 1), coarser after.
_GRID_X = np.unique(np.concatenate([np.linspace(0.0, 4.0, 41), np.geomspace(4.0, _X_FAR, 16)]))
_TOL = 1e-13
_MAX_STEPS = 200


def _net_value(p: Mapping[str, np.ndarray], comp) -> np.ndarray:
    from .model import core
    q = dict(p)
    q["compensation_per_resolution_program"] = comp
    metrics, _ = core(q, numeric=False)
    return metrics["net_value"]


def break_even_compensation(p: Mapping[str, np.ndarray]) -> np.ndarray:
    """Numeric break-even compensation of resolved 1-D parameter arrays whose
    compensation_uplift_at_peak is above 0."""
    from .model import core
    scale = p["loss_per_failure"] * p["compensation_peak_ratio"]
    far = _X_FAR * scale
    q = dict(p)
    q["compensation_per_resolution_program"] = far
    at_far, _ = core(q, numeric=False)
    line_root = at_far["break_even_compensation"]      # the closed form, valid beyond `far`
    out = np.where(line_root >= far, line_root, np.nan)
    todo = np.flatnonzero(~(line_root >= far) & (at_far["net_value"] < 0))
    if todo.size == 0:
        return out
    sub = {k: v[todo] for k, v in p.items()}
    comps = scale[todo][:, None] * _GRID_X[None, :]
    grid = {k: np.repeat(v, _GRID_X.size) for k, v in sub.items()}
    nv = _net_value(grid, comps.ravel()).reshape(comps.shape)
    nv[:, -1] = np.minimum(nv[:, -1], at_far["net_value"][todo])
    pos = nv >= 0
    has = pos.any(axis=1)
    j = _GRID_X.size - 1 - np.argmax(pos[:, ::-1], axis=1)          # last point with NV >= 0
    j = np.minimum(j, _GRID_X.size - 2)
    rows = np.arange(todo.size)
    a, b = comps[rows, j], comps[rows, j + 1]
    fa, fb = nv[rows, j], nv[rows, j + 1]
    root = _illinois(sub, a, b, fa, fb)
    out[todo] = np.where(has, root, np.nan)
    return out


def _illinois(p, a, b, fa, fb):
    """Roots of net value in [a, b] with fa >= 0 > fb, for every scenario at once."""
    a, b, fa, fb = (np.array(x, float) for x in (a, b, fa, fb))
    root = np.where(fa == 0, a, np.nan)
    side = np.zeros(a.size, dtype=np.int8)
    live = np.flatnonzero(fa != 0)
    for _ in range(_MAX_STEPS):
        if live.size == 0:
            break
        al, bl, fal, fbl = a[live], b[live], fa[live], fb[live]
        with np.errstate(divide="ignore", invalid="ignore"):
            c = bl - fbl * (bl - al) / (fbl - fal)
        c = np.where((c > al) & (c < bl), c, 0.5 * (al + bl))
        fc = _net_value({k: v[live] for k, v in p.items()}, c)
        neg = fc < 0
        # the negative end moves to c; the stale positive end's value is halved (Illinois)
        b[live] = np.where(neg, c, bl)
        fb[live] = np.where(neg, fc, fbl)
        a[live] = np.where(neg, al, c)
        fa[live] = np.where(neg, fal, fc)
        stale_a = neg & (side[live] == -1)
        stale_b = ~neg & (side[live] == 1)
        fa[live] = np.where(stale_a, fa[live] * 0.5, fa[live])
        fb[live] = np.where(stale_b, fb[live] * 0.5, fb[live])
        side[live] = np.where(neg, -1, 1)
        done = (fc == 0) | (b[live] - a[live] <= _TOL * np.maximum(np.abs(c), 1e-300))
        root[live] = np.where(done, c, root[live])
        live = live[~done]
    if live.size:
        root[live] = 0.5 * (a[live] + b[live])
    return root
