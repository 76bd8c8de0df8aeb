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


# Series colours with at least 3:1 contrast on white (WCAG 1.4.11); each value is also written
# beside its bar with the series name, so colour is never the only cue (WCAG 1.4.1).
SERIES_FILLS = ("#005ea2", "#b50909", "#4d8055")
SERIES_CLASSES = ("sro-chart__bar", "sro-chart__bar--second", "sro-chart__bar--third")


@dataclass(frozen=True)
class GroupBar:
    series: str
    value: float
    shown: str
    y: int
    bar_width: str
    value_x: str
    fill: str
    css: str


@dataclass(frozen=True)
class Group:
    label: str
    y: int
    bars: tuple[GroupBar, ...]


@dataclass(frozen=True)
class GroupedChart:
    title: str
    description: str
    series: tuple[tuple[str, str, str], ...]  # name, fill, css class (the legend)
    groups: tuple[Group, ...]
    height: int
    bar_x: str


GROUP_BAR = 16


def grouped_bar_chart(
    title: str,
    categories: list[str],
    series: list[tuple[str, str, list[float]]],
    *,
    digits: int = 0,
) -> GroupedChart:
    """Horizontal bars for several series per category (a month, a school), scaled together.
    Each series is (name, the name of one, values): "Arrests", "arrest", [...]."""
    top = max((v for _, _, values in series for v in values), default=0) or 1
    label_pct = LABEL_WIDTH * 100
    area_pct = 100 - label_pct - VALUE_ROOM * 100 - 8  # room for "12 arrests"
    group_height = len(series) * GROUP_BAR + GAP
    groups = []
    for i, category in enumerate(categories):
        y0 = i * (group_height + GAP)
        bars = []
        for j, (name, one, values) in enumerate(series):
            width = values[i] / top * area_pct
            noun = one if values[i] == 1 else name.lower()
            bars.append(
                GroupBar(
                    series=name,
                    value=values[i],
                    shown=f"{values[i]:.{digits}f} {noun}",
                    y=y0 + j * GROUP_BAR,
                    bar_width=f"{width:.2f}%",
                    value_x=f"{label_pct + width + 1:.2f}%",
                    fill=SERIES_FILLS[j % len(SERIES_FILLS)],
                    css=SERIES_CLASSES[j % len(SERIES_CLASSES)],
                )
            )
        groups.append(Group(category, y0, tuple(bars)))
    description = (
        "; ".join(f"{g.label}: " + ", ".join(b.shown for b in g.bars) for g in groups)
        or "No figures."
    )
    return GroupedChart(
        title=title,
        description=description,
        series=tuple(
            (name, SERIES_FILLS[j % len(SERIES_FILLS)], SERIES_CLASSES[j % len(SERIES_CLASSES)])
            for j, (name, _, _) in enumerate(series)
        ),
        groups=tuple(groups),
        height=max(len(groups) * (group_height + GAP) - GAP, BAR_HEIGHT),
        bar_x=f"{label_pct:.2f}%",
    )
