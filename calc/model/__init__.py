"""The model of docs/MODEL.md: the parameter and metric registries, the closed form and the
year recursion, evaluate, break-even, one scenario run once, the analyses, uncertainty ranges as
data, sampling and the independent per-row reference. numpy, pandas and scipy only."""

from calc.model.analyses import (BreakEven, DEFAULT_SWING, MAX_DRAWS, MC_SUMMARISED, PRESETS,
                                 add_segment_sums, break_even, clip_to_range, default_grid_range,
                                 draw_scenarios, grid_values, monte_carlo, preset, refused_note,
                                 segment_sums, segments, summarise_draws, summed_projection,
                                 tornado, total_row, two_way)
from calc.model.assumptions import Assumption, program_assumptions
from calc.model.breakeven import (GRID_N, GRID_ROWS, M_HIGH, REASONS, ROOT_RTOL, ROOT_XTOL,
                                  ROWS_PER_BLOCK, XATOL_REL, bounded_max, break_even_compensation,
                                  break_even_search, brent_root, closed_form_reason, grid_for,
                                  reason_text)
from calc.model.closed_form import (WORLDS, closed_form_break_even, core, net_value, per_customer,
                                    uplift)
from calc.model.evaluation import break_even_reasons, evaluate, evaluate_table, run_model
from calc.model.flows import (Paths, discounted_survival_sum, net_from_terms, payback_years,
                              program_net_value, scenario_terms, year_paths)
from calc.model.metrics import (ADDITIVE_METRICS, METRICS, METRIC_BY_NAME, METRIC_SPECS,
                                MetricSpec, PROJECTION_COLUMNS)
from calc.model.params import (BY_NAME, DEFAULTS, GROUPS, InputError, MAX_LISTED_PER_COLUMN, NAMES,
                               PARAMS, ParamSpec, Problem, SHOWN_DECIMALS, WOM_COLUMN,
                               allowed_range, check_together, check_values, closest_name,
                               format_number, format_value, params_in_group, resolve, resolve_one)
from calc.model.ranges import RANGE_COLUMNS, RANGE_VALUES, check_ranges
from calc.model.sampling import random_scenarios
from calc.model.scenario import (FLOW_COLUMNS, Result, customer_flow, projection, projection_table,
                                 projections, run)
from calc.model.sources import PARADOX_CAVEAT, PARADOX_WARNING, SOURCES, Source, TARP_NOTE
from calc.model.spreads import SPREADS, inside_range, most_likely_differs, ranges_around
from calc.model.wom import RULE_TEXT, wom_bounds, wom_broken

__all__ = ["ADDITIVE_METRICS", "Assumption", "BY_NAME", "BreakEven", "DEFAULTS", "DEFAULT_SWING",
           "FLOW_COLUMNS", "GRID_N", "GRID_ROWS", "GROUPS", "InputError", "MAX_DRAWS",
           "MAX_LISTED_PER_COLUMN", "MC_SUMMARISED", "METRICS", "METRIC_BY_NAME", "METRIC_SPECS",
           "M_HIGH", "MetricSpec", "NAMES", "PARADOX_CAVEAT", "PARADOX_WARNING", "PARAMS",
           "PRESETS", "PROJECTION_COLUMNS", "ParamSpec", "Paths", "Problem", "RANGE_COLUMNS",
           "RANGE_VALUES", "REASONS", "ROOT_RTOL", "ROOT_XTOL", "ROWS_PER_BLOCK", "RULE_TEXT",
           "Result", "SHOWN_DECIMALS", "SOURCES", "SPREADS", "Source", "TARP_NOTE", "WOM_COLUMN",
           "WORLDS", "XATOL_REL", "add_segment_sums", "allowed_range", "bounded_max", "break_even",
           "break_even_compensation", "break_even_reasons", "break_even_search", "brent_root",
           "check_ranges", "check_together", "check_values", "clip_to_range",
           "closed_form_break_even", "closed_form_reason", "closest_name", "core", "customer_flow",
           "default_grid_range", "discounted_survival_sum", "draw_scenarios", "evaluate",
           "evaluate_table", "format_number", "format_value", "grid_for", "grid_values",
           "inside_range", "monte_carlo", "most_likely_differs", "net_from_terms", "net_value",
           "params_in_group", "payback_years", "per_customer", "preset", "program_assumptions",
           "program_net_value", "projection", "projection_table", "projections",
           "random_scenarios", "ranges_around", "reason_text", "refused_note", "resolve",
           "resolve_one", "run", "run_model", "scenario_terms", "segment_sums", "segments",
           "summarise_draws", "summed_projection", "tornado", "total_row", "two_way", "uplift",
           "wom_bounds", "wom_broken", "year_paths"]
