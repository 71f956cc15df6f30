"""Word of mouth within bounds (docs/MODEL.md, version 3): the two rules that keep every
``B_p(t) >= 0``, one inequality per row each, vectorised.

1. no negative new customers: ``omega (rho_b - rho_p) <= 1 - rho_b``;
2. no growth from word of mouth alone: ``omega (rho_p - rho_b) <= 1 - rho_p``.

Compared on unrounded rho, equality allowed, exactly as written (no division).
"""

from __future__ import annotations

from typing import Mapping

import numpy as np

from calc.model.closed_form import per_customer

# What each broken rule means, in words (index = rule number).
RULE_TEXT = {
    1: "the prospects that bad word of mouth costs would exceed the new customers the world "
       "wins (no negative new customers)",
    2: "word of mouth alone would make the program world's customers multiply every year (no "
       "growth from word of mouth alone)",
}


def wom_bounds(p: Mapping[str, np.ndarray]):
    """For resolved parameter arrays of one shape: ``(rule, omega, omega_max)``, each of that
    shape. ``rule`` is 0 where both rules hold, else the rule broken (1 is tested first);
    ``omega`` = reach x conversion; ``omega_max`` the largest omega the scenario allows:
    ``(1 - rho_b) / (rho_b - rho_p)`` where the program keeps fewer customers than today,
    ``(1 - rho_p) / (rho_p - rho_b)`` where it keeps more, infinity where they are equal."""
    w = per_customer(p)
    rho_b, rho_p = w["rho_baseline"], w["rho_program"]
    omega = np.asarray(p["wom_reach_per_lost_customer"] * p["wom_conversion_rate"], float)
    one = ~(omega * (rho_b - rho_p) <= 1.0 - rho_b)
    two = ~(omega * (rho_p - rho_b) <= 1.0 - rho_p)
    rule = np.where(one, 1, np.where(two, 2, 0))
    num = np.where(rho_p < rho_b, 1.0 - rho_b, 1.0 - rho_p)
    den = np.abs(rho_p - rho_b)
    with np.errstate(divide="ignore", invalid="ignore"):
        omega_max = np.where(den > 0, num / np.where(den > 0, den, 1.0), np.inf)
    return rule, omega, omega_max


def wom_broken(p: Mapping[str, np.ndarray]) -> np.ndarray:
    """True where a scenario breaks either word-of-mouth rule."""
    return wom_bounds(p)[0] > 0
