"""Database rows to the schedule rule's facts: calendars, posts, absences, duties and pulls.

Everything here reads; the rule in `sro.rules.schedule` decides. Many officers are planned in a
fixed number of queries (the records are prefetched, the calendars fetched once per batch).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet

from sro.roster.models import Assignment, Officer
from sro.rules import schedule as rule
from sro.rules.dates import school_year_bounds, school_year_of
from sro.scheduling.models import CalendarDay, Duty


def with_schedule_records(officers: QuerySet[Officer]) -> QuerySet[Officer]:
    return officers.prefetch_related(
        Prefetch(
            "assignments",
            queryset=Assignment.objects.select_related("school").order_by("start_date"),
        ),
        "absences",
        "duties",
        "patrol_pulls",
    )


def calendars_for(lea_ids: Iterable[Any], first: dt.date, last: dt.date) -> rule.Calendars:
    calendars: dict[str, dict[dt.date, str]] = {}
    rows = CalendarDay.objects.filter(
        education_agency_id__in=set(lea_ids), day__gte=first, day__lte=last
    ).values_list("education_agency_id", "day", "kind")
    for lea_id, day, kind in rows:
        calendars.setdefault(str(lea_id), {})[day] = kind
    return calendars


def posts_of(assignments: Iterable[Assignment]) -> tuple[rule.Post, ...]:
    return tuple(
        rule.Post(
            school_id=str(a.school_id),
            lea_id=str(a.school.education_agency_id),
            role=a.role,
            start=a.start_date,
            end=a.end_date,
        )
        for a in assignments
    )


def officer_week(
    officer: Officer, *, assignments: Sequence[Assignment] | None = None
) -> rule.OfficerWeek:
    """The rule's view of one officer (prefetch with `with_schedule_records` for many)."""
    return rule.OfficerWeek(
        posts=posts_of(officer.assignments.all() if assignments is None else assignments),
        absences=tuple(
            rule.Absence(a.first_day, a.last_day, a.kind, a.get_kind_display())
            for a in officer.absences.all()
        ),
        duties=tuple(
            rule.Duty(d.first_day, d.last_day, d.kind, _duty_label(d)) for d in officer.duties.all()
        ),
        pulls=tuple(rule.Pull(p.day, p.start_time, p.end_time) for p in officer.patrol_pulls.all()),
    )


def _duty_label(duty: Duty) -> str:
    return f"{duty.get_kind_display()}: {duty.details}" if duty.details else duty.get_kind_display()


def count_unknown() -> bool:
    return bool(settings.SRO_COUNT_DAYS_WITHOUT_CALENDAR)


def plans_for(
    officer: Officer,
    first: dt.date,
    last: dt.date,
    *,
    calendars: rule.Calendars | None = None,
    assignments: Sequence[Assignment] | None = None,
) -> list[rule.DayPlan]:
    week = officer_week(officer, assignments=assignments)
    if calendars is None:
        calendars = calendars_for({p.lea_id for p in week.posts}, first, last)
    return rule.plan_range(week, first, last, calendars, count_unknown=count_unknown())


def school_year_start(day: dt.date) -> dt.date:
    return school_year_bounds(school_year_of(day))[0]


def contact_days_through(
    officer: Officer,
    through: dt.date,
    *,
    calendars: rule.Calendars | None = None,
    assignments: Sequence[Assignment] | None = None,
) -> dict[str, int]:
    """Student contact days in the school year containing `through`, counted up to that date.

    Earlier school years do not matter to the substitute rule (each year starts again at 0).
    """
    first = school_year_start(through)
    plans = plans_for(officer, first, through, calendars=calendars, assignments=assignments)
    return rule.contact_days(plans)


def year_calendars(officers: Iterable[Officer], through: dt.date) -> rule.Calendars:
    """The calendars of every school the officers are posted to, for the school year so far."""
    lea_ids = {a.school.education_agency_id for o in officers for a in o.assignments.all()}
    return calendars_for(lea_ids, school_year_start(through), through)
