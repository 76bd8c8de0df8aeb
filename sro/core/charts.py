"""Bar charts drawn on the server as SVG: no script, no inline style (the CSP allows neither),
readable by screen readers through a title and description, and always shown next to a table
with the same figures (WCAG 1.1.1: the chart is the picture, the table the text)."""

from __future__ import annotations

from dataclasses import dataclass

BAR_HEIGHT = 28
GAP = 10
LABEL_WIDTH = 0.45  # the share of the width kept for the labels
VALUE_ROOM = 0.12  # the share kept after the longest bar for its value


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    shown: str  # the value as the reader sees it ("12.5 h")
    y: int
    bar_x: str  # SVG lengths as percentages of the chart's width
    bar_width: str
    value_x: str


@dataclass(frozen=True)
class BarChart:
    title: str
    description: str
    bars: tuple[Bar, ...]
    height: int


def bar_chart(
    title: str, rows: list[tuple[str, float]], *, unit: str = "", digits: int = 1
) -> BarChart:
    """A horizontal bar per row, scaled to the largest value; empty rows are kept (a zero is
    a figure too)."""
    top = max((value for _, value in rows), default=0) or 1
    label_pct = LABEL_WIDTH * 100
    area_pct = 100 - label_pct - VALUE_ROOM * 100
    bars = []
    for i, (label, value) in enumerate(rows):
        width = value / top * area_pct
        bars.append(
            Bar(
                label=label,
                value=value,
                shown=f"{value:.{digits}f}{unit}",
                y=i * (BAR_HEIGHT + GAP),
                bar_x=f"{label_pct:.2f}%",
                bar_width=f"{width:.2f}%",
                value_x=f"{label_pct + width + 1:.2f}%",
            )
        )
    description = "; ".join(f"{b.label}: {b.shown}" for b in bars) or "No figures."
    return BarChart(
        title=title,
        description=description,
        bars=tuple(bars),
        height=max(len(bars) * (BAR_HEIGHT + GAP) - GAP, BAR_HEIGHT),
    )
