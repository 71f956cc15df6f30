"""Where net value bends as compensation rises: the compensations at which a capped retention
reaches 100% (MODEL.md, "One year in one world": ``rr = min(1, retention_resolved + e)`` and
``rf = min(1, retention_resolved_fast + e)``, ``e`` the compensation response).

The response ``e = U x e^(1-x)`` (``x`` = compensation / (loss x peak ratio)) rises to ``U`` at
``x = 1`` and falls after it, so a retention ``r`` with ``r + U > 1`` reaches 100% twice: once on
the way up and once on the way down, where ``x e^(1-x) = (1 - r) / U``. Solved exactly with
Lambert's W: ``x = -W(-(1 - r) / (U e))``, on its principal branch (``x < 1``) and its lower
branch (``x > 1``). Between these points net value is smooth in compensation; at them the cap
bends it, and a best split often sits exactly on one (budget allocation, docs/budget.md).
"""

from __future__ import annotations

from typing import Mapping

import numpy as np

CAPPED = ("retention_resolved", "retention_resolved_fast")


def retention_kinks(params: Mapping[str, float]) -> np.ndarray:
    """The compensations per resolution, sorted, at which a capped retention of one resolved
    scenario (floats, as ``resolve_one`` gives) reaches 100%; empty without a response or where
    no retention can reach 100%."""
    # scipy loads here, with the first allocation that needs it (as in calc.budget.allocation)
    from scipy.special import lambertw
    U = float(params["compensation_uplift_at_peak"])
    unit = float(params["loss_per_failure"]) * float(params["compensation_peak_ratio"])
    gap = np.array([1.0 - float(params[name]) for name in CAPPED])
    gap = gap[(gap > 0) & (gap < U)] if U > 0 and unit > 0 else gap[:0]
    arg = -gap / (U * np.e)
    x = np.concatenate([-lambertw(arg, 0).real, -lambertw(arg, -1).real])
    return np.sort(x * unit)
