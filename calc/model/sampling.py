"""Random valid scenarios, for benchmarks and cross-checks."""

from __future__ import annotations

import numpy as np

from calc.model.params import PARAMS
from calc.model.wom import wom_broken

# Money and counts are drawn up to these caps (far inside their allowed ranges) so that the
# scenarios look like real businesses; fractions and the horizon use their whole range.
_CAPS = {"customers": 1e6, "revenue_per_customer": 1e4, "acquisition_cost": 2e3,
         "handling_cost_per_complaint": 200, "compensation_per_resolution_baseline": 200,
         "compensation_per_resolution_program": 200, "program_fixed_cost": 1e6,
         "wom_reach_per_lost_customer": 20, "loss_per_failure": 500,
         "compensation_uplift_at_peak": 0.2}


def random_scenarios(n: int, seed: int, response_share: float = 0.01) -> dict[str, np.ndarray]:
    """``n`` valid scenarios, each parameter drawn uniformly inside its (capped) range;
    program years uniformly from 1 to the drawn horizon; prevention on in every scenario; the
    compensation response (which makes break-even compensation a numeric search) on in a share
    ``response_share`` of them, with a loss per failure of at least 1. A draw that breaks a
    word-of-mouth rule of MODEL.md is drawn again (the same generator, so a seed gives the same
    scenarios every time)."""
    rng = np.random.default_rng(seed)
    out = _draw(n, rng, response_share)
    for _ in range(100):
        bad = np.flatnonzero(wom_broken(out))
        if bad.size == 0:
            break
        again = _draw(bad.size, rng, response_share)
        for k in out:
            out[k][bad] = again[k]
    return out


def _draw(n: int, rng, response_share: float) -> dict[str, np.ndarray]:
    out = {}
    for p in PARAMS:
        hi = min(p.max, _CAPS.get(p.name, p.max))
        if p.integer:
            out[p.name] = rng.integers(int(p.min), int(hi) + 1, n).astype(float)
        else:
            out[p.name] = rng.uniform(p.min, hi, n)
    out["program_years"] = np.floor(rng.uniform(0, 1, n) * out["horizon_years"]) + 1.0
    out["loss_per_failure"] = np.maximum(out["loss_per_failure"], 1.0)
    out["compensation_uplift_at_peak"] *= rng.uniform(0, 1, n) < response_share
    return out
