"""Calibrate the baseline from a firm's own complaint log (read by :mod:`calc.files.caselog`).

From the log come the baseline rates of MODEL.md, each with its count and a 95% Wilson score
interval, and mean money values with a normal-approximation interval; a branch with fewer than
30 customers is flagged as too thin to trust. The experiment planner is :mod:`calc.calibration.planner`;
its names and the log reader's are importable from here too.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
# ndtri is the standard normal quantile (what stats.norm.ppf calls); importing scipy.stats for
# it cost the Calibrate page's first visit 0.4 s
from scipy.special import ndtri

from calc.model.params import BY_NAME, DEFAULTS, NAMES
from calc.model.evaluation import evaluate_table

THIN = 30
CONFIDENCE = 0.95


def wilson(successes, n, confidence: float = CONFIDENCE):
    """Wilson score interval for a proportion (Wilson 1927; Newcombe 1998, method 3).
    Vectorised; NaN where n = 0."""
    k = np.asarray(successes, float)
    n = np.asarray(n, float)
    z = ndtri(0.5 + confidence / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k / n
        denom = 1 + z * z / n
        centre = (p + z * z / (2 * n)) / denom
        half = z / denom * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
        low, high = centre - half, centre + half
    ok = n > 0
    return (np.where(ok, np.clip(low, 0, 1), np.nan), np.where(ok, np.clip(high, 0, 1), np.nan))


# --------------------------------------------------------------------------------------------
# Estimates
# --------------------------------------------------------------------------------------------

@dataclass
class Calibration:
    table: pd.DataFrame      # one row per estimate
    rows_used: int

    def baseline(self) -> dict[str, float]:
        """The inputs the log estimates (those it has data for): put them over a scenario to
        make the log its baseline."""
        return {row.parameter: float(row.estimate) for row in self.table.itertuples()
                if row.parameter in BY_NAME and np.isfinite(row.estimate)}

    def params(self) -> dict[str, float]:
        """Defaults with every estimate put in as the baseline."""
        return {**DEFAULTS, **self.baseline()}

    def scenario_frame(self, name: str = "calibrated from case log") -> pd.DataFrame:
        frame = pd.DataFrame([{"scenario": name, **self.params()}])
        return evaluate_table(frame)

    def ranges(self) -> pd.DataFrame:
        """Monte Carlo ranges (low / most likely / high) from the rates' 95% intervals."""
        t = self.table[(self.table["kind"] == "rate") & np.isfinite(self.table["estimate"])
                       & self.table["parameter"].isin(NAMES)]
        return pd.DataFrame({"parameter": t["parameter"].to_numpy(),
                             "low": t["low"].to_numpy(), "most_likely": t["estimate"].to_numpy(),
                             "high": t["high"].to_numpy()})


# not a model input: the holdout retention the experiment planner starts from
COMPLAINANT_RETENTION = "Retention, all complainants"
# (estimate label, registry parameter, numerator flag, denominator)
RATES = (
    ("Failure rate", "failure_rate", "failed", "all customers"),
    ("Complaint rate", "complaint_rate_baseline", "complained", "failed"),
    ("Resolution rate", "resolution_rate_baseline", "resolved", "complained"),
    ("Fast-resolution share", "fast_resolution_share_baseline", "resolved_fast", "resolved"),
    ("Retention, no failure", "retention_no_failure", "retained", "no failure"),
    ("Retention, failed and silent", "retention_silent", "retained", "silent"),
    ("Retention, complained and unresolved", "retention_unresolved", "retained", "unresolved"),
    ("Retention, resolved slowly", "retention_resolved", "retained", "resolved slowly"),
    ("Retention, resolved quickly", "retention_resolved_fast", "retained", "resolved fast"),
    (COMPLAINANT_RETENTION, "", "retained", "complained"),
)


def estimate(frame: pd.DataFrame, confidence: float = CONFIDENCE) -> Calibration:
    """Rates with counts and Wilson intervals; mean money values with a normal-approximation
    interval (mean +- z x standard error)."""
    f = frame["failed"].to_numpy(bool)
    c = frame["complained"].to_numpy(bool)
    r = frame["resolved"].to_numpy(bool)
    q = frame["resolved_fast"].to_numpy(bool)
    kept = frame["retained"].to_numpy(bool)
    groups = {"all customers": np.ones(len(frame), bool), "failed": f, "complained": c,
              "resolved": r, "no failure": ~f, "silent": f & ~c, "unresolved": c & ~r,
              "resolved slowly": r & ~q, "resolved fast": q}
    flag = {"failed": f, "complained": c, "resolved": r, "resolved_fast": q, "retained": kept}
    rows = []
    for label, param, num, den in RATES:
        g = groups[den]
        n = int(g.sum())
        k = int((flag[num] & g).sum())
        lo, hi = wilson(k, n, confidence)
        rows.append({"estimate_of": label, "parameter": param, "kind": "rate", "base": den,
                     "count": k, "n": n, "estimate": k / n if n else np.nan,
                     "low": float(lo), "high": float(hi), "thin": n < THIN})
    z = ndtri(0.5 + confidence / 2)
    for label, param, col, den in (
            ("Revenue per customer", "revenue_per_customer", "revenue", "all customers"),
            ("Compensation per resolution", "compensation_per_resolution_baseline",
             "compensation", "resolved"),
            ("Handling cost per complaint", "handling_cost_per_complaint", "handling_cost",
             "complained")):
        if col not in frame.columns:
            continue
        v = frame[col].to_numpy(float)[groups[den]]
        v = v[np.isfinite(v)]
        n = v.size
        mean = float(v.mean()) if n else np.nan
        se = float(v.std(ddof=1) / np.sqrt(n)) if n > 1 else np.nan
        rows.append({"estimate_of": label, "parameter": param, "kind": "mean", "base": den,
                     "count": n, "n": n, "estimate": mean,
                     "low": max(mean - z * se, 0.0) if n > 1 else np.nan,
                     "high": mean + z * se if n > 1 else np.nan, "thin": n < THIN})
    return Calibration(pd.DataFrame(rows), len(frame))

