"""Shapes of the school safety API. Audits and their answers are security information (Minn.
Stat. 13.37, subd. 1(a)): they go only to those who may see the school's audits, and photos are
never in the API (an answer says how many it has)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from ninja import Schema
from pydantic import Field

from sro.core import clock
from sro.core.api import InputSchema, MultiLine, SchoolYear, VersionedOut
from sro.safety.models import AuditStatus as AuditStatusChoice
from sro.safety.models import (
    Drill,
    DrillKind,
    Recommendation,
    RecommendationStatus,
    SecurityAudit,
    SecurityEvent,
)

# --- Schools ------------------------------------------------------------------------------------


class SchoolFilter(InputSchema):
    """Which schools to list: by the state of their yearly audit; `school_year` is the year whose
    drills are counted (the current one by default, written as 2026-27)."""

    state: Literal["current", "overdue", "never"] | None = None
    school_year: SchoolYear | None = None


class AuditStateOut(Schema):
    """Where the school's yearly audit stands today (policy 436.3): `due_on` and `opens_next`
    are null for a school never audited, `days_overdue` is 0 while current; `needed` is false
    when the school's audit for the school year is done and current (no new one is due: a
    second audit that school year needs a stated reason)."""

    state: str
    overdue: bool
    last_completed: dt.date | None
    due_on: dt.date | None
    days_overdue: int | None
    in_progress: bool
    opens_next: dt.date | None
    needed: bool
    reason: str
    citation: str
    rules_version: str


class AuditRefOut(Schema):
    id: uuid.UUID
    status: str
    school_year: str
    due_on: dt.date
    officer_id: uuid.UUID | None
    officer: str | None


class DrillRowOut(Schema):
    """One kind of drill this school year against its minimum (0: no minimum)."""

    kind: str
    done: int
    required: int
    remaining: int
    met: bool
    citation: str


class DrillCountOut(Schema):
    school_year: str
    ends_on: dt.date
    days_left: int
    all_met: bool
    rows: list[DrillRowOut]
    rules_version: str


class SchoolSafetyOut(Schema):
    """A school's audit state with its reason and citation, the audit open or in progress (if
    any), and its drills in the school year against the Minn. Stat. 121A.035 minimums."""

    id: uuid.UUID
    name: str
    audit: AuditStateOut
    unfinished_audit: AuditRefOut | None
    drills: DrillCountOut


# --- Audits -------------------------------------------------------------------------------------


class AuditFilter(InputSchema):
    status: AuditStatusChoice | None = None
    school: uuid.UUID | None = None


class AuditFields(Schema):
    id: uuid.UUID
    school_id: uuid.UUID
    school: str
    school_year: str
    status: str
    due_on: dt.date
    officer_id: uuid.UUID | None
    officer: str | None
    overridden: bool
    started_at: dt.datetime | None
    completed_on: dt.date | None


class AuditListOut(AuditFields):
    """One audit: `overridden` when a restricted officer conducts it on a supervisor's
    override."""

    @staticmethod
    def resolve_school(obj: SecurityAudit) -> str:
        return obj.school.name

    @staticmethod
    def resolve_officer(obj: SecurityAudit) -> str | None:
        return obj.officer.full_name if obj.officer else None

    @staticmethod
    def resolve_overridden(obj: SecurityAudit) -> bool:
        return bool(obj.override_reason)


class AnswerOut(Schema):
    """One checklist item as it was worded when the audit started; `photos` counts the photos
    taken (they are not in the API)."""

    id: uuid.UUID
    prompt: str
    guidance: str
    rating: str
    notes: str
    photos: int
    answered_at: dt.datetime | None


class AreaOut(Schema):
    area: str
    answers: list[AnswerOut]


class RecommendationOut(VersionedOut):
    """What the school should do about a finding, who at the school owns it and by when;
    `overdue` is an open recommendation past its date."""

    id: uuid.UUID
    audit_id: uuid.UUID
    school_id: uuid.UUID
    school: str
    finding_id: uuid.UUID
    finding: str
    risk: str
    action: str
    owner: str
    due_on: dt.date
    status: str
    status_note: str
    closed_on: dt.date | None
    overdue: bool

    @staticmethod
    def resolve_audit_id(obj: Recommendation) -> uuid.UUID:
        return obj.finding.audit_id

    @staticmethod
    def resolve_school_id(obj: Recommendation) -> uuid.UUID:
        return obj.finding.audit.school_id

    @staticmethod
    def resolve_school(obj: Recommendation) -> str:
        return obj.finding.audit.school.name

    @staticmethod
    def resolve_finding(obj: Recommendation) -> str:
        return obj.finding.title

    @staticmethod
    def resolve_risk(obj: Recommendation) -> str:
        return obj.finding.risk

    @staticmethod
    def resolve_overdue(obj: Recommendation) -> bool:
        return obj.is_open and obj.due_on < clock.today()


class FindingOut(Schema):
    id: uuid.UUID
    answer_id: uuid.UUID | None
    item: str | None
    title: str
    detail: str
    risk: str
    recommendations: list[RecommendationOut]


class AuditOut(AuditFields):
    """The audit with its answers by area, findings and recommendations. `problems` lists what
    stands between an audit in progress and its completion."""

    summary: str
    override_reason: str
    repeat_reason: str  # why a second audit this school year, when it is one
    completed_at: dt.datetime | None
    areas: list[AreaOut]
    findings: list[FindingOut]
    problems: list[str]


# --- Recommendations ----------------------------------------------------------------------------


class RecommendationFilter(InputSchema):
    """`open=true`: open and in progress; `open=false`: closed or declined."""

    open: bool | None = None
    school: uuid.UUID | None = None


class RecommendationIn(InputSchema):
    """Record the school's progress: a declined recommendation needs a note saying why; closing
    stamps the day."""

    status: RecommendationStatus | None = None
    status_note: MultiLine | None = None


# --- Drills -------------------------------------------------------------------------------------


class DrillFilter(InputSchema):
    school: uuid.UUID | None = None
    kind: DrillKind | None = None
    school_year: SchoolYear | None = None
    date_from: dt.date | None = Field(None, alias="from")
    date_to: dt.date | None = Field(None, alias="to")


class DrillOut(Schema):
    id: uuid.UUID
    school_id: uuid.UUID
    school: str
    kind: str
    held_on: dt.date
    school_year: str
    observed: bool
    officer_id: uuid.UUID | None
    officer: str | None
    advice: str
    override_reason: str
    notes: str

    @staticmethod
    def resolve_school(obj: Drill) -> str:
        return obj.school.name

    @staticmethod
    def resolve_officer(obj: Drill) -> str | None:
        return obj.officer.full_name if obj.officer else None


class DrillIn(InputSchema):
    """A drill held: school, kind and held_on are required. `officer` observed or advised; when
    the caller is an officer and names none, the caller's own officer is taken for an observed
    drill or advice given. Advice from an officer restricted from clause (4) needs a
    supervisor's `override_reason`."""

    school: uuid.UUID | None = None
    kind: DrillKind | None = None
    held_on: dt.date | None = None
    observed: bool = False
    officer: uuid.UUID | None = None
    advice: MultiLine = ""
    override_reason: MultiLine = ""
    notes: MultiLine = ""


# --- Events -------------------------------------------------------------------------------------


class EventFilter(InputSchema):
    """Events at a school (id) and starting on the days from `from` to `to` (inclusive, in the
    agency's time zone)."""

    school: uuid.UUID | None = None
    date_from: dt.date | None = Field(None, alias="from")
    date_to: dt.date | None = Field(None, alias="to")


class OfficerRefOut(Schema):
    id: uuid.UUID
    name: str


class EventOut(Schema):
    id: uuid.UUID
    school_id: uuid.UUID
    school: str
    name: str
    kind: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    expected_attendance: int | None
    officers: list[OfficerRefOut]
    notes: str

    @staticmethod
    def resolve_school(obj: SecurityEvent) -> str:
        return obj.school.name

    @staticmethod
    def resolve_officers(obj: SecurityEvent) -> list[dict[str, object]]:
        return [{"id": o.pk, "name": o.full_name} for o in obj.officers.all()]
