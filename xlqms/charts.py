"""The charts of the report drafts, drawn by matplotlib (Agg, no display) as PNG pictures.

Two kinds, both horizontal bars so that long Vietnamese labels read whole:

* :func:`results_chart` — each objective's pooled result against its target: a bar coloured by
  verdict (green met or exceeded, red not met), the target marked on the bar, the axis fitted;
* :func:`counts_chart` — counts split by verdict on one bar (units met / not met / without data per
  objective, or objectives not met per unit), with a target line (every unit, say).

Text is set in DejaVu Sans, which ships with matplotlib and has every Vietnamese glyph, so a chart
looks the same wherever the wheel is installed. Figures are built with matplotlib's object API
(:class:`~matplotlib.figure.Figure` on an Agg canvas): no global state, no pyplot. A chart is drawn
once per distinct data (:func:`functools.lru_cache`): bars are frozen dataclasses.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from xlqms.figures import axis_range
from xlqms.numbers import format_number

FONT = "DejaVu Sans"
DPI = 170
GREEN, RED, AMBER, GREY, NAVY = "#43A047", "#E53935", "#FFB300", "#9E9E9E", "#1F3864"
_STYLE: Any = {"font.family": FONT, "font.size": 8.5, "axes.spines.top": False, "axes.spines.right": False,
          "axes.titlesize": 9.5, "svg.hashsalt": "xlqms", "axes.unicode_minus": False}
LABEL_CHARACTERS = 46
"""Longer labels are cut at a word (never mid-word) and end with “…”."""


@dataclass(frozen=True)
class ResultBar:
    """One objective's pooled result (percent) and the level it had to reach; ``met`` colours it."""

    label: str
    value: float
    target: float | None
    met: bool


@dataclass(frozen=True)
class CountBar:
    """One bar of counts by verdict (left to right: met, not met, without data)."""

    label: str
    met: int = 0
    not_met: int = 0
    no_data: int = 0


def short_label(text: str, width: int = LABEL_CHARACTERS) -> str:
    """``text`` cut at a word to at most ``width`` characters, with “…” when cut."""
    text = " ".join(str(text).split())
    if len(text) <= width:
        return text
    cut = text[:width - 1].rsplit(" ", 1)[0].rstrip(",;:–-")
    return cut + "…"


def _figure(labels: list[str], width_mm: float, height_mm: float, bottom_mm: float = 9) -> tuple[Figure, Axes]:
    """A figure on an Agg canvas with one axes, its margins set from the labels (no layout engine: one draw)."""
    figure = Figure(figsize=(width_mm / 25.4, height_mm / 25.4))
    FigureCanvasAgg(figure)
    longest = max((len(label) for label in labels), default=4)
    left_mm = min(4 + 1.75 * longest, width_mm * 0.5)
    figure.subplots_adjust(left=left_mm / width_mm, right=1 - 4 / width_mm, top=1 - 9 / height_mm,
                           bottom=bottom_mm / height_mm)
    return figure, figure.add_subplot()


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def _number(value: float) -> str:
    return format_number(float(value), 2)


@lru_cache(maxsize=256)
def results_chart(bars: tuple[ResultBar, ...], width_mm: float = 160) -> bytes:
    """Horizontal bars of pooled results in percent, coloured by verdict, the target as a mark on each."""
    height_mm = 22 + 7.5 * max(len(bars), 1)
    labels = [short_label(bar.label) for bar in bars]
    with matplotlib.rc_context(_STYLE):
        figure, axes = _figure(labels, width_mm, height_mm)
        positions = list(range(len(bars)))[::-1]
        values = [bar.value for bar in bars]
        low, high, _step = axis_range(values + [bar.target for bar in bars if bar.target is not None], True)
        axes.barh(positions, [value - low for value in values], left=low, height=0.62,
                  color=[GREEN if bar.met else RED for bar in bars])
        for position, bar in zip(positions, bars):
            end = max(bar.value, bar.target if bar.target is not None else bar.value)
            axes.text(end + (high - low) * 0.012, position, _number(bar.value) + "%", va="center", fontsize=7.5)
            if bar.target is not None:
                axes.plot([bar.target, bar.target], [position - 0.42, position + 0.42], color=NAVY, linewidth=2.2)
        axes.set_yticks(positions, labels)
        axes.set_xlim(low, high + (high - low) * 0.12)
        axes.xaxis.set_major_formatter(lambda x, _pos: _number(x) + "%")
        axes.grid(axis="x", color="#DDDDDD", linewidth=0.6)
        axes.set_axisbelow(True)
        handles = ([Patch(color=GREEN, label="Đạt, vượt")] if any(bar.met for bar in bars) else []) + (
            [Patch(color=RED, label="Không đạt")] if not all(bar.met for bar in bars) else []) + [
            Line2D([], [], color=NAVY, linewidth=2.2, label="Mục tiêu (mức phải đạt)")]
        figure.legend(handles=handles, loc="upper center", ncols=3, frameon=False, fontsize=7.5)
        return _png(figure)


@lru_cache(maxsize=256)
def counts_chart(bars: tuple[CountBar, ...], axis_label: str, names: tuple[str, str, str] = (
        "Đạt", "Không đạt", "Thiếu số liệu"), target: int | None = None, target_label: str = "",
        width_mm: float = 160) -> bytes:
    """Horizontal bars of counts split by verdict (green, red, amber), a dashed line at ``target``."""
    height_mm = 26 + 6.5 * max(len(bars), 1)
    labels = [short_label(bar.label) for bar in bars]
    with matplotlib.rc_context(_STYLE):
        figure, axes = _figure(labels, width_mm, height_mm, bottom_mm=15)
        positions = list(range(len(bars)))[::-1]
        left = [0] * len(bars)
        for (name, colour), counts in zip(zip(names, (GREEN, RED, AMBER)),
                                          ([b.met for b in bars], [b.not_met for b in bars], [b.no_data for b in bars])):
            if any(counts):
                axes.barh(positions, counts, left=left, height=0.62, color=colour, label=name)
                for position, start, count in zip(positions, left, counts):
                    if count:
                        axes.text(start + count / 2, position, str(count), va="center", ha="center", fontsize=7,
                                  color="white" if colour != AMBER else "black")
                left = [start + count for start, count in zip(left, counts)]
        if target:
            axes.axvline(target, color=NAVY, linestyle="--", linewidth=1.4, label=target_label or None)
        axes.set_yticks(positions, labels)
        axes.set_xlabel(axis_label)
        top = max([*left, target or 0, 1])
        axes.set_xlim(0, top * 1.05)
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        axes.grid(axis="x", color="#DDDDDD", linewidth=0.6)
        axes.set_axisbelow(True)
        figure.legend(loc="upper center", ncols=4, frameon=False, fontsize=7.5)
        return _png(figure)

