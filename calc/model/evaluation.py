"""Evaluating scenarios: :func:`evaluate` (one scenario or many, the package's main entry) and
:func:`evaluate_table` (the CLI's layout), over :func:`run_model`: the closed form of
:mod:`calc.model.closed_form`, with the numeric break-even where a compensation response makes it so."""

from __future__ import annotations
from typing import Mapping
import numpy as np
import pandas as pd
from calc.model.metrics import METRICS
from calc.model.params import NAMES, resolve
from calc.model.breakeven import break_even as break_even_v3, reason_text
from calc.model.closed_form import core


def run_model(p: Mapping[str, np.ndarray], paths: str | None = None, break_even: bool = True,
              reasons: bool = False):
    """:func:`calc.model.closed_form.core` with break_even_compensation as MODEL.md version 3
    defines it (the closed form reported only in [0, 10^9] where U = 0, the grid search where
    U > 0). Returns (metrics, Paths), or (metrics, Paths, reason codes) with ``reasons``
    (:data:`calc.model.breakeven.REASONS`). ``break_even=False`` skips it (NaN, code 0): for
    analyses that do not report it."""
    metrics, run = core(p, paths)
    if break_even:
        value, code = break_even_v3(p, metrics["break_even_compensation"])
    else:
        value = np.full(np.shape(metrics["break_even_compensation"]), np.nan)
        code = np.zeros(value.shape, dtype=np.int8)
    metrics["break_even_compensation"] = value
    return (metrics, run, code) if reasons else (metrics, run)


def break_even_reasons(params: Mapping[str, object] | None = None, **overrides) -> np.ndarray:
    """Why break_even_compensation is NaN, in words, for one scenario or many ('' where it is
    a figure): "does not pay at any compensation", "pays at any compensation" or
    "compensation changes nothing". Beside the evaluate output, never a column of it."""
    data = dict(params or {})
    data.update(overrides)
    p = resolve(data)
    shape = np.shape(next(iter(p.values())))
    flat = {k: np.reshape(np.broadcast_to(v, shape), -1) for k, v in p.items()}
    code = run_model(flat, reasons=True)[2]
    words = np.array([reason_text(c) for c in code], dtype=object).reshape(shape)
    return words.item() if words.ndim == 0 else words


def _metrics(p: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Metrics of resolved parameters of any common shape, in that shape."""
    shape = np.shape(next(iter(p.values())))
    flat = {k: np.reshape(np.broadcast_to(v, shape), -1) for k, v in p.items()}
    metrics, _ = run_model(flat)
    return {k: np.reshape(v, shape) for k, v in metrics.items()}


def _scalarise(values: dict[str, np.ndarray]) -> dict[str, object]:
    return {k: (np.asarray(v).item() if np.ndim(v) == 0 else v) for k, v in values.items()}


def evaluate(params: Mapping[str, object] | pd.DataFrame | None = None, **overrides):
    """Every metric of MODEL.md for one scenario or many.

    Parameters
    ----------
    params : mapping or DataFrame, optional
        Parameter name -> scalar or array (or DataFrame columns). Missing parameters take their
        default. Unknown names, non-numbers and out-of-range values raise
        :class:`calc.model.params.InputError` listing every problem.
    **overrides
        Parameter values given by keyword; they win over ``params``.

    Returns
    -------
    dict or DataFrame
        Metric name -> value. Scalars in give Python scalars out; arrays give arrays; a DataFrame
        in gives a DataFrame of metrics with the same index.

    Examples
    --------
    >>> m = evaluate()
    >>> round(m["net_value"], 4), round(m["customers_saved"], 6)
    (10651.2745, 141.6)
    """
    if isinstance(params, pd.DataFrame):
        frame = params
        data = {c: frame[c].to_numpy(dtype=float) for c in frame.columns if c in NAMES}
        data.update(overrides)
        metrics = _metrics(resolve(data, rows=frame.index.to_numpy()))
        return pd.DataFrame(metrics, index=frame.index, columns=list(METRICS), copy=False)
    data = dict(params or {})
    data.update(overrides)
    scalar_in = all(np.ndim(v) == 0 for v in data.values())
    metrics = _metrics(resolve(data))
    return _scalarise(metrics) if scalar_in else metrics


def evaluate_table(frame: pd.DataFrame, reasons: bool = False):
    """``scenario`` (if present), every parameter (the value used) in MODEL.md order, then every
    metric in MODEL.md order: the layout of the CLI's ``evaluate`` output. With ``reasons``,
    (table, why break_even_compensation is NaN in words per row, '' for a figure): beside the
    table, never a column of it (MODEL.md fixes the columns)."""
    used = resolve({c: frame[c].to_numpy(dtype=float) for c in frame.columns if c in NAMES},
                   rows=frame.index.to_numpy())
    n = len(frame)
    cols: dict[str, object] = {}
    if "scenario" in frame.columns:
        cols["scenario"] = frame["scenario"].to_numpy()
    for name in NAMES:
        cols[name] = np.broadcast_to(used[name], (n,)).astype(float)
    metrics, _, code = run_model({k: np.broadcast_to(v, (n,)) for k, v in used.items()},
                                 reasons=True)
    cols.update(metrics)
    # copy=False: the columns are new arrays already; pandas would otherwise copy them all into
    # one block (a third of a streamed run's time)
    table = pd.DataFrame(cols, index=frame.index, copy=False)
    if not reasons:
        return table
    return table, np.array([reason_text(c) for c in code], dtype=object)

