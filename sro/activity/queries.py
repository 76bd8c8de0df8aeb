"""Time by duty: hours, activities and students reached per duty clause and kind of work, for
an officer, a school, a month, or all of them. Figures only: no one's identity."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet, Sum

from sro.activity.models import Activity
from sro.core import dates
from sro.core.charts import BarChart, bar_chart
from sro.rules.activity import KINDS
from sro.rules.duties import DUTIES

# Short names for the chart's labels (the table beside it gives each duty in full).
SHORT_DUTIES = {
    1: "Positive school climate",
    2: "Protection from crime",
    3: "Liaison to school officials",
    4: "Safety-drill advice",
    5: "Finding vulnerabilities",
    6: "Educating and advising",
    7: "Enforcing criminal laws",
}


def month_bounds(text: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """The month written in ``text`` (YYYY-MM, 1900-2099), or the month of ``today`` when it is
    not one."""
    first = dates.parse_month(text) or today.replace(day=1)
    return first, dates.month_end(first)


ONE_DAY = dt.timedelta(days=1)


def month_of(day: dt.date) -> str:
    return f"{day:%Y-%m}"


@dataclass(frozen=True)
class Line:
    key: Any
    label: str
    minutes: int
    activities: int
    students: int

    @property
    def hours(self) -> float:
        return round(self.minutes / 60, 1)


@dataclass(frozen=True)
class Breakdown:
    """One officer's or school's hours by clause (1)-(7)."""

    label: str
    hours_by_clause: tuple[float, ...]
    hours: float


@dataclass
class TimeByDuty:
    by_clause: list[Line]
    by_kind: list[Line]
    total: Line
    by_officer: list[Breakdown] = field(default_factory=list)
    by_school: list[Breakdown] = field(default_factory=list)

    @property
    def chart(self) -> BarChart:
        return bar_chart(
            "Hours by duty clause, Minn. Stat. 626.8482, subd. 2(a)",
            [(f"({line.key}) {SHORT_DUTIES[line.key]}", line.hours) for line in self.by_clause],
            unit=" h",
        )


def _lines(rows: Sequence[Mapping[str, Any]], key: str, labels: dict[Any, str]) -> list[Line]:
    found = {r[key]: r for r in rows}
    return [
        Line(
            k,
            label,
            found.get(k, {}).get("minutes") or 0,
            found.get(k, {}).get("n") or 0,
            found.get(k, {}).get("students") or 0,
        )
        for k, label in labels.items()
    ]


def _breakdown(qs: QuerySet[Activity], key: str, *names: str) -> list[Breakdown]:
    rows = qs.values(key, *names, "clause").annotate(minutes=Sum("minutes")).order_by(*names)
    table: dict[Any, tuple[str, dict[int, int]]] = {}
    for r in rows:
        label = " ".join(r[n] for n in names if r[n]) or "Away from a school"
        table.setdefault(r[key], (label, {}))[1][r["clause"]] = r["minutes"]
    return [
        Breakdown(
            label,
            tuple(round(minutes.get(c, 0) / 60, 1) for c in DUTIES),
            round(sum(minutes.values()) / 60, 1),
        )
        for label, minutes in table.values()
    ]


def time_by_duty(qs: QuerySet[Activity], *, breakdowns: bool = True) -> TimeByDuty:
    """The figures for the activities in ``qs`` (already limited to what the reader may see)."""
    sums = {"minutes": Sum("minutes"), "n": Count("id"), "students": Sum("students")}
    by_clause = list(qs.values("clause").annotate(**sums).order_by())
    by_kind = list(qs.values("kind").annotate(**sums).order_by())
    total = qs.aggregate(**sums)
    result = TimeByDuty(
        by_clause=_lines(
            by_clause, "clause", {n: f"{t[0].upper()}{t[1:]}" for n, t in DUTIES.items()}
        ),
        by_kind=_lines(by_kind, "kind", {k.code: k.label for k in KINDS.values()}),
        total=Line("all", "All work", total["minutes"] or 0, total["n"], total["students"] or 0),
    )
    if breakdowns:
        result.by_officer = _breakdown(
            qs, "officer_id", "officer__first_name", "officer__last_name"
        )
        result.by_school = _breakdown(qs, "school_id", "school__name")
    return result
