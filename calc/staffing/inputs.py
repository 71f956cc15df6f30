"""The Staffing page's inputs, defined once: label, unit, default, range and help. Widgets and
the docs are generated from this table; the surge defaults follow the recall example (3x volume
for 4 weeks). The page's own prose is in ui/state/staffing_text.py. Defaults are illustrative; the user's own figures are the point."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from calc.staffing.erlang import MAX_AGENTS
from calc.staffing.plan import WEEKS_A_YEAR, Centre, two_level_week


@dataclass(frozen=True)
class Input:
    name: str
    label: str
    unit: str       # shown in the label; "%" inputs are fractions shown as percentages
    default: float
    min: float
    max: float
    step: float
    help: str


INPUTS = (
    Input("contacts_per_year", "Complaint contacts a year", "contacts", 1200, 1, 1e8, 100,
          "Every complaint, one contact each, all channels. Prefilled from the calculator's "
          "complaints with the program."),
    Input("live_share", "Arriving by phone or chat", "%", 0.8, 0, 1, 0.05,
          "The share that waits in the queue for an agent. Other channels (e-mail, letters, web "
          "forms) are taken as answered in time and never abandoned."),
    Input("opening_hours", "Opening hours a week", "hours", 60, 1, 168, 1,
          "Hours a week the phone and chat lines are staffed."),
    Input("busiest_hour_share", "Share of a week's contacts in its busiest hour", "%", 0.03,
          0.001, 1, 0.005, "Queues are sized for the busiest hour. 1 / opening hours would be "
          "a flat week; 3% with 60 opening hours is a typical Monday-morning peak."),
    Input("handle_time_seconds", "Handle time", "seconds per contact", 360, 1, 36000, 10,
          "Talk or chat time plus after-contact work."),
    Input("target_answer_seconds", "Answer target", "seconds", 20, 0, 3600, 5,
          "A contact answered within this wait counts as answered in time."),
    Input("patience_seconds", "Mean patience before hanging up", "seconds", 180, 1, 36000, 10,
          "Average time a waiting contact holds on before abandoning (exponential). Tick 'never "
          "hang up' for the classic Erlang C answer."),
    Input("service_level_target", "Service-level target", "% answered within the target", 0.8,
          0.01, 0.99, 0.01, "The share of all contacts answered within the answer target; "
                            "hang-ups count as not answered."),
    Input("first_contact_resolution", "First-contact resolution", "% of answered contacts",
          0.6, 0, 1, 0.01, "Answered in time and resolved in that contact: counts as resolved "
                           "fast in the calculator."),
    Input("resolved_when_answered", "Resolved in the end", "% of answered complaints", 0.8, 0,
          1, 0.01, "Of complaints that reach an agent, the share resolved to the customer's "
                   "satisfaction, however many contacts it takes."),
    Input("cost_per_agent_hour", "Cost per agent hour", "money", 30, 0, 1e5, 1,
          "Paid agent time including overheads."),
    Input("other_cost_per_contact", "Other cost per contact", "money", 0, 0, 1e5, 0.5,
          "Telephony, tools and other costs of a contact that are not agent time; added to "
          "both handling-cost figures."),
    Input("max_occupancy", "Occupancy cap", "% of agent time, at most", 1.0, 0.3, 1, 0.01,
          "Agents kept busier than this burn out; planners often cap occupancy at 85-90%. "
          "100% = no cap."),
    Input("max_abandon_rate", "Abandonment target", "% abandoned, at most", 1.0, 0.001, 1,
          0.01, "The largest share of contacts that may hang up (contacts that hang up only: "
                "not used with 'never hang up'). 100% = no target."),
    Input("shrinkage", "Shrinkage", "% of paid time", 0.0, 0, 0.9, 0.01,
          "Paid time not spent taking contacts: breaks, training, meetings, absence (typically "
          "30%). Agents scheduled = agents on duty / (1 - shrinkage), rounded up."),
    Input("peak_contacts_per_hour", "Contacts an hour at the busiest hour", "contacts", 50,
          0.01, 1e6, 1, "The planner's number: phone and chat contacts arriving in the busiest "
                        "hour (or interval, per hour). The contacts a year follow from the "
                        "week's shape and the phone and chat share."),
    Input("surge_factor", "Surge volume", "x normal", 3, 1, 50, 0.5,
          "A recall, a storm or an outage multiplies contacts by this factor."),
    Input("surge_length", "Surge length", "unit at right", 4, 0.5, 8760, 1,
          "How long the surge lasts, in hours, days or weeks (from 1 hour to 52 weeks)."),
)
SURGE_UNITS = {"hours": 1.0, "days": 24.0, "weeks": 168.0}
# The page's choices beside the numbers, as its link carries them: name -> the values allowed,
# the default first. ``agents`` (a whole number of agents on duty) is carried once the user
# has picked it instead of the targets' number.
CHOICES = {"volume_typed_as": ("contacts_per_year", "peak_contacts_per_hour"),
           "never_hang_up": ("no", "yes"),
           "surge_unit": tuple(reversed(SURGE_UNITS))}     # weeks first, the default
AGENTS_RANGE = (1, MAX_AGENTS)     # agents on duty: the page's field and its link
MAX_SURGE_HOURS = 52 * 168.0


def surge_problem(length: float, unit: str) -> str | None:
    """What is wrong with a surge length in its unit, or None."""
    hours = length * SURGE_UNITS[unit]
    if not 1.0 <= hours <= MAX_SURGE_HOURS:
        return (f"A surge of {length:g} {unit} is {hours:,.4g} hours: give from 1 hour to 52 "
                f"weeks ({MAX_SURGE_HOURS:,.0f} hours).")
    return None
BY_NAME = {i.name: i for i in INPUTS}

DEFAULTS = {i.name: float(i.default) for i in INPUTS}


def contacts_a_year(peak_per_hour: float, live_share: float, hours, share) -> float:
    """Complaint contacts a year that put ``peak_per_hour`` live contacts an hour into the
    week's busiest level: peak x its hours a week x 52 / (its share x live share)."""
    hours, share = np.asarray(hours, float), np.asarray(share, float)
    rate = share / hours
    i = int(np.argmax(rate))
    if live_share <= 0 or share[i] <= 0:
        return float("nan")
    return float(peak_per_hour * hours[i] * WEEKS_A_YEAR / (share[i] * live_share))


def centre(values: dict, agents: int, never_hang_up: bool = False, week=None,
           peak_volume: bool = False) -> Centre:
    """A Centre from the page's values; ``week`` (hours, shares) replaces the two-level week
    (an uploaded interval file); ``peak_volume``: the volume is the contacts an hour at the
    busiest hour, not the contacts a year. A cap of 100% is no cap (occupancy, abandonment)."""
    hours, share = week or two_level_week(values["opening_hours"], values["busiest_hour_share"])
    per_year = (contacts_a_year(values["peak_contacts_per_hour"], values["live_share"], hours,
                                share) if peak_volume else values["contacts_per_year"])
    ab = values.get("max_abandon_rate", 1.0)
    return Centre(
        contacts_per_year=per_year, live_share=values["live_share"],
        handle_time_seconds=values["handle_time_seconds"],
        target_answer_seconds=values["target_answer_seconds"],
        patience_seconds=float("inf") if never_hang_up else values["patience_seconds"],
        service_level_target=values["service_level_target"],
        first_contact_resolution=values["first_contact_resolution"],
        resolved_when_answered=values["resolved_when_answered"],
        cost_per_agent_hour=values["cost_per_agent_hour"], agents=int(agents),
        level_hours=tuple(hours), level_share=tuple(share),
        max_occupancy=values.get("max_occupancy", 1.0),
        max_abandon_rate=float("nan") if never_hang_up or ab >= 1.0 else ab,
        shrinkage=values.get("shrinkage", 0.0),
        other_cost_per_contact=values.get("other_cost_per_contact", 0.0))


__all__ = ["AGENTS_RANGE", "BY_NAME", "CHOICES", "DEFAULTS", "INPUTS", "Input", "MAX_SURGE_HOURS",
           "SURGE_UNITS", "centre", "contacts_a_year", "surge_problem"]
