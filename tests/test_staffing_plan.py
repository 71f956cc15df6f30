"""The week, the link to the calculator and the surge (calc.staffing.plan), against the formulas of
docs/staffing.md worked by hand on the specification's Erlang C reference case."""

import math
from dataclasses import replace

import pandas as pd
import pytest

import calc
import queue_reference as ref
from calc.staffing import plan
from calc.staffing.erlang import queue
from calc.files.staffing import read_intervals
from calc.staffing.inputs import DEFAULTS, centre, surge_problem

KEPT = {"retention_unresolved": 0.5, "retention_resolved": 0.75, "retention_resolved_fast": 0.85}


def one_hour_centre(per_hour, agents, **kw):
    """Phone only, open one hour a week: the week is one level of `per_hour` contacts."""
    values = {**DEFAULTS, "contacts_per_year": per_hour * 52, "live_share": 1.0,
              "opening_hours": 1, "handle_time_seconds": 180, "target_answer_seconds": 20,
              "service_level_target": 0.8, "first_contact_resolution": 0.6,
              "resolved_when_answered": 0.8, "cost_per_agent_hour": 30, **kw}
    return centre(values, agents, never_hang_up=True)


def test_two_level_week_by_hand():
    # 52,000 a year, half by phone: 500 live contacts a week; 20% in the busiest hour = 100 an
    # hour; the other 10 opening hours share 400 = 40 an hour.
    values = {**DEFAULTS, "contacts_per_year": 52_000, "live_share": 0.5, "opening_hours": 11,
              "busiest_hour_share": 0.2}
    t = plan.levels(centre(values, 10))
    assert t["arrivals_per_hour"].tolist() == pytest.approx([100.0, 40.0])
    assert t["hours"].tolist() == [1.0, 10.0] and t["contacts"].sum() == pytest.approx(500)


def test_link_to_model_on_the_reference_case():
    # 200 an hour, 180 s, 20 s: the plan staffed to 80% has 14 agents, service level 0.8883500
    # (the specification), no abandonment. Resolution = 0.8 x 1; fast share = 0.6 x 0.88835 /
    # 0.8. Today's 100 an hour need 8 (the reference's search). Marginal handling cost =
    # (14 - 8) agents x 1 h x 52 x 30 / ((200 - 100) x 52) = 1.80; fully loaded = 14 x 30 /
    # 200 = 2.10 (for information only).
    link = plan.link_to_model(one_hour_centre(200, 14), 100 * 52)
    assert link["resolution_rate_program"] == pytest.approx(0.8)
    assert link["fast_resolution_share_program"] == pytest.approx(0.6 * 0.8883500 / 0.8,
                                                                   abs=1e-7)
    assert link["handling_cost_per_complaint"] == pytest.approx(1.80)
    assert link["fully_loaded_cost_per_complaint"] == pytest.approx(2.10)
    # shrinkage 0.3: 20 and 12 scheduled (ceil(14 / 0.7), ceil(8 / 0.7)): (20 - 12) x 30 / 100
    shrunk = replace(one_hour_centre(200, 14), shrinkage=0.3, other_cost_per_contact=0.5)
    link = plan.link_to_model(shrunk, 100 * 52)
    assert link["handling_cost_per_complaint"] == pytest.approx(8 * 30 / 100 + 0.5)
    assert link["fully_loaded_cost_per_complaint"] == pytest.approx(20 * 30 / 200 + 0.5)


def test_link_where_the_program_adds_no_complaints():
    # handle time / 3600 x cost per agent hour / (1 - shrinkage) = 180 / 3600 x 30 / 0.7
    shrunk = replace(one_hour_centre(200, 14), shrinkage=0.3)
    link = plan.link_to_model(shrunk, 200 * 52)
    assert link["handling_cost_per_complaint"] == pytest.approx(0.05 * 30 / 0.7)


def test_the_link_no_longer_turns_idle_time_into_a_loss():
    """At the page defaults (1,200 complaints with the program, 900 today, one agent covers
    every hour either way) the marginal cost is 0, and the calculator's net value stays
    positive; the fully loaded $78 (almost all idle time) would have made it -5,249."""
    model = calc.evaluate(calc.DEFAULTS)
    assert round(model["net_value"]) == 10_651
    c = centre({**DEFAULTS, "contacts_per_year": 1200}, 1)
    link = plan.link_to_model(c, 900)
    assert link["handling_cost_per_complaint"] == 0
    assert link["fully_loaded_cost_per_complaint"] == pytest.approx(78.0)
    linked = calc.evaluate({**calc.DEFAULTS, **{k: link[k] for k in plan.LINKED}})
    assert linked["net_value"] > 0
    loaded = calc.evaluate({**calc.DEFAULTS, "handling_cost_per_complaint": 78.0})
    assert loaded["net_value"] < 0


def test_abandoned_contacts_are_not_resolved():
    # the link reads the plan staffed to the target: at 200 an hour, 360 s, patience 180 s,
    # the independent reference's search gives its agents and their abandonment
    c = centre({**DEFAULTS, "live_share": 0.5, "opening_hours": 1, "contacts_per_year": 52 * 400},
               12)
    n = ref.agents_required(200, c.handle_time_seconds, 20, 0.8, 1.0, None, c.patience_seconds)
    ab = float(ref.erlang_a(200, c.handle_time_seconds, n, 20, c.patience_seconds)["abandon_rate"])
    assert ab > 0.005
    link = plan.link_to_model(c, 52 * 400)
    assert link["resolution_rate_program"] == pytest.approx(0.8 * (0.5 + 0.5 * (1 - ab)))


def test_surge_priced_by_hand():
    # Normal 100 an hour with 8 agents (5 erlangs); surge x2 for 4 weeks = 200 an hour, which
    # needs 14 agents for 80% in 20 s (SL(13) = 0.7956, SL(14) = 0.8884). Today's 8 agents then
    # face 10 erlangs: unstable, nothing answered in time, nobody hangs up (Erlang C).
    c = one_hour_centre(100, 8)
    t = plan.surge(c, 2.0, 4 * 168.0, 600.0, KEPT)
    normal, keep, staff = (t.iloc[i] for i in range(3))
    assert normal["customers_lost"] == 0 and normal["extra_agent_cost"] == 0
    assert t["complaints"].tolist() == pytest.approx([400, 800, 800])
    assert keep["service_level"] == 0 and keep["extra_agent_hours"] == 0
    assert staff["agents_busiest_hour"] == 14
    assert staff["extra_agent_hours"] == pytest.approx((14 - 8) * 1 * 4)
    assert staff["extra_agent_cost"] == pytest.approx(24 * 30)
    sl_normal = queue(100, 180, 8, 20)["service_level"]

    def kept(sl):   # K = (1 - R) r_u + (R - F sl) r_r + F sl r_f with R = 0.8, F = 0.6
        return 0.2 * 0.5 + (0.8 - 0.6 * sl) * 0.75 + 0.6 * sl * 0.85

    assert keep["customers_lost"] == pytest.approx(800 * (kept(sl_normal) - kept(0.0)))
    assert staff["customers_lost"] == pytest.approx(800 * (kept(sl_normal) - kept(0.8883500)),
                                                    abs=1e-4)
    assert keep["value_lost"] == pytest.approx(600 * keep["customers_lost"])
    v = plan.verdict(t)
    assert v["staff_up_pays"] and v["difference"] == pytest.approx(
        keep["total_cost"] - staff["total_cost"])


def test_no_surge_costs_nothing():
    t = plan.surge(centre(DEFAULTS, 3), 1.0, 4 * 168.0, 600.0, KEPT)
    assert t["customers_lost"].abs().max() < 1e-9
    assert t["extra_agent_hours"].tolist() == [0.0, 0.0, 0.0]


def test_staffed_surge_meets_the_target_in_every_level():
    values = {**DEFAULTS, "contacts_per_year": 300_000}
    c = centre(values, 20)
    t = plan.surge(c, 3.0, 4 * 168.0, 600.0, KEPT)
    table = plan.levels(c, 3.0)
    need = plan.agents_required(table["arrivals_per_hour"].to_numpy(), c.handle_time_seconds,
                                c.target_answer_seconds, 0.8, c.patience_seconds)
    staffed = plan.levels(c, 3.0, need)
    assert (staffed["service_level"] >= 0.8).all()
    assert t.iloc[2]["service_level"] >= 0.8 > t.iloc[1]["service_level"]


def test_contradictory_inputs_are_named():
    values = {**DEFAULTS, "opening_hours": 60, "busiest_hour_share": 0.01}
    assert "1.67% of the week's contacts" in plan.week_problems(centre(values, 3))[0]
    values = {**DEFAULTS, "first_contact_resolution": 0.9, "resolved_when_answered": 0.8}
    assert "First-contact resolution cannot exceed" in plan.week_problems(centre(values, 3))[0]
    values = {**DEFAULTS, "live_share": 0.0, "peak_contacts_per_hour": 50}
    assert "cannot set the volume" in plan.week_problems(centre(values, 3, peak_volume=True))[0]


def test_interval_file_sets_the_week():
    text = ("interval_start,contacts\n2025-03-03 09:00,30\n2025-03-03 09:30,10\n"
            "2025-03-04 09:00,60\n")
    f = read_intervals(text.encode())
    assert f.attrs["interval_hours"] == 0.5
    hours, share = plan.interval_week(f)
    assert hours == (0.5, 0.5, 0.5) and share == pytest.approx((0.3, 0.1, 0.6))
    two_weeks = text + "2025-03-11 09:00,0\n"
    hours, _ = plan.interval_week(read_intervals(two_weeks.encode()))
    assert hours == (0.25,) * 4   # half an hour, in two weeks: a quarter hour a week


@pytest.mark.parametrize("text, expected", [
    ("interval_start,contacts\nmonday,3\n2025-03-03 09:30,1\n",
     "row 2, column interval_start: value 'monday': is not a date and time"),
    ("interval_start,contacts\n2025-03-03 09:00,-3\n2025-03-03 09:30,1\n",
     "row 2, column contacts: value '-3': must be a number of contacts, 0 or more"),
    ("interval_start,contacts\n2025-03-03 09:00,3\n2025-03-03 09:00,1\n", "appears twice"),
    ("interval_start,calls\n2025-03-03 09:00,3\n", "column calls: unknown column"),
])
def test_bad_interval_files(text, expected):
    with pytest.raises(calc.InputError) as e:
        read_intervals(text.encode())
    assert expected in "\n".join(str(p) for p in e.value.problems)


def test_agent_curve_and_busiest_agree_with_the_queue():
    c = one_hour_centre(200, 14)
    curve = plan.agent_curve(c, 20)
    assert isinstance(curve, pd.DataFrame) and curve["agents"].tolist() == list(range(1, 21))
    assert curve["service_level"][13] == pytest.approx(0.8883500, abs=5e-8)
    peak = plan.busiest(c)
    assert peak["agents_required"] == 14 and math.isclose(peak["arrivals_per_hour"], 200)


def test_a_surge_beyond_what_is_sized_stays_finite():
    # 1e8 contacts a year, 80% live, 3% in the busiest hour (46,154 an hour), 10 h each:
    # about 461,538 erlangs, beyond the 100,000 agents sized
    values = {**DEFAULTS, "contacts_per_year": 1e8, "handle_time_seconds": 36_000,
              "patience_seconds": 600}
    c = centre(values, 100)
    assert math.isnan(plan.busiest(c)["agents_required"])
    t = plan.surge(c, 3.0, 4 * 168.0, 600.0, KEPT)
    assert t.iloc[2]["agents_busiest_hour"] == 100_000
    assert t[["service_level", "customers_lost", "extra_agent_cost"]].notna().all().all()


def test_volume_typed_as_the_busiest_hours_contacts():
    # 50 an hour at the busiest hour, which holds 3% of the week's live contacts, 80% live:
    # 50 x 1 h x 52 / (0.03 x 0.8) = 108,333.33 complaint contacts a year, and back again
    values = {**DEFAULTS, "peak_contacts_per_hour": 50}
    c = centre(values, 5, peak_volume=True)
    assert c.contacts_per_year == pytest.approx(50 * 52 / (0.03 * 0.8))
    assert plan.busiest(c)["arrivals_per_hour"] == pytest.approx(50)


def test_surge_length_in_hours_days_or_weeks():
    assert surge_problem(3, "days") is None and surge_problem(1, "hours") is None
    assert "400 days is 9,600 hours" in surge_problem(400, "days")
    assert surge_problem(0.5, "hours") is not None
    # 3 days of a one-hour week is 3/7 of it: complaints = 200 x 52 / 52 x 2 x 3/7
    t = plan.surge(one_hour_centre(200, 14), 2.0, 72.0, 600.0, KEPT)
    assert t["complaints"].tolist() == pytest.approx([200 * 3 / 7, 400 * 3 / 7, 400 * 3 / 7])
    staff = t.iloc[2]
    # the busiest (only) level at 400 an hour: its figures are the whole surge's too
    assert staff["busiest_service_level"] == pytest.approx(staff["service_level"])


def test_a_surge_covers_the_intervals_of_a_file():
    # four half-hours; a 1-hour surge from 09:30 covers 09:30 and 10:00 (20% and 30% of the
    # week's 1,000 contacts), each once: complaints = 52,000 / 52 x 0.5 x 3 = 1,500 at 3x
    text = ("interval_start,contacts\n2025-03-03 09:00,40\n2025-03-03 09:30,20\n"
            "2025-03-03 10:00,30\n2025-03-03 10:30,10\n")
    iv = read_intervals(text.encode())
    c = centre({**DEFAULTS, "contacts_per_year": 52_000, "live_share": 1.0}, 10,
               week=plan.interval_week(iv))
    cover = plan.surge_cover(iv["interval_start"], "2025-03-03 09:30", 1.0, 0.5)
    assert cover.tolist() == [0, 1, 1, 0]
    t = plan.surge(c, 3.0, 1.0, 600.0, KEPT, cover, 0.5)
    assert t["complaints"].tolist() == pytest.approx([500, 1500, 1500])
    assert t["hours"].tolist() == [1.0] * 3
    # the busiest covered interval: 300 contacts x 3 in half an hour = 1,800 an hour
    peak = queue(1800, c.handle_time_seconds, 10, 20, c.patience_seconds)
    assert t.iloc[1]["busiest_service_level"] == pytest.approx(peak["service_level"])
    # staffed: extra paid hours = half an hour x (needed - 10) in each covered interval
    need = [ref.agents_required(lam, c.handle_time_seconds, 20, 0.8, 1.0, None,
                                c.patience_seconds) for lam in (1200, 1800)]
    assert t.iloc[2]["extra_agent_hours"] == pytest.approx(sum(0.5 * max(0, n - 10)
                                                               for n in need))


def test_surge_cover_repeats_the_weekly_pattern():
    starts = pd.Series(pd.to_datetime(["2025-03-03 09:00", "2025-03-05 09:00",
                                       "2025-03-07 09:00"]))
    # from Wednesday 09:00 for 3 days: Wednesday, Friday; Monday is 5 days on
    assert plan.surge_cover(starts, "2025-03-05 09:00", 72.0, 1.0).tolist() == [0, 1, 1]
    # from Friday 09:00 for 4 days: Friday, then Monday next week (72 hours on)
    assert plan.surge_cover(starts, "2025-03-07 09:00", 96.0, 1.0).tolist() == [1, 0, 1]
    # two weeks from Monday: every interval twice
    assert plan.surge_cover(starts, "2025-03-03 09:00", 336.0, 1.0).tolist() == [2, 2, 2]
