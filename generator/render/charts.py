"""Charts as small, deterministic SVG with text kept as text, each with its data as a table."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

import matplotlib

matplotlib.use("Agg")
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from ..text import format_number  # noqa: E402
from .artifacts import ArtifactStore  # noqa: E402

PALETTE = ("#0f766e", "#c2410c", "#6d28d9", "#0369a1", "#a16207")
FONT_STACK = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', Arial, sans-serif"

matplotlib.rcParams.update(
    {
        "svg.hashsalt": "htx-phu-nu",
        "svg.fonttype": "none",
        "font.family": "DejaVu Sans",
        "font.size": 12,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.edgecolor": "#64748b",
        "axes.labelcolor": "#1f2937",
        "xtick.color": "#334155",
        "ytick.color": "#334155",
        "axes.titlesize": 12,
        "legend.frameon": False,
        "path.simplify": True,
    }
)


@dataclass
class Chart:
    """One chart: its SVG file, a title, a text alternative, and the numbers behind it."""

    name: str
    title: str
    description: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    path: str = ""


def _number_axis(axis) -> None:
    axis.set_major_formatter(FuncFormatter(lambda v, _: format_number(v)))


def _svg(fig, tight: bool) -> bytes:
    """SVG text of fig. A tight bounding box costs a second full draw, so charts whose labels
    have a known size (years, numbers) use fixed margins instead and render twice as fast."""
    buffer = io.StringIO()
    options = {"bbox_inches": "tight"} if tight else {}
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None}, **options)
    svg = buffer.getvalue()
    svg = re.sub(r"font-family:\s*'?DejaVu Sans'?", f"font-family: {FONT_STACK}", svg)
    svg = re.sub(r'font-family="[^"]*"', f'font-family="{FONT_STACK}"', svg)
    return svg.encode("utf-8")


def bar_chart(
    store: ArtifactStore,
    name: str,
    categories: list[str],
    series: dict[str, list[float]],
    horizontal: bool = False,
    unit: str = "",
) -> str:
    """Grouped bars (one group per category, one bar per series); returns the SVG's site path."""
    series_items = tuple((label, tuple(values)) for label, values in series.items())
    return store.request(f"charts/{name}-{{key}}.svg", render_bar, tuple(categories), series_items, horizontal, unit)


def line_chart(
    store: ArtifactStore, name: str, years: list[int], series: dict[str, list[float | None]], unit: str = ""
) -> str:
    """Lines over years; returns the SVG's site path."""
    series_items = tuple((label, tuple(values)) for label, values in series.items())
    return store.request(f"charts/{name}-{{key}}.svg", render_line, tuple(years), series_items, unit)


def render_bar(
    categories: tuple[str, ...], series: tuple[tuple[str, tuple[float, ...]], ...], horizontal: bool, unit: str
) -> bytes:
    """The SVG bytes of a grouped bar chart."""
    count = len(categories)
    if horizontal:
        fig = Figure(figsize=(4.6, 1.0 + 0.5 * count * max(1, len(series) * 0.7)))
    else:
        fig = Figure(figsize=(4.6, 3.2))
    ax = fig.add_subplot()
    width = 0.8 / max(len(series), 1)
    for index, (label, values) in enumerate(series):
        offsets = [i + (index - (len(series) - 1) / 2) * width for i in range(count)]
        colour = PALETTE[index % len(PALETTE)]
        if horizontal:
            bars = ax.barh(offsets, values, height=width, label=label, color=colour)
        else:
            bars = ax.bar(offsets, values, width=width, label=label, color=colour)
        ax.bar_label(bars, labels=[format_number(v) for v in values], padding=2, fontsize=11, color="#1f2937")
    if horizontal:
        ax.set_yticks(range(count), categories)
        ax.invert_yaxis()
        _number_axis(ax.xaxis)
        ax.margins(x=0.15)
    else:
        ax.set_xticks(range(count), categories)
        _number_axis(ax.yaxis)
        ax.margins(y=0.12)
    if unit:
        (ax.set_xlabel if horizontal else ax.set_ylabel)(unit)
    _legend(fig, ax, len(series), columns=2, fixed=not horizontal)
    return _svg(fig, tight=horizontal)


def render_line(years: tuple[int, ...], series: tuple[tuple[str, tuple[float | None, ...]], ...], unit: str) -> bytes:
    """The SVG bytes of a line chart over years."""
    fig = Figure(figsize=(4.6, 3.2))
    ax = fig.add_subplot()
    for index, (label, values) in enumerate(series):
        points = [(y, v) for y, v in zip(years, values, strict=True) if v is not None]
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        ax.plot(xs, ys, marker="o", linewidth=2.2, color=PALETTE[index % len(PALETTE)], label=label)
    ax.set_xticks(years, [str(y) for y in years])
    _number_axis(ax.yaxis)
    ax.set_ylim(bottom=0)
    ax.grid(axis="y", color="#e2e8f0")
    if unit:
        ax.set_ylabel(unit)
    _legend(fig, ax, len(series), columns=1, fixed=True)
    return _svg(fig, tight=False)


def _legend(fig, ax, count: int, columns: int, fixed: bool) -> None:
    """The legend above the plot; with fixed margins, room is made for its rows."""
    rows = -(-count // columns) if count > 1 else 0
    if rows:
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=columns, fontsize=11, borderaxespad=0.2)
    if fixed:
        fig.subplots_adjust(left=0.17, right=0.97, bottom=0.1, top=0.94 - 0.085 * rows)
