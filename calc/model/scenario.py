"""One scenario, evaluated once: its metrics, its year-by-year projection and the flow of its
failed customers, all read off a single run of the model (what a calculator rerun needs)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np
import pandas as pd

from calc.model.flows import Paths
from calc.model.metrics import PROJECTION_COLUMNS
from calc.model.closed_form import WORLDS, core, per_customer
from calc.model.breakeven import reason_text
from calc.model.evaluation import run_model
from calc.model.params import NAMES, resolve, resolve_one

FLOW_COLUMNS = ("world", "source", "target", "customers")


@dataclass(frozen=True)
class Result:
    params: dict[str, float]
    metrics: dict[str, object]
    projection: pd.DataFrame
    flow: pd.DataFrame
    # why break_even_compensation is NaN, in words ('' where it is a figure)
    break_even_reason: str = ""

    def row(self, name: str) -> pd.DataFrame:
        """The scenario as one row of the CLI's ``evaluate`` output (``scenario``, every
        parameter, every metric), from this run: nothing is evaluated again."""
        return pd.DataFrame([{"scenario": name, **{k: self.params[k] for k in NAMES},
                              **self.metrics}])


def run(params: Mapping[str, object] | None = None, **overrides) -> Result:
    """Evaluate one scenario once; metrics, projection and customer flow come from that run."""
    data = dict(params or {})
    data.update(overrides)
    p = resolve_one(data)
    metrics, paths, code = run_model({k: np.array([v]) for k, v in p.items()}, paths="each",
                                     reasons=True)
    scalars = {k: np.asarray(v)[0].item() for k, v in metrics.items()}
    return Result(p, scalars, projection_table(p, paths), _flow(p), reason_text(code[0]))


def projection_table(p: Mapping[str, float], paths: Paths, column: int = 0) -> pd.DataFrame:
    """The projection of MODEL.md (``year`` then :data:`PROJECTION_COLUMNS`) of one scenario
    (column ``column`` of ``paths`` from ``paths="each"``, or the sums from ``paths="sum"``)."""
    H = int(p["horizon_years"])
    pick = (lambda m: m[: H + 1, column]) if paths.dcf.ndim == 2 else (lambda m: m[: H + 1])
    extra, cost, dcf = pick(paths.extra), pick(paths.cost), pick(paths.dcf)
    t = np.arange(H + 1)
    N = float(p["customers"])
    profit = p["revenue_per_customer"] * p["operating_margin"] * extra
    return pd.DataFrame({
        "year": t,
        "customers_baseline": np.full(H + 1, N),
        "customers_program": N + extra,
        "extra_customers": extra,
        "profit": profit,
        "program_cost": cost,
        "cash_flow": profit - cost,
        "discount_factor": 1.0 / (1.0 + p["discount_rate"]) ** t,
        "discounted_cash_flow": dcf,
        "cumulative_discounted_cash_flow": np.cumsum(dcf),
    }, columns=["year", *PROJECTION_COLUMNS])


def projection(params: Mapping[str, object] | None = None, **overrides) -> pd.DataFrame:
    """The year-by-year projection of one scenario: one row per time t = 0..H. The last
    cumulative discounted cash flow equals ``net_value``."""
    return run(params, **overrides).projection


def projections(frame: pd.DataFrame) -> pd.DataFrame:
    """The projections of every scenario of a table, long format (``scenario``, ``year``, then
    the projection columns), from one vectorised run of all of them."""
    p = resolve({c: frame[c].to_numpy(dtype=float) for c in frame.columns if c in NAMES},
                rows=frame.index.to_numpy())
    n = len(frame)
    flat = {k: np.broadcast_to(v, (n,)).astype(float) for k, v in p.items()}
    _, paths = core(flat, paths="each")
    names = (frame["scenario"].to_numpy() if "scenario" in frame.columns
             else np.array([f"row {i}" for i in frame.index], dtype=object))
    parts = []
    for i in range(n):
        table = projection_table({k: v[i] for k, v in flat.items()}, paths, column=i)
        table.insert(0, "scenario", names[i])
        parts.append(table)
    return pd.concat(parts, ignore_index=True)


def _flow(p: Mapping[str, float]) -> pd.DataFrame:
    """Where year 1's failed customers go, in each world: failed -> silent / complained ->
    unresolved / resolved slowly / resolved fast -> kept / lost. The kept links of a world add
    up to ``retained_failed_<world>``; every node's outflow equals its inflow."""
    w = {k: float(np.asarray(v)) for k, v in per_customer(p).items()}
    N = p["customers"]
    rows = []
    for k in WORLDS:
        F, C, R, Q = (N * w[f"{s}_{k}"] for s in ("f", "a", "b", "g"))
        branches = (("Silent", F - C, p["retention_silent"]),
                    ("Unresolved", C - R, p["retention_unresolved"]),
                    ("Resolved slowly", R - Q, w[f"rr_{k}"]),
                    ("Resolved fast", Q, w[f"rf_{k}"]))
        rows += [(k, "Failed", "Silent", F - C), (k, "Failed", "Complained", C),
                 (k, "Complained", "Unresolved", C - R),
                 (k, "Complained", "Resolved slowly", R - Q),
                 (k, "Complained", "Resolved fast", Q)]
        for name, count, keep in branches:
            rows += [(k, name, "Kept", count * keep), (k, name, "Lost", count * (1 - keep))]
    return pd.DataFrame(rows, columns=list(FLOW_COLUMNS))


def customer_flow(params: Mapping[str, object] | None = None, **overrides) -> pd.DataFrame:
    """The customer flow of :func:`run` alone."""
    data = dict(params or {})
    data.update(overrides)
    return _flow(resolve_one(data))
