"""The published figures the tool quotes, where each comes from, and how far to trust it.

One place for the text: the calculator's warning, help texts and the Methodology page read it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    claim: str
    source: str
    strength: str
    used_for: str


SOURCES: tuple[Source, ...] = (
    Source("Retention by branch for a minor problem (loss under $5): silent 37%, unresolved 46%, "
           "resolved 70%, resolved quickly 95%; for a major problem (loss over $100): 9%, 19%, "
           "54%, 82%. Both rank silent customers below unresolved complainants, the other way "
           "round from the model's illustrative defaults (0.60 above 0.50).",
           "TARP repurchase studies, as reported in secondary sources.",
           "Weak to moderate: the original reports are not public, the studies are old, and the "
           "figures are repurchase intentions reported second hand.",
           "The two TARP presets."),
    Source("About 1 in 26 unhappy customers complains (usually quoted for problems of every "
           "size, not small ones only).",
           "TARP, as reported in secondary sources.",
           "Weak: secondary and old, and quoted without the study's definitions.",
           "Help text of the complaint rates."),
    Source("An unhappy customer tells 9 to 10 people.",
           "TARP, via Peters (1987).",
           "Weak: secondary and old; word of mouth is left out by default (reach 0).",
           "Help text of word-of-mouth reach."),
    Source("Adding an apology to monetary relief nearly doubled complainant satisfaction, "
           "37% to 73%.",
           "CCMC Customer Rage Study (2015).",
           "Moderate: a survey of complainants; satisfaction, not retention. It is about adding "
           "an apology, not about how much compensation to pay: it supports no compensation "
           "figure.",
           "Help text of compensation (the apology, not the amount)."),
    Source("Customer-lifetime margin multiple r / (1 + i - r) = 2.67 at r = 0.80, i = 0.10.",
           "Gupta, Lehmann & Stuart, Journal of Marketing Research (2004).",
           "Strong for the formula (peer reviewed). This model's multiple counts year 1 for "
           "sure and discounts later years with today's overall retention, so over a long "
           "horizon it tends to this value (with that retention as r) divided by r.",
           "Cross-check of margin_multiple (see tests)."),
    Source("The recovery paradox (a customer whose problem is put right ends up more loyal than "
           "one who never had a problem) is significant for satisfaction but not for repurchase.",
           "de Matos, Henrique & Rossi, meta-analysis, Journal of Service Research (2007).",
           "Strong: a meta-analysis of published studies.",
           "The paradox warning."),
    Source("Recovery almost never fully offsets the churn a complaint brings.",
           "Knox & van Oest, Journal of Marketing (2014), 20,000 customers.",
           "Strong: peer reviewed, large sample of real purchase behaviour.",
           "The paradox warning."),
    Source("Compensation raises the loyalty of resolved complainants with diminishing returns.",
           "Gelbrich, Gäthke & Grégoire, Journal of Service Research (2015).",
           "Moderate for the rise with diminishing returns; this study does not show a decline "
           "past 1.5 times. The size of the uplift is not known from research and is your "
           "input, 0 by default.",
           "The rising part of the optional compensation response."),
    Source("Over-compensation lowers loyalty again: the response peaks near 150% of the "
           "purchase price.",
           "Haesevoets et al., Judgment and Decision Making (2017), four vignette studies.",
           "Moderate: vignette experiments, not observed repurchase. Their yardstick is the "
           "purchase price, not the customer's loss: this model's peak ratio is a multiple of "
           "loss_per_failure, so 1.5 carries over only where the loss is about the price paid.",
           "The falling part and the default peak ratio of the compensation response."),
    Source("A new customer costs '5 times' as much as keeping one.",
           "None traceable: a common claim with no primary source found.",
           "None: not used. acquisition_cost is your own input and replacement_cost is shown "
           "only beside the value, never added to it.",
           "Nothing."),
)

PARADOX_CAVEAT = (
    "The evidence is against counting on the recovery paradox (a complainant whose problem is "
    "put right staying more often than a customer who never had a failure): the meta-analysis "
    "of de Matos, Henrique & Rossi (Journal of Service Research, 2007) found the paradox "
    "significant for satisfaction but not for repurchase, and Knox & van Oest (Journal of "
    "Marketing, 2014, 20,000 customers) found that recovery almost never fully offsets the churn "
    "a complaint brings."
)

PARADOX_WARNING = (
    "These inputs assume the recovery paradox: the retention of resolved complainants (slowly "
    "or quickly, with any loyalty bought by compensation) is above the retention of customers "
    "with no failure. " + PARADOX_CAVEAT + " Consider setting resolved retention at or below "
    "retention with no failure."
)

TARP_NOTE = ("TARP figures are from the TARP repurchase studies as reported in secondary sources; "
             "the original reports are not public.")
