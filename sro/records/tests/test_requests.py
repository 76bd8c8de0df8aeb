"""The data-request register as records staff use it: a parent's request logged with the record
and the child, the release copy reviewed (its PDF opening logged), the release recorded as a
disclosure in the access log; refusals name their field; only records staff write."""

from __future__ import annotations

from typing import Any

from conftest import Demo
from sro.audittrail.models import AccessLogEntry, AuditEvent
from sro.incidents.models import IncidentPerson
from sro.records.models import DataRequest


def _arrested() -> IncidentPerson:
    return IncidentPerson.objects.select_related("incident").get(disposition="custodial_arrest")


def _log(client: Any, **overrides: Any) -> Any:
    person = _arrested()
    data = {
        "received_on": "2026-11-20",
        "requester_kind": "parent",
        "requester_name": "A. Parent (fictional)",
        "requester_contact": "By mail",
        "description": "Everything about my child's arrest on the bus.",
        "incidents": [str(person.incident_id)],
        "about": str(person.pk),
        **overrides,
    }
    return client.post("/records/requests/new/", data)


def test_records_staff_log_review_and_release_a_parents_request(
    demo: Demo, clients: dict[str, Any]
) -> None:
    records = clients["records"]
    response = _log(records)
    assert response.status_code == 302
    entry = DataRequest.objects.latest("created_at")
    page = records.get(response["Location"]).content.decode()
    assert "Release copies" in page
    person = _arrested()
    pdf = records.get(f"/records/requests/{entry.pk}/copies/{person.incident_id}.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert AccessLogEntry.objects.filter(
        record_id=str(person.incident_id), kind="export", username="records"
    ).exists()
    # Release before review is refused; review, then release.
    records.post(f"/records/requests/{entry.pk}/release/", {"released_how": "Mailed"})
    entry.refresh_from_db()
    assert entry.status == "received"
    records.post(f"/records/requests/{entry.pk}/review/")
    records.post(f"/records/requests/{entry.pk}/release/", {"released_how": "Mailed"})
    entry.refresh_from_db()
    assert entry.status == "released"
    assert entry.released_how == "Mailed"
    assert AccessLogEntry.objects.filter(
        record_id=str(person.incident_id), kind="disclose"
    ).exists()
    event = AuditEvent.objects.get(action="data_request.create", target_id=str(entry.pk))
    assert "A. Parent" not in str(event.new_values)  # the requester's name is private too


def test_bad_requests_are_refused_on_their_field(demo: Demo, clients: dict[str, Any]) -> None:
    records = clients["records"]
    no_person = _log(records, about="")
    assert no_person.status_code == 422
    assert "Choose the person in the records" in no_person.content.decode()
    withheld = _log(records, minor_withheld="on")
    assert withheld.status_code == 422
    assert "best interest" in withheld.content.decode()
    assert DataRequest.objects.count() == 1  # the demo's own


def test_only_records_staff_write_and_others_read_or_not(
    demo: Demo, clients: dict[str, Any]
) -> None:
    assert _log(clients["chief"]).status_code == 403
    assert clients["chief"].get("/records/requests/").status_code == 200
    assert clients["auditor"].get("/records/requests/").status_code == 200
    assert clients["sergeant"].get("/records/requests/").status_code == 403
    assert clients["principal"].get("/records/requests/").status_code == 403


def test_the_sro_records_an_education_record_on_their_incident(
    demo: Demo, clients: dict[str, Any]
) -> None:
    from sro.incidents.models import Incident
    from sro.records.models import EducationRecord

    incident = Incident.objects.filter(officer=demo.officers["Lindqvist"]).first()
    assert incident is not None
    url = f"/records/incidents/{incident.pk}/education/new/"
    page = clients["sro"].get(url).content.decode()
    assert "Coordinating a referral to school authorities or a support service" in page
    response = clients["sro"].post(
        url,
        {
            "received_on": "2026-11-27",
            "purpose": "Coordinating a referral to school authorities or a support service",
            "description": "Attendance summary, fall term",
        },
    )
    assert response.status_code == 302
    record = EducationRecord.objects.get(incident=incident)
    assert record.school == incident.school
    assert "1 record the school shared" in clients["sro"].get(response["Location"]).content.decode()
    bad = clients["sro"].post(url, {"received_on": "2026-11-27", "purpose": "Curiosity"})
    assert bad.status_code == 422
    assert clients["principal"].get(url).status_code == 403  # their school, not their record
