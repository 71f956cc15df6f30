"""The parameter registry: every input of the model, defined once.

Validation, CSV reading, the CLI template, the dashboard's sliders and the methodology page all
read :data:`PARAMS`. Names, defaults and ranges are those of ``docs/MODEL.md``; rates are
decimals (0.30, not 30); money is in one currency unit chosen by the user.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable, Mapping

import numpy as np

from calc.model.wom import RULE_TEXT, wom_bounds

# Groups, in the order the calculator shows them.
GROUPS = (
    "Customer economics",
    "Failures and complaints",
    "Retention by branch",
    "Costs",
    "Optional levers",
    "Word of mouth",
)


@dataclass(frozen=True)
class ParamSpec:
    """One model input: everything the app, the CSV reader and the docs need to know about it."""

    name: str
    label: str
    short: str
    unit: str
    kind: str         # count, money, fraction (typed 30%, shown as a percentage), years, people, ratio
    default: float
    min: float
    max: float
    group: str
    help: str
    source: str
    integer: bool = False
    # For a parameter that exists once per world ("baseline" / "program"), the world and the
    # name of its twin, so the calculator can put them side by side.
    world: str | None = None
    twin: str | None = None
    # A lever a manager sweeps: the calculator's what-if strip gives it a slider moving by
    # slider_step (model units), from min to slider_max (None: to max; a typed value above it
    # widens the slider to reach it).
    slider_step: float | None = None
    slider_max: float | None = None
    # Decimals an input field shows (of the percentage, for a fraction); None: by kind, see
    # SHOWN_DECIMALS. The stored value keeps every digit (link, exports); only the field rounds.
    decimals: int | None = None

    @property
    def shown_decimals(self) -> int:
        return SHOWN_DECIMALS[self.kind] if self.decimals is None else self.decimals

    @property
    def is_fraction(self) -> bool:
        return self.kind == "fraction"

    @property
    def range_text(self) -> str:
        return f"{format_number(self.min)} to {format_number(self.max)}" + (
            ", a whole number" if self.integer else ""
        )


# Decimals an input field shows, by kind: money to the cent, percentages to a hundredth of a
# point, customers and years whole, people and ratios to two places.
SHOWN_DECIMALS = {"money": 2, "fraction": 2, "count": 0, "years": 0, "people": 2, "ratio": 2}


def format_number(x: float) -> str:
    """Short human form of a range bound: 1e9 stays 1e9, 0.5 stays 0.5, 40000 stays 40000."""
    x = float(x)
    if x >= 1e6 and x == 10 ** round(np.log10(x)):
        return f"1e{round(np.log10(x))}"
    if x == int(x):
        return str(int(x))
    return repr(x)


_SRC_ILLUSTRATIVE = "Illustrative default of the model specification; replace with your own figure."
_SRC_TARP = (
    "Illustrative default of the model specification. For comparison, the TARP repurchase studies (reported in "
    "secondary sources; the original reports are not public) are available as presets."
)


def _p(name, label, short, unit, kind, default, lo, hi, group, help, source=_SRC_ILLUSTRATIVE,
       **kw):
    return ParamSpec(name, label, short, unit, kind, float(default), float(lo), float(hi), group,
                     help, source, **kw)


_CE, _FC, _RB, _CO, _LV, _WM = GROUPS

PARAMS: tuple[ParamSpec, ...] = (
    _p("customers", "Active customers", "Customers", "customers", "count", 10000, 1, 1e9, _CE,
       "Active customers at the start of each year (held steady in today's world)."),
    _p("revenue_per_customer", "Revenue per customer", "Revenue", "money / year", "money", 1200,
       0, 1e9, _CE, "Revenue per customer per year."),
    _p("operating_margin", "Operating margin", "Margin", "fraction of revenue", "fraction", 0.20,
       0, 1, _CE,
       "Operating profit as a share of revenue, after today's complaint-handling costs. Profit "
       "per customer = revenue x margin."),
    _p("discount_rate", "Discount rate", "Discount rate", "fraction / year", "fraction", 0.10, 0,
       1, _CE, "Annual rate at which future profit and cost are discounted."),
    _p("horizon_years", "Horizon", "Horizon", "years", "years", 5, 1, 50, _CE,
       "Years of profit counted, from the program's start.", integer=True),
    _p("program_years", "Program years", "Program years", "years", "years", 1, 1, 50, _CE,
       "Years the program runs and is paid for, from year 1; at most the horizon. After it "
       "stops, the customers it kept stay with today's retention.", integer=True,
       slider_step=1),
    _p("acquisition_cost", "Acquisition cost (comparison only)", "Acquisition cost",
       "money per new customer", "money", 400, 0, 1e9, _CE,
       "Cost to win one new customer. Used only for the replacement-cost comparison, never "
       "added to the program's value.",
       source="Your own figure. The common claim that a new customer costs '5 times' as much as "
              "keeping one has no traceable primary source."),
    _p("failure_rate", "Failure rate", "Failure rate", "fraction of customers", "fraction", 0.30,
       0, 1, _FC,
       "Share of customers who meet at least one service failure in a year, today."),
    _p("failure_reduction_program", "Failures prevented by the program", "Failures prevented",
       "fraction of failures", "fraction", 0, 0, 1, _LV,
       "Share of failures the program prevents, by fixing the root causes that complaints "
       "reveal. 0 leaves prevention out.",
       source="Default 0 (lever off). No general figure exists: use your own evidence, e.g. the "
              "fall in repeat failures after past root-cause fixes.",
       slider_step=0.01),
    _p("complaint_rate_baseline", "Complaint rate, today", "Complaint rate, today",
       "fraction of failed customers", "fraction", 0.30, 0, 1, _FC,
       "Share of failed customers who complain, with complaint handling as it is today.",
       source=_SRC_ILLUSTRATIVE + " TARP (secondary) reports about 1 in 26 unhappy customers "
              "complaining, a figure usually quoted for problems of every size.",
       world="baseline", twin="complaint_rate_program"),
    _p("complaint_rate_program", "Complaint rate, with program", "Complaint rate, program",
       "fraction of failed customers", "fraction", 0.40, 0, 1, _FC,
       "The same, with the program (easier channels, proactive outreach).",
       world="program", twin="complaint_rate_baseline",
       slider_step=0.01),
    _p("resolution_rate_baseline", "Resolution rate, today", "Resolution rate, today",
       "fraction of complaints", "fraction", 0.50, 0, 1, _FC,
       "Share of complaints resolved to the customer's satisfaction, today.",
       world="baseline", twin="resolution_rate_program"),
    _p("resolution_rate_program", "Resolution rate, with program", "Resolution rate, program",
       "fraction of complaints", "fraction", 0.80, 0, 1, _FC,
       "The same, with the program.",
       world="program", twin="resolution_rate_baseline",
       slider_step=0.01),
    _p("fast_resolution_share_baseline", "Fast-resolution share, today", "Fast share, today",
       "fraction of resolved complaints", "fraction", 0.30, 0, 1, _FC,
       "Share of resolved complaints resolved quickly (e.g. at first contact), today.",
       world="baseline", twin="fast_resolution_share_program"),
    _p("fast_resolution_share_program", "Fast-resolution share, with program",
       "Fast share, program", "fraction of resolved complaints", "fraction", 0.60, 0, 1, _FC,
       "The same, with the program.",
       world="program", twin="fast_resolution_share_baseline",
       slider_step=0.01),
    _p("retention_no_failure", "Retention, no failure", "Retention, no failure",
       "chance of staying a year", "fraction", 0.85, 0, 1, _RB,
       "Chance a customer with no failure in the year stays another year.", source=_SRC_TARP),
    _p("retention_silent", "Retention, failed and silent", "Retention, silent",
       "chance of staying a year", "fraction", 0.60, 0, 1, _RB,
       "Chance a customer who met a failure and did not complain stays another year. The "
       "default (0.60) is above that of unresolved complainants (0.50); the TARP figures rank "
       "them the other way (silent 0.37 below unresolved 0.46 for minor problems, 0.09 below "
       "0.19 for major ones): the TARP presets apply that ordering.",
       source=_SRC_TARP),
    _p("retention_unresolved", "Retention, complained and unresolved", "Retention, unresolved",
       "chance of staying a year", "fraction", 0.50, 0, 1, _RB,
       "Chance a customer who complained and was not satisfied stays another year. The "
       "default (0.50) is below that of silent failed customers (0.60); TARP ranks unresolved "
       "complainants above silent ones (0.46 over 0.37 for minor problems): see the TARP "
       "presets.",
       source=_SRC_TARP),
    _p("retention_resolved", "Retention, resolved slowly", "Retention, resolved slowly",
       "chance of staying a year", "fraction", 0.75, 0, 1, _RB,
       "Chance a customer who complained and was satisfied, slowly, stays another year.",
       source=_SRC_TARP),
    _p("retention_resolved_fast", "Retention, resolved quickly", "Retention, resolved fast",
       "chance of staying a year", "fraction", 0.85, 0, 1, _RB,
       "Chance a customer who complained and was satisfied quickly stays another year.",
       source=_SRC_TARP),
    _p("handling_cost_per_complaint", "Handling cost per complaint", "Handling cost",
       "money per complaint", "money", 25, 0, 1e9, _CO,
       "Cost of handling one complaint (staff time, tools); the same in both worlds."),
    _p("compensation_per_resolution_baseline", "Compensation per resolution, today",
       "Compensation, today", "money (face value) per resolved complaint", "money", 0, 0, 1e9,
       _CO, "Average compensation face value (refund, credit, discount) per resolved complaint, "
            "today.",
       world="baseline", twin="compensation_per_resolution_program"),
    _p("compensation_per_resolution_program", "Compensation per resolution, with program",
       "Compensation, program", "money (face value) per resolved complaint", "money", 30, 0, 1e9,
       _CO, "The same, with the program.",
       source=_SRC_ILLUSTRATIVE + " No study here supports a compensation amount. (CCMC "
              "Customer Rage Study 2015: adding an apology to monetary relief nearly doubled "
              "complainant satisfaction, 37% to 73%; that is about the apology, not the "
              "amount.)",
       world="program", twin="compensation_per_resolution_baseline",
       slider_step=5, slider_max=500),
    _p("compensation_cost_share", "Cost share of compensation", "Compensation cost share",
       "fraction of face value", "fraction", 1.0, 0, 1, _CO,
       "What one unit of compensation face value costs the firm: cash is 1.0, store credit less."),
    _p("loss_per_failure", "Customer's loss per failure", "Loss per failure", "money per failure",
       "money", 100, 0, 1e9, _LV,
       "What a typical failure costs the customer: the yardstick for compensation. Must be above "
       "0 when compensation buys loyalty."),
    _p("compensation_uplift_at_peak", "Loyalty bought by compensation, at its peak",
       "Compensation uplift", "retention points for resolved complainants", "fraction", 0, 0, 1,
       _LV,
       "Retention points that compensation adds for resolved complainants at its best level. 0 "
       "(the default) means compensation buys no loyalty. The uplift rises with diminishing "
       "returns up to the peak and falls beyond it (over-compensation).",
       source="Default 0 (lever off): the size of the uplift is not known from research. The "
              "shape: Gelbrich, Gäthke & Grégoire, Journal of Service Research, 2015: "
              "compensation raises loyalty with diminishing returns; Haesevoets et al., Judgment "
              "and Decision Making, 2017 (four vignette studies): over-compensation lowers it "
              "again, past a peak near 150% of the purchase price."),
    _p("compensation_peak_ratio", "Compensation at the peak, as a multiple of the loss",
       "Peak ratio", "multiple of the loss", "ratio", 1.5, 0.1, 10, _LV,
       "Compensation, as a multiple of the customer's loss, at which the loyalty uplift peaks. "
       "The published peak is near 150% of the purchase price, not of the loss: 1.5 fits where "
       "the loss is about the price paid; scale it where the loss is smaller or larger.",
       source="Haesevoets et al., Judgment and Decision Making, 2017 (four vignette studies): "
              "the response peaks near 150% of the purchase price (not of the customer's loss). "
              "Gelbrich, Gäthke & Grégoire, 2015, support diminishing returns only, not a "
              "decline past 1.5 times."),
    _p("program_fixed_cost", "Program fixed cost", "Fixed cost", "money / year", "money", 40000,
       0, 1e12, _CO,
       "Fixed cost of running the program, per program year (training, software, staff).",
       slider_step=5000, slider_max=500000),
    _p("wom_reach_per_lost_customer", "Word-of-mouth reach", "Word-of-mouth reach",
       "people per lost customer", "people", 0, 0, 1000, _WM,
       "People a lost customer tells. 0 leaves word of mouth out of the value.",
       source="Default 0 (word of mouth left out). TARP via Peters (1987): an unhappy customer "
              "tells 9 to 10 people."),
    _p("wom_conversion_rate", "Word-of-mouth conversion", "Word-of-mouth conversion",
       "fraction of people told", "fraction", 0.01, 0, 1, _WM,
       "Share of those told who would otherwise have become customers and now don't."),
)

BY_NAME: dict[str, ParamSpec] = {p.name: p for p in PARAMS}
NAMES: tuple[str, ...] = tuple(p.name for p in PARAMS)
DEFAULTS: dict[str, float] = {p.name: p.default for p in PARAMS}


def params_in_group(group: str) -> list[ParamSpec]:
    return [p for p in PARAMS if p.group == group]


def closest_name(name: str, candidates: Iterable[str] = NAMES) -> str | None:
    """The valid name a mistyped one most likely meant, or None."""
    found = difflib.get_close_matches(str(name).strip().lower(), list(candidates), n=1, cutoff=0.5)
    return found[0] if found else None


# --------------------------------------------------------------------------------------------
# Problems and validation
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, said so a user can fix it.

    ``row`` is the line number in the user's file (the header is line 1), or None for input that
    did not come from a file; ``column`` is the column or parameter name, or None.
    """

    row: int | None
    column: str | None
    value: object
    message: str

    def __str__(self) -> str:
        parts = []
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column}")
        where = ", ".join(parts)
        head = f"{where}: " if where else ""
        if self.value is not None:
            return f"{head}value '{_show(self.value)}': {self.message}"
        return f"{head}{self.message}"


def _show(value: object, limit: int = 60) -> str:
    text = str(value)
    text = text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")
    return text if len(text) <= limit else text[: limit - 3] + "..."


class InputError(ValueError):
    """Bad input: carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        lines = [str(p) for p in self.problems]
        super().__init__("\n".join(lines) if lines else "invalid input")


# How many bad values of one parameter are listed one by one before the rest are counted.
MAX_LISTED_PER_COLUMN = 20


def check_values(name: str, values, rows=None) -> list[Problem]:
    """Problems with the values of one parameter (scalar or array): non-numbers, NaN, infinity,
    out of range, not whole where a whole number is needed. Nothing is clipped."""
    spec = BY_NAME[name]
    arr = np.atleast_1d(np.asarray(values, dtype=float))
    # One pass for the common case: NaN fails both comparisons, infinity one of them.
    inside = (arr >= spec.min) & (arr <= spec.max)
    if spec.integer:
        inside &= arr == np.round(arr)
    if inside.all():
        return []
    bad = ~inside
    idx = np.flatnonzero(bad)
    problems = []
    for i in idx[:MAX_LISTED_PER_COLUMN]:
        v = arr[i]
        if np.isnan(v):
            msg = f"is not a number; must be between {spec.range_text}"
        elif np.isinf(v):
            msg = f"is infinite; must be between {spec.range_text}"
        elif v < spec.min or v > spec.max:
            msg = f"is outside the allowed range {spec.range_text}"
        else:
            msg = f"must be a whole number ({spec.range_text})"
        row = None if rows is None else int(np.asarray(rows)[i])
        problems.append(Problem(row, name, format_value(v), msg))
    if len(idx) > MAX_LISTED_PER_COLUMN:
        problems.append(Problem(None, name, None,
                                f"{len(idx) - MAX_LISTED_PER_COLUMN} more values out of range "
                                f"(allowed {spec.range_text})"))
    return problems


def format_value(v: float) -> str:
    v = float(v)
    if np.isfinite(v) and v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return repr(v)


def resolve(params: Mapping[str, object] | None = None, rows=None,
            pairs: bool = True) -> dict[str, np.ndarray]:
    """Fill defaults, convert to float arrays broadcast to one shape, and validate.

    Raises :class:`InputError` listing every problem (unknown names with a suggestion, values
    out of range, non-numbers). The returned arrays all have the broadcast shape of the inputs
    (``()`` when every input is a scalar). ``pairs=False`` leaves the rules that tie two
    parameters together (:func:`check_together`) to the caller.
    """
    params = dict(params or {})
    problems: list[Problem] = []
    for key in params:
        if key not in BY_NAME:
            hint = closest_name(key)
            problems.append(Problem(None, str(key), None, "unknown parameter" + (
                f"; did you mean '{hint}'?" if hint else f"; valid names: {', '.join(NAMES)}")))
    values: dict[str, np.ndarray] = {}
    for spec in PARAMS:
        raw = params.get(spec.name, spec.default)
        try:
            arr = np.asarray(raw, dtype=float)
        except (TypeError, ValueError):
            problems.append(Problem(None, spec.name, _show(raw),
                                    f"is not a number; must be between {spec.range_text}"))
            continue
        problems.extend(check_values(spec.name, arr, rows))
        values[spec.name] = arr
    try:
        shaped = np.broadcast_arrays(*values.values())
    except ValueError:
        lengths = sorted({v.shape for v in values.values() if v.ndim})
        raise InputError(problems + [Problem(None, None, None,
                                             f"parameters given as arrays must have one length; "
                                             f"got shapes {lengths}")]) from None
    out = dict(zip(values.keys(), shaped))
    # the pair rules are checked even when single values are wrong (on other rows, say), so
    # that every problem is listed at once
    if pairs and len(out) == len(PARAMS):
        problems += check_together(out, rows)
    if problems:
        raise InputError(problems)
    return out


def allowed_range(name: str, values: Mapping[str, float]) -> tuple[float, float]:
    """The range ``name`` may take with the other parameters at ``values``: its own range,
    narrowed by the rule program_years <= horizon_years."""
    spec = BY_NAME[name]
    lo, hi = spec.min, spec.max
    if name == "horizon_years":
        lo = max(lo, float(values["program_years"]))
    elif name == "program_years":
        hi = min(hi, float(values["horizon_years"]))
    return lo, hi


def check_together(values: Mapping[str, np.ndarray], rows=None) -> list[Problem]:
    """The rules that tie parameters together (MODEL.md): program_years at most
    horizon_years; loss_per_failure above 0 where compensation_uplift_at_peak is above 0; the
    two word-of-mouth rules (word of mouth within bounds)."""
    problems: list[Problem] = []
    rules = (
        (values["program_years"] > values["horizon_years"],
         ("program_years", "horizon_years"),
         "program_years ({a}) is above horizon_years ({b}): the program cannot run longer than "
         "the years counted; lower program_years or raise horizon_years"),
        ((values["compensation_uplift_at_peak"] > 0) & (values["loss_per_failure"] <= 0),
         ("loss_per_failure", "compensation_uplift_at_peak"),
         "loss_per_failure is {a} while compensation_uplift_at_peak is {b}: compensation is "
         "measured against the customer's loss, so the loss must be above 0 when compensation "
         "buys loyalty"),
    )
    for bad, (a, b), message in rules:
        bad = np.atleast_1d(bad)
        if not bad.any():
            continue
        idx = np.flatnonzero(bad)
        av = np.atleast_1d(np.broadcast_to(values[a], np.shape(bad)))
        bv = np.atleast_1d(np.broadcast_to(values[b], np.shape(bad)))
        for i in idx[:MAX_LISTED_PER_COLUMN]:
            row = None if rows is None else int(np.asarray(rows)[i])
            problems.append(Problem(row, f"{a}/{b}", None, message.format(
                a=format_value(av[i]), b=format_value(bv[i]))))
        if len(idx) > MAX_LISTED_PER_COLUMN:
            problems.append(Problem(None, f"{a}/{b}", None,
                                    f"{len(idx) - MAX_LISTED_PER_COLUMN} more rows break this rule"))
    return problems + _check_wom(values, rows)


WOM_COLUMN = "wom_reach_per_lost_customer/wom_conversion_rate"


def _check_wom(values: Mapping[str, np.ndarray], rows=None) -> list[Problem]:
    """MODEL.md's two word-of-mouth rules (calc.model.wom), on the rows whose values are all
    inside their ranges (a value out of range is reported on its own)."""
    rule, omega, omega_max = (np.atleast_1d(x) for x in wom_bounds(values))
    bad = rule > 0
    if not bad.any():
        return []
    shape = np.shape(rule)
    for spec in PARAMS:
        v = np.broadcast_to(values[spec.name], shape)
        bad &= (v >= spec.min) & (v <= spec.max)
    idx = np.flatnonzero(bad)
    reach = np.broadcast_to(values["wom_reach_per_lost_customer"], shape)
    conv = np.broadcast_to(values["wom_conversion_rate"], shape)
    problems = []
    for i in idx[:MAX_LISTED_PER_COLUMN]:
        row = None if rows is None else int(np.asarray(rows)[i])
        problems.append(Problem(row, WOM_COLUMN, None, (
            f"word of mouth out of bounds: {RULE_TEXT[int(rule[i])]}. "
            f"wom_reach_per_lost_customer ({format_value(reach[i])}) x wom_conversion_rate "
            f"({format_value(conv[i])}) = ω {_short(omega[i])}, above {_short(omega_max[i])}, "
            f"the largest ω this scenario allows; lower wom_reach_per_lost_customer or "
            f"wom_conversion_rate")))
    if len(idx) > MAX_LISTED_PER_COLUMN:
        problems.append(Problem(None, WOM_COLUMN, None,
                                f"{len(idx) - MAX_LISTED_PER_COLUMN} more rows break a "
                                f"word-of-mouth rule"))
    return problems


def _short(x: float) -> str:
    """ω and its bound to 6 significant digits."""
    return f"{float(x):.6g}"


def resolve_one(params: Mapping[str, object] | None = None) -> dict[str, float]:
    """:func:`resolve` for exactly one scenario: every parameter as a float. Arrays raise
    :class:`InputError` (a projection, a saved scenario or an analysis base is one scenario)."""
    values = resolve(params)
    if any(np.ndim(v) for v in values.values()):
        raise InputError([Problem(None, None, None, "expected one scenario (one value per "
                                                    "parameter), got arrays")])
    return {k: float(v) for k, v in values.items()}
