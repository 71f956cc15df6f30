"""A contact centre's week, its link to the recovery model, and the price of a surge (the
formulas are written out in docs/staffing.md).

The week is a few levels of traffic, each with its hours a week and its share of the week's live
(phone and chat) contacts: by default the busiest hour and the other opening hours evenly, or
the intervals of an uploaded file. The same agents are on duty in every opening hour.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from calc.staffing.erlang import MAX_AGENTS, agents_required, agents_scheduled, queue

WEEKS_A_YEAR = 52.0
# The surge table's columns as shown to users (the CSV keeps the names on the left).
SURGE_LABELS = {
    "option": "option", "hours": "surge length (hours)", "volume_factor": "volume (x normal)",
    "complaints": "complaints", "live_contacts": "phone and chat contacts",
    "agents_busiest_hour": "agents at the busiest hour",
    "service_level": "service level, whole surge", "abandon_rate": "abandoned, whole surge",
    "asa_seconds": "mean wait, whole surge (s)", "occupancy": "occupancy, whole surge",
    "busiest_service_level": "service level, busiest hour",
    "busiest_abandon_rate": "abandoned, busiest hour",
    "busiest_asa_seconds": "mean wait, busiest hour (s)",
    "abandoned_contacts": "abandoned contacts",
    "customers_lost": "customers lost vs normal weeks", "value_lost": "value of customers lost",
    "extra_agent_hours": "extra agent-hours", "extra_agent_cost": "extra agent cost",
    "total_cost": "total cost"}


@dataclass(frozen=True)
class Centre:
    contacts_per_year: float          # complaints, every channel, one contact each
    live_share: float                 # share arriving by phone or chat (queued)
    handle_time_seconds: float
    target_answer_seconds: float
    patience_seconds: float           # inf: contacts never hang up
    service_level_target: float       # share answered within the target
    first_contact_resolution: float   # share of answered contacts resolved in that contact
    resolved_when_answered: float     # share of answered complaints resolved in the end
    cost_per_agent_hour: float
    agents: int
    level_hours: tuple[float, ...]    # hours a week of each traffic level
    level_share: tuple[float, ...]    # share of the week's live contacts in each level
    max_occupancy: float = float("nan")        # blank: no cap
    max_abandon_rate: float = float("nan")     # blank: no target (Erlang A only)
    shrinkage: float = 0.0                     # share of paid time not taking contacts
    other_cost_per_contact: float = 0.0        # telephony, tools: not agent time


def two_level_week(opening_hours: float, busiest_hour_share: float):
    """(hours, shares): the busiest hour, then the other opening hours sharing the rest evenly."""
    if opening_hours <= 1.0:
        return (float(opening_hours),), (1.0,)
    return (1.0, opening_hours - 1.0), (busiest_hour_share, 1.0 - busiest_hour_share)


def interval_week(intervals: pd.DataFrame):
    """(hours, shares) from interval volumes (calc.files.staffing.parse_intervals): each interval is
    a level; a file longer than a week is read as that many weeks of the same pattern."""
    step = intervals.attrs["interval_hours"]
    span = (intervals["interval_start"].iloc[-1] - intervals["interval_start"].iloc[0])
    weeks = max(1, math.ceil((span.total_seconds() / 3600.0 + step) / 168.0 - 1e-9))
    share = intervals["contacts"].to_numpy(float)
    share = share / share.sum()
    return tuple([step / weeks] * len(share)), tuple(share)


def week_problems(centre: Centre, two_level: bool = True) -> list[str]:
    """What makes a centre's inputs contradictory, said so a user can fix it (``two_level``: the
    week came from two_level_week, busiest hour first)."""
    out = []
    if not np.isfinite(centre.contacts_per_year):
        return ["With no contacts by phone or chat, contacts an hour at the busiest hour cannot "
                "set the volume: raise the phone and chat share, or type complaint contacts a "
                "year."]
    hours = np.asarray(centre.level_hours)
    if two_level and len(hours) == 2 and centre.level_share[0] < 1.0 / hours.sum():
        out.append(f"The busiest hour cannot hold less than an average hour's share: with "
                   f"{hours.sum():g} opening hours that is {100.0 / hours.sum():.2f}% of the "
                   f"week's contacts. Raise the busiest-hour share or the opening hours.")
    if centre.first_contact_resolution > centre.resolved_when_answered:
        out.append("First-contact resolution cannot exceed the share of answered complaints "
                   "resolved in the end; lower the first or raise the second.")
    return out


def levels(centre: Centre, volume_factor: float = 1.0, agents=None) -> pd.DataFrame:
    """One row per traffic level: hours a week, live contacts a week, arrivals an hour, agents
    and the queue's outputs."""
    hours = np.asarray(centre.level_hours, float)
    share = np.asarray(centre.level_share, float)
    live = centre.contacts_per_year / WEEKS_A_YEAR * centre.live_share * volume_factor * share
    arrivals = live / hours
    n = np.broadcast_to(np.asarray(centre.agents if agents is None else agents), hours.shape)
    busy = arrivals > 0
    out = pd.DataFrame({"hours": hours, "contacts": live, "arrivals_per_hour": arrivals,
                        "agents": n.astype(float)})
    q = queue(np.where(busy, arrivals, 1.0), centre.handle_time_seconds, n,
              centre.target_answer_seconds, centre.patience_seconds)
    for name, values in q.items():
        out[name] = np.where(busy, values, 0.0 if name != "service_level" else 1.0)
    return out


def required(centre: Centre, arrivals) -> np.ndarray:
    """Agents on duty each level needs to meet every target of the centre (0 where no contacts
    arrive; MAX_AGENTS where more would be needed: the most this sizes)."""
    arrivals = np.asarray(arrivals, float)
    out = np.zeros(arrivals.shape)
    busy = arrivals > 0
    if busy.any():
        ab = centre.max_abandon_rate if np.isfinite(centre.patience_seconds) else np.nan
        need = agents_required(arrivals[busy], centre.handle_time_seconds,
                               centre.target_answer_seconds, centre.service_level_target,
                               centre.patience_seconds, centre.max_occupancy, ab)
        out[busy] = np.where(np.isnan(need), MAX_AGENTS, need)
    return out


def staffed_levels(centre: Centre, volume_factor: float = 1.0) -> pd.DataFrame:
    """levels() with each level staffed on its own to every target (agents = agents_required)
    and the agents to pay for after shrinkage (``scheduled``)."""
    base = levels(centre, volume_factor)
    need = required(centre, base["arrivals_per_hour"].to_numpy())
    out = levels(centre, volume_factor, np.maximum(need, 1))
    out["agents"] = need
    out["scheduled"] = agents_scheduled(need, centre.shrinkage)
    return out


def paid_hours(centre: Centre, table: pd.DataFrame) -> float:
    """Paid agent-hours a week of a table of levels: on-duty agents (``scheduled`` where the
    table has it, else agents after shrinkage) x hours."""
    paid = (table["scheduled"] if "scheduled" in table
            else agents_scheduled(table["agents"].to_numpy(), centre.shrinkage))
    return float(np.sum(table["hours"] * paid))


def summary(table: pd.DataFrame) -> dict[str, float]:
    """Week figures from levels(): contact-weighted service level, abandonment and mean wait;
    hour-weighted occupancy; agent-hours."""
    w = table["contacts"].to_numpy()
    total = w.sum()

    def mean(col):
        return float(np.sum(w * table[col]) / total) if total > 0 else 0.0

    return {"contacts": float(total), "service_level": mean("service_level"),
            "abandon_rate": mean("abandon_rate"), "asa_seconds": mean("asa_seconds"),
            "occupancy": float(np.sum(table["hours"] * table["occupancy"]) / table["hours"].sum()),
            "agent_hours": float(np.sum(table["hours"] * table["agents"]))}


def outcome_shares(centre: Centre, week: dict[str, float]) -> dict[str, float]:
    """Shares of all complaints answered, resolved and resolved fast, given a week's service
    level and abandonment on the live channels (other channels are answered, in time)."""
    other = 1.0 - centre.live_share
    answered = other + centre.live_share * (1.0 - week["abandon_rate"])
    in_time = other + centre.live_share * week["service_level"]
    resolved = centre.resolved_when_answered * answered
    fast = centre.first_contact_resolution * in_time
    return {"answered": answered, "resolved": resolved, "resolved_fast": fast}


def plan_cost_a_year(centre: Centre, contacts_per_year: float) -> float:
    """Agent cost a year of the plan staffed level by level to the centre's targets for this
    many complaint contacts a year (agents_scheduled, so shrinkage and the idle time a service
    level needs are paid for)."""
    table = staffed_levels(replace(centre, contacts_per_year=float(contacts_per_year)))
    return paid_hours(centre, table) * WEEKS_A_YEAR * centre.cost_per_agent_hour


def link_to_model(centre: Centre, contacts_today: float) -> dict[str, float]:
    """The calculator's resolution_rate_program and fast_resolution_share_program from the plan
    staffed to the targets for the centre's volume (the program's), and its
    handling_cost_per_complaint as the marginal staffing cost per extra complaint (MODEL.md v3):
    (plan cost for the program's volume - plan cost for today's ``contacts_today``) / (the
    difference in complaints), or, where the program adds none, handle time / 3600 x cost per
    agent hour / (1 - shrinkage); both plus the cost per contact that is not agent time. The
    fully loaded figure (all paid hours / all complaints) is returned for information as
    ``fully_loaded_cost_per_complaint``; it never enters the calculator."""
    week = summary(staffed_levels(centre))
    shares = outcome_shares(centre, week)
    program = plan_cost_a_year(centre, centre.contacts_per_year)
    today = plan_cost_a_year(centre, contacts_today) if contacts_today > 0 else 0.0
    extra = centre.contacts_per_year - contacts_today
    if abs(extra) > 1e-9 * max(1.0, centre.contacts_per_year):
        marginal = (program - today) / extra
    else:
        marginal = (centre.handle_time_seconds / 3600.0 * centre.cost_per_agent_hour
                    / (1.0 - centre.shrinkage))
    return {"resolution_rate_program": shares["resolved"],
            "fast_resolution_share_program": (shares["resolved_fast"] / shares["resolved"]
                                              if shares["resolved"] > 0 else 0.0),
            "handling_cost_per_complaint": marginal + centre.other_cost_per_contact,
            "fully_loaded_cost_per_complaint": (program / centre.contacts_per_year
                                                + centre.other_cost_per_contact),
            "plan_cost_program": program, "plan_cost_today": today,
            "extra_complaints": extra}


# The three calculator inputs link_to_model sets (the rest of its result is for information).
LINKED = ("resolution_rate_program", "fast_resolution_share_program",
          "handling_cost_per_complaint")


def retention(shares: dict[str, float], kept: dict[str, float]) -> float:
    """Expected retention of one complainant: unresolved, resolved slowly, resolved fast."""
    return ((1.0 - shares["resolved"]) * kept["retention_unresolved"]
            + (shares["resolved"] - shares["resolved_fast"]) * kept["retention_resolved"]
            + shares["resolved_fast"] * kept["retention_resolved_fast"])


HOURS_A_WEEK = 168.0


def surge_cover(starts: pd.Series, start, hours: float, interval_hours: float) -> np.ndarray:
    """How many times a surge of ``hours`` from ``start`` covers each interval of a file read
    as a repeating pattern (interval_week: a file of k weeks repeats every k weeks; hours the
    file leaves out are closed): interval i at t_i (moved a period on if before the start) is
    covered once for each k >= 0 with start <= t_i + k period < start + hours."""
    t = pd.to_datetime(starts)
    span = (t.iloc[-1] - t.iloc[0]).total_seconds() / 3600.0 + interval_hours
    period = HOURS_A_WEEK * max(1, math.ceil(span / HOURS_A_WEEK - 1e-9))
    since = ((t - pd.Timestamp(start)).dt.total_seconds() / 3600.0).to_numpy()
    since = np.where(since < 0, since + period * np.ceil(-since / period), since) % period
    return np.where(since < hours, np.ceil((hours - since) / period - 1e-12), 0).astype(int)


def covered_centre(centre: Centre, cover, interval_hours: float) -> tuple[Centre, float]:
    """The centre cut to the intervals a surge covers (``cover``: how many times it covers
    each interval of an interval file of ``interval_hours`` intervals, surge_cover), and the
    surge length in hours at which surge() counts each covered interval that many times
    (interval_week spreads a file of several weeks over its weeks, so each interval has
    interval_hours / weeks hours a week)."""
    times = np.asarray(cover, float)
    keep = times > 0
    share = np.asarray(centre.level_share, float)[keep] * times[keep]
    hours = np.asarray(centre.level_hours, float)[keep] * times[keep]
    total = float(share.sum())
    part = replace(centre, contacts_per_year=centre.contacts_per_year * total,
                   level_hours=tuple(hours),
                   level_share=tuple(share / total) if total > 0
                   else tuple(np.full(keep.sum(), 1.0 / keep.sum())))
    weeks = interval_hours / float(np.asarray(centre.level_hours, float)[0])
    return part, HOURS_A_WEEK * weeks


def surge(centre: Centre, factor: float, hours: float, customer_value: float,
          kept: dict[str, float], cover=None, interval_hours=None) -> pd.DataFrame:
    """Three rows over a surge of ``hours`` (a few hours, days or weeks: the week's pattern,
    each level for its share of those hours), or, with ``cover`` (one flag per interval of an
    interval file, surge_cover), over the intervals it covers: normal volume with today's
    agents (the yardstick), the surge with today's agents, and the surge staffed to every
    target in each level (never fewer than today's agents). Customers lost are counted
    against normal volume. Each row gives the period's figures (contact-weighted) and its
    busiest level's."""
    span = hours
    if cover is not None:
        centre, hours = covered_centre(centre, cover, interval_hours)
    weeks = hours / HOURS_A_WEEK
    base_levels = levels(centre)
    base = summary(base_levels)
    surge_levels = levels(centre, factor)
    need = required(centre, surge_levels["arrivals_per_hour"].to_numpy())
    staffed = np.maximum(centre.agents, need)
    options = {"Normal volume, today's agents": (base_levels, 1.0),
               "Surge, today's agents": (surge_levels, factor),
               "Surge, staffed to the target": (levels(centre, factor, staffed), factor)}
    kept_base = retention(outcome_shares(centre, base), kept)
    base_paid = paid_hours(centre, base_levels)
    rows = []
    for name, (table, f) in options.items():
        week = summary(table)
        complaints = centre.contacts_per_year / WEEKS_A_YEAR * f * weeks
        shares = outcome_shares(centre, week)
        lost = complaints * (kept_base - retention(shares, kept))
        extra_hours = (paid_hours(centre, table) - base_paid) * weeks
        peak = table.loc[table["arrivals_per_hour"].idxmax()]
        rows.append({
            "option": name, "hours": span, "volume_factor": f, "complaints": complaints,
            "live_contacts": week["contacts"] * weeks,
            "agents_busiest_hour": float(peak["agents"]),
            "service_level": week["service_level"], "abandon_rate": week["abandon_rate"],
            "asa_seconds": week["asa_seconds"], "occupancy": week["occupancy"],
            "busiest_service_level": float(peak["service_level"]),
            "busiest_abandon_rate": float(peak["abandon_rate"]),
            "busiest_asa_seconds": float(peak["asa_seconds"]),
            "abandoned_contacts": week["contacts"] * week["abandon_rate"] * weeks,
            "customers_lost": lost, "value_lost": lost * customer_value,
            "extra_agent_hours": extra_hours,
            "extra_agent_cost": extra_hours * centre.cost_per_agent_hour,
        })
    out = pd.DataFrame(rows)
    out["total_cost"] = out["value_lost"] + out["extra_agent_cost"]
    return out


def busiest(centre: Centre) -> dict[str, float]:
    """The queue at the week's busiest level (the busiest hour, or interval) with today's
    agents, and the agents its targets need on duty (NaN beyond MAX_AGENTS) and scheduled."""
    table = levels(centre)
    row = table.loc[table["arrivals_per_hour"].idxmax()].to_dict()
    need = required(centre, [max(row["arrivals_per_hour"], 1e-9)])[0]
    row["agents_required"] = float(need) if need < MAX_AGENTS else float("nan")
    row["agents_scheduled"] = float(agents_scheduled(row["agents_required"], centre.shrinkage))
    return row


def agent_curve(centre: Centre, most: int) -> pd.DataFrame:
    """Service level, abandonment and mean wait at the busiest level for 1..most agents."""
    arrivals = max(float(levels(centre)["arrivals_per_hour"].max()), 1e-9)
    n = np.arange(1, int(most) + 1)
    q = queue(arrivals, centre.handle_time_seconds, n, centre.target_answer_seconds,
              centre.patience_seconds)
    return pd.DataFrame({"agents": n, **{k: q[k] for k in ("service_level", "abandon_rate",
                                                             "asa_seconds")}})


def verdict(table: pd.DataFrame) -> dict[str, float | bool]:
    """The surge's two options compared on total cost (agent cost + value of customers lost)."""
    keep, staff = table.iloc[1], table.iloc[2]
    return {"staff_up_pays": bool(staff["total_cost"] < keep["total_cost"]),
            "difference": float(abs(keep["total_cost"] - staff["total_cost"])),
            "customers_kept_by_staffing": float(keep["customers_lost"] - staff["customers_lost"]),
            "value_kept_by_staffing": float(keep["value_lost"] - staff["value_lost"])}


INTERVAL_MINUTES = (15, 30, 60)
SCHEDULE_COLUMNS = ("interval_start", "contacts", "arrivals_per_hour", "agents_required",
                    "agents_scheduled", "service_level", "abandon_rate", "asa_seconds",
                    "occupancy", "paid_agent_hours", "cost")


def schedule(contacts, interval_minutes: float, handle_time_seconds: float,
             target_answer_seconds: float, service_level_target: float,
             patience_seconds: float = np.inf, max_occupancy: float = np.nan,
             max_abandon_rate: float = np.nan, shrinkage: float = 0.0,
             cost_per_agent_hour: float = 0.0, agents=None) -> pd.DataFrame:
    """Each interval staffed on its own (docs/staffing.md, "Interval by interval"): contacts
    per interval -> arrivals an hour, agents_required meeting every target, agents_scheduled,
    the queue at agents_required on duty, paid agent-hours (scheduled x interval length) and
    their cost. ``agents`` (one number or one per interval) replaces agents_required on duty
    (a flat plan: the same agents in every interval); agents_scheduled then pays for them.
    An interval with no contacts needs no agents (its queue figures are blank). Vectorised:
    one bisection for every interval."""
    c = np.asarray(contacts, float)
    step = interval_minutes / 60.0
    arrivals = c / step
    busy = arrivals > 0
    need = np.zeros(c.shape)
    if busy.any():
        need[busy] = agents_required(arrivals[busy], handle_time_seconds, target_answer_seconds,
                                     service_level_target, patience_seconds, max_occupancy,
                                     max_abandon_rate)
    on_duty = need if agents is None else np.broadcast_to(np.asarray(agents, float),
                                                          c.shape).copy()
    scheduled = agents_scheduled(on_duty, shrinkage)
    out = pd.DataFrame({"contacts": c, "arrivals_per_hour": arrivals, "agents_required": need,
                        "agents_scheduled": scheduled})
    for name in ("service_level", "abandon_rate", "asa_seconds", "occupancy"):
        out[name] = np.nan
    sized = busy & np.isfinite(on_duty) & (on_duty >= 1)
    if sized.any():
        q = queue(arrivals[sized], handle_time_seconds, on_duty[sized], target_answer_seconds,
                  patience_seconds)
        for name in ("service_level", "abandon_rate", "asa_seconds", "occupancy"):
            out.loc[sized, name] = q[name]
    out["paid_agent_hours"] = scheduled * step
    out["cost"] = out["paid_agent_hours"] * cost_per_agent_hour
    out.attrs["agents_on_duty"] = on_duty
    return out


def schedule_totals(plan: pd.DataFrame, interval_minutes: float) -> dict[str, float]:
    """The period's figures: contacts, paid agent-hours, cost; service level, abandon rate and
    mean wait weighted by each interval's contacts; occupancy = contact work / agent time on
    duty; the busiest interval's figures beside them."""
    w = plan["contacts"].to_numpy(float)
    total = w.sum()
    step = interval_minutes / 60.0

    def weighted(col):
        v = plan[col].to_numpy(float)
        return float(np.sum(np.where(w > 0, w * v, 0.0)) / total) if total > 0 else np.nan

    on_duty = np.where(w > 0, plan.attrs.get("agents_on_duty", plan["agents_required"]), 0.0)
    duty = float(np.nansum(on_duty) * step)
    work = float(np.nansum(plan["occupancy"].to_numpy(float) * on_duty) * step)
    peak = int(np.argmax(w))
    return {"contacts": float(total), "paid_agent_hours": float(plan["paid_agent_hours"].sum()),
            "cost": float(plan["cost"].sum()), "service_level": weighted("service_level"),
            "abandon_rate": weighted("abandon_rate"), "asa_seconds": weighted("asa_seconds"),
            "abandoned_contacts": float(np.nansum(w * plan["abandon_rate"].fillna(0.0))),
            "occupancy": work / duty if duty > 0 else np.nan,
            "peak_index": peak, "peak_agents_scheduled": float(plan["agents_scheduled"][peak]),
            "peak_service_level": float(plan["service_level"][peak]),
            "peak_abandon_rate": float(plan["abandon_rate"][peak]),
            "peak_asa_seconds": float(plan["asa_seconds"][peak])}


def with_agents(centre: Centre, agents: int) -> Centre:
    return replace(centre, agents=int(agents))


__all__ = ["Centre", "HOURS_A_WEEK", "INTERVAL_MINUTES", "LINKED", "SCHEDULE_COLUMNS",
           "SURGE_LABELS", "WEEKS_A_YEAR", "agent_curve", "busiest", "covered_centre",
           "interval_week", "levels", "surge_cover",
           "link_to_model", "outcome_shares", "paid_hours", "plan_cost_a_year", "required",
           "retention", "schedule", "schedule_totals", "staffed_levels", "summary", "surge",
           "two_level_week", "verdict", "week_problems", "with_agents"]
