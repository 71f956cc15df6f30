"""Random valid scenarios, for benchmarks and cross-checks."""

from __future__ import annotations

import numpy as np

from .params import PARAMS

# Money and counts are drawn up to these caps (far inside their allowed ranges) so that the
# scenarios look like real businesses; fractions and the horizon use their whole range.
_CAPS = {"customers": 1e6, "revenue_per_customer": 1e4, "acquisition_cost": 2e3,
         "handling_cost_per_complaint": 200, "compensation_per_resolution_baseline": 200,
         "compensation_per_resolution_program": 200, "program_fixed_cost": 1e6,
         "wom_reach_per_lost_customer": 20}


def random_scenarios(n: int, seed: int) -> dict[str, np.ndarray]:
    """``n`` scenarios, each parameter drawn uniformly inside its (capped) range."""
    rng = np.random.default_rng(seed)
    out = {}
    for p in PARAMS:
        hi = min(p.max, _CAPS.get(p.name, p.max))
        if p.integer:
            out[p.name] = rng.integers(int(p.min), int(hi) + 1, n).astype(float)
        else:
            out[p.name] = rng.uniform(p.min, hi, n)
    return out
