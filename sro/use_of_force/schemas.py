"""Shapes of the use-of-force API. Everything here is name-free: the student appears by their
label ("Student 1 (suspect)"), and the report leaves out what the page shows only for a stated
purpose: the narrative, how the considerations weighed, the injury's description and the
deadly-force justification; and, as the service's audit trail does, the education-plan note and
who gave aid."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from ninja import Schema
from pydantic import Field, field_serializer

from sro.core.api import InputSchema, MultiLine
from sro.rules.force import ForceFinding
from sro.use_of_force.facts import finding_for
from sro.use_of_force.models import ForceReport
from sro.use_of_force.models import ReportStatus as ForceReportStatus


def finding_of(report: ForceReport) -> ForceFinding:
    """The policy check of one report, computed once however many fields ask for it."""
    cached: ForceFinding | None = getattr(report, "_api_finding", None)
    if cached is None:
        cached = finding_for(report)
        report._api_finding = cached  # type: ignore[attr-defined]
    return cached


class ForceReportFilter(InputSchema):
    """Which reports to list: by status, reporting officer id, and the first and last day the
    force was used (inclusive, in the agency's time zone)."""

    status: ForceReportStatus | None = None
    officer: uuid.UUID | None = None
    date_from: dt.date | None = Field(None, alias="from")
    date_to: dt.date | None = Field(None, alias="to")
    waiting_for_me: bool = False


class ForceReportListOut(Schema):
    """One report in the list: the student by label, the force by code, and the codes of the
    flags for the reviewers."""

    id: uuid.UUID
    incident_id: uuid.UUID
    incident_number: str
    school_id: uuid.UUID
    school: str
    occurred_at: dt.datetime
    subject_id: uuid.UUID
    subject: str
    officer_id: uuid.UUID
    officer: str
    force_used: list[str]
    prone: bool
    status: str
    flags: list[str]

    @staticmethod
    def resolve_incident_number(obj: ForceReport) -> str:
        return obj.incident.number

    @staticmethod
    def resolve_school_id(obj: ForceReport) -> uuid.UUID:
        return obj.incident.school_id

    @staticmethod
    def resolve_school(obj: ForceReport) -> str:
        return obj.incident.school.name

    @staticmethod
    def resolve_subject(obj: ForceReport) -> str:
        return obj.subject.label

    @staticmethod
    def resolve_officer(obj: ForceReport) -> str:
        return obj.officer.full_name

    @staticmethod
    def resolve_force_used(obj: ForceReport) -> list[str]:
        return [t.code for t in obj.force_used.all()]

    @staticmethod
    def resolve_prone(obj: ForceReport) -> bool:
        return finding_of(obj).prone

    @staticmethod
    def resolve_flags(obj: ForceReport) -> list[str]:
        return [f.code for f in finding_of(obj).flags]


YES_NO = ("education_plan_known", "education_plan_considered", "condition_assessed", "aid_rendered")


class ForceReportIn(InputSchema):
    """A new draft, with the fields of the page's form; `subject` (a student of the incident) and
    `occurred_at` are required. `force_used` holds ids from `/force-types`, `deescalation` and
    `applied` the ids of the model policy's techniques (IV.D.2) and considerations (IV.E.3). The
    reporting officer is the caller's own officer, or else the incident's."""

    subject: uuid.UUID | None = None
    occurred_at: dt.datetime | None = None
    force_used: list[uuid.UUID] | None = None
    force_other: str | None = None
    deescalation: list[str] | None = None
    deescalation_other: MultiLine | None = None
    applied: list[str] | None = None
    considerations_note: MultiLine | None = None
    education_plan_known: bool | None = None
    education_plan_considered: bool | None = None
    education_plan_note: MultiLine | None = None
    deadly_force_justification: MultiLine | None = None
    injury: Literal["none", "minor", "serious", "death"] | None = None
    injury_description: MultiLine | None = None
    condition_assessed: bool | None = None
    aid_rendered: bool | None = None
    aid_by: str | None = None
    prone_start: dt.datetime | None = None
    prone_end: dt.datetime | None = None
    restored_at: dt.datetime | None = None
    narrative: MultiLine | None = None

    @field_serializer(*YES_NO)
    def _yes_no(self, value: bool | None) -> str:
        """The page's yes/no questions take "true", "false" or "" (not answered)."""
        return "" if value is None else ("true" if value else "false")


class ForceReasonOut(Schema):
    """One missing answer or flag of the policy check: what it is about, and why."""

    code: str
    field: str
    message: str
    citation: str


class ForceFindingOut(Schema):
    """The policy check: `missing` blocks submission, `flags` are for the reviewers."""

    ready: bool
    missing: list[ForceReasonOut]
    flags: list[ForceReasonOut]
    prone: bool
    prone_minutes: int | None
    prone_threshold_minutes: int
    prone_over_threshold: bool
    needs_supervisor_review: bool
    state_report: bool
    rules_version: str


class ForceTypeOut(Schema):
    id: uuid.UUID
    code: str
    label: str
    restricted: bool


class ForceStepOut(Schema):
    """One step of the history. `capacity` is how the history says it ("sergeant", "chief,
    reviewing as supervisor", "chief, single-level review", "for the officer"...); `reason` is
    why the chief reviewed as supervisor or single-level."""

    level: str
    action: str
    by: str
    capacity: str
    at: dt.datetime
    comment: str
    as_supervisor: bool
    single_level: bool
    reason: str


class ForceReportOut(Schema):
    """The report without the narrative, the considerations note, the injury's description, the
    deadly-force justification, the education-plan note or who gave aid. `review_level` is the
    review the caller may give now (`sergeant`, `chief`), if any; `review_as_supervisor` says the
    caller (the chief) gives the sergeant's review only as supervisor, `review_single_level` that
    the caller gives the chief's review only as a single-level review, each with a reason;
    `waiting_for_you` that the report counts as waiting for the caller's review;
    `review_refused` why the caller may not review a report that waits for a review."""

    id: uuid.UUID
    incident_id: uuid.UUID
    incident_number: str
    school_id: uuid.UUID
    school: str
    subject_id: uuid.UUID
    subject: str
    officer_id: uuid.UUID
    officer: str
    occurred_at: dt.datetime
    status: str
    force_used: list[ForceTypeOut]
    force_other: str
    deescalation: list[str]
    deescalation_other: str
    applied: list[str]
    education_plan_known: bool | None
    education_plan_considered: bool | None
    injury: str
    condition_assessed: bool | None
    aid_rendered: bool | None
    prone_start: dt.datetime | None
    prone_end: dt.datetime | None
    restored_at: dt.datetime | None
    submitted_at: dt.datetime | None
    finding: ForceFindingOut
    steps: list[ForceStepOut]
    review_level: str | None
    review_as_supervisor: bool
    review_single_level: bool
    waiting_for_you: bool
    review_refused: str


class ForceReviewIn(InputSchema):
    """Approve the report (the sergeant's approval forwards it to the chief), or return it with
    a comment saying what to change. The chief giving the sergeant's review sets
    `as_supervisor`; the same chief giving the chief's review then sets `single_level`; either
    needs the `reason`."""

    decision: Literal["approve", "return"] | None = None
    comment: MultiLine | None = None
    as_supervisor: bool = False
    single_level: bool = False
    reason: MultiLine | None = None
