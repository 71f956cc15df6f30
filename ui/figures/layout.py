"""Layout shared by the plotly figures: where titles sit, and ticks for axes of shares."""

from __future__ import annotations

import numpy as np

# Plotly's toolbar appears on hover in a strip at the figure's top right; every title sits below
# that strip (TOOLBAR_STRIP pixels from the top), so the toolbar never covers it.
TOOLBAR_STRIP = 36
TOP_MARGIN = 76         # the strip, one line of title and a gap above the plot


def title_layout(text: str) -> dict:
    """A figure title (``text`` already made safe with chart_text), at the left, below the
    toolbar's strip."""
    return {"text": text, "x": 0, "xanchor": "left", "yref": "container", "y": 1,
            "yanchor": "top", "pad": {"t": TOOLBAR_STRIP}}


def share_ticks(top: float, ticks: int = 5) -> dict:
    """Ticks for an axis of shares from 0 to ``top``: a step of 1, 2 or 5 times a power of ten
    giving about ``ticks`` ticks, shown with as many decimals as the step needs, so no two
    ticks read the same (0%, 0.5%, 1%, 1.5% -- never 0%, 1%, 1%, 2%)."""
    if not np.isfinite(top) or top <= 0:
        return {"tickformat": ".0%"}
    raw = top / ticks
    power = 10.0 ** np.floor(np.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw * (1 - 1e-12))
    decimals = max(0, int(-np.floor(np.log10(step * 100) + 1e-9)))
    return {"tick0": 0, "dtick": float(step), "tickformat": f".{decimals}%"}
