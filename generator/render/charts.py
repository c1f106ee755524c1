"""Charts drawn inline in their page as SVG, one style for all: horizontal bars, each
category's label on its own line above its bars and each bar's value at its end.

The SVG has no viewBox: its width is the width of its box (bars are percentages of it) and
one unit is one CSS pixel, so its text is the size written here at every width, 360 px phones
and desktops alike, and nothing is scaled below 12 px. Series are told apart without colour:
solid, outlined and dashed bars, named in a legend beside the chart. Inline charts need no
file per chart (a thousand cooperatives would make thousands) and no request.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from ..text import format_number

PALETTE = ("#0f766e", "#c2410c", "#6d28d9", "#0369a1", "#a16207")
FONT_STACK = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'DejaVu Sans', Arial, sans-serif"

LABEL_SIZE = 14  # px, a category's label
VALUE_SIZE = 13  # px, a bar's value
BAR = 16  # px, a bar's thickness
BAR_GAP = 4  # px between the bars of one category
LABEL_LINE = 20  # px, one line of a label
GROUP_GAP = 12  # px between categories
REACH = 80  # percent of the width the longest bar takes; the rest holds its value
WRAP = 36  # characters a label line holds at 360 px (about 8 px a character at 14 px)

# How a series looks: its fill, and its outline (colour, dashes); the first is solid, the
# others outlined, so that they differ in print and to readers who do not see colours.
STYLES = (
    ("#0f766e", "", ""),
    ("#fed7aa", "#9a3412", ""),
    ("#ffffff", "#6d28d9", "5 3"),
)


@dataclass
class Series:
    """One series of a chart: its name and a value per category (None where unknown)."""

    label: str
    values: list[float | None]


@dataclass
class Chart:
    """One chart: its title, text alternative, inline SVG, legend, and the numbers behind it."""

    name: str
    title: str
    description: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    svg: str = ""
    legend: list[tuple[str, str]] = field(default_factory=list)  # (series name, swatch SVG)


def swatch(index: int) -> str:
    """The small SVG that stands for series index in the legend."""
    fill, stroke, dash = STYLES[index % len(STYLES)]
    line = f' stroke="{stroke}" stroke-width="2"' if stroke else ""
    line += f' stroke-dasharray="{dash}"' if dash else ""
    return (
        '<svg class="portal-chart__swatch" width="28" height="16" aria-hidden="true" focusable="false">'
        f'<rect x="1" y="1" width="26" height="14" fill="{fill}"{line}/></svg>'
    )


def _wrap(text: str) -> list[str]:
    """A label cut into lines of at most WRAP characters, at spaces."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= WRAP:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def bars(chart: Chart, categories: list[str], series: list[Series], decimals: int = 0) -> None:
    """Draw chart's SVG: per category its label, then one bar per series on a shared scale."""
    top = max((v for s in series for v in s.values if v is not None), default=0) or 1
    parts: list[str] = []
    y = 0
    for position, category in enumerate(categories):
        for line in _wrap(category):
            y += LABEL_LINE
            place = f'x="0" y="{y - 5}" font-size="{LABEL_SIZE}" font-weight="600"'
            parts.append(f'<text {place} fill="#1f2937">{escape(line)}</text>')
        y += 2
        for index, s in enumerate(series):
            value = s.values[position]
            fill, stroke, dash = STYLES[index % len(STYLES)]
            length = 0.0 if value is None else REACH * value / top
            if value:
                line = f' stroke="{stroke}" stroke-width="2"' if stroke else ""
                line += f' stroke-dasharray="{dash}"' if dash else ""
                parts.append(f'<rect x="1" y="{y}" width="{length:.2f}%" height="{BAR}" fill="{fill}"{line}/>')
            text = "không có số liệu" if value is None else format_number(value, decimals if value % 1 else 0)
            parts.append(
                f'<text x="{length:.2f}%" dx="{6 if value else 0}" y="{y + BAR - 3}" font-size="{VALUE_SIZE}" '
                f'fill="#1f2937">{escape(text)}</text>'
            )
            y += BAR + BAR_GAP
        y += GROUP_GAP - BAR_GAP
    height = y
    label = escape(chart.description)
    chart.svg = "".join(
        [
            f'<svg class="portal-chart__svg" xmlns="http://www.w3.org/2000/svg" width="100%" height="{height}" '
            f'role="img" aria-label="{label}" font-family="{escape(FONT_STACK)}">',
            *parts,
            "</svg>",
        ]
    )
    chart.legend = [(s.label, swatch(i)) for i, s in enumerate(series)] if len(series) > 1 else []
