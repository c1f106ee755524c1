"""Charts as small, deterministic SVG with text kept as text, each with its data as a table.

Charts over years (a few short labels) are drawn by hand, because every profile has them and
matplotlib's start-up per figure would dominate the build at scale. Horizontal bars have long
labels (communes, sectors) whose size needs matplotlib's text metrics; there are only a few.
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass, field
from html import escape

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
    renderer = render_hbar if horizontal else render_columns
    return store.request(f"charts/{name}-{{key}}.svg", renderer, tuple(categories), series_items, unit)


def line_chart(
    store: ArtifactStore, name: str, years: list[int], series: dict[str, list[float | None]], unit: str = ""
) -> str:
    """Lines over years; returns the SVG's site path."""
    series_items = tuple((label, tuple(values)) for label, values in series.items())
    return store.request(f"charts/{name}-{{key}}.svg", render_line, tuple(years), series_items, unit)


def render_hbar(categories: tuple[str, ...], series: tuple[tuple[str, tuple[float, ...]], ...], unit: str) -> bytes:
    """The SVG bytes of horizontal grouped bars (matplotlib, cropped to its labels)."""
    count = len(categories)
    fig = Figure(figsize=(4.6, 1.0 + 0.5 * count * max(1, len(series) * 0.7)))
    ax = fig.add_subplot()
    width = 0.8 / max(len(series), 1)
    for index, (label, values) in enumerate(series):
        offsets = [i + (index - (len(series) - 1) / 2) * width for i in range(count)]
        bars = ax.barh(offsets, values, height=width, label=label, color=PALETTE[index % len(PALETTE)])
        ax.bar_label(bars, labels=[format_number(v) for v in values], padding=2, fontsize=11, color="#1f2937")
    ax.set_yticks(range(count), categories)
    ax.invert_yaxis()
    _number_axis(ax.xaxis)
    ax.margins(x=0.15)
    if unit:
        ax.set_xlabel(unit)
    if len(series) > 1:
        ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=2, fontsize=11, borderaxespad=0.2)
    return _svg(fig, tight=True)


def render_columns(categories: tuple[str, ...], series: tuple[tuple[str, tuple[float, ...]], ...], unit: str) -> bytes:
    """The SVG bytes of upright grouped bars, each with its value on top."""
    plot = _Plot(series, unit, max((v for _, values in series for v in values), default=0), line=False)
    slot = plot.width / max(len(categories), 1)
    bar = slot * 0.8 / max(len(series), 1)
    for index, (_, values) in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        for position, value in enumerate(values):
            x, y = plot.left + slot * (position + 0.1) + bar * index, plot.y(value)
            height = plot.bottom - y
            plot.add(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{height:.1f}" fill="{colour}"/>')
            plot.text(x + bar / 2, y - 5, format_number(value), "middle", size=13)
    plot.axes(categories)
    return plot.svg()


def render_line(years: tuple[int, ...], series: tuple[tuple[str, tuple[float | None, ...]], ...], unit: str) -> bytes:
    """The SVG bytes of lines over years: a dot on each known value, a gap where none is known."""
    known = [v for _, values in series for v in values if v is not None]
    plot = _Plot(series, unit, max(known, default=0), line=True)
    slot = plot.width / max(len(years), 1)
    for index, (_, values) in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        runs: list[list[str]] = [[]]
        for position, value in enumerate(values):
            if value is None:
                runs.append([])
                continue
            x, y = plot.left + slot * (position + 0.5), plot.y(value)
            runs[-1].append(f"{x:.1f},{y:.1f}")
            plot.add(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>')
        for run in runs:
            if len(run) > 1:
                points = " ".join(run)
                plot.add(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5"/>')
    plot.axes(tuple(str(y) for y in years))
    return plot.svg()


class _Plot:
    """A 460x320 frame: the legend on top, a value axis from zero with round ticks, labels below."""

    WIDTH, HEIGHT, RIGHT = 460, 320, 450

    def __init__(self, series: tuple, unit: str, top: float, line: bool):
        self.parts: list[str] = []
        self.ticks, decimals = _nice_ticks(top)
        labels = [format_number(t, decimals) for t in self.ticks]
        rows = self._legend([label for label, _ in series], line) if len(series) > 1 else 0
        self.left = 14 + 8.6 * max(len(label) for label in labels) + (24 if unit else 0)
        self.top, self.bottom = 12 + 26 * rows + 16, self.HEIGHT - 34
        self.width = self.RIGHT - self.left
        for tick, label in zip(self.ticks, labels, strict=True):
            y = self.y(tick)
            if tick:
                self.add(f'<line x1="{self.left:.1f}" x2="{self.RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e2e8f0"/>')
            self.text(self.left - 7, y + 5, label, "end")
        if unit:
            middle = (self.top + self.bottom) / 2
            self.add(
                f'<text transform="translate(16 {middle:.1f}) rotate(-90)" text-anchor="middle" '
                f'fill="#1f2937">{escape(unit)}</text>'
            )

    def _legend(self, labels: list[str], line: bool) -> int:
        """Legend entries flowing left to right, wrapping; returns the number of rows."""
        x, row = 12.0, 0
        for index, label in enumerate(labels):
            width = 24 + 8.4 * len(label) + 16
            if x + width - 16 > self.WIDTH and x > 12:
                x, row = 12.0, row + 1
            y, colour = 10 + 26 * row, PALETTE[index % len(PALETTE)]
            if line:
                stroke = f'stroke="{colour}" stroke-width="2.5"'
                self.add(f'<line x1="{x}" x2="{x + 18}" y1="{y + 6}" y2="{y + 6}" {stroke}/>')
                self.add(f'<circle cx="{x + 9}" cy="{y + 6}" r="4" fill="{colour}"/>')
            else:
                self.add(f'<rect x="{x}" y="{y}" width="18" height="12" fill="{colour}"/>')
            self.text(x + 24, y + 12, label, "start", fill="#1f2937")
            x += width
        return row + 1

    def y(self, value: float) -> float:
        """The vertical position of a value."""
        return self.bottom - (self.bottom - self.top) * value / self.ticks[-1]

    def add(self, element: str) -> None:
        self.parts.append(element)

    def text(self, x: float, y: float, text: str, anchor: str, size: int = 15, fill: str = "") -> None:
        colour = f' fill="{fill}"' if fill else ""
        place = f'x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{size}"{colour}'
        self.add(f"<text {place}>{escape(text)}</text>")

    def axes(self, labels: tuple[str, ...]) -> None:
        """Both axis lines (drawn over the bars' feet) and the category labels under the slots."""
        slot = self.width / max(len(labels), 1)
        self.add(f'<path d="M{self.left:.1f} {self.top:.1f}V{self.bottom}H{self.RIGHT}" fill="none" stroke="#64748b"/>')
        for position, label in enumerate(labels):
            self.text(self.left + slot * (position + 0.5), self.bottom + 22, label, "middle")

    def svg(self) -> bytes:
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{self.WIDTH}" height="{self.HEIGHT}" '
            f'viewBox="0 0 {self.WIDTH} {self.HEIGHT}" font-family="{FONT_STACK}" font-size="15" fill="#334155">'
        )
        return "\n".join([head, *self.parts, "</svg>", ""]).encode("utf-8")


def _nice_ticks(top: float) -> tuple[list[float], int]:
    """Ticks from zero in round steps (1, 2, 2.5 or 5 times a power of ten) reaching above top.

    Returns the ticks and the decimals their labels need.
    """
    top = top if top > 0 else 1
    raw = top / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw * (1 - 1e-9))
    count = math.ceil(top / step - 1e-9)
    if top / step > count - 0.1:  # room above the tallest bar for its value
        count += 1
    decimals = next((d for d in range(6) if abs(round(step, d) - step) < 1e-9 * magnitude), 6)
    return [round(i * step, decimals) for i in range(count + 1)], decimals
