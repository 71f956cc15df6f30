"""A one-page PDF report of one scenario, for the manager who takes it to the CFO.

Drawn with matplotlib's own PDF backend: a pure-Python writer with its fonts (DejaVu) bundled,
so it works on a fresh machine with no browser, no LaTeX and no system library. The page:
scenario name and date, headline figures, the inputs that differ from the defaults, the value
waterfall and the cumulative discounted cash flow, the key assumptions (with the recovery-paradox
caveat where the inputs assume it) and the sources. User text is drawn literally (mathtext off).
"""

from __future__ import annotations

import io
import math
import textwrap
import threading
from datetime import date
from typing import Mapping

import matplotlib
import matplotlib.patches
import matplotlib.ticker
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from calc.export import report_text as rt
from calc.model.scenario import run

BLUE, GREEN, RED, GREY, INK = "#1f5fa8", "#2e8b57", "#c0392b", "#888888", "#222222"
A4 = (8.27, 11.69)
# matplotlib's settings are process-wide: one report is drawn at a time (the dashboard builds
# downloads on worker threads). Pyplot is not used, so no figure outlives its report.
_LOCK = threading.Lock()


def _waterfall(ax, m, cur):
    fixed = m["fixed_cost_total"]
    steps = [("Total\nbenefit", m["total_benefit"]),
             ("Extra\nhandling", -m["incremental_handling_cost"]),
             ("Extra\ncompensation", -m["incremental_compensation_cost"]),
             ("Fixed\ncost", -fixed)]
    level = 0.0
    for i, (label, v) in enumerate(steps):
        ax.bar(i, v, bottom=level, color=GREEN if v >= 0 else RED, width=0.62)
        ax.text(i, max(level, level + v), rt.money(v, cur, short=True), ha="center",
                va="bottom", fontsize=7)
        level += v
    net = m["net_value"]
    ax.bar(len(steps), net, color=BLUE, width=0.62)
    ax.text(len(steps), max(net, 0), rt.money(net, cur, short=True), ha="center", va="bottom",
            fontsize=7, fontweight="bold")
    ax.set_xticks(range(len(steps) + 1), [s[0] for s in steps] + ["Net\nvalue"], fontsize=7)
    lo, hi = ax.get_ylim()
    ax.set_ylim(lo, hi + 0.1 * (hi - lo))       # room for the value labels
    ax.axhline(0, color=GREY, lw=0.8)
    ax.set_title("Where the net value comes from (present values)", fontsize=9, loc="left",
                 pad=8)
    _money_axis(ax, cur)


def _cash_flow(ax, proj, payback, cur):
    years = proj["year"].to_numpy()
    dcf = proj["discounted_cash_flow"].to_numpy()
    ax.bar(years, dcf, color=[RED if v < 0 else GREEN for v in dcf], alpha=0.55, width=0.7,
           label="Discounted cash flow")
    ax.plot(years, proj["cumulative_discounted_cash_flow"], color=BLUE, lw=2, marker="o",
            ms=3, label="Cumulative")
    if payback is not None and math.isfinite(payback):
        ax.plot([payback], [0], marker="D", color="#e67e22", ms=7, ls="none",
                label=f"Payback {payback:.2f} years")
    ax.axhline(0, color=GREY, lw=0.8)
    ax.set_xlabel("Year", fontsize=7)
    step = max(1, int(math.ceil(len(years) / 12)))
    ax.set_xticks(years[::step])
    ax.legend(fontsize=6.5, loc="lower right", frameon=False)
    ax.set_title("Cumulative discounted cash flow", fontsize=9, loc="left", pad=8)
    _money_axis(ax, cur)


def _money_axis(ax, cur):
    ax.tick_params(labelsize=7)
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(
        lambda v, _: rt.money(v, cur, short=True)))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _headline(fig, m, cur, top, reason=""):
    items = rt.headline(m, cur, reason)
    cols, w, h = 4, 0.215, 0.052
    for i, (label, value) in enumerate(items):
        x = 0.06 + (i % cols) * (w + 0.01)
        y = top - (i // cols) * (h + 0.008) - h
        fig.patches.append(matplotlib.patches.FancyBboxPatch(
            (x, y), w, h, boxstyle="round,pad=0.002,rounding_size=0.006", transform=fig.transFigure,
            facecolor="#f3f6fa", edgecolor="#c9d3e0", lw=0.8))
        fig.text(x + 0.01, y + h - 0.016, label, fontsize=7.5, color="#555555")
        fig.text(x + 0.01, y + 0.011, value, fontsize=12.5, fontweight="bold", color=INK)


def _lines(fig, x, top, title, lines, width, size=7.5, gap=0.0135):
    fig.text(x, top, title, fontsize=9.5, fontweight="bold", color=INK)
    y = top - 0.02
    for line in lines:
        for i, part in enumerate(textwrap.wrap(line, width) or [""]):
            fig.text(x + (0.012 if i else 0), y, part, fontsize=size, color=INK)
            y -= gap * size / 7.5
        y -= 0.003
    return y


def _inputs_table(fig, x, top, rows, extra):
    fig.text(x, top, "Inputs that differ from the defaults", fontsize=9.5, fontweight="bold")
    y = top - 0.02
    if not rows:
        fig.text(x, y, "None: every input is at its default.", fontsize=7.5)
        return
    fig.text(x, y, "Input", fontsize=7, color="#555555")
    fig.text(x + 0.29, y, "Value", fontsize=7, color="#555555", ha="right")
    fig.text(x + 0.40, y, "Default", fontsize=7, color="#555555", ha="right")
    for label, value, default in rows:
        y -= 0.0128
        fig.text(x, y, textwrap.shorten(label, 52, placeholder="..."), fontsize=7)
        fig.text(x + 0.29, y, value, fontsize=7, ha="right", fontweight="bold")
        fig.text(x + 0.40, y, default, fontsize=7, ha="right", color="#555555")
    if extra:
        fig.text(x, y - 0.0128, f"... and {extra} more (the Excel workbook lists every input).",
                 fontsize=7, style="italic")


def report_pdf(params: Mapping[str, object], name: str, currency: str = "$",
               today: date | None = None) -> bytes:
    """The one-page report of one scenario as PDF bytes."""
    result = run(params)
    m, p, proj = result.metrics, result.params, result.projection
    today = today or date.today()
    with _LOCK, matplotlib.rc_context({"text.parse_math": False, "font.family": "DejaVu Sans",
                                       "pdf.fonttype": 42}):
        fig = Figure(figsize=A4)
        title = textwrap.wrap(str(name), 58) or [""]
        if len(title) > 2:
            title = [title[0], textwrap.shorten(" ".join(title[1:]), 58, placeholder=" ...")]
        fig.text(0.06, 0.962, "Service recovery program", fontsize=10, color="#555555")
        for i, line in enumerate(title):
            fig.text(0.06, 0.94 - i * 0.022, line, fontsize=16, fontweight="bold", color=INK)
        sub = 0.94 - len(title) * 0.022 + 0.002
        fig.text(0.06, sub, rt.subtitle(p, today, currency), fontsize=8, color="#555555")
        _headline(fig, m, currency, sub - 0.012, result.break_even_reason)
        charts_top = sub - 0.14
        _waterfall(fig.add_axes((0.09, charts_top - 0.25, 0.38, 0.23)), m, currency)
        _cash_flow(fig.add_axes((0.58, charts_top - 0.25, 0.37, 0.23)), proj,
                   m["payback_years"], currency)
        rows, extra = rt.differing_inputs(p, currency, limit=20)
        lower = charts_top - 0.31
        _inputs_table(fig, 0.06, lower, rows, extra)
        _lines(fig, 0.53, lower, "Key assumptions", rt.assumptions(p, m, currency,
                                                                 result.break_even_reason), 62)
        _lines(fig, 0.06, 0.155, "Sources", rt.sources(), 140, size=6.5, gap=0.0125)
        buf = io.BytesIO()
        with PdfPages(buf, metadata={"Title": f"Service recovery program: {name}",
                                     "Creator": "python -m calc"}) as pdf:
            pdf.savefig(fig)
    return buf.getvalue()
