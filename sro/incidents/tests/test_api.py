"""The incidents API keeps the pages' rules: school administrators see referrals only, auditors see
records without identities, identities need a listed purpose and are logged, submission waits for
the policy's answers, and no one reviews their own submission."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.test import Client

from conftest import Demo
from sro.accounts.models import Membership
from sro.audittrail.models import AccessLogEntry
from sro.core import clock
from sro.incidents import privacy, queries, services
from sro.incidents.models import Incident, IncidentPerson, Offense
from sro.incidents.tests.factories import make_incident as _incident
from sro.incidents.tests.factories import make_student as _person

PURPOSE = "Investigating or following up this incident"
NARRATIVE = "Quinn Testperson pushed Robin Otherkid against a locker."


def _referral(demo: Demo, school: Any, officer: str, actor: str, first_name: str) -> IncidentPerson:
    """A submitted record with a student referred to the school."""
    incident = _incident(
        demo,
        actor=actor,
        school=school,
        officer=demo.officers[officer],
        violates_school_rules=True,
        narrative=f"{first_name} Testperson was vaping.",
    )
    person = _person(
        incident,
        demo,
        actor=actor,
        first_name=first_name,
        disposition="referred_to_school",
        school_summary="Vaping in the restroom; for the school to handle.",
    )
    services.submit_incident(incident, actor=demo.users[actor])
    return person


def _post(client: Client, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def _other_school(demo: Demo) -> Any:
    return next(s for s in demo.schools.values() if s != demo.high_school)


def test_the_list_is_name_free_and_filters(demo: Demo, clients: dict[str, Any]) -> None:
    incident = _incident(demo, narrative=NARRATIVE)
    _person(incident, demo)
    response = clients["sergeant"].get(
        "/api/v1/incidents",
        {
            "status": "draft",
            "school": demo.high_school.pk,
            "from": "2026-11-24",
            "to": "2026-11-24",
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert [i["id"] for i in body["items"]] == [str(incident.pk)]
    item = body["items"][0]
    assert set(item) == {
        "id",
        "number",
        "school_id",
        "school",
        "occurred_at",
        "summary",
        "offense",
        "status",
        "officer_id",
        "officer",
    }
    assert item["officer"] == "Dana Lindqvist"
    assert item["offense"] is None
    assert "Testperson" not in response.content.decode()
    # The day is the agency's: 23:30 on the 25th is the 25th, though it is the 26th in UTC.
    late = _incident(
        demo, occurred_at=dt.datetime(2026, 11, 25, 23, 30, tzinfo=clock.agency_zone())
    )
    days = clients["sergeant"].get("/api/v1/incidents", {"from": "2026-11-25", "to": "2026-11-25"})
    assert [i["id"] for i in days.json()["items"]] == [str(late.pk)]
    backwards = clients["sergeant"].get(
        "/api/v1/incidents", {"from": "2026-11-25", "to": "2026-11-01"}
    )
    assert backwards.status_code == 422
    assert backwards.json()["errors"][0]["field"] == "to"
    assert clients["sergeant"].get("/api/v1/incidents", {"status": "lost"}).status_code == 422


def test_an_sro_sees_their_schools_and_an_outsider_none(
    demo: Demo, clients: dict[str, Any]
) -> None:
    mine = _incident(demo)
    theirs = _incident(
        demo, actor="sergeant", school=_other_school(demo), officer=demo.officers["Okafor"]
    )
    listed = {i["id"] for i in clients["sro"].get("/api/v1/incidents").json()["items"]}
    assert str(mine.pk) in listed
    assert str(theirs.pk) not in listed
    assert clients["sro"].get(f"/api/v1/incidents/{theirs.pk}").status_code == 404
    assert clients["outsider"].get(f"/api/v1/incidents/{mine.pk}").status_code == 404
    people = clients["outsider"].get(f"/api/v1/incidents/{mine.pk}/people", {"purpose": PURPOSE})
    assert people.status_code == 404
    assert clients["outsider"].get("/api/v1/incidents").json()["items"] == []
    assert clients["anonymous"].get("/api/v1/incidents").status_code == 401


def test_quick_entry_uses_the_callers_officer_or_asks_for_one(
    demo: Demo, clients: dict[str, Any]
) -> None:
    body = {
        "school": str(demo.high_school.pk),
        "occurred_at": "2026-11-27T09:30:00",
        "summary": "Shoving in the hallway",
        "initiated_by": "officer",
        "place": "East hallway",
    }
    created = _post(clients["sro"], "/api/v1/incidents", body)
    assert created.status_code == 201
    incident = Incident.objects.get(pk=created.json()["id"])
    assert incident.officer == demo.officers["Lindqvist"]
    assert incident.status == "draft"
    assert incident.number.startswith("2026-")
    assert incident.created_by == demo.users["sro"]
    # Nine-thirty where the agency is.
    assert incident.occurred_at.astimezone(clock.agency_zone()).hour == 9
    assert created.json()["missing"][0]["code"] == "school_rules"
    # The sergeant is not an officer: they name whose incident it is.
    refused = _post(clients["sergeant"], "/api/v1/incidents", body)
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["officer"]
    okafor = demo.officers["Okafor"]
    named = _post(clients["sergeant"], "/api/v1/incidents", body | {"officer": str(okafor.pk)})
    assert named.status_code == 201
    assert named.json()["officer_id"] == str(okafor.pk)
    missing = _post(clients["sro"], "/api/v1/incidents", {"school": str(demo.high_school.pk)})
    assert missing.status_code == 422
    assert {e["field"] for e in missing.json()["errors"]} == {
        "occurred_at",
        "summary",
        "initiated_by",
    }
    assert _post(clients["records"], "/api/v1/incidents", body).status_code == 403
    assert _post(clients["auditor"], "/api/v1/incidents", body).status_code == 403
    far = body | {"occurred_at": "9999-12-31T23:59:00-12:00"}
    assert _post(clients["sro"], "/api/v1/incidents", far).status_code == 422


def test_a_school_administrator_gets_403_on_incidents_and_sees_only_their_schools_referrals(
    demo: Demo, clients: dict[str, Any]
) -> None:
    principal = clients["principal"]
    membership = Membership.objects.get(user=demo.users["principal"])
    assert list(membership.schools.all()) == [demo.high_school]
    ours = _referral(demo, demo.high_school, "Lindqvist", "sro", "Ainsley")
    other = _referral(demo, _other_school(demo), "Okafor", "sergeant", "Bexley")
    incident = ours.incident
    assert principal.get("/api/v1/incidents").status_code == 403
    assert principal.get(f"/api/v1/incidents/{incident.pk}").status_code == 403
    people = principal.get(f"/api/v1/incidents/{incident.pk}/people", {"purpose": PURPOSE})
    assert people.status_code == 403
    assert _post(principal, f"/api/v1/incidents/{incident.pk}/submit").status_code == 403
    assert principal.get("/api/v1/incidents/figures").status_code == 403
    assert principal.get("/api/v1/offenses").status_code == 403

    listing = principal.get("/api/v1/referrals")
    assert listing.status_code == 200
    ids = {r["id"] for r in listing.json()["items"]}
    assert str(ours.pk) in ids
    assert str(other.pk) not in ids
    schools = {r["school_id"] for r in listing.json()["items"]}
    assert schools == {str(demo.high_school.pk)}
    text = listing.content.decode()
    assert "Ainsley" not in text
    assert "Testperson" not in text
    assert "Student 1 (suspect)" in text
    # The sergeant sees both.
    everyone = {r["id"] for r in clients["sergeant"].get("/api/v1/referrals").json()["items"]}
    assert {str(ours.pk), str(other.pk)} <= everyone

    url = f"/api/v1/referrals/{ours.pk}/acknowledge"
    assert _post(principal, url, {"note": "x" * 2001}).status_code == 422
    done = _post(principal, url, {"note": "Seen; the dean has it."})
    assert done.status_code == 200
    assert done.json()["acknowledged_at"]
    ours.refresh_from_db()
    assert ours.acknowledged_by == demo.users["principal"]
    assert ours.acknowledgement_note == "Seen; the dean has it."
    assert _post(principal, f"/api/v1/referrals/{other.pk}/acknowledge").status_code == 404
    # Police roles read referrals but the school acknowledges them.
    assert _post(clients["sergeant"], url).status_code == 403


def test_the_auditor_sees_an_incident_without_identities_and_gets_403_on_people(
    demo: Demo, clients: dict[str, Any]
) -> None:
    incident = _incident(demo, narrative=NARRATIVE)
    _person(incident, demo, disposition="handled_in_department")
    before = AccessLogEntry.objects.count()
    response = clients["auditor"].get(f"/api/v1/incidents/{incident.pk}")
    assert response.status_code == 200
    body = response.json()
    text = response.content.decode()
    assert "Quinn" not in text
    assert "Testperson" not in text
    assert "pushed" not in text
    assert "Otherkid" not in text
    assert "narrative" not in body
    assert body["may_see_identity"] is False
    assert body["people"] == [
        {
            "id": str(incident.people.get().pk),
            "position": 1,
            "label": "Student 1 (suspect)",
            "kind": "student",
            "role": "suspect",
            "disposition": "handled_in_department",
            "program_run_by": "",
            "nibrs": "H",
            "referral_to_law_enforcement": True,
            "school_related_arrest": False,
            "acknowledged_at": None,
        }
    ]
    people = clients["auditor"].get(f"/api/v1/incidents/{incident.pk}/people", {"purpose": PURPOSE})
    assert people.status_code == 403
    assert AccessLogEntry.objects.count() == before


def test_people_need_a_listed_purpose_and_each_view_is_logged(
    demo: Demo, clients: dict[str, Any]
) -> None:
    incident = _incident(demo, narrative=NARRATIVE)
    student = _person(incident, demo, sex="female", disability="section_504")
    parent = _person(
        incident, demo, kind="parent", role="other", first_name="Pat", guardian_of=student
    )
    url = f"/api/v1/incidents/{incident.pk}/people"
    sergeant = clients["sergeant"]
    before = AccessLogEntry.objects.count()
    for params in ({}, {"purpose": "Curiosity"}):
        refused = sergeant.get(url, params)
        assert refused.status_code == 422
        body = refused.json()
        assert [e["field"] for e in body["errors"]] == ["purpose"]
        assert body["purposes"] == privacy.purposes_for(incident)
        assert PURPOSE in body["purposes"]
        assert PURPOSE in body["errors"][0]["message"]
        assert "Testperson" not in refused.content.decode()
    assert AccessLogEntry.objects.count() == before

    shown = sergeant.get(url, {"purpose": PURPOSE})
    assert shown.status_code == 200
    body = shown.json()
    assert body["narrative"] == NARRATIVE
    assert body["purpose"] == PURPOSE
    first, second = body["people"]
    assert (first["first_name"], first["last_name"], first["age"]) == ("Quinn", "Testperson", 16)
    assert first["date_of_birth"] == "2010-03-03"
    assert first["disability"] == "section_504"
    assert second["guardian_of_id"] == str(student.pk)
    assert second["label"] == "Parent or guardian 2 (other)"
    logged = AccessLogEntry.objects.order_by("at", "id")[before:]
    assert len(logged) == 3
    assert {e.record_id for e in logged} == {str(incident.pk), str(student.pk), str(parent.pk)}
    assert all(e.purpose == PURPOSE and e.username == "sergeant" for e in logged)
    assert all("Testperson" not in e.record_label for e in logged)
    # Every call is a new view in the log; the records role may open identities too.
    assert clients["records"].get(url, {"purpose": PURPOSE}).status_code == 200
    assert AccessLogEntry.objects.count() == before + 6


def test_submit_is_refused_while_questions_are_missing_then_accepted(
    demo: Demo, clients: dict[str, Any]
) -> None:
    theft = Offense.objects.get(citation="609.52")
    incident = _incident(demo, offense=theft, violates_school_rules=True)
    person = _person(incident, demo, disposition="citation")
    url = f"/api/v1/incidents/{incident.pk}"
    record = clients["sro"].get(url).json()
    assert record["ready"] is False
    assert record["offense"] == "609.52"
    codes = {m["code"] for m in record["missing"]}
    assert {"school_referral", "school_referral_reason", "alternatives"} <= codes
    assert all(m["citation"] for m in record["missing"])

    refused = _post(clients["sro"], f"{url}/submit")
    assert refused.status_code == 422
    fields = {e["field"] for e in refused.json()["errors"]}
    messages = " ".join(e["message"] for e in refused.json()["errors"])
    assert fields == {"narrative", ""}
    assert "referral to school authorities was considered" in messages
    assert "Model policy IV.F.1" in messages
    assert Incident.objects.get(pk=incident.pk).status == "draft"

    incident.narrative = "Quinn Testperson took a phone."
    services.update_incident(incident, actor=demo.users["sro"])
    person.school_referral_considered = True
    person.school_referral_reason = "Considered; the phone was a staff member's."
    person.alternatives_considered = True
    person.alternatives_note = "Diversion offered; declined."
    services.save_person(person, actor=demo.users["sro"])
    # Reading the record is not enough to submit it.
    assert _post(clients["auditor"], f"{url}/submit").status_code == 403
    accepted = _post(clients["sro"], f"{url}/submit")
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "submitted"
    assert accepted.json()["missing"] == []
    assert accepted.json()["steps"][0]["action"] == "submitted"
    assert _post(clients["sro"], f"{url}/submit").status_code == 422  # no longer a draft


def test_the_reviewer_cannot_be_the_submitter(demo: Demo, clients: dict[str, Any]) -> None:
    incident = _incident(
        demo,
        actor="sergeant",
        school=_other_school(demo),
        officer=demo.officers["Okafor"],
        violates_school_rules=False,
        narrative="Nothing more.",
    )
    url = f"/api/v1/incidents/{incident.pk}"
    assert _post(clients["sergeant"], f"{url}/review", {"decision": "approve"}).status_code == 422
    assert _post(clients["sergeant"], f"{url}/submit").status_code == 200
    own = _post(clients["sergeant"], f"{url}/review", {"decision": "approve"})
    assert own.status_code == 422
    assert "other than the person who submitted" in own.json()["errors"][0]["message"]
    assert _post(clients["records"], f"{url}/review", {"decision": "approve"}).status_code == 403
    assert _post(clients["auditor"], f"{url}/review", {"decision": "approve"}).status_code == 403
    bare = _post(clients["chief"], f"{url}/review", {"decision": "return"})
    assert bare.status_code == 422
    assert bare.json()["errors"][0]["field"] == "comment"
    assert _post(clients["chief"], f"{url}/review", {"decision": "maybe"}).status_code == 422
    approved = _post(clients["chief"], f"{url}/review", {"decision": "approve", "comment": ""})
    assert approved.status_code == 200
    body = approved.json()
    assert body["status"] == "approved"
    assert body["reviewed_at"]
    assert [s["action"] for s in body["steps"]] == ["submitted", "approved"]
    assert body["steps"][1]["by"] == "Karen Ostrander"


def test_figures_count_dispositions_without_names(demo: Demo, clients: dict[str, Any]) -> None:
    url = "/api/v1/incidents/figures"
    before = clients["chief"].get(url, {"school_year": "2026-27"}).json()
    expected = queries.figures(demo.agency.pk, "2026-27")
    assert before["total"] == expected.total
    assert before["referrals"] == expected.referrals
    assert before["arrests"] == expected.arrests
    incident = _incident(demo, violates_school_rules=True)
    _person(incident, demo, disposition="referred_to_school", school_summary="For the school.")
    _person(incident, demo, first_name="Robin", disposition="custodial_arrest")
    _person(incident, demo, kind="parent", role="other", disposition="handled_in_department")
    after = clients["auditor"].get(url, {"school_year": "2026-27"})
    assert after.status_code == 200
    body = after.json()
    assert body["school_year"] == "2026-27"
    assert body["total"] == before["total"] + 2  # students only
    assert body["referrals"] == before["referrals"] + 1
    assert body["arrests"] == before["arrests"] + 1
    assert body["totals"]["custodial_arrest"] == before["totals"]["custodial_arrest"] + 1
    school = next(s for s in body["by_school"] if s["school"] == demo.high_school.name)
    assert school["total"] == sum(school["counts"].values())
    november = next(m for m in body["by_month"] if m["month"] == "2026-11-01")
    assert november["referrals"] >= 1
    assert november["arrests"] >= 1
    assert "Testperson" not in after.content.decode()
    # The current school year by default; nothing counted in another one.
    assert clients["chief"].get(url).json()["school_year"] == "2026-27"
    assert clients["chief"].get(url, {"school_year": "2019-20"}).json()["total"] == 0
    for bad in ("2026-29", "2026", "9999-00"):
        refused = clients["chief"].get(url, {"school_year": bad})
        assert refused.status_code == 422
        assert refused.json()["errors"][0]["field"] == "school_year"
    assert clients["sro"].get(url).status_code == 403


def test_the_offense_list_filters_by_citation_or_title(demo: Demo, clients: dict[str, Any]) -> None:
    Offense.objects.filter(citation="609.224").update(active=False)
    everything = clients["sro"].get("/api/v1/offenses", {"limit": 500}).json()
    assert everything["count"] == Offense.objects.filter(active=True).count()
    assert "609.224" not in {o["citation"] for o in everything["items"]}
    theft = clients["sro"].get("/api/v1/offenses", {"q": "theft"}).json()["items"]
    assert "609.52" in {o["citation"] for o in theft}
    assert all("theft" in o["title"].lower() or "theft" in o["citation"] for o in theft)
    by_number = clients["records"].get("/api/v1/offenses", {"q": "609.52"}).json()["items"]
    assert by_number[0] == {
        "id": str(Offense.objects.get(citation="609.52").pk),
        "citation": "609.52",
        "title": "Theft",
        "category": "Theft",
    }
