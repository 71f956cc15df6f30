"""The budget planner: lever values, response curves, the allocation of a budget and its frontier,
best compensation, and the tables that read an allocation for people."""

from calc.budget.allocation import (Allocation, GRID_POINTS, allocate, allocation_frame, frontier,
                                    simplex_grid)
from calc.budget.compensation import (BEST_COLUMNS, BLOCK, COMP, GOLDEN_ITERATIONS, GRID, X_MAX,
                                      best_compensation, best_table, compensation_to_loss,
                                      net_value_curve, uplift, uplift_curve)
from calc.budget.kinks import CAPPED, retention_kinks
from calc.budget.levers import (LEVER_COLUMNS, LEVER_STEPS, lever_table, lever_values, net_values,
                                ranked, step_text)
from calc.budget.polish import FD_STEP, KINK_TOLERANCE, polishes
from calc.budget.responses import (BUDGET_LEVERS, BUDGET_LEVER_BY_NAME, BUDGET_LEVER_NAMES,
                                   BudgetLever, COMPENSATION_LEVER, RESPONSE_COLUMNS,
                                   SPLIT_LEVER_NAMES, check_responses, compensation_after_spend,
                                   compensation_spend, default_responses, lever_response,
                                   validated)
from calc.budget.tables import (CUT_COLUMNS, CUT_TOLERANCE, SPLIT_COLUMNS, UNSPENT_TOLERANCE,
                                applied_params, cut_table, frontier_frame, is_partly_unspent,
                                net_value_change, real_cuts, real_raises, saturation_budget,
                                split_table)

__all__ = ["Allocation", "BEST_COLUMNS", "BLOCK", "BUDGET_LEVERS", "BUDGET_LEVER_BY_NAME",
           "BUDGET_LEVER_NAMES", "BudgetLever", "CAPPED", "COMP", "COMPENSATION_LEVER",
           "CUT_COLUMNS", "CUT_TOLERANCE", "FD_STEP", "GOLDEN_ITERATIONS", "GRID", "GRID_POINTS",
           "KINK_TOLERANCE", "LEVER_COLUMNS", "LEVER_STEPS", "RESPONSE_COLUMNS", "SPLIT_COLUMNS",
           "SPLIT_LEVER_NAMES", "UNSPENT_TOLERANCE", "X_MAX", "allocate", "allocation_frame",
           "applied_params", "best_compensation", "best_table", "check_responses",
           "compensation_after_spend", "compensation_spend", "compensation_to_loss", "cut_table",
           "default_responses", "frontier", "frontier_frame", "is_partly_unspent",
           "lever_response", "lever_table", "lever_values", "net_value_change", "net_value_curve",
           "net_values", "polishes", "ranked", "real_cuts", "real_raises", "retention_kinks",
           "saturation_budget", "simplex_grid", "split_table", "step_text", "uplift",
           "uplift_curve", "validated"]
