"""Incidents through the pages and services: quick entry, the policy's questions, the review,
the flag for a school-rules-only enforcement, and privacy (no purpose, no identity; every view
logged; the audit trail never copies a name)."""

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
from sro.incidents import services
from sro.incidents.models import Incident, IncidentPerson, NarrativeVersion, Offense
from sro.incidents.tests.factories import make_incident as _incident
from sro.incidents.tests.factories import make_student as _student

PURPOSE = "Investigating or following up this incident"


def test_quick_entry_on_a_phone_creates_a_draft_in_my_open_items(
    demo: Demo, clients: dict[str, Any]
) -> None:
    sro = clients["sro"]
    page = sro.get(reverse("incidents:incident_new"))
    assert page.status_code == 200
    # The SRO's own school is proposed.
    assert page.context["form"]["school"].value() == demo.high_school.pk
    response = sro.post(
        reverse("incidents:incident_new"),
        {
            "school": demo.high_school.pk,
            "occurred_at": "2026-11-27T09:30",
            "summary": "Shoving in the hallway",
            "initiated_by": "officer",
        },
    )
    incident = Incident.objects.get(summary="Shoving in the hallway")
    assert response.status_code == 302
    assert incident.status == "draft"
    assert incident.officer == demo.officers["Lindqvist"]
    assert incident.number.startswith("2026-")
    listing = sro.get(reverse("incidents:incident_list"))
    assert incident in list(listing.context["open_items"])


def test_quick_entry_names_the_missing_field(demo: Demo, clients: dict[str, Any]) -> None:
    response = clients["sro"].post(
        reverse("incidents:incident_new"),
        {"school": demo.high_school.pk, "occurred_at": "not a time", "initiated_by": "officer"},
    )
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert set(errors) == {"occurred_at", "summary"}
    assert not Incident.objects.filter(summary="").exists()


def test_the_identity_is_shown_only_after_a_purpose_and_each_view_is_logged(
    demo: Demo, clients: dict[str, Any]
) -> None:
    incident = _incident(demo, narrative="Quinn Testperson pushed a classmate.")
    person = _student(incident, demo)
    sergeant = clients["sergeant"]
    url = reverse("incidents:incident", args=[incident.pk])
    before = AccessLogEntry.objects.count()
    first = sergeant.get(url)
    assert "Testperson" not in first.content.decode()
    assert first.context["purpose_form"] is not None
    assert AccessLogEntry.objects.count() == before
    refused = sergeant.post(
        reverse("incidents:purpose", args=[incident.pk]), {"purpose": "Curiosity", "next": url}
    )
    assert refused.status_code == 422
    sergeant.post(
        reverse("incidents:purpose", args=[incident.pk]), {"purpose": PURPOSE, "next": url}
    )
    shown = sergeant.get(url)
    assert "Quinn Testperson" in shown.content.decode()
    logged = AccessLogEntry.objects.order_by("-at", "-id")[:2]
    assert {e.record_id for e in logged} == {str(incident.pk), str(person.pk)}
    assert all(e.purpose == PURPOSE and e.username == "sergeant" for e in logged)
    assert all("Testperson" not in e.record_label for e in logged)
    # A second view writes the log again.
    sergeant.get(url)
    assert AccessLogEntry.objects.count() == before + 4


def test_the_contract_purposes_are_offered(demo: Demo, clients: dict[str, Any]) -> None:
    incident = _incident(demo)
    page = clients["chief"].get(reverse("incidents:incident", args=[incident.pk]))
    offered = [c[0] for c in page.context["purpose_form"].fields["purpose"].choices]
    assert offered[0].startswith("Investigating an incident at school")
    assert PURPOSE in offered


def test_the_auditor_sees_the_record_without_identities(
    demo: Demo, clients: dict[str, Any]
) -> None:
    incident = _incident(demo, narrative="Quinn Testperson pushed a classmate.")
    _student(incident, demo)
    page = clients["auditor"].get(reverse("incidents:incident", args=[incident.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "Testperson" not in body
    assert "pushed a classmate" not in body
    assert page.context["purpose_form"] is None
    refused = clients["auditor"].post(
        reverse("incidents:purpose", args=[incident.pk]), {"purpose": PURPOSE}
    )
    assert refused.status_code == 302
    assert "Testperson" not in clients["auditor"].get(refused["Location"]).content.decode()


def test_the_audit_trail_records_changes_to_a_person_without_copying_them(demo: Demo) -> None:
    incident = _incident(demo, narrative="Quinn Testperson pushed a classmate.")
    _student(incident, demo)
    events = AuditEvent.objects.filter(
        target_id__in=[str(incident.pk)]
    ) | AuditEvent.objects.filter(target_type="incidents.incidentperson")
    text = " ".join(f"{e.old_values} {e.new_values} {e.target_label}" for e in events)
    assert "Testperson" not in text
    assert "pushed a classmate" not in text
    assert "(private: changed)" in text


def test_the_narrative_keeps_every_version(demo: Demo) -> None:
    incident = _incident(demo, narrative="First wording.")
    incident.narrative = "Second wording."
    services.update_incident(incident, actor=demo.users["sro"])
    services.update_incident(incident, actor=demo.users["sro"])  # unchanged: no new version
    texts = list(NarrativeVersion.objects.filter(incident=incident).values_list("text", flat=True))
    assert texts == ["Second wording.", "First wording."]


def test_submit_is_refused_until_the_policy_questions_are_answered(demo: Demo) -> None:
    theft = Offense.objects.get(citation="609.52")
    incident = _incident(demo, offense=theft, violates_school_rules=True, narrative="It happened.")
    person = _student(incident, demo, disposition="citation")
    with pytest.raises(ValidationError) as refused:
        services.submit_incident(incident, actor=demo.users["sro"])
    text = " ".join(refused.value.messages)
    assert "referral to school authorities was considered" in text
    assert "diversion or restorative justice" in text
    person.school_referral_considered = True
    person.school_referral_reason = "Considered; the harm was to a staff member's car."
    person.alternatives_considered = True
    person.alternatives_note = "Diversion offered; declined."
    services.save_person(person, actor=demo.users["sro"])
    services.submit_incident(incident, actor=demo.users["sro"])
    assert Incident.objects.get(pk=incident.pk).status == "submitted"


def test_review_returns_with_comments_then_approves_and_keeps_history(
    demo: Demo, clients: dict[str, Any]
) -> None:
    incident = _incident(demo, violates_school_rules=False, narrative="Nothing more.")
    services.submit_incident(incident, actor=demo.users["sro"])
    with pytest.raises(ValidationError):  # the submitter does not review their own record
        services.review_incident(incident, actor=demo.users["sro"], approve=True, comment="")
    url = reverse("incidents:review", args=[incident.pk])
    clients["sergeant"].post(url, {"decision": "return", "comment": "Add the place."})
    incident.refresh_from_db()
    assert incident.status == "returned"
    assert incident.reviewed_by == demo.users["sergeant"]
    incident.place = "Library"
    services.update_incident(incident, actor=demo.users["sro"])
    services.submit_incident(incident, actor=demo.users["sro"])
    clients["sergeant"].post(url, {"decision": "approve", "comment": ""})
    incident.refresh_from_db()
    assert incident.status == "approved"
    steps = list(incident.steps.values_list("action", "comment"))
    assert steps == [
        ("submitted", ""),
        ("returned", "Add the place."),
        ("submitted", ""),
        ("approved", ""),
    ]
    with pytest.raises(ValidationError):  # approved records are final
        services.update_incident(incident, actor=demo.users["sro"])


def test_a_school_rules_only_enforcement_is_flagged_for_review(
    demo: Demo, clients: dict[str, Any]
) -> None:
    incident = _incident(demo, violates_school_rules=True)
    _student(incident, demo, disposition="handled_in_department")
    page = clients["sergeant"].get(reverse("incidents:incident", args=[incident.pk]))
    flags = page.context["finding"].flags
    assert [f.code for f in flags] == ["school_rules_enforcement"]
    assert "626.8482, subd. 2(c)" in page.content.decode()


def test_the_principal_sees_only_referrals_and_acknowledges_one(
    demo: Demo, clients: dict[str, Any]
) -> None:
    principal = clients["principal"]
    referral = IncidentPerson.objects.get(disposition="referred_to_school")
    assert principal.get(reverse("incidents:incident_list")).status_code == 403
    assert (
        principal.get(reverse("incidents:incident", args=[referral.incident_id])).status_code == 403
    )
    listing = principal.get(reverse("incidents:referral_list"))
    assert list(listing.context["referrals"]) == [referral]
    assert referral.first_name not in listing.content.decode()
    url = reverse("incidents:referral", args=[referral.pk])
    assert referral.first_name not in principal.get(url).content.decode()
    principal.post(url, {"purpose": "Acting on this referral under the school's rules"})
    page = principal.get(url)
    assert referral.full_name in page.content.decode()
    assert "Referred to the school for its own response" in page.content.decode()
    assert "police narrative" not in page.content.decode()
    assert AccessLogEntry.objects.filter(record_id=str(referral.pk), username="principal").exists()
    principal.post(reverse("incidents:acknowledge", args=[referral.pk]), {"note": "Seen."})
    referral.refresh_from_db()
    assert referral.acknowledged_by == demo.users["principal"]


def test_figures_count_referrals_and_arrests_by_school(demo: Demo, clients: dict[str, Any]) -> None:
    page = clients["chief"].get(reverse("incidents:figures"), {"school_year": "2026-27"})
    figures = page.context["figures"]
    assert figures.referrals == 1
    assert figures.arrests == 1
    schools = {name: total for name, _, total in figures.by_school}
    assert schools["Glacial Ridge Charter Academy (grades 6-12)"] == 1
    assert "Marsh" not in page.content.decode()


def test_the_demo_holds_every_disposition(demo: Demo) -> None:
    from sro.rules.incidents import DISPOSITIONS

    recorded = set(IncidentPerson.objects.values_list("disposition", flat=True))
    assert {d.id for d in DISPOSITIONS} <= recorded


def test_the_access_log_shows_who_opened_a_record(demo: Demo, clients: dict[str, Any]) -> None:
    incident = _incident(demo, narrative="Quinn Testperson pushed a classmate.")
    _student(incident, demo)
    url = reverse("incidents:incident", args=[incident.pk])
    clients["sergeant"].post(
        reverse("incidents:purpose", args=[incident.pk]), {"purpose": PURPOSE, "next": url}
    )
    clients["sergeant"].get(url)
    log = clients["records"].get(reverse("audittrail:access_list"), {"record": str(incident.pk)})
    entries = list(log.context["page"].object_list)
    assert [(e.username, e.purpose) for e in entries] == [("sergeant", PURPOSE)]
    assert clients["sergeant"].get(reverse("audittrail:access_list")).status_code == 403


def test_public_pages_show_no_one_from_an_incident(demo: Demo, clients: dict[str, Any]) -> None:
    names = {p.last_name for p in IncidentPerson.objects.all()}
    pages = [reverse("public:index")] + [
        reverse("public:school", args=[school.pk]) for school in demo.schools.values()
    ]
    for page in pages:
        body = clients["anonymous"].get(page).content.decode()
        assert not [name for name in names if name in body], page


def test_case_numbers_count_up_within_the_year_past_four_digits(demo: Demo) -> None:
    _incident(demo, number="2026-9999")
    assert _incident(demo).number == "2026-10000"
    assert _incident(demo).number == "2026-10001"
    next_year = dt.datetime(2027, 1, 4, 8, 0, tzinfo=clock.agency_zone())
    # Recorded once it happened: an incident is never in the future.
    with time_machine.travel(next_year, tick=False):
        assert _incident(demo, occurred_at=next_year).number == "2027-0001"


# Evening of Monday, December 7 where the agency is: already December 8 in UTC.
EVENING = dt.datetime(2026, 12, 7, 20, 30, tzinfo=clock.agency_zone())


def test_an_incident_tomorrow_in_local_time_is_refused_on_the_page_and_the_api(demo: Demo) -> None:
    """The "not in the future" check compares the moment with now, not UTC dates: tomorrow noon
    is refused at half past eight the evening before, and a moment ago is accepted."""
    page = {
        "school": demo.high_school.pk,
        "summary": "Shoving in the hallway",
        "initiated_by": "officer",
        "place": "East hallway",
    }
    api = {k: str(v) for k, v in page.items()}
    with time_machine.travel(EVENING, tick=False):
        assert clock.now().date() == dt.date(2026, 12, 8)  # UTC is already the next day
        sro = signed_in(demo.users["sro"])
        before = Incident.objects.count()
        refused = sro.post(
            reverse("incidents:incident_new"), page | {"occurred_at": "2026-12-08T12:00"}
        )
        assert refused.status_code == 422
        assert "occurred_at" in refused.context["form"].errors
        answer = sro.post(
            "/api/v1/incidents",
            json.dumps(api | {"occurred_at": "2026-12-08T12:00:00-06:00"}),
            content_type="application/json",
        )
        assert answer.status_code == 422
        assert [e["field"] for e in answer.json()["errors"]] == ["occurred_at"]
        # Later this evening is still the future.
        later = sro.post(
            reverse("incidents:incident_new"), page | {"occurred_at": "2026-12-07T23:30"}
        )
        assert later.status_code == 422
        assert Incident.objects.count() == before
        accepted = sro.post(
            reverse("incidents:incident_new"), page | {"occurred_at": "2026-12-07T20:15"}
        )
        assert accepted.status_code == 302
