"""Write sample_inputs/case_log.csv: a synthetic complaint log drawn from stated true parameters.

    python sample_inputs/make_case_log.py [ROWS] [SEED] [OUT]

One row per customer-year. The true parameters (TRUE below) are the MODEL.md defaults for the
rates, so calibrating the log should give back about the calculator's defaults, each inside its
95% interval; the money columns are drawn from gamma distributions with the stated means.
tests/test_calibrate.py regenerates the file with the same seed and checks it is identical.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

TRUE = {
    "failure_rate": 0.30,
    "complaint_rate": 0.30,            # of failed customers
    "resolution_rate": 0.50,           # of complaints
    "fast_resolution_share": 0.30,     # of resolved complaints
    "retention_no_failure": 0.85,
    "retention_silent": 0.60,
    "retention_unresolved": 0.50,
    "retention_resolved": 0.75,
    "retention_resolved_fast": 0.85,
    "mean_revenue": 1200.0,            # per customer-year, gamma with shape 2
    "mean_compensation": 10.0,         # per resolved complaint, gamma with shape 1.5
    "mean_handling_cost": 25.0,        # per complaint, gamma with shape 4
}
ROWS = 20_000
SEED = 20261122


def generate(rows: int = ROWS, seed: int = SEED) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    t = TRUE
    failed = rng.random(rows) < t["failure_rate"]
    complained = failed & (rng.random(rows) < t["complaint_rate"])
    resolved = complained & (rng.random(rows) < t["resolution_rate"])
    fast = resolved & (rng.random(rows) < t["fast_resolution_share"])
    keep = np.select([~failed, ~complained, ~resolved, ~fast],
                     [t["retention_no_failure"], t["retention_silent"],
                      t["retention_unresolved"], t["retention_resolved"]],
                     t["retention_resolved_fast"])
    retained = rng.random(rows) < keep
    revenue = rng.gamma(2.0, t["mean_revenue"] / 2.0, rows)
    compensation = np.where(resolved, rng.gamma(1.5, t["mean_compensation"] / 1.5, rows), 0.0)
    handling = np.where(complained, rng.gamma(4.0, t["mean_handling_cost"] / 4.0, rows), 0.0)
    return pd.DataFrame({
        "customer_id": [f"C{i:06d}" for i in range(1, rows + 1)],
        "failed": failed.astype(int), "complained": complained.astype(int),
        "resolved": resolved.astype(int), "resolved_fast": fast.astype(int),
        "retained": retained.astype(int),
        "revenue": revenue.round(2), "compensation": compensation.round(2),
        "handling_cost": handling.round(2),
    })


def main(argv: list[str]) -> None:
    rows = int(argv[0]) if argv else ROWS
    seed = int(argv[1]) if len(argv) > 1 else SEED
    out = Path(argv[2]) if len(argv) > 2 else Path(__file__).with_name("case_log.csv")
    generate(rows, seed).to_csv(out, index=False, lineterminator="\n")


if __name__ == "__main__":
    main(sys.argv[1:])
