"""break_even_compensation where a compensation response makes it numeric (docs/MODEL.md): the
highest compensation per resolution (with program) >= 0 at which net_value = 0, all else fixed;
NaN where net_value < 0 at every compensation.

Beyond x = m / (loss x peak_ratio) = 50 the uplift ``U x e^(1-x)`` is below 1e-19 and leaves
every retention unchanged to the last digit, so there net value is the straight line of the
no-response model and its root is the closed form. Below that, net value is scanned on a grid
and at the corners where a retention reaches its cap, and the highest sign change (either way)
is refined with the Illinois method (regula falsi that halves the stale end), for every scenario
at once. A window of positive net value narrower than the grid's step, away from a corner, can
be missed: that is the limit of any scan.
"""

from __future__ import annotations

from typing import Mapping

import numpy as np

from calc.model.closed_form import core

_X_FAR = 50.0
# Grid over x = m / (loss x peak_ratio) in [0, 50]: fine around the peak (x = 1), coarser after.
_GRID_X = np.unique(np.concatenate([np.linspace(0.0, 2.0, 41),
                                    np.geomspace(2.0, _X_FAR, 67)]))    # 5% steps above 2
_REL_WIDTH = 1e-12
# Regula falsi falls back to halving where it would step outside the bracket; halving from 1e9
# down to the smallest double takes about 1,100 steps (only degenerate scenarios get near it).
_MAX_STEPS = 1200


def _net_value(p: Mapping[str, np.ndarray], comp) -> np.ndarray:
    q = dict(p)
    q["compensation_per_resolution_program"] = comp
    metrics, _ = core(q)
    return metrics["net_value"]


def break_even_compensation(p: Mapping[str, np.ndarray]) -> np.ndarray:
    """Numeric break-even compensation of resolved 1-D parameter arrays whose
    compensation_uplift_at_peak is above 0."""
    scale = p["loss_per_failure"] * p["compensation_peak_ratio"]
    far = _X_FAR * scale
    q = dict(p)
    q["compensation_per_resolution_program"] = far
    at_far, _ = core(q)
    line_root = at_far["break_even_compensation"]      # the closed form, valid beyond `far`
    out = np.where(line_root > far, line_root, np.nan)
    todo = np.flatnonzero(~(line_root > far))
    if todo.size == 0:
        return out
    # below `far`: the highest sign change of net value on the grid and the cap corners
    sub = {k: v[todo] for k, v in p.items()}
    xs = np.sort(np.concatenate([np.broadcast_to(_GRID_X, (todo.size, _GRID_X.size)),
                                 _cap_corners(sub)], axis=1), axis=1)
    comps = scale[todo][:, None] * xs
    width = xs.shape[1]
    grid = {k: np.repeat(v, width) for k, v in sub.items()}
    nv = _net_value(grid, comps.ravel()).reshape(comps.shape)
    nv[:, -1] = at_far["net_value"][todo]
    sign = np.sign(nv)
    change = (sign[:, :-1] != sign[:, 1:]) | (sign[:, :-1] == 0)
    change[:, -1] |= sign[:, -1] == 0
    has = change.any(axis=1)
    j = width - 2 - np.argmax(change[:, ::-1], axis=1)             # the highest change
    rows = np.arange(todo.size)
    a, b = comps[rows, j], comps[rows, j + 1]
    fa, fb = nv[rows, j], nv[rows, j + 1]
    root = np.where(fb == 0, b, np.where(fa == 0, a, np.nan))
    live = np.flatnonzero((fa != 0) & (fb != 0) & has)
    if live.size:
        root[live] = _illinois({k: v[live] for k, v in sub.items()}, a[live], b[live],
                               fa[live], fb[live])
    out[todo] = np.where(has, root, np.nan)
    return out


def _cap_corners(p: Mapping[str, np.ndarray]) -> np.ndarray:
    """For each scenario, the x where a resolved complainant's retention plus the uplift just
    reaches its cap of 1 (``U x e^(1-x) = 1 - retention``, one x each side of the peak, by the
    Lambert W function): net value has a corner there, and a window of positive net value can
    end at it, narrower than any grid. 0 where there is no such x (the grid has 0 already)."""
    from scipy.special import lambertw      # only where compensation buys loyalty
    U = p["compensation_uplift_at_peak"]
    out = []
    for name in ("retention_resolved", "retention_resolved_fast"):
        with np.errstate(over="ignore"):
            c = (1.0 - p[name]) / np.where(U > 0, U, 1.0)
        ok = (c > 0) & (c < 1) & (U > 0)
        arg = -np.where(ok, c, 0.5) / np.e
        for branch in (0, -1):
            x = -np.real(lambertw(arg, branch))
            out.append(np.where(ok & np.isfinite(x), np.clip(x, 0.0, _X_FAR), 0.0))
    return np.stack(out, axis=1)


def _illinois(p, a, b, fa, fb):
    """Roots of net value in [a, b] where fa and fb have opposite signs (neither 0), for every
    scenario at once: regula falsi that halves the value kept at a stale end."""
    a, b, fa, fb = (np.array(x, float) for x in (a, b, fa, fb))
    root = np.full(a.size, np.nan)
    side = np.zeros(a.size, dtype=np.int8)
    live = np.arange(a.size)
    for _ in range(_MAX_STEPS):
        if live.size == 0:
            break
        al, bl, fal, fbl = a[live], b[live], fa[live], fb[live]
        with np.errstate(divide="ignore", invalid="ignore"):
            c = bl - fbl * (bl - al) / (fbl - fal)
        c = np.where((c > al) & (c < bl), c, 0.5 * (al + bl))
        fc = _net_value({k: v[live] for k, v in p.items()}, c)
        to_b = np.sign(fc) == np.sign(fbl)            # c replaces b, else it replaces a
        b[live] = np.where(to_b, c, bl)
        fb[live] = np.where(to_b, fc, fbl)
        a[live] = np.where(to_b, al, c)
        fa[live] = np.where(to_b, fal, fc)
        # the end that stayed twice in a row has its value halved (Illinois)
        fa[live] = np.where(to_b & (side[live] == 1), fa[live] * 0.5, fa[live])
        fb[live] = np.where(~to_b & (side[live] == -1), fb[live] * 0.5, fb[live])
        side[live] = np.where(to_b, 1, -1)
        # done at a zero, or when the bracket, which holds a sign change, is 1e-12 of the
        # compensation wide (or a few units in the last place, for values near 0)
        width = np.maximum(_REL_WIDTH * np.abs(b[live]), 4 * np.spacing(np.abs(b[live])))
        done = (fc == 0) | (b[live] - a[live] <= width)
        root[live] = np.where(done, c, root[live])
        live = live[~done]
    if live.size:
        root[live] = 0.5 * (a[live] + b[live])
    return root
