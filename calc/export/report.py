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
import matplotlib.lines
import matplotlib.patches
import matplotlib.ticker
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

from calc.export import report_text as rt
from calc.model.evaluation import evaluate_table
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
             ("Extra\ncompen-\nsation", -m["incremental_compensation_cost"]),
             ("Fixed\ncost", -fixed)]
    level = 0.0
    for i, (label, v) in enumerate(steps):
        ax.bar(i, v, bottom=level, color=GREEN if v >= 0 else RED, width=0.62)
        ax.text(i, max(level, level + v), rt.money(v, "", short=True), ha="center",
                va="bottom", fontsize=6.5)
        level += v
    net = m["net_value"]
    ax.bar(len(steps), net, color=BLUE, width=0.62)
    ax.text(len(steps), max(net, 0), rt.money(net, "", short=True), ha="center", va="bottom",
            fontsize=6.5, fontweight="bold")
    ax.set_xticks(range(len(steps) + 1), [s[0] for s in steps] + ["Net\nvalue"], fontsize=6.5)
    lo, hi = ax.get_ylim()
    ax.set_ylim(lo, hi + 0.1 * (hi - lo))       # room for the value labels
    ax.axhline(0, color=GREY, lw=0.8)
    # the bars' labels leave out the currency, so neighbours never touch: the title says it
    ax.set_title(f"Where the net value comes from ({cur.strip()}, present values)", fontsize=9,
                 loc="left", pad=8)
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
    # below the plot, never on the line or the bars
    ax.legend(fontsize=6.5, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3,
              frameon=False, handlelength=1.5, columnspacing=1.2)
    ax.set_title("Cumulative discounted cash flow", fontsize=9, loc="left", pad=8)
    _money_axis(ax, cur)


def _money_axis(ax, cur):
    ax.tick_params(labelsize=7)
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(
        lambda v, _: rt.money(v, cur, short=True)))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


class _Page:
    """Text laid out by measured widths on one figure: every line's width is measured with the
    font it is drawn in (the Agg renderer's metrics of DejaVu, the font the PDF embeds), lines
    are wrapped to fit their column, and each block returns where it ends, so the next starts
    below it: nothing overlaps, whatever the labels and names."""

    def __init__(self, fig):
        FigureCanvasAgg(fig)
        self.fig = fig
        self.renderer = fig.canvas.get_renderer()
        self.w_px = fig.get_figwidth() * fig.dpi
        self.h_in = fig.get_figheight()

    def width(self, text: str, size: float, weight: str = "normal") -> float:
        """Width of ``text`` in figure fractions (2% spare for the PDF's own metrics)."""
        font = FontProperties(family="DejaVu Sans", size=size, weight=weight)
        w, _, _ = self.renderer.get_text_width_height_descent(text, font, ismath=False)
        return 1.02 * w / self.w_px

    def line(self, size: float) -> float:
        """One line's height at ``size`` points, in figure fractions."""
        return 1.3 * size / 72 / self.h_in

    def wrap(self, text: str, width: float, size: float, weight: str = "normal") -> list[str]:
        lines, cur = [], ""
        for word in str(text).split():
            trial = f"{cur} {word}" if cur else word
            if self.width(trial, size, weight) <= width:
                cur = trial
                continue
            if cur:
                lines.append(cur)
            while self.width(word, size, weight) > width:      # a word wider than the column
                cut = len(word)
                while cut > 1 and self.width(word[:cut], size, weight) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            cur = word
        if cur or not lines:
            lines.append(cur)
        return lines

    def shorten(self, text: str, width: float, size: float, weight: str = "normal") -> str:
        if self.width(text, size, weight) <= width:
            return text
        while text and self.width(text + " ...", size, weight) > width:
            text = text[:-1]
        return text.rstrip() + " ..."

    def text(self, x, y, s, size, **kw):
        self.fig.text(x, y, s, fontsize=size, va="top", **kw)

    def paragraphs(self, x, top, width, items, size, indent=0.012, gap=0.003, **kw) -> float:
        """Each item wrapped to ``width`` (later lines indented); returns the y below them."""
        y = top
        for item in items:
            parts = self.wrap(item, width, size)
            first, rest = parts[0], " ".join(parts[1:])
            lines = [first] + (self.wrap(rest, width - indent, size) if rest else [])
            for i, part in enumerate(lines):
                self.text(x + (indent if i else 0), y, part, size, color=INK, **kw)
                y -= self.line(size)
            y -= gap
        return y


def _headline(page, m, cur, top, reason: str = "") -> float:
    fig = page.fig
    items = rt.headline(m, cur, break_even_reason=reason)
    short = dict(rt.headline(m, cur, short=True, break_even_reason=reason))
    cols, w, h = 4, 0.215, 0.06
    pad = 0.01
    rows = (len(items) + cols - 1) // cols
    for i, (label, value) in enumerate(items):
        x = 0.06 + (i % cols) * (w + 0.01)
        y = top - (i // cols) * (h + 0.008) - h
        fig.patches.append(matplotlib.patches.FancyBboxPatch(
            (x, y), w, h, boxstyle="round,pad=0.002,rounding_size=0.006", transform=fig.transFigure,
            facecolor="#f3f6fa", edgecolor="#c9d3e0", lw=0.8))
        lines = page.wrap(label, w - 2 * pad, 7)
        if len(lines) > 2:
            lines = [lines[0], page.shorten(" ".join(lines[1:]), w - 2 * pad, 7)]
        for j, part in enumerate(lines):
            page.text(x + pad, y + h - 0.006 - j * page.line(7), part, 7, color="#555555")
        size = 12.5
        while size > 10 and page.width(value, size, "bold") > w - 2 * pad:
            size -= 0.5
        if page.width(value, size, "bold") > w - 2 * pad:      # the compact form, as on cards
            value = short.get(label, value)
            while size > 7 and page.width(value, size, "bold") > w - 2 * pad:
                size -= 0.5
        fig.text(x + pad, y + 0.008, value, fontsize=size, fontweight="bold", color=INK,
                 va="baseline")
    return top - rows * (h + 0.008)


def _inputs_table(page, x, top, width, rows, extra) -> float:
    page.text(x, top, "Inputs that differ from the defaults", 9.5, fontweight="bold",
              color=INK)
    y = top - page.line(9.5) - 0.004
    size = 7
    if not rows:
        page.text(x, y, "None: every input is at its default.", size, color=INK)
        return y - page.line(size)
    gap = 0.015
    w_default = max([page.width("Default", size)] + [page.width(r[2], size) for r in rows])
    w_value = max([page.width("Value", size)] + [page.width(r[1], size, "bold") for r in rows])
    right_default = x + width
    right_value = right_default - w_default - gap
    w_label = right_value - w_value - gap - x
    page.text(x, y, "Input", size, color="#555555")
    page.text(right_value, y, "Value", size, color="#555555", ha="right")
    page.text(right_default, y, "Default", size, color="#555555", ha="right")
    y -= page.line(size)
    for label, value, default in rows:
        page.text(right_value, y, value, size, ha="right", fontweight="bold", color=INK)
        page.text(right_default, y, default, size, ha="right", color="#555555")
        for part in page.wrap(label, w_label, size):
            page.text(x, y, part, size, color=INK)
            y -= page.line(size)
    if extra:
        y = page.paragraphs(x, y, width, [f"... and {extra} more (the Excel workbook lists "
                                          "every input)."], size, style="italic")
    return y


def _sources(page, top, bottom, items) -> list[str] | None:
    """The sources from ``top`` down, in the largest size from 6.5 to 5 points that fits above
    ``bottom``; returns the items that did not fit (for another page), or None."""
    width = 0.88
    for size in (6.5, 6.0, 5.5, 6.5):       # none fits: readable, and the rest on a new page
        need = page.line(9.5) + 0.004 + sum(
            len(page.wrap(s, width - 0.012, size)) * page.line(size) + 0.002 for s in items)
        if top - need >= bottom:
            break
    page.text(0.06, top, "Sources", 9.5, fontweight="bold", color=INK)
    y = top - page.line(9.5) - 0.004
    for i, item in enumerate(items):
        h = len(page.wrap(item, width - 0.012, size)) * page.line(size)
        if y - h < bottom:
            return items[i:]
        y = page.paragraphs(0.06, y, width, [item], size, gap=0.002)
    return None


def report_pdf(params: Mapping[str, object], name: str, currency: str = "$",
               today: date | None = None) -> bytes:
    """The one-page report of one scenario as PDF bytes (sources that do not fit the page go
    on a second one rather than off its foot)."""
    result = run(params)
    m, p, proj = result.metrics, result.params, result.projection
    today = today or date.today()
    with _LOCK, matplotlib.rc_context({"text.parse_math": False, "font.family": "DejaVu Sans",
                                       "pdf.fonttype": 42}):
        fig = Figure(figsize=A4)
        page = _Page(fig)
        page.text(0.06, 0.975, "Service recovery program", 10, color="#555555")
        title = page.wrap(str(name), 0.88, 16, "bold")
        if len(title) > 2:
            title = [title[0], page.shorten(" ".join(title[1:]), 0.88, 16, "bold")]
        y = 0.975 - page.line(10)
        for line in title:
            page.text(0.06, y, line, 16, fontweight="bold", color=INK)
            y -= page.line(16)
        for line in page.wrap(rt.subtitle(p, today, currency), 0.88, 8):
            page.text(0.06, y, line, 8, color="#555555")
            y -= page.line(8)
        y = _headline(page, m, currency, y - 0.008, result.break_even_reason)
        # the charts: titles above, tick labels, the x label and the legend below
        chart_top = y - 0.045
        chart_h = 0.2
        _waterfall(fig.add_axes((0.11, chart_top - chart_h, 0.36, chart_h)), m, currency)
        _cash_flow(fig.add_axes((0.6, chart_top - chart_h, 0.35, chart_h)), proj,
                   m["payback_years"], currency)
        lower = chart_top - chart_h - 0.075
        rows, extra = rt.differing_inputs(p, currency, limit=20)
        left = _inputs_table(page, 0.06, lower, 0.42, rows, extra)
        page.text(0.53, lower, "Key assumptions", 9.5, fontweight="bold", color=INK)
        right = page.paragraphs(0.53, lower - page.line(9.5) - 0.004, 0.41,
                                rt.assumptions(p, m, currency, result.break_even_reason), 7.5)
        rest = _sources(page, min(left, right) - 0.015, 0.03, rt.sources())
        figures = [fig]
        if rest:
            more = Figure(figsize=A4)
            _sources(_Page(more), 0.95, 0.03, rest)
            figures.append(more)
        buf = io.BytesIO()
        with PdfPages(buf, metadata={"Title": f"Service recovery program: {name}",
                                     "Creator": "python -m calc"}) as pdf:
            for f in figures:
                pdf.savefig(f)
    return buf.getvalue()


def _columns_table(page, x, top, width, title, names, rows, size=7.0) -> float:
    """A table with one column per scenario (headed by its name, wrapped), rows of figures;
    label column 34% of the width. Returns the y below it."""
    page.text(x, top, title, 9.5, fontweight="bold", color=INK)
    y = top - page.line(9.5) - 0.004
    label_w = 0.34 * width
    col_w = (width - label_w) / max(1, len(names))
    heads = []
    for n in names:                     # at most three lines, the third cut with '...'
        lines = page.wrap(n, col_w - 0.01, size, "bold")
        if len(lines) > 3:
            lines = lines[:2] + [page.shorten(" ".join(lines[2:]), col_w - 0.01, size, "bold")]
        heads.append(lines)
    for j, lines in enumerate(heads):
        for i, line in enumerate(lines):
            page.text(x + label_w + (j + 1) * col_w, y - i * page.line(size),
                      page.shorten(line, col_w - 0.01, size, "bold"), size, ha="right",
                      fontweight="bold", color=INK)
    y -= max(len(h) for h in heads) * page.line(size) + 0.004
    page.fig.add_artist(matplotlib.lines.Line2D([x, x + width], [y + 0.002, y + 0.002],
                                                 lw=0.5, color=GREY,
                                                 transform=page.fig.transFigure))
    for label, values in rows:
        parts = page.wrap(label, label_w - 0.01, size)
        for j, v in enumerate(values):
            v_size = size
            while v_size > 5 and page.width(v, v_size) > col_w - 0.01:
                v_size -= 0.5
            page.text(x + label_w + (j + 1) * col_w, y, v, v_size, ha="right", color=INK)
        for part in parts:
            page.text(x, y, part, size, color=INK)
            y -= page.line(size)
        y -= 0.002
    return y


COMPARE_AT_ONCE = 6     # scenarios side by side on one page; more continue on the next


def comparison_pdf(frame, currency: str = "$", today: date | None = None) -> bytes:
    """The comparison report of the scenarios of ``frame`` (``scenario`` and parameter
    columns, one row each, as chosen under Scenarios > Compare): their headline figures side by
    side, the inputs that differ and the benefit, cost and net value bars; one page per
    COMPARE_AT_ONCE scenarios."""
    table = evaluate_table(frame.reset_index(drop=True))
    today = today or date.today()
    figures = []
    with _LOCK, matplotlib.rc_context({"text.parse_math": False, "font.family": "DejaVu Sans",
                                       "pdf.fonttype": 42}):
        for start in range(0, max(1, len(table)), COMPARE_AT_ONCE):
            part = table.iloc[start:start + COMPARE_AT_ONCE]
            names = [str(n) for n in part["scenario"]]
            fig = Figure(figsize=A4)
            page = _Page(fig)
            page.text(0.06, 0.975, "Service recovery program", 10, color="#555555")
            y = 0.975 - page.line(10)
            page.text(0.06, y, f"Comparison of {len(table)} scenarios"
                      + (f" ({start + 1} to {start + len(part)})" if len(table) > len(part)
                         else ""), 16, fontweight="bold", color=INK)
            y -= page.line(16)
            page.text(0.06, y, f"Report of {today.isoformat()}. Money in {currency} (present "
                      "values at the start of each scenario's plan).", 8, color="#555555")
            y -= page.line(8) + 0.015
            y = _columns_table(page, 0.06, y, 0.88, "Headline figures", names,
                               rt.compare_headline(part, currency))
            differ = rt.compare_inputs(table, currency)
            shown = [(label, values[start:start + len(part)]) for label, values in differ]
            y = _columns_table(page, 0.06, y - 0.015, 0.88, "Inputs that differ", names,
                               shown or [("None: the scenarios have the same inputs.",
                                          [""] * len(part))])
            bottom = 0.06
            h = min(0.3, y - 0.05 - bottom)
            if h > 0.12:
                _compare_bars(fig.add_axes((0.12, y - 0.045 - h, 0.83, h)), part, names,
                              currency)
            figures.append(fig)
        buf = io.BytesIO()
        with PdfPages(buf, metadata={"Title": "Service recovery program: comparison",
                                     "Creator": "python -m calc"}) as pdf:
            for f in figures:
                pdf.savefig(f)
    return buf.getvalue()


def _compare_bars(ax, part, names, cur):
    keys = (("total_benefit", "Total benefit", GREEN), ("incremental_cost", "Total program cost",
                                                       RED), ("net_value", "Net value", BLUE))
    n = len(part)
    width = 0.8 / len(keys)
    for j, (key, label, color) in enumerate(keys):
        xs = [i + (j - 1) * width for i in range(n)]
        ax.bar(xs, part[key].to_numpy(float), width=width * 0.95, color=color, label=label)
    ax.axhline(0, color=GREY, lw=0.8)
    labels = []
    for nm in names:
        lines = textwrap.wrap(nm, 16) or [""]
        labels.append("\n".join(lines[:2] + ([textwrap.shorten(" ".join(lines[2:]), 16,
                                                               placeholder=" ...")]
                                              if len(lines) > 2 else [])))
    ax.set_xticks(range(n), labels, fontsize=6.5)
    ax.legend(fontsize=6.5, loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=3,
              frameon=False)
    ax.set_title(f"Benefit, cost and net value by scenario ({cur.strip()}, present values)",
                 fontsize=9, loc="left", pad=8)
    _money_axis(ax, cur)
