"""The access log's search by student (issue 23, finding 2): no answer of the access log or the
audit trail may depend on a name the searcher may not see. A partial-name search told auditors,
by the number of rows it matched, each next letter of a juvenile's name.

- Auditors (and the state auditor) may not see students' names: they get no search by student.
- The chief and records staff may: they search by an exact full name only, for a stated purpose
  from a fixed list, and the search itself (who, when, why, how many records matched, never the
  name) is written to the access log."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings
from django.utils.html import escape

from conftest import Demo
from sro.activity.models import SupportReferral
from sro.audittrail.models import AccessLogEntry, AuditEvent
from sro.audittrail.services import log_access
from sro.incidents.models import IncidentPerson
from sro.incidents.tests.factories import make_incident, make_student

URL = "/audit/access/"


def _purpose() -> str:
    return str(settings.SRO_ACCESS_LOG_SEARCH_PURPOSES[0])


@pytest.fixture
def referral(demo: Demo) -> SupportReferral:
    """Jamie Example's support referral, opened once by the principal."""
    found = SupportReferral.objects.get(first_name="Jamie", last_name="Example")
    log_access(user=demo.users["principal"], record=found, purpose="Following up")
    return found


def _entries(response: Any) -> list[AccessLogEntry]:
    return list(response.context["page"].object_list)


@pytest.mark.parametrize("persona", ["auditor", "state"])
@pytest.mark.parametrize(
    "query",
    [
        {"student": "j"},
        {"student": "jamie exam"},
        {"student": "zzzz"},
        {"student_first": "Jamie", "student_last": "Example"},
        {"student_first": "Nobody", "student_last": "Atall", "purpose": "x"},
    ],
)
def test_an_auditor_gets_no_search_by_student(
    referral: SupportReferral, clients: dict[str, Any], persona: str, query: dict[str, str]
) -> None:
    """Whatever name an auditor sends, the answer is the same refusal: nothing depends on it."""
    client = clients[persona]
    page = client.get(URL)
    assert page.status_code == 200
    assert not {"student", "student_first", "student_last"} & set(page.context["form"].fields)
    assert 'name="student' not in page.content.decode()
    response = client.get(URL, query)
    assert response.status_code == 403
    assert "Jamie" not in response.content.decode()


def test_an_auditors_refusal_is_the_same_for_every_name(
    referral: SupportReferral, clients: dict[str, Any]
) -> None:
    auditor = clients["auditor"]
    known = auditor.get(URL, {"student": "jamie"})
    unknown = auditor.get(URL, {"student": "qqqqq"})
    assert (known.status_code, known.content) == (unknown.status_code, unknown.content)


@pytest.mark.parametrize("persona", ["chief", "records"])
def test_the_search_matches_only_an_exact_full_name(
    demo: Demo, referral: SupportReferral, clients: dict[str, Any], persona: str
) -> None:
    client = clients[persona]
    purpose = _purpose()
    for first, last in (("Jam", "Example"), ("Jamie", "Exam"), ("J", "E"), ("Jamie", "")):
        response = client.get(
            URL, {"student_first": first, "student_last": last, "purpose": purpose}
        )
        assert "Following up" not in response.content.decode(), (first, last)
    exact = client.get(
        URL, {"student_first": "  JAMIE ", "student_last": "example", "purpose": purpose}
    )
    assert exact.status_code == 200
    assert [e.purpose for e in _entries(exact)] == ["Following up"]


def test_a_name_search_needs_both_names_and_a_listed_purpose(
    referral: SupportReferral, clients: dict[str, Any]
) -> None:
    chief = clients["chief"]
    before = AccessLogEntry.objects.count()
    for query, field in (
        ({"student_first": "Jamie", "student_last": "Example"}, "purpose"),
        ({"student_first": "Jamie", "student_last": "Example", "purpose": "Curiosity"}, "purpose"),
        ({"student_first": "Jamie", "purpose": _purpose()}, "student_last"),
        ({"student_last": "Example", "purpose": _purpose()}, "student_first"),
    ):
        response = chief.get(URL, query)
        assert response.status_code == 422, query
        assert field in response.context["form"].errors, query
        assert _entries(response) == [], query
    assert AccessLogEntry.objects.count() == before


def test_a_name_search_is_written_to_the_access_log_without_the_name(
    demo: Demo, clients: dict[str, Any]
) -> None:
    incident = make_incident(demo)
    make_student(incident, demo, first_name="Zinnia", last_name="Qwertyson")
    purpose = _purpose()
    page = clients["records"].get(
        URL, {"student_first": "zinnia", "student_last": "QWERTYSON", "purpose": purpose}
    )
    assert page.status_code == 200
    search = AccessLogEntry.objects.get(kind=AccessLogEntry.Kind.SEARCH)
    assert search.username == "records"
    assert search.purpose == purpose
    assert search.agency_id == demo.agency.pk
    # The person and their incident.
    assert "2 records matched" in search.record_label
    logged = str(list(AccessLogEntry.objects.values())) + str(list(AuditEvent.objects.values()))
    assert "zinnia" not in logged.lower()
    assert "qwertyson" not in logged.lower()
    # The auditor reads that the search was made, and why, but not for whom.
    shown = clients["auditor"].get(URL).content.decode()
    assert "2 records matched" in shown
    assert escape(purpose) in shown
    assert "Zinnia" not in shown


def test_the_record_search_answers_by_id_only(
    demo: Demo, referral: SupportReferral, clients: dict[str, Any]
) -> None:
    """The record filter takes an id, never a name: a name finds nothing."""
    auditor = clients["auditor"]
    assert [e.purpose for e in _entries(auditor.get(URL, {"record": str(referral.pk)}))] == [
        "Following up"
    ]
    assert _entries(auditor.get(URL, {"record": "Jamie"})) == []
    assert _entries(auditor.get(URL, {"record": "Example"})) == []


def test_no_audit_event_shown_to_an_auditor_holds_a_students_name(
    demo: Demo, clients: dict[str, Any]
) -> None:
    """The audit trail's values are what an auditor reads at /audit/: a student's name is
    recorded as changed, never by value, whichever way the person was written."""
    from sro.incidents import services

    incident = make_incident(demo)
    person = make_student(incident, demo, first_name="Zebulon", last_name="Quixwell")
    person.first_name = "Zeb"
    services.save_person(person, actor=demo.users["sro"])
    page = clients["auditor"].get("/audit/", {"action": "incident_person"})
    assert page.status_code == 200
    assert len(page.context["page"].object_list) >= 2
    text = page.content.decode()
    assert "Zeb" not in text
    assert "Quixwell" not in text
    values = str(list(AuditEvent.objects.values("new_values", "old_values", "target_label")))
    assert "Zeb" not in values
    assert "Quixwell" not in values
    for person in IncidentPerson.objects.all():
        assert person.full_name not in values
    for referral in SupportReferral.objects.all():
        assert f"{referral.first_name} {referral.last_name}" not in values
    # A parent asking for data, a complainant: their names are private too.
    from sro.complaints.models import Complaint
    from sro.records.models import DataRequest

    requesters = list(DataRequest.objects.values_list("requester_name", flat=True))
    complainants = list(
        Complaint.objects.exclude(complainant_name="").values_list("complainant_name", flat=True)
    )
    assert requesters
    assert complainants
    for name in requesters + complainants:
        assert name not in values


def test_only_roles_that_see_students_names_agency_wide_may_search_by_name() -> None:
    from sro.accounts.permissions import GRANTS, Reach, Role

    searchers = GRANTS["access_log_student_search"]
    assert set(searchers) == {Role.CHIEF, Role.RECORDS}
    for role in searchers:
        for resource in ("student_identity", "support_referral_identity", "access_log"):
            assert GRANTS[resource][role][1] is Reach.AGENCY, (role, resource)
    assert Role.AUDITOR not in searchers


def test_the_name_search_fields_look_like_every_other_field(clients: Any) -> None:
    """Fields offered to some roles only are added after the form is made; they get the
    design system's classes all the same (seen clicking through: bare, narrow inputs)."""
    page = clients["chief"].get(URL).content.decode()
    found = dict(re.findall(r'<(?:input|select)[^>]*name="(\w+)"[^>]*class="([^"]*)"', page))
    assert "usa-input" in found["student_first"].split()
    assert "usa-input" in found["student_last"].split()
    assert "usa-select" in found["purpose"].split()


def test_a_name_written_with_a_joiner_is_found_by_how_it_looks(
    demo: Demo, clients: dict[str, Any]
) -> None:
    """Zero-width joiners are allowed in names (several scripts need them) and ignored by the
    search; other invisible characters are refused when a name is typed (sro.core.text)."""
    person = make_student(make_incident(demo), demo, first_name="Riley", last_name="Quin\u200dn")
    log_access(user=demo.users["principal"], record=person, purpose="Following up")
    found = clients["chief"].get(
        URL, {"student_first": "Riley", "student_last": "Quinn", "purpose": _purpose()}
    )
    assert [e.record_id for e in _entries(found)] == [str(person.pk)]
    typed = clients["chief"].get(
        URL, {"student_first": "Riley", "student_last": "Quin\u200dn", "purpose": _purpose()}
    )
    assert [e.record_id for e in _entries(typed)] == [str(person.pk)]


def test_a_name_with_an_invisible_character_is_refused_when_typed(
    demo: Demo, clients: dict[str, Any]
) -> None:
    incident = make_incident(demo)
    before = IncidentPerson.objects.count()
    response = clients["sro"].post(
        f"/incidents/{incident.pk}/people/new/",
        {"kind": "student", "role": "witness", "first_name": "Riley", "last_name": "Quin\u200bn"},
    )
    assert response.status_code == 422
    assert "an invisible character" in str(response.context["form"].errors["last_name"])
    assert IncidentPerson.objects.count() == before
