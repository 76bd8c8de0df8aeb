"""Force reports through the pages and services: filing from an incident, the policy's questions
before submission, the flags with their citations, the sergeant-then-chief review, and the
student's name and the narrative kept behind a stated purpose."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import Demo, signed_in
from sro.audittrail.models import AccessLogEntry, AuditEvent
from sro.core import clock
from sro.incidents.models import IncidentPerson
from sro.use_of_force import services
from sro.use_of_force.facts import finding_for
from sro.use_of_force.force_types import ensure_default_force_types
from sro.use_of_force.models import ForceReport, ForceType

PURPOSE = "Investigating or following up this incident"


def _codes(report: ForceReport) -> set[str]:
    return {f.code for f in finding_for(report).flags}


def test_the_demo_reports_raise_every_flag(demo: Demo) -> None:
    raised: set[str] = set()
    for report in ForceReport.objects.all():
        raised |= _codes(report)
    assert raised == {
        "school_rules",
        "restricted_without_justification",
        "no_deescalation",
        "no_aid_assessment",
        "prone_restraint",
        "prone_long",
    }
    arrest = ForceReport.objects.get(prone_start__isnull=False)
    finding = finding_for(arrest)
    assert finding.prone_minutes == 3
    assert finding.needs_supervisor_review
    assert ForceReport.objects.filter(injury="serious").get().status == "approved"


def _file(client: Any, demo: Demo, **extra: Any) -> ForceReport:
    ensure_default_force_types(actor=demo.users["chief"])
    person = IncidentPerson.objects.get(first_name="Noah")  # the phone theft, Lindqvist's
    data = {
        "subject": person.pk,
        "occurred_at": "2026-09-15T10:45",
        "force_used": [ForceType.objects.get(code="escort").pk],
        "deescalation": ["empathetic"],
        "narrative": "Noah Brandt would not leave the locker bay; I walked him out by the arm.",
    }
    data.update(extra)
    response = client.post(reverse("use_of_force:report_new", args=[person.incident_id]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return ForceReport.objects.get(subject=person)


def test_an_sro_files_a_report_and_is_told_what_is_missing(
    demo: Demo, clients: dict[str, Any]
) -> None:
    sro = clients["sro"]
    report = _file(sro, demo)
    assert report.officer == demo.officers["Lindqvist"]
    assert report.status == "draft"
    missing = {m.code for m in finding_for(report).missing}
    assert {"injury", "condition_assessed"} <= missing
    sro.post(reverse("use_of_force:submit", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == "draft"
    report.injury, report.condition_assessed, report.aid_by = "none", True, "Officer Lindqvist"
    report.education_plan_known = False
    services.save_report(report, actor=demo.users["sro"])
    sro.post(reverse("use_of_force:submit", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == "submitted"


def test_the_sergeant_then_the_chief_review_with_history(
    demo: Demo, clients: dict[str, Any]
) -> None:
    report = _file(
        clients["sro"],
        demo,
        injury="none",
        condition_assessed="true",
        aid_by="Officer Lindqvist",
        education_plan_known="false",
    )
    services.submit_report(report, actor=demo.users["sro"])
    with pytest.raises(ValidationError):  # not the reporting officer
        services.review_report(
            report, actor=demo.users["sro"], level="sergeant", approve=True, comment=""
        )
    url = reverse("use_of_force:review", args=[report.pk])
    # The chief cannot skip the sergeant: the report is not waiting for the chief.
    page = clients["chief"].get(reverse("use_of_force:report", args=[report.pk]))
    assert page.context["level"] == "sergeant"
    clients["sergeant"].post(url, {"decision": "return", "comment": ""})
    report.refresh_from_db()
    assert report.status == "submitted"  # a return needs a comment
    clients["sergeant"].post(url, {"decision": "approve", "comment": "Reasonable."})
    report.refresh_from_db()
    assert report.status == "sergeant_reviewed"
    assert clients["sergeant"].post(url, {"decision": "approve"}).status_code == 404
    clients["chief"].post(url, {"decision": "approve", "comment": ""})
    report.refresh_from_db()
    assert report.status == "approved"
    steps = list(report.steps.values_list("level", "action"))
    assert steps == [
        ("officer", "submitted"),
        ("sergeant", "forwarded"),
        ("chief", "approved"),
    ]
    with pytest.raises(ValidationError):
        services.save_report(report, actor=demo.users["sro"])


def test_the_narrative_needs_the_incidents_purpose_and_is_logged(
    demo: Demo, clients: dict[str, Any]
) -> None:
    report = ForceReport.objects.get(injury="serious")
    url = reverse("use_of_force:report", args=[report.pk])
    sergeant = clients["sergeant"]
    assert "Tveit" not in sergeant.get(url).content.decode()
    incident_url = reverse("incidents:incident", args=[report.incident_id])
    sergeant.post(
        reverse("incidents:purpose", args=[report.incident_id]),
        {"purpose": PURPOSE, "next": incident_url},
    )
    body = sergeant.get(url).content.decode()
    assert "Marcus Tveit" in body
    assert AccessLogEntry.objects.filter(record_id=str(report.pk), username="sergeant").exists()
    auditor = clients["auditor"].get(url).content.decode()
    assert "Tveit" not in auditor
    events = AuditEvent.objects.filter(target_id=str(report.pk))
    assert "Tveit" not in " ".join(str(e.new_values) for e in events)


@pytest.mark.parametrize(("persona", "status"), [("principal", 403), ("outsider", 404)])
def test_school_administrators_and_other_agencies_see_no_force_reports(
    demo: Demo, clients: dict[str, Any], persona: str, status: int
) -> None:
    report = ForceReport.objects.get(injury="serious")
    assert clients[persona].get(reverse("use_of_force:report", args=[report.pk])).status_code == (
        status
    )


def test_force_later_today_is_refused_on_the_page_and_the_api(demo: Demo) -> None:
    """At half past eight in the evening, force at 23:30 the same day has not been used yet:
    the check compares moments, not days."""
    ensure_default_force_types(actor=demo.users["chief"])
    person = IncidentPerson.objects.get(first_name="Noah")
    evening = dt.datetime(2026, 12, 7, 20, 30, tzinfo=clock.agency_zone())
    data = {
        "subject": person.pk,
        "force_used": [ForceType.objects.get(code="escort").pk],
        "deescalation": ["empathetic"],
        "narrative": "Noah Brandt would not leave the locker bay; I walked him out by the arm.",
    }
    url = reverse("use_of_force:report_new", args=[person.incident_id])
    with time_machine.travel(evening, tick=False):
        sro = signed_in(demo.users["sro"])
        refused = sro.post(url, data | {"occurred_at": "2026-12-07T23:30"})
        assert "occurred_at" in refused.context["form"].errors
        body = {
            "subject": str(person.pk),
            "occurred_at": "2026-12-07T23:30:00-06:00",
            "force_used": [str(ForceType.objects.get(code="escort").pk)],
            "deescalation": ["empathetic"],
            "narrative": data["narrative"],
        }
        answer = sro.post(
            f"/api/v1/incidents/{person.incident_id}/force-reports",
            json.dumps(body),
            content_type="application/json",
        )
        assert answer.status_code == 422
        assert "occurred_at" in [e["field"] for e in answer.json()["errors"]]
        assert not ForceReport.objects.filter(subject=person).exists()
        # A moment ago is accepted.
        assert sro.post(url, data | {"occurred_at": "2026-12-07T20:15"}).status_code == 302


def test_force_before_its_incident_is_refused_on_the_page_and_the_api(
    demo: Demo, clients: dict[str, Any]
) -> None:
    """Force belongs to its incident: a day before the incident's is refused on the field."""
    ensure_default_force_types(actor=demo.users["chief"])
    person = IncidentPerson.objects.get(first_name="Noah")
    incident_day = person.incident.occurred_at.astimezone(clock.agency_zone()).date()
    before = (incident_day - dt.timedelta(days=1)).isoformat()
    data = {
        "subject": person.pk,
        "force_used": [ForceType.objects.get(code="escort").pk],
        "deescalation": ["empathetic"],
        "narrative": "Noah Brandt would not leave the locker bay; I walked him out by the arm.",
    }
    url = reverse("use_of_force:report_new", args=[person.incident_id])
    refused = clients["sro"].post(url, data | {"occurred_at": f"{before}T10:45"})
    errors = refused.context["form"].errors
    assert "before the incident" in " ".join(errors["occurred_at"])
    body = {
        "subject": str(person.pk),
        "occurred_at": "2026-01-01T10:45:00-06:00",
        "force_used": [str(ForceType.objects.get(code="escort").pk)],
        "deescalation": ["empathetic"],
        "narrative": data["narrative"],
    }
    answer = clients["sro"].post(
        f"/api/v1/incidents/{person.incident_id}/force-reports",
        json.dumps(body),
        content_type="application/json",
    )
    assert answer.status_code == 422
    assert "occurred_at" in [e["field"] for e in answer.json()["errors"]]
    assert not ForceReport.objects.filter(subject=person).exists()
    # The incident's own day is accepted.
    same_day = data | {"occurred_at": f"{incident_day.isoformat()}T10:45"}
    assert clients["sro"].post(url, same_day).status_code == 302
