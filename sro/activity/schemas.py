"""Shapes of the activity API. Activities count students and never name them; referrals to
support come without the student's name or the reason (the pages show those for a stated
purpose, with each view in the access log)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from ninja import Schema
from pydantic import Field

from sro.activity.models import Service
from sro.core.api import InputSchema, Month, MultiLine

HH_MM = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"

# The kinds of sro.rules.activity.KINDS (a test keeps them equal), spelled out for the schema.
Kind = Literal[
    "positive_contact",
    "class_taught",
    "staff_consultation",
    "family_meeting",
    "mentoring",
    "support_referral",
    "drill_advice",
    "vulnerability_walk",
    "event_security",
    "liaison_meeting",
    "patrol",
]


class ActivityFilter(InputSchema):
    """Activities on the days from `from` to `to` (inclusive), by officer, school or kind."""

    date_from: dt.date | None = Field(None, alias="from")
    date_to: dt.date | None = Field(None, alias="to")
    officer: uuid.UUID | None = None
    school: uuid.UUID | None = None
    kind: Kind | None = None


class ActivityOut(Schema):
    id: uuid.UUID
    officer_id: uuid.UUID
    school_id: uuid.UUID | None
    on: dt.date
    start_time: str | None = Field(description="Local time in the agency's zone, HH:MM.")
    minutes: int
    kind: str
    clause: int
    citation: str
    students: int
    topic: str
    grade: str
    lesson_id: uuid.UUID | None
    materials: str
    notes: str

    @staticmethod
    def resolve_start_time(obj: object) -> str | None:
        start: dt.time | None = getattr(obj, "start_time", None)
        return f"{start:%H:%M}" if start else None

    @staticmethod
    def resolve_citation(obj: object) -> str:
        return f"Minn. Stat. 626.8482, subd. 2(a)({getattr(obj, 'clause', '')})"


class ActivityIn(InputSchema):
    """One activity. `kind` is required; `students` is a count. Left out, `officer` is the
    caller's own officer, `on` today, `clause` the one proposed for the kind and `minutes` the
    usual length. An officer restricted from clauses (4) and (5) cannot log them (422 with the
    citation). Referrals to support are recorded on the page, which protects the student's
    name."""

    kind: Kind | None = None
    students: int = Field(0, ge=0, le=5000)
    officer: uuid.UUID | None = None
    school: uuid.UUID | None = None
    on: dt.date | None = None
    start_time: str | None = Field(
        None, pattern=HH_MM, description="Local time in the agency's zone, HH:MM."
    )
    minutes: int | None = Field(None, ge=1, le=720)
    clause: int | None = Field(None, ge=1, le=7)
    topic: str = Field("", max_length=200)
    grade: str = ""
    lesson: uuid.UUID | None = None
    materials: str = Field("", max_length=300)
    notes: MultiLine = Field("", max_length=4000)


class TimeFilter(InputSchema):
    """A month written YYYY-MM (the current one by default), and an officer or school id."""

    month: Month | None = Field(None, description="YYYY-MM, from 1900-01 to 2099-12.")
    officer: uuid.UUID | None = None
    school: uuid.UUID | None = None


class DutyLineOut(Schema):
    key: str
    label: str
    hours: float
    minutes: int
    activities: int
    students: int


class TimeByDutyOut(Schema):
    month: str
    total: DutyLineOut
    by_clause: list[DutyLineOut]
    by_kind: list[DutyLineOut]


class SupportReferralOut(Schema):
    """A referral to support without the student's identity."""

    id: uuid.UUID
    activity_id: uuid.UUID
    on: dt.date
    school_id: uuid.UUID
    officer_id: uuid.UUID
    service: Service
    instead_of_justice: bool
    acknowledged_at: dt.datetime | None
    retain_until: dt.date | None

    @staticmethod
    def resolve_on(obj: object) -> dt.date:
        return obj.activity.on  # type: ignore[attr-defined]

    @staticmethod
    def resolve_school_id(obj: object) -> uuid.UUID:
        return obj.activity.school_id  # type: ignore[attr-defined]

    @staticmethod
    def resolve_officer_id(obj: object) -> uuid.UUID:
        return obj.activity.officer_id  # type: ignore[attr-defined]


class LessonOut(Schema):
    id: uuid.UUID
    title: str
    grades: str
    minutes: int
    summary: str
    objectives: str
    outline: str
    materials: str
    source: str
    active: bool
