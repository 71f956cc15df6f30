"""Random valid scenarios, for benchmarks and cross-checks."""

from __future__ import annotations

import numpy as np

from calc.model.params import PARAMS

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
    ``response_share`` of them, with a loss per failure of at least 1."""
    rng = np.random.default_rng(seed)
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
