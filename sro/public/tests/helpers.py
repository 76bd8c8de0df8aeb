"""Records for the public-figures tests, written and reviewed through the services as the
application does, and the day after the demo year's release day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from conftest import Demo
from sro.core import clock
from sro.incidents import services as incidents
from sro.incidents.models import Incident, IncidentPerson
from sro.use_of_force import review
from sro.use_of_force import services as force
from sro.use_of_force.force_types import ensure_default_force_types
from sro.use_of_force.models import ForceReport, ForceType

YEAR = "2026-27"  # the demo's school year; its figures are published on 2027-08-29
PUBLISHED_ON = dt.date(2027, 8, 29)
AFTER = dt.datetime(2027, 9, 1, 15, 0, tzinfo=dt.UTC)  # after the release day


def incident(
    demo: Demo,
    *,
    at: dt.datetime,
    disposition: str = "handled_in_department",
    status: str = "approved",
    summary: str = "Argument at the bus stop",
) -> Incident:
    """An incident at Central Lakes High School with one student, left in ``status``."""
    sro, sergeant = demo.users["sro"], demo.users["sergeant"]
    record = incidents.create_incident(
        Incident(
            agency=demo.agency,
            school=demo.high_school,
            officer=demo.officers["Lindqvist"],
            occurred_at=at,
            summary=summary,
            initiated_by="school_staff",
            violates_school_rules=True,
            narrative="Two students argued; I spoke with both and called a parent.",
        ),
        actor=sro,
    )
    incidents.save_person(
        IncidentPerson(
            incident=record,
            kind="student",
            role="suspect",
            first_name="Quinn",
            last_name="Testperson",
            date_of_birth=dt.date(2010, 3, 3),
            grade="10",
            disposition=disposition,
        ),
        actor=sro,
    )
    if status in ("submitted", "approved", "returned"):
        incidents.submit_incident(record, actor=sro)
    if status in ("approved", "returned"):
        incidents.review_incident(
            record, actor=sergeant, approve=status == "approved", comment="Add the time."
        )
    return record


def force_report(
    demo: Demo, *, at: dt.datetime, prone: bool = False, status: str = "approved"
) -> ForceReport:
    """A complete force report on a Central Lakes student by Dana Lindqvist, left in
    ``status`` (draft, submitted, sergeant_reviewed or approved)."""
    users = demo.users
    ensure_default_force_types(actor=users["chief"])
    student = IncidentPerson.objects.filter(
        kind="student", incident__school=demo.high_school, incident__status="approved"
    ).first()
    assert student is not None
    fields: dict[str, Any] = {}
    if prone:
        fields = {
            "prone_start": at,
            "prone_end": at + dt.timedelta(seconds=30),
            "restored_at": at + dt.timedelta(seconds=30),
        }
    report = force.save_report(
        ForceReport(
            incident=student.incident,
            subject=student,
            officer=demo.officers["Lindqvist"],
            occurred_at=at,
            deescalation=["empathetic"],
            considerations={"applied": ["threat"], "note": ""},
            education_plan_known=False,
            condition_assessed=True,
            aid_rendered=True,
            aid_by="Officer Lindqvist",
            injury="none",
            narrative="The student pushed past me toward another student; I held his arm.",
            **fields,
        ),
        actor=users["sro"],
        force_used=ForceType.objects.filter(code="escort"),
    )
    if status == "draft":
        return report
    force.submit_report(report, actor=users["sro"])
    if status in ("sergeant_reviewed", "approved"):
        force.review_report(
            report, actor=users["sergeant"], level="sergeant", approve=True, comment=""
        )
    if status == "approved":
        force.review_report(report, actor=users["chief"], level="chief", approve=True, comment="")
    return report


def approve_both_levels(demo: Demo, report: ForceReport) -> None:
    """Finish a submitted report's review by two levels as the department would: the sergeant
    gives the first unless he wrote or submitted it (then the chief, as supervisor, with the
    reason), and the chief the second (single-level, with the reason, after her own first)."""
    sergeant, chief = demo.users["sergeant"], demo.users["chief"]
    if review.option_for(sergeant, report).allowed:
        force.review_report(report, actor=sergeant, level="sergeant", approve=True, comment="")
    else:
        force.review_report(
            report,
            actor=chief,
            level="sergeant",
            approve=True,
            comment="",
            as_supervisor=True,
            reason="The sergeant submitted it for the officer.",
        )
    single = review.option_for(chief, report).single_level
    force.review_report(
        report,
        actor=chief,
        level="chief",
        approve=True,
        comment="",
        single_level=single,
        reason="No other chief-level reviewer." if single else "",
    )


def local(y: int, m: int, d: int, hh: int = 10) -> dt.datetime:
    return dt.datetime(y, m, d, hh, 0, tzinfo=clock.agency_zone())
