"""Plan a test of the program: holdout against program, a two-proportion test."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
# ndtri is the standard normal quantile (what stats.norm.ppf calls); importing scipy.stats for
# it cost the Calibrate page's first visit 0.4 s
from scipy.special import ndtri

from calc.model.params import InputError, Problem



@dataclass(frozen=True)
class Plan:
    per_group: int              # with continuity correction (Fleiss, Tytun & Ury 1980)
    per_group_uncorrected: int  # the "classical" normal-approximation formula
    total: int
    months: float               # months of complaints needed at the given volume


def sample_size(p1: float, p2: float, alpha: float = 0.05, power: float = 0.80,
                two_sided: bool = True) -> tuple[int, int]:
    """Customers per group to detect retention p1 (holdout) against p2 (program) with a
    two-proportion test: Fleiss (1981), equal groups. Returns (with continuity correction,
    without), each rounded up."""
    problems = []
    for name, v in (("p1", p1), ("p2", p2)):
        if not 0 < v < 1:
            problems.append(Problem(None, name, v, "must be strictly between 0 and 1"))
    if p1 == p2:
        problems.append(Problem(None, "lift", 0, "the lift must not be 0"))
    if not 0 < alpha < 1:
        problems.append(Problem(None, "alpha", alpha, "must be strictly between 0 and 1"))
    if not 0 < power < 1:
        problems.append(Problem(None, "power", power, "must be strictly between 0 and 1"))
    if problems:
        raise InputError(problems)
    za = ndtri(1 - alpha / 2 if two_sided else 1 - alpha)
    zb = ndtri(power)
    pbar = (p1 + p2) / 2
    d = abs(p2 - p1)
    n = (za * np.sqrt(2 * pbar * (1 - pbar)) + zb * np.sqrt(p1 * (1 - p1) + p2 * (1 - p2))) ** 2
    n /= d * d
    n_cc = n / 4 * (1 + np.sqrt(1 + 4 / (n * d))) ** 2
    return int(np.ceil(n_cc - 1e-9)), int(np.ceil(n - 1e-9))


def plan(p1: float, lift: float, monthly_complaints: float, alpha: float = 0.05,
         power: float = 0.80) -> Plan:
    """Holdout vs program: customers per group to detect ``lift`` (points of retention) over
    ``p1``, and the months of complaints that takes when every complainant is assigned to one
    of the two groups, half each."""
    if not monthly_complaints > 0:
        raise InputError([Problem(None, "monthly_complaints", monthly_complaints,
                                  "must be more than 0")])
    cc, plain = sample_size(p1, p1 + lift, alpha, power)
    return Plan(cc, plain, 2 * cc, 2 * cc / monthly_complaints)
