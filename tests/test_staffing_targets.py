"""Staffing to targets (MODEL.md v3, "Contact-centre capacity"): agents_required meeting every
target and agents_scheduled after shrinkage, checked against the published case, the ceiling by
hand, and an independent reference queue (tests/queue_reference.py: exact sums for Erlang C, a
birth-death chain for Erlang A, linear search over agents), through the CLI; and the queue's
inputs refused at the API where they break the maths."""

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import queue_reference as ref
from calc.cli.commands import main
from calc.model.params import InputError
from calc.staffing.erlang import agents_required, agents_scheduled, queue

HERE = Path(__file__).resolve().parent
COLUMNS = ["arrivals_per_hour", "handle_time_seconds", "target_answer_seconds",
           "service_level_target", "max_occupancy", "patience_seconds", "max_abandon_rate",
           "shrinkage"]


def cli(tmp_path, frame: pd.DataFrame) -> pd.DataFrame:
    src, out = tmp_path / "in.csv", tmp_path / "out.csv"
    frame.to_csv(src, index=False)
    assert main(["staffing", str(src), "-o", str(out)]) == 0
    return pd.read_csv(out)


def test_published_case_with_shrinkage_and_occupancy_cap(tmp_path):
    """100 contacts per 30 minutes = 200 an hour, 180 s, 80% in 20 s, shrinkage 0.30: 14 on
    duty, 20 scheduled; occupancy <= 0.70: 15 and 22 (MODEL.md v3)."""
    t = cli(tmp_path, pd.DataFrame({"arrivals_per_hour": [200, 200],
                                    "handle_time_seconds": [180, 180],
                                    "target_answer_seconds": [20, 20],
                                    "service_level_target": [0.8, 0.8],
                                    "max_occupancy": [np.nan, 0.7], "shrinkage": [0.3, 0.3]}))
    assert t["agents_required"].tolist() == [14, 15]
    assert t["agents_scheduled"].tolist() == [20, 22]
    # the queue at agents_required (agents left blank); MODEL.md prints 0.9410 for 15 agents,
    # the exact sums give 0.9414528
    assert t["service_level"][0] == pytest.approx(0.8883500, abs=5e-8)
    assert t["service_level"][1] == pytest.approx(
        float(ref.erlang_c(200, 180, 15, 20)["service_level"]), abs=1e-12)
    assert t["service_level"][1] == pytest.approx(0.9414528, abs=5e-8)
    assert t["occupancy"].round(4).tolist() == [0.7143, 0.6667]


def test_shrinkage_ceiling_is_rounded_first():
    # 14 / 0.7 = 20 (by hand); 21 / 0.7 = 30 but is 30.000000000000004 in floating point, where
    # a bare ceil would pay for 31
    assert agents_scheduled(14, 0.3) == 20
    assert 21 / (1 - 0.3) > 30 and math.ceil(21 / (1 - 0.3)) == 31
    assert agents_scheduled(21, 0.3) == 30 and agents_scheduled(42, 0.3) == 60
    assert agents_scheduled(15, 0.3) == 22            # 21.43 -> 22
    assert agents_scheduled(np.array([14, 1, 7]), 0.0).tolist() == [14, 1, 7]


def test_the_reference_cases_through_the_cli(tmp_path):
    """200 random cases (loads, targets, occupancy caps, patience, abandonment targets,
    shrinkage) drawn and solved by the independent reference, away from ties."""
    cases = pd.read_csv(HERE / "staffing_reference_cases.csv")
    t = cli(tmp_path, cases[COLUMNS])
    assert (t["agents_required"] == cases["agents_required"]).sum() == len(cases) == 200
    assert (t["agents_scheduled"] == cases["agents_scheduled"]).sum() == 200


@pytest.mark.parametrize("seed", [7, 2026])
def test_fresh_random_cases_through_the_cli(tmp_path, seed):
    """Cases nobody here has seen: drawn now by the reference's own generator and solved by
    its linear search."""
    drawn = ref.random_cases(25, seed)
    frame = pd.DataFrame([{k: (np.nan if c[k] is None else c[k]) for k in COLUMNS}
                          for c in drawn])
    t = cli(tmp_path, frame)
    assert t["agents_required"].tolist() == [c["agents_required"] for c in drawn]
    assert t["agents_scheduled"].tolist() == [c["agents_scheduled"] for c in drawn]


@pytest.mark.parametrize("lam, h, n, t, pat", [
    (330.7, 766, 76, 26, 1002), (200, 180, 12, 20, 180), (1500, 300, 120, 30, 60),
    (50, 600, 9, 0, 900), (200, 180, 8, 20, 30)])
def test_erlang_a_figures_equal_the_birth_death_chain(lam, h, n, t, pat):
    """Service level, abandonment, occupancy and the mean wait over all arrivals (hang-ups
    counted to the moment they hang up, as the chain's E[waiting] / lambda gives) agree."""
    mine, theirs = queue(lam, h, n, t, pat), ref.erlang_a(lam, h, n, t, pat)
    for k in ("prob_wait", "service_level", "abandon_rate", "occupancy", "asa_seconds"):
        assert mine[k] == pytest.approx(float(theirs[k]), rel=1e-8, abs=1e-10), k


def test_abandonment_target_and_occupancy_cap_each_bind():
    """Each target alone, against the reference's search: the tighter one sets the answer."""
    sl = ref.agents_required(600, 300, 20, 0.6, 1.0, None, 120)
    ab = ref.agents_required(600, 300, 20, None, 1.0, 0.01, 120)
    oc = ref.agents_required(600, 300, 20, None, 0.75, None, 120)
    assert len({sl, ab, oc}) == 3
    assert agents_required(600, 300, 20, 0.6, 120) == sl
    assert agents_required(600, 300, 20, np.nan, 120, max_abandon_rate=0.01) == ab
    assert agents_required(600, 300, 20, np.nan, 120, max_occupancy=0.75) == oc
    assert agents_required(600, 300, 20, 0.6, 120, 0.75, 0.01) == max(sl, ab, oc)


@pytest.mark.parametrize("call, column, words", [
    (lambda: agents_required(200, 180, 20, 0.8, 1e50), "patience_seconds", "Erlang C"),
    (lambda: agents_required(200, 180, 20, 1.0), "service_level_target", "below 1"),
    (lambda: agents_required(200, 180, 20, 1.5), "service_level_target", "below 1"),
    (lambda: agents_required(200, 180, 20, 0.8, max_abandon_rate=0.05), "max_abandon_rate",
     "Erlang A only"),
    (lambda: agents_required(200, 180, 20, 0.8, max_occupancy=1.2), "max_occupancy", "at most 1"),
    (lambda: queue(-200, 180, 14, 20), "arrivals_per_hour", "above 0"),
    (lambda: queue(200, 180, 14.5, 20), "agents", "whole number"),
    (lambda: queue(np.array([200, 300]), 180, np.array([14, 0]), 20), "agents", "whole number"),
    (lambda: queue(200, 180, 14, 20, 0.0), "patience_seconds", "above 0"),
    (lambda: queue(200, float("nan"), 14, 20), "handle_time_seconds", "above 0"),
    (lambda: agents_scheduled(14, 0.95), "shrinkage", "0 to 0.9"),
])
def test_inputs_that_break_the_maths_are_errors(call, column, words):
    with pytest.raises(InputError) as e:
        call()
    assert e.value.problems[0].column == column and words in str(e.value)


def test_blank_patience_is_erlang_c_and_the_longest_allowed_is_close_to_it():
    assert queue(200, 180, 14, 20, np.nan) == queue(200, 180, 14, 20)
    long = queue(200, 180, 14, 20, 1e7)["service_level"]
    assert long == pytest.approx(0.8883500, abs=1e-5)
