"""One current security audit per school and school year (policy 436.3). "Start the audit" was
offered, and one tap created a second audit, for a school whose 2026-27 audit was complete and
current (the demo's Central Lakes High School). Now the rules' `needed` decides what is offered,
and a second audit in the same school year needs a stated reason, kept and audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conftest import Demo
from sro.audittrail.models import AuditEvent
from sro.safety import facts, services
from sro.safety.models import AuditStatus, SecurityAudit
from sro.schools.models import School
from sro.schools.services import save_school

TODAY = dt.date(2026, 11, 28)
REASON = "The gym was rebuilt after the October storm."


def _new_school(demo: Demo) -> School:
    return save_school(
        School(
            education_agency=demo.high_school.education_agency,
            name="Test school never audited",
            level="middle",
        ),
        actor=demo.users["chief"],
    )


def _audits(school: School) -> int:
    return SecurityAudit.objects.filter(school=school).count()


def test_the_demo_high_schools_audit_is_done_and_current(demo: Demo) -> None:
    status = facts.audit_status_for(demo.high_school, as_of=TODAY)
    assert status.state == "current"
    assert status.needed is False
    assert SecurityAudit.objects.filter(
        school=demo.high_school, school_year="2026-27", status=AuditStatus.COMPLETED
    ).exists()


def test_no_start_the_audit_for_a_school_whose_audit_is_current(
    demo: Demo, clients: dict[str, Any]
) -> None:
    start = reverse("safety:audit_start", args=[demo.high_school.pk])
    for persona in ("sro", "sergeant", "chief"):
        listing = clients[persona].get(reverse("safety:audit_list")).content.decode()
        assert start not in listing, persona
        page = clients[persona].get(reverse("safety:school", args=[demo.high_school.pk]))
        text = page.content.decode()
        assert ">Start the audit</button>" not in text, persona
        assert "Reason for a second audit this school year" in text, persona


def test_a_second_audit_without_a_reason_is_refused_and_nothing_is_written(
    demo: Demo, clients: dict[str, Any]
) -> None:
    school = demo.high_school
    before, events = _audits(school), AuditEvent.objects.count()
    for reason in ("", "   "):
        response = clients["sro"].post(
            reverse("safety:audit_start", args=[school.pk]),
            {"repeat_reason": reason},
            follow=True,
        )
        assert response.status_code == 200
        text = response.content.decode()
        assert "done and current" in text
        assert "give the reason for a second audit this school year" in text
    assert _audits(school) == before
    assert AuditEvent.objects.count() == events
    with pytest.raises(ValidationError) as refused:
        services.open_audit(school, actor=demo.users["chief"], as_of=TODAY)
    assert "repeat_reason" in refused.value.message_dict


def test_a_second_audit_with_a_reason_is_started_kept_and_audited(
    demo: Demo, clients: dict[str, Any]
) -> None:
    school = demo.high_school
    response = clients["sro"].post(
        reverse("safety:audit_start", args=[school.pk]), {"repeat_reason": f"  {REASON} "}
    )
    audit = SecurityAudit.objects.get(school=school, status=AuditStatus.IN_PROGRESS)
    assert response["Location"] == audit.get_absolute_url()
    assert audit.repeat_reason == REASON
    event = AuditEvent.objects.get(action="security_audit.repeat", target_id=str(audit.pk))
    assert event.actor == demo.users["sro"]
    assert REASON in event.reason
    page = clients["sro"].get(audit.get_absolute_url()).content.decode()
    assert "Reason for a second audit this school year" in page
    assert REASON in page
    # A second tap carries on with the audit in progress, as before.
    again = clients["sro"].post(reverse("safety:audit_start", args=[school.pk]))
    assert again["Location"] == audit.get_absolute_url()
    assert (
        _audits(school)
        == 1 + SecurityAudit.objects.filter(school=school, status=AuditStatus.COMPLETED).count()
    )


def test_the_sergeant_opens_a_second_audit_with_a_reason(
    demo: Demo, clients: dict[str, Any]
) -> None:
    school = demo.high_school
    url = reverse("safety:audit_open", args=[school.pk])
    clients["sergeant"].post(url, {})
    assert not SecurityAudit.objects.filter(school=school, status=AuditStatus.OPEN).exists()
    clients["sergeant"].post(url, {"repeat_reason": REASON})
    audit = SecurityAudit.objects.get(school=school, status=AuditStatus.OPEN)
    assert audit.repeat_reason == REASON


def test_a_school_that_needs_an_audit_is_offered_and_started_without_a_reason(
    demo: Demo, clients: dict[str, Any]
) -> None:
    school = _new_school(demo)
    assert facts.audit_status_for(school, as_of=TODAY).needed
    start = reverse("safety:audit_start", args=[school.pk])
    listing = clients["chief"].get(reverse("safety:audit_list")).content.decode()
    assert reverse("safety:audit_open", args=[school.pk]) in listing
    page = clients["chief"].get(reverse("safety:school", args=[school.pk])).content.decode()
    assert start in page
    assert "Reason for a second audit" not in page
    audit = services.open_audit(school, actor=demo.users["chief"], as_of=TODAY)
    assert audit.repeat_reason == ""
    assert AuditEvent.objects.filter(
        action="security_audit.create", target_id=str(audit.pk)
    ).exists()


def test_a_reason_given_where_an_audit_is_needed_is_not_kept(demo: Demo) -> None:
    """The reason is for a second audit only; a needed audit is not recorded as one."""
    school = _new_school(demo)
    audit = services.open_audit(
        school, actor=demo.users["chief"], as_of=TODAY, repeat_reason=REASON
    )
    assert audit.repeat_reason == ""


def test_the_api_says_whether_a_school_needs_an_audit(demo: Demo, clients: dict[str, Any]) -> None:
    body = clients["chief"].get("/api/v1/safety/schools?limit=100").json()
    needed = {row["name"]: row["audit"]["needed"] for row in body["items"]}
    assert needed[demo.high_school.name] is False
    statuses = facts.audit_statuses([s.pk for s in demo.schools.values()], as_of=TODAY)
    for school in demo.schools.values():
        assert needed[school.name] is statuses[school.pk].needed
