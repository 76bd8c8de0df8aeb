"""Shapes of the incidents API. Everything except `PersonDetailOut` and `PeopleOut` is name-free:
people appear by their label ("Student 1 (suspect)"), never by name, and the narrative (which
names people) is only in `PeopleOut`, returned for a stated purpose and written to the access
log."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from ninja import Schema
from pydantic import Field

from sro.core.api import FieldError, InputSchema, MultiLine
from sro.incidents.models import Incident, IncidentPerson
from sro.incidents.models import Status as IncidentStatus


def _offense(obj: Incident) -> str | None:
    return obj.offense.citation if obj.offense_id and obj.offense else None


class IncidentFilter(InputSchema):
    """Which incidents to list: by status, school id, and the first and last day it happened
    (inclusive, in the agency's time zone)."""

    status: IncidentStatus | None = None
    school: uuid.UUID | None = None
    date_from: dt.date | None = Field(None, alias="from")
    date_to: dt.date | None = Field(None, alias="to")


class IncidentListOut(Schema):
    id: uuid.UUID
    number: str
    school_id: uuid.UUID
    school: str
    occurred_at: dt.datetime
    summary: str
    offense: str | None
    status: str
    officer_id: uuid.UUID
    officer: str

    @staticmethod
    def resolve_school(obj: Incident) -> str:
        return obj.school.name

    @staticmethod
    def resolve_officer(obj: Incident) -> str:
        return obj.officer.full_name

    @staticmethod
    def resolve_offense(obj: Incident) -> str | None:
        return _offense(obj)


class IncidentIn(InputSchema):
    """Quick entry: school, occurred_at, summary and initiated_by are required. `officer` is the
    reporting officer, required only when the caller is not an officer (an officer records
    their own incidents)."""

    school: uuid.UUID | None = None
    occurred_at: dt.datetime | None = None
    summary: str | None = None
    initiated_by: str | None = None
    place: str | None = None
    officer: uuid.UUID | None = None


class ReasonOut(Schema):
    """One missing answer or flag of the policy check, with what it is about and why."""

    code: str
    field: str
    message: str
    citation: str
    person_id: str


class PersonOut(Schema):
    """A person in an incident without their identity."""

    id: uuid.UUID
    position: int
    label: str
    kind: str
    role: str
    disposition: str
    program_run_by: str
    nibrs: str | None
    referral_to_law_enforcement: bool
    school_related_arrest: bool
    acknowledged_at: dt.datetime | None


class StepOut(Schema):
    action: str
    by: str
    at: dt.datetime
    comment: str


class IncidentOut(Schema):
    """The record without identities: no names, no details of people and no narrative."""

    id: uuid.UUID
    number: str
    status: str
    school_id: uuid.UUID
    school: str
    officer_id: uuid.UUID
    officer: str
    occurred_at: dt.datetime
    place: str
    summary: str
    offense: str | None
    offense_title: str
    violates_school_rules: bool | None
    initiated_by: str
    submitted_at: dt.datetime | None
    reviewed_at: dt.datetime | None
    review_comment: str
    people: list[PersonOut]
    ready: bool
    missing: list[ReasonOut]
    flags: list[ReasonOut]
    rules_version: str
    steps: list[StepOut]
    may_see_identity: bool


class PersonDetailOut(Schema):
    """A person's identity and details, and the answers about what was done with them."""

    id: uuid.UUID
    position: int
    label: str
    kind: str
    role: str
    first_name: str
    last_name: str
    date_of_birth: dt.date | None
    age: int | None
    grade: str
    sex: str
    race_ethnicity: str
    disability: str
    english_learner: bool | None
    education_plan: str
    guardian_of_id: uuid.UUID | None
    phone: str
    email: str
    address: str
    disposition: str
    program_run_by: str
    school_referral_considered: bool | None
    school_referral_reason: str
    alternatives_considered: bool | None
    alternatives_note: str
    arrest_reason: str
    arrest_out_of_view: bool | None
    arrest_location_note: str
    staff_notice: str
    staff_names: str
    staff_not_practicable_reason: str
    school_summary: str
    acknowledged_at: dt.datetime | None
    acknowledgement_note: str


class PeopleOut(Schema):
    """Private data, shown for the stated purpose; the view is in the access log."""

    incident_id: uuid.UUID
    purpose: str
    narrative: str
    people: list[PersonDetailOut]


class PurposeRequiredOut(Schema):
    """A refused request; for a missing or unlisted purpose, `purposes` lists those allowed."""

    detail: str
    errors: list[FieldError]
    purposes: list[str] = []


class ReviewIn(InputSchema):
    """Approve the record, or return it with a comment saying what to change."""

    decision: Literal["approve", "return"] | None = None
    comment: MultiLine | None = None


class DispositionOut(Schema):
    id: str
    label: str


class SchoolFiguresOut(Schema):
    school: str
    counts: dict[str, int]
    total: int


class MonthFiguresOut(Schema):
    month: dt.date
    referrals: int
    arrests: int
    total: int


class FiguresOut(Schema):
    """Dispositions of students in one school year: counts only, never a person."""

    school_year: str
    dispositions: list[DispositionOut]
    by_school: list[SchoolFiguresOut]
    by_month: list[MonthFiguresOut]
    totals: dict[str, int]
    total: int
    referrals: int
    arrests: int


class ReferralOut(Schema):
    """A student referred to school authorities, by label only."""

    id: uuid.UUID
    label: str
    incident_id: uuid.UUID
    incident_number: str
    school_id: uuid.UUID
    school: str
    occurred_at: dt.datetime
    officer: str
    acknowledged_at: dt.datetime | None

    @staticmethod
    def resolve_incident_number(obj: IncidentPerson) -> str:
        return obj.incident.number

    @staticmethod
    def resolve_school_id(obj: IncidentPerson) -> uuid.UUID:
        return obj.incident.school_id

    @staticmethod
    def resolve_school(obj: IncidentPerson) -> str:
        return obj.incident.school.name

    @staticmethod
    def resolve_occurred_at(obj: IncidentPerson) -> dt.datetime:
        return obj.incident.occurred_at

    @staticmethod
    def resolve_officer(obj: IncidentPerson) -> str:
        return obj.incident.officer.full_name


class AcknowledgeIn(InputSchema):
    note: MultiLine | None = None


class OffenseOut(Schema):
    id: uuid.UUID
    citation: str
    title: str
    category: str
