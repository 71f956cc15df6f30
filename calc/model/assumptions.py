"""What the program's answer rests on: every program-side input that differs from today."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from calc.model.params import BY_NAME, DEFAULTS, PARAMS, ParamSpec

# Program-side inputs without a "today" twin, and the value that means "not used today".
_PROGRAM_ONLY = {"program_years": None, "program_fixed_cost": 0.0,
                 "failure_reduction_program": 0.0, "compensation_uplift_at_peak": 0.0}


@dataclass(frozen=True)
class Assumption:
    spec: ParamSpec           # the program-side parameter
    today: float | None       # today's value (None: the program alone has this input)
    program: float


def program_assumptions(params: Mapping[str, float]) -> list[Assumption]:
    """Program-side inputs that differ from today, in registry order: each twin pair whose
    program value is not today's, then the program's own inputs (years always; fixed cost,
    prevention and compensation uplift when not 0)."""
    p = {**DEFAULTS, **params}
    out = []
    for spec in PARAMS:
        if spec.world == "program":
            today = float(p[spec.twin])
            if float(p[spec.name]) != today:
                out.append(Assumption(spec, today, float(p[spec.name])))
        elif spec.name in _PROGRAM_ONLY:
            off = _PROGRAM_ONLY[spec.name]
            if off is None or float(p[spec.name]) != off:
                out.append(Assumption(BY_NAME[spec.name], None, float(p[spec.name])))
    return out
