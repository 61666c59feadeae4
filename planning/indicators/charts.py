"""Bar charts drawn on the server as SVG: the geometry and the markup are computed here
(``Chart.svg``; a template loop over every bar cost more than the rest of the page), and
templates/planning/indicators_chart.html frames it. Each chart carries a title and a
description (read by screen readers through role="img"), and the page puts the table with
the same figures beside it, so nothing is known only from the drawing.

A withheld figure (fewer than 5 people, or reserved) draws no bar and says so in words.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Vertical charts (over time): room for each bar and the axis labels below.
SLOT = 56
BAR = 36
PLOT_HEIGHT = 160
TOP = 24
BOTTOM = 40
SIDE = 16
# Horizontal charts (breakdowns): one line of label, then the bar.
ROW = 44
LABEL_GAP = 16
BAR_HEIGHT = 16
WIDTH = 640
VALUE_ROOM = 120


@dataclass(frozen=True)
class Point:
    """One figure to draw: ``value`` None when withheld; ``text`` what is written by it."""

    label: str
    value: float | None
    text: str


@dataclass(frozen=True)
class Bar:
    label: str
    text: str
    x: float
    y: float
    width: float
    height: float
    # Where the label and the value are written.
    label_x: float
    label_y: float
    text_x: float
    text_y: float
    withheld: bool


@dataclass(frozen=True)
class Chart:
    id: str
    title: Any
    description: str
    orientation: str  # "vertical" or "horizontal"
    width: int
    height: int
    bars: list[Bar]
    baseline_y: float = 0

    @property
    def svg(self) -> SafeString:
        """The chart as an ``<svg>`` element (every value escaped; numbers in C notation)."""
        anchor = ' text-anchor="middle"' if self.orientation == "vertical" else ""
        parts = [
            f'<svg class="chart__svg" viewBox="0 0 {self.width} {self.height}" '
            f'width="{self.width}" height="{self.height}" role="img" '
            f'aria-labelledby="{escape(self.id)}-titulo" aria-describedby="{escape(self.id)}-desc" '
            'focusable="false" xmlns="http://www.w3.org/2000/svg">',
            f'<title id="{escape(self.id)}-titulo">{escape(self.title)}</title>',
            f'<desc id="{escape(self.id)}-desc">{escape(self.description)}</desc>',
        ]
        if self.orientation == "vertical":
            parts.append(
                f'<line class="chart__axis" x1="0" x2="{self.width}" '
                f'y1="{self.baseline_y}" y2="{self.baseline_y}"/>'
            )
        for bar in self.bars:
            parts.append(
                '<g class="chart__item chart__item--withheld">'
                if bar.withheld
                else '<g class="chart__item">'
            )
            if not bar.withheld:
                parts.append(
                    f'<rect class="chart__bar" x="{bar.x}" y="{bar.y}" width="{bar.width}" '
                    f'height="{bar.height}"/>'
                )
            parts.append(
                f'<text class="chart__label" x="{bar.label_x}" y="{bar.label_y}"{anchor}>'
                f"{escape(bar.label)}</text>"
                f'<text class="chart__value" x="{bar.text_x}" y="{bar.text_y}"{anchor}>'
                f"{escape(bar.text)}</text></g>"
            )
        parts.append("</svg>")
        return mark_safe("".join(parts))  # noqa: S308  (every value escaped above)


def _scale(points: Sequence[Point], maximum: float | None) -> float:
    top = maximum if maximum is not None else max((p.value or 0 for p in points), default=0)
    return top if top > 0 else 1


def vertical_chart(
    id: str, title: Any, points: Sequence[Point], *, maximum: float | None = None
) -> Chart:
    """Bars going up, one per point in order (years, months); ``maximum``: the top of the
    scale (100 for percentages), else the largest value."""
    top = _scale(points, maximum)
    width = max(2 * SIDE + SLOT * len(points), 240)
    baseline = TOP + PLOT_HEIGHT
    bars = []
    for index, point in enumerate(points):
        x = SIDE + index * SLOT + (SLOT - BAR) / 2
        height = 0 if point.value is None else PLOT_HEIGHT * point.value / top
        bars.append(
            Bar(
                label=point.label,
                text=point.text,
                x=round(x, 1),
                y=round(baseline - height, 1),
                width=BAR,
                height=round(height, 1),
                label_x=round(x + BAR / 2, 1),
                label_y=baseline + 18,
                text_x=round(x + BAR / 2, 1),
                text_y=round(baseline - height - 6, 1),
                withheld=point.value is None,
            )
        )
    return Chart(
        id=id,
        title=title,
        description=describe(points),
        orientation="vertical",
        width=width,
        height=baseline + BOTTOM,
        bars=bars,
        baseline_y=baseline,
    )


def horizontal_chart(
    id: str, title: Any, points: Sequence[Point], *, maximum: float | None = None
) -> Chart:
    """One labelled bar per line (breakdowns: the labels can be long)."""
    top = _scale(points, maximum)
    plot = WIDTH - 2 * SIDE - VALUE_ROOM
    bars = []
    for index, point in enumerate(points):
        y = TOP / 2 + index * ROW
        length = 0 if point.value is None else plot * point.value / top
        bars.append(
            Bar(
                label=point.label,
                text=point.text,
                x=SIDE,
                y=y + LABEL_GAP + 4,
                width=round(length, 1),
                height=BAR_HEIGHT,
                label_x=SIDE,
                label_y=y + LABEL_GAP,
                text_x=round(SIDE + length + 8, 1),
                text_y=y + LABEL_GAP + 4 + BAR_HEIGHT - 3,
                withheld=point.value is None,
            )
        )
    return Chart(
        id=id,
        title=title,
        description=describe(points),
        orientation="horizontal",
        width=WIDTH,
        height=int(TOP + ROW * len(points)),
        bars=bars,
    )


def describe(points: Sequence[Point]) -> str:
    """The chart in one sentence for screen readers: every label with its figure."""
    return "; ".join(f"{point.label}: {point.text}" for point in points) + "."
