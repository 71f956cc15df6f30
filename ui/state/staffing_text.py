"""The prose only the Staffing page shows: how the link to the calculator is computed and how
the figures are computed (the formulas are in docs/staffing.md)."""

LINK = (
    "How these follow from the plan staffed to the targets interval by interval, over a normal "
    "week:\n"
    "- **Resolution rate** = resolved in the end x share of complaints answered. Answered = "
    "the other channels + phone and chat contacts that did not hang up; abandoned contacts "
    "count as complaints not resolved.\n"
    "- **Fast-resolution share** = first-contact resolution x share answered within the answer "
    "target (other channels count as in time), divided by the resolution rate.\n"
    "- **Handling cost per complaint** (the one the calculator uses) = the *marginal* staffing "
    "cost of an extra complaint: (cost a year of the plan staffed for the program's complaints "
    "- cost of the plan staffed for today's) / (the extra complaints), or, where the program "
    "adds none, handle time x cost per agent hour / (1 - shrinkage); plus the other cost per "
    "contact. The calculator multiplies this input by the extra complaints the program brings, "
    "so the idle time both plans pay for (a one-agent minimum, the slack a service level "
    "needs) must not enter it. The *fully loaded* figure (all paid hours / all complaints) is "
    "shown for information only.")

METHOD = """
**Queue.** Contacts arrive at random (Poisson) and agents' handle times are exponential: the
M/M/n queue. If contacts never hang up this is **Erlang C**; with a mean patience, each waiting
contact hangs up after an exponential time with that mean: **Erlang A** (Palm; Mandelbaum &
Zeltyn 2004). Both are computed exactly (no simulation), for up to 100,000 agents. A patience
above 10,000,000 s (116 days) is an impatience-free queue: tick "never hang up" instead.

- *Service level*: share of **all** arriving contacts answered within the answer target;
  contacts that hang up count as not answered.
- *Mean wait*: over every arriving contact, answered or not; a contact that hangs up counts
  its wait until it hangs up. With patience, abandonment = mean wait / mean patience exactly.
- *Occupancy*: share of agent time on duty handling contacts.
- With no patience and more work arriving than the agents can do (traffic = contacts an hour x
  handle time / 3600 at or above the agents), the queue never empties: nobody is answered in
  time and waits have no end.

Check it against any Erlang C calculator: 200 contacts an hour, 180 s handle time, 14 agents,
20 s target give 17.41% waiting, 88.84% answered in time, a mean wait of 7.84 s, occupancy
71.43%. The same figures come from `python -m calc staffing` for a file of cases.

**Targets.** *Agents required* in an hour (or interval) = the fewest agents on duty meeting
every target: service level at least its target, occupancy at most its cap, abandonment at
most its target. *Agents scheduled* = agents required / (1 - shrinkage), rounded up: the agents
to pay for (100 contacts per 30 minutes, 180 s, 80% in 20 s, shrinkage 30%: 14 on duty, 20
scheduled; with occupancy at most 70%: 15 and 22).

**The week.** The busiest hour gets its share of the week's phone and chat contacts; the other
opening hours share the rest evenly (or each uploaded interval gets its own volume). Each hour
or interval is staffed on its own (the plan); the same agents in every hour (version 2's week)
is shown beside it. Week figures weight each hour by its contacts. Other channels are taken as
answered in time.

**Surge.** A surge multiplies the volume for a number of hours, days or weeks, spread over the
week's pattern (a 3-day surge is 3/7 of a week of every hour's volume). Customers lost
compared with normal volume = complaints in the surge x the drop in the expected retention of
one complainant, from the calculator's retention of unresolved, resolved and fast-resolved
complainants. Staffing up puts, in every hour, the agents the targets need (never fewer than
today's). The figures are given for the whole surge and for its busiest hour. Contacts that
hang up are taken not to call back; the compensation response of the calculator is not
included.
"""
