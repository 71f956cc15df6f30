"""Estimates from a complaint log (a DataFrame, never a path) and the experiment planner."""

from calc.calibration.estimates import (COMPLAINANT_RETENTION, CONFIDENCE, Calibration, RATES,
                                        THIN, estimate, wilson)
from calc.calibration.lookup import complainant_retention, estimate_of
from calc.calibration.planner import Plan, plan, sample_size

__all__ = ["COMPLAINANT_RETENTION", "CONFIDENCE", "Calibration", "Plan", "RATES", "THIN",
           "complainant_retention", "estimate", "estimate_of", "plan", "sample_size", "wilson"]
