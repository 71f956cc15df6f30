"""The Staffing page's inputs, defined once: label, unit, default, range and help. Widgets and
the docs are generated from this table; the surge defaults follow the recall example (3x volume
for 4 weeks). Defaults are illustrative; the user's own figures are the point."""

from __future__ import annotations

from dataclasses import dataclass

from calc.staffing.plan import Centre, two_level_week


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
    Input("surge_factor", "Surge volume", "x normal", 3, 1, 50, 0.5,
          "A recall or an outage multiplies contacts by this factor."),
    Input("surge_weeks", "Surge length", "weeks", 4, 1, 52, 1, "Weeks the surge lasts."),
)
BY_NAME = {i.name: i for i in INPUTS}

LINK = (
    "How these follow from the staffing plan, over a normal week:\n"
    "- **Resolution rate** = resolved in the end x share of complaints answered. Answered = "
    "the other channels + phone and chat contacts that did not hang up; abandoned contacts "
    "count as complaints not resolved.\n"
    "- **Fast-resolution share** = first-contact resolution x share answered within the answer "
    "target (other channels count as in time), divided by the resolution rate.\n"
    "- **Handling cost per complaint** = agents x opening hours a week x 52 x cost per agent "
    "hour, divided by complaint contacts a year.")

METHOD = """
**Queue.** Contacts arrive at random (Poisson) and agents' handle times are exponential: the
M/M/n queue. If contacts never hang up this is **Erlang C**; with a mean patience, each waiting
contact hangs up after an exponential time with that mean: **Erlang A** (Palm; Mandelbaum &
Zeltyn 2004). Both are computed exactly (no simulation), for up to 100,000 agents.

- *Service level*: share of **all** arriving contacts answered within the answer target;
  contacts that hang up count as not answered.
- *Mean wait*: over every arriving contact, answered or not. With patience, abandonment =
  mean wait / mean patience exactly.
- *Occupancy*: share of agent time handling contacts.
- With no patience and more work arriving than the agents can do (traffic = contacts an hour x
  handle time / 3600 at or above the agents), the queue never empties: nobody is answered in
  time and waits have no end.

Check it against any Erlang C calculator: 200 contacts an hour, 180 s handle time, 14 agents,
20 s target give 17.41% waiting, 88.84% answered in time, a mean wait of 7.84 s, occupancy
71.43%. The same figures come from `python -m calc staffing` for a file of cases.

**The week.** The busiest hour gets its share of the week's phone and chat contacts; the other
opening hours share the rest evenly (or each uploaded interval gets its own volume). Week figures
weight each hour by its contacts. Other channels are taken as answered in time.

**Surge.** Customers lost compared with normal weeks = complaints in the surge x the drop in
the expected retention of one complainant, from the calculator's retention of unresolved,
resolved and fast-resolved complainants. Staffing up puts, in every hour, the agents the target
needs (never fewer than today's). Contacts that hang up are taken not to call back; the
compensation response of the calculator is not included.
"""
DEFAULTS = {i.name: float(i.default) for i in INPUTS}


def centre(values: dict, agents: int, never_hang_up: bool = False, week=None) -> Centre:
    """A Centre from the page's values; ``week`` (hours, shares) replaces the two-level week
    (an uploaded interval file)."""
    hours, share = week or two_level_week(values["opening_hours"], values["busiest_hour_share"])
    return Centre(
        contacts_per_year=values["contacts_per_year"], live_share=values["live_share"],
        handle_time_seconds=values["handle_time_seconds"],
        target_answer_seconds=values["target_answer_seconds"],
        patience_seconds=float("inf") if never_hang_up else values["patience_seconds"],
        service_level_target=values["service_level_target"],
        first_contact_resolution=values["first_contact_resolution"],
        resolved_when_answered=values["resolved_when_answered"],
        cost_per_agent_hour=values["cost_per_agent_hour"], agents=int(agents),
        level_hours=tuple(hours), level_share=tuple(share))


__all__ = ["BY_NAME", "DEFAULTS", "INPUTS", "LINK", "METHOD", "Input", "centre"]
