"""The vectorised model against the plain per-row implementation written straight from MODEL.md,
on random valid scenarios: every metric to 1e-9 relative."""

import math

import numpy as np

from calc import evaluate
from calc.model import METRICS
from calc.reference import evaluate_row
from calc.sampling import random_scenarios


def test_vectorised_equals_per_row_reference_to_1e_9():
    n = 20000
    scen = random_scenarios(n, seed=2026)
    vec = evaluate(scen)
    for i in range(n):
        row = evaluate_row({k: float(v[i]) for k, v in scen.items()})
        scale = max(abs(row["total_benefit"]), abs(row["incremental_cost"]), 1.0)
        for name in METRICS:
            a, b = vec[name][i], row[name]
            if isinstance(b, bool):
                assert bool(a) == b, (name, i)
            elif math.isnan(b):
                assert math.isnan(a), (name, i)
            elif name in ("net_value", "total_benefit", "retained_value", "wom_value"):
                assert abs(a - b) <= 1e-9 * scale, (name, i, a, b)
            else:
                assert math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12), (name, i, a, b)


def test_blocks_give_the_same_numbers_as_one_pass():
    from calc.model import CHUNK, _core, _core_blocks
    from calc.params import resolve
    p = resolve(random_scenarios(2 * CHUNK + 5, seed=9))
    whole, blocks = _core(p), _core_blocks(p)
    for name in METRICS:
        np.testing.assert_array_equal(whole[name], blocks[name])
