"""Figures copied from the model specification (docs/MODEL.md), for tests that check the code
against the text rather than against itself."""

# The defaults, copied from the parameter table of docs/MODEL.md (not from the registry).
SPEC_DEFAULTS = {
    "customers": 10000, "revenue_per_customer": 1200, "operating_margin": 0.20,
    "discount_rate": 0.10, "horizon_years": 5, "program_years": 1, "acquisition_cost": 400,
    "failure_rate": 0.30, "failure_reduction_program": 0, "complaint_rate_baseline": 0.30,
    "complaint_rate_program": 0.40, "resolution_rate_baseline": 0.50,
    "resolution_rate_program": 0.80, "fast_resolution_share_baseline": 0.30,
    "fast_resolution_share_program": 0.60, "retention_no_failure": 0.85,
    "retention_silent": 0.60, "retention_unresolved": 0.50, "retention_resolved": 0.75,
    "retention_resolved_fast": 0.85, "handling_cost_per_complaint": 25,
    "compensation_per_resolution_baseline": 0, "compensation_per_resolution_program": 30,
    "compensation_cost_share": 1.0, "loss_per_failure": 100, "compensation_uplift_at_peak": 0,
    "compensation_peak_ratio": 1.5, "program_fixed_cost": 40000,
    "wom_reach_per_lost_customer": 0, "wom_conversion_rate": 0.01,
}

# Ranges copied from docs/MODEL.md's parameter table; money and counts capped (second figure)
# so that the scenarios look like businesses; a fraction or the horizon uses its whole range.
SPEC_RANGES = {
    "customers": (1, 1e6), "revenue_per_customer": (0, 1e4), "operating_margin": (0, 1),
    "discount_rate": (0, 1), "horizon_years": (1, 50), "program_years": (1, 50),
    "acquisition_cost": (0, 2e3), "failure_rate": (0, 1), "failure_reduction_program": (0, 1),
    "complaint_rate_baseline": (0, 1), "complaint_rate_program": (0, 1),
    "resolution_rate_baseline": (0, 1), "resolution_rate_program": (0, 1),
    "fast_resolution_share_baseline": (0, 1), "fast_resolution_share_program": (0, 1),
    "retention_no_failure": (0, 1), "retention_silent": (0, 1), "retention_unresolved": (0, 1),
    "retention_resolved": (0, 1), "retention_resolved_fast": (0, 1),
    "handling_cost_per_complaint": (0, 200), "compensation_per_resolution_baseline": (0, 200),
    "compensation_per_resolution_program": (0, 200), "compensation_cost_share": (0, 1),
    "loss_per_failure": (0, 500), "compensation_uplift_at_peak": (0, 1),
    "compensation_peak_ratio": (0.1, 10), "program_fixed_cost": (0, 1e6),
    "wom_reach_per_lost_customer": (0, 20), "wom_conversion_rate": (0, 1),
}


# A scenario (found by tests/test_cross_check.py, rounded to 4 digits) where net value is
# positive only in a narrow window of compensation, 13.33 to 13.87 (the peak is 30.87), ending
# at the corner where resolved-fast retention plus the uplift reaches its cap of 1.
# docs/MODEL.md: NaN only "where net_value < 0 at every compensation"; here it is not.
NARROW_WINDOW = {
    **SPEC_DEFAULTS, "customers": 832400.0, "revenue_per_customer": 149.7,
    "operating_margin": 1.0, "discount_rate": 0.5973, "horizon_years": 16.0,
    "program_years": 2.0, "acquisition_cost": 1509.0, "failure_rate": 0.2992,
    "complaint_rate_baseline": 0.02422, "complaint_rate_program": 0.9703,
    "resolution_rate_baseline": 0.1245, "resolution_rate_program": 0.8966,
    "fast_resolution_share_baseline": 0.8651, "fast_resolution_share_program": 0.9921,
    "retention_no_failure": 0.5112, "retention_silent": 0.8221, "retention_unresolved": 0.5331,
    "retention_resolved": 1.0, "retention_resolved_fast": 0.6756,
    "handling_cost_per_complaint": 40.23, "compensation_per_resolution_baseline": 98.23,
    "compensation_per_resolution_program": 69.61, "compensation_cost_share": 0.5381,
    "loss_per_failure": 14.98, "compensation_uplift_at_peak": 0.4246,
    "compensation_peak_ratio": 2.061, "program_fixed_cost": 555900.0,
    "wom_reach_per_lost_customer": 4.444, "wom_conversion_rate": 0.3031,
}
