"""The use-of-force API keeps the pages' rules: an SRO files and sees only their own reports,
school administrators see none, the sergeant and then the chief review (never the reporting
officer, and a return says what to change), and what the page shows only for a stated purpose
(the narrative, the considerations note, the injury's description, the justification) is never
in the API."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from conftest import Demo
from sro.incidents.models import Incident, IncidentPerson
from sro.use_of_force import services
from sro.use_of_force.force_types import ensure_default_force_types
from sro.use_of_force.models import ForceReport, ForceType

PRIVATE = {
    "narrative",
    "considerations",
    "considerations_note",
    "injury_description",
    "deadly_force_justification",
    "education_plan_note",
    "aid_by",
}
NARRATIVE = "Noah Brandt would not leave the locker bay; I walked him out by the arm."


@pytest.fixture(autouse=True)
def force_types(demo: Demo) -> None:
    ensure_default_force_types(actor=demo.users["chief"])


def _post(client: Client, url: str, body: dict[str, Any] | None = None) -> Any:
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def _noah() -> IncidentPerson:
    """A student in Dana Lindqvist's phone-theft incident at Central Lakes High."""
    return IncidentPerson.objects.get(first_name="Noah")


def _body(**extra: Any) -> dict[str, Any]:
    body = {
        "subject": str(_noah().pk),
        "occurred_at": "2026-09-15T10:45:00-05:00",
        "force_used": [str(ForceType.objects.get(code="escort").pk)],
        "deescalation": ["empathetic"],
        "applied": ["conduct"],
        "considerations_note": "He was calm once outside.",
        "narrative": NARRATIVE,
    }
    return body | extra


COMPLETE = {
    "injury": "none",
    "condition_assessed": True,
    "aid_rendered": False,
    "aid_by": "Officer Lindqvist",
    "education_plan_known": False,
}


def _file(client: Client, **extra: Any) -> dict[str, Any]:
    response = _post(
        client, f"/api/v1/incidents/{_noah().incident_id}/force-reports", _body(**extra)
    )
    assert response.status_code == 201, response.content
    return response.json()


def _submitted(demo: Demo, clients: dict[str, Client]) -> dict[str, Any]:
    """A complete report the SRO filed and submitted through the API."""
    report = _file(clients["sro"], **COMPLETE)
    response = _post(clients["sro"], f"/api/v1/force-reports/{report['id']}/submit")
    assert response.status_code == 200, response.content
    return response.json()


def _arrest() -> ForceReport:
    """Officer Solberg's report at the charter school, submitted by the sergeant."""
    return ForceReport.objects.get(prone_start__isnull=False)


def _wrist() -> ForceReport:
    """Dana Lindqvist's approved report at Central Lakes High: a broken wrist."""
    return ForceReport.objects.get(injury="serious")


def test_an_sro_files_and_submits_their_own_report(demo: Demo, clients: dict[str, Any]) -> None:
    sro = clients["sro"]
    report = _file(sro)
    assert report["officer_id"] == str(demo.officers["Lindqvist"].pk)
    assert report["status"] == "draft"
    assert report["subject"] == _noah().label
    assert [t["code"] for t in report["force_used"]] == ["escort"]
    assert report["deescalation"] == ["empathetic"]
    assert report["applied"] == ["conduct"]
    missing = {m["code"] for m in report["finding"]["missing"]}
    assert {"injury", "condition_assessed"} <= missing
    saved = ForceReport.objects.get(pk=report["id"])
    assert saved.narrative == NARRATIVE
    assert saved.considerations == {"applied": ["conduct"], "note": "He was calm once outside."}
    assert saved.created_by == demo.users["sro"]

    url = f"/api/v1/force-reports/{report['id']}/submit"
    refused = _post(sro, url)
    assert refused.status_code == 422
    messages = " ".join(e["message"] for e in refused.json()["errors"])
    assert "(Minn. Stat. 626.5534)" in messages  # the injury question, with its citation
    saved.refresh_from_db()
    assert saved.status == "draft"

    saved.injury, saved.condition_assessed, saved.aid_by = "none", True, "Officer Lindqvist"
    services.save_report(saved, actor=demo.users["sro"])
    response = _post(sro, url)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "submitted"
    assert body["finding"]["ready"] is True
    assert [(s["level"], s["action"]) for s in body["steps"]] == [("officer", "submitted")]
    assert _post(sro, url).status_code == 422  # under review: it changes only when returned


def test_the_reporting_officer_is_the_incidents_for_a_caller_who_is_not_an_officer(
    demo: Demo, clients: dict[str, Any]
) -> None:
    report = _file(clients["sergeant"], **COMPLETE)
    assert report["officer_id"] == str(demo.officers["Lindqvist"].pk)
    assert report["finding"]["ready"] is True
    assert report["condition_assessed"] is True
    assert report["aid_rendered"] is False
    assert report["education_plan_known"] is False


def test_an_sro_sees_only_their_own_reports(demo: Demo, clients: dict[str, Any]) -> None:
    sro = clients["sro"]
    mine = _file(sro)
    listed = sro.get("/api/v1/force-reports")
    assert listed.status_code == 200
    items = listed.json()["items"]
    assert mine["id"] in {i["id"] for i in items}
    assert {i["officer_id"] for i in items} == {str(demo.officers["Lindqvist"].pk)}
    solberg = sro.get("/api/v1/force-reports", {"officer": demo.officers["Solberg"].pk})
    assert solberg.json()["items"] == []

    other = _arrest().pk
    assert sro.get(f"/api/v1/force-reports/{other}").status_code == 404
    assert _post(sro, f"/api/v1/force-reports/{other}/submit").status_code == 404
    review = {"decision": "approve", "comment": ""}
    assert _post(sro, f"/api/v1/force-reports/{other}/review", review).status_code == 404
    graffiti = Incident.objects.get(summary="Graffiti on the gym wall")  # Raman's, not her school
    assert _post(sro, f"/api/v1/incidents/{graffiti.pk}/force-reports", _body()).status_code == 404


@pytest.mark.parametrize("persona", ["principal", "outsider"])
def test_school_administrators_and_other_agencies_see_no_force_reports(
    demo: Demo, clients: dict[str, Any], persona: str
) -> None:
    client = clients[persona]
    listed = client.get("/api/v1/force-reports")
    # The principal's role has no force reports (403); another agency's chief lists none of ours.
    assert listed.status_code == (403 if persona == "principal" else 200)
    if persona == "outsider":
        assert listed.json()["items"] == []
    # A report at the principal's own school is forbidden; one elsewhere is not found.
    own_school = 403 if persona == "principal" else 404
    assert client.get(f"/api/v1/force-reports/{_wrist().pk}").status_code == own_school
    assert client.get(f"/api/v1/force-reports/{_arrest().pk}").status_code == 404
    new = _post(client, f"/api/v1/incidents/{_noah().incident_id}/force-reports", _body())
    assert new.status_code == (403 if persona == "principal" else 404)
    assert ForceReport.objects.filter(subject=_noah()).count() == 0


def test_the_sergeant_then_the_chief_review(demo: Demo, clients: dict[str, Any]) -> None:
    report = _submitted(demo, clients)
    url = f"/api/v1/force-reports/{report['id']}/review"
    approve = {"decision": "approve", "comment": ""}

    # The reporting SRO, records staff and the auditor do not review at all.
    for persona in ("sro", "records", "auditor"):
        assert _post(clients[persona], url, approve).status_code == 403, persona
    # The chief's review waits for the sergeant's.
    detail = clients["sergeant"].get(f"/api/v1/force-reports/{report['id']}").json()
    assert detail["review_level"] == "sergeant"

    returned = _post(clients["sergeant"], url, {"decision": "return", "comment": "  "})
    assert returned.status_code == 422
    assert [e["field"] for e in returned.json()["errors"]] == ["comment"]
    assert _post(clients["sergeant"], url, {}).status_code == 422  # no decision

    forwarded = _post(clients["sergeant"], url, {"decision": "approve", "comment": "Reasonable."})
    assert forwarded.status_code == 200, forwarded.content
    assert forwarded.json()["status"] == "sergeant_reviewed"
    assert forwarded.json()["review_level"] is None
    again = _post(clients["sergeant"], url, approve)
    assert again.status_code == 409
    assert again.json() == {"detail": "This report is not waiting for your review."}

    chief = clients["chief"]
    assert chief.get(f"/api/v1/force-reports/{report['id']}").json()["review_level"] == "chief"
    approved = _post(chief, url, approve)
    assert approved.status_code == 200, approved.content
    body = approved.json()
    assert body["status"] == "approved"
    assert [(s["level"], s["action"], s["comment"]) for s in body["steps"]] == [
        ("officer", "submitted", ""),
        ("sergeant", "forwarded", "Reasonable."),
        ("chief", "approved", ""),
    ]
    assert _post(chief, url, approve).status_code == 409
    assert _post(clients["sro"], f"/api/v1/force-reports/{report['id']}/submit").status_code == 422


def test_a_return_says_what_to_change_and_reopens_the_report(
    demo: Demo, clients: dict[str, Any]
) -> None:
    report = _submitted(demo, clients)
    url = f"/api/v1/force-reports/{report['id']}/review"
    comment = "Say how long you held his arm."
    response = _post(clients["sergeant"], url, {"decision": "return", "comment": comment})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "returned"
    last = response.json()["steps"][-1]
    assert (last["level"], last["action"], last["comment"]) == ("sergeant", "returned", comment)
    assert _post(clients["chief"], url, {"decision": "approve"}).status_code == 409
    resubmitted = _post(clients["sro"], f"/api/v1/force-reports/{report['id']}/submit")
    assert resubmitted.json()["status"] == "submitted"


def test_nobody_reviews_a_report_they_submitted(demo: Demo, clients: dict[str, Any]) -> None:
    arrest = _arrest()  # submitted by the sergeant for Officer Solberg
    url = f"/api/v1/force-reports/{arrest.pk}/review"
    approve = {"decision": "approve", "comment": ""}
    refused = _post(clients["sergeant"], url, approve)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["message"].startswith("You submitted this report")
    arrest.refresh_from_db()
    assert arrest.status == "submitted"
    assert not _get(clients["sergeant"], arrest)["waiting_for_you"]
    assert _get(clients["sergeant"], arrest)["review_refused"].startswith("You submitted")


def _get(client: Client, report: ForceReport) -> dict[str, Any]:
    response = client.get(f"/api/v1/force-reports/{report.pk}")
    assert response.status_code == 200, response.content
    body: dict[str, Any] = response.json()
    return body


def test_the_chief_gives_both_levels_only_as_supervisor_then_single_level(
    demo: Demo, clients: dict[str, Any]
) -> None:
    arrest = _arrest()
    chief = clients["chief"]
    url = f"/api/v1/force-reports/{arrest.pk}/review"
    detail = _get(chief, arrest)
    assert (detail["review_level"], detail["review_as_supervisor"]) == ("sergeant", True)
    assert not detail["waiting_for_you"]

    plain = _post(chief, url, {"decision": "approve"})
    assert plain.status_code == 422
    assert [e["field"] for e in plain.json()["errors"]] == ["as_supervisor", "reason"]
    no_reason = _post(chief, url, {"decision": "approve", "as_supervisor": True})
    assert no_reason.status_code == 422
    assert [e["field"] for e in no_reason.json()["errors"]] == ["reason"]
    # A sergeant's review does not take the chief's flag.
    vaping = ForceReport.objects.get(incident__summary="Vaping in a restroom")
    sergeant_flag = _post(
        clients["sergeant"],
        f"/api/v1/force-reports/{vaping.pk}/review",
        {"decision": "approve", "as_supervisor": True, "reason": "No reason."},
    )
    assert sergeant_flag.status_code == 422
    assert [e["field"] for e in sergeant_flag.json()["errors"]] == ["as_supervisor"]
    assert ForceReport.objects.get(pk=vaping.pk).status == "submitted"

    reason = "The sergeant submitted it for the officer."
    forwarded = _post(chief, url, {"decision": "approve", "as_supervisor": True, "reason": reason})
    assert forwarded.status_code == 200, forwarded.content
    body = forwarded.json()
    assert body["status"] == "sergeant_reviewed"
    step = body["steps"][-1]
    assert (step["level"], step["capacity"], step["as_supervisor"], step["reason"]) == (
        "sergeant",
        "chief, reviewing as supervisor",
        True,
        reason,
    )
    assert (body["review_level"], body["review_single_level"]) == ("chief", True)

    again = _post(chief, url, {"decision": "approve"})
    assert again.status_code == 422
    assert [e["field"] for e in again.json()["errors"]] == ["single_level", "reason"]
    single = "No other chief-level reviewer in the department."
    approved = _post(chief, url, {"decision": "approve", "single_level": True, "reason": single})
    assert approved.status_code == 200, approved.content
    last = approved.json()["steps"][-1]
    assert (last["capacity"], last["single_level"], last["reason"]) == (
        "chief, single-level review",
        True,
        single,
    )
    assert approved.json()["status"] == "approved"


def test_waiting_for_me_lists_what_the_caller_may_act_on(
    demo: Demo, clients: dict[str, Any]
) -> None:
    vaping = ForceReport.objects.get(incident__summary="Vaping in a restroom")

    def waiting(persona: str) -> list[str]:
        response = clients[persona].get("/api/v1/force-reports", {"waiting_for_me": "true"})
        assert response.status_code == 200, response.content
        return [r["id"] for r in response.json()["items"]]

    assert waiting("sergeant") == [str(vaping.pk)]  # not the arrest he submitted
    assert waiting("chief") == []
    assert waiting("sro") == []


def test_the_report_leaves_out_what_needs_a_purpose(demo: Demo, clients: dict[str, Any]) -> None:
    for persona in ("chief", "sergeant", "sro", "records", "auditor"):
        response = clients[persona].get(f"/api/v1/force-reports/{_wrist().pk}")
        assert response.status_code == 200, persona
        body = response.json()
        assert not PRIVATE & set(body), persona
        text = response.content.decode()
        for private in ("Marcus", "Tveit", "broken", "504 plan", "paramedics", "punching"):
            assert private not in text, (persona, private)
    assert body["subject"] == _wrist().subject.label
    assert body["injury"] == "serious"
    assert body["applied"] == ["threat", "conduct"]
    assert body["education_plan_known"] is True
    assert body["education_plan_considered"] is True
    assert body["finding"]["state_report"] is True
    assert body["status"] == "approved"

    arrest = clients["chief"].get(f"/api/v1/force-reports/{_arrest().pk}").json()
    assert arrest["finding"]["prone"] is True
    assert arrest["finding"]["prone_minutes"] == 3
    assert arrest["finding"]["prone_over_threshold"] is True
    flags = {f["code"]: f["citation"] for f in arrest["finding"]["flags"]}
    assert flags["prone_restraint"] == "Minn. Stat. 121A.58; model policy IV.E.2.ii"
    assert "prone_long" in flags
    assert "Leo" not in json.dumps(arrest)
    assert "Marsh" not in json.dumps(arrest)


def test_the_list_filters_and_shows_codes_only(demo: Demo, clients: dict[str, Any]) -> None:
    chief = clients["chief"]
    everything = chief.get("/api/v1/force-reports").json()
    assert everything["count"] == ForceReport.objects.count() == 4
    item = next(i for i in everything["items"] if i["id"] == str(_arrest().pk))
    assert set(item) == {
        "id",
        "incident_id",
        "incident_number",
        "school_id",
        "school",
        "occurred_at",
        "subject_id",
        "subject",
        "officer_id",
        "officer",
        "force_used",
        "prone",
        "status",
        "flags",
    }
    assert item["subject"] == _arrest().subject.label
    assert sorted(item["force_used"]) == ["handcuffs", "takedown"]
    assert item["prone"] is True
    assert {"prone_restraint", "prone_long"} <= set(item["flags"])
    assert item["incident_number"] == _arrest().incident.number
    assert "Leo" not in json.dumps(everything)

    approved = chief.get("/api/v1/force-reports", {"status": "approved"}).json()["items"]
    assert [i["id"] for i in approved] == [str(_wrist().pk)]
    by_officer = chief.get("/api/v1/force-reports", {"officer": demo.officers["Solberg"].pk})
    assert [i["id"] for i in by_officer.json()["items"]] == [str(_arrest().pk)]
    october = chief.get("/api/v1/force-reports", {"from": "2026-10-14", "to": "2026-10-14"})
    assert [i["id"] for i in october.json()["items"]] == [str(_arrest().pk)]
    backwards = chief.get("/api/v1/force-reports", {"from": "2026-10-14", "to": "2026-10-01"})
    assert backwards.status_code == 422
    assert chief.get("/api/v1/force-reports", {"status": "lost"}).status_code == 422


def test_the_force_types_are_the_active_list(demo: Demo, clients: dict[str, Any]) -> None:
    escort = ForceType.objects.get(code="escort")
    escort.active = False
    services.save_force_type(escort, actor=demo.users["chief"])
    response = clients["sro"].get("/api/v1/force-types")
    assert response.status_code == 200
    types = {t["code"]: t for t in response.json()}
    assert "escort" not in types
    assert types["choke-hold"]["restricted"] is True
    assert types["takedown"]["restricted"] is False
    assert clients["principal"].get("/api/v1/force-types").status_code == 403
    assert clients["anonymous"].get("/api/v1/force-types").status_code == 401
    # An inactive kind is no longer filed.
    refused = _post(
        clients["sro"],
        f"/api/v1/incidents/{_noah().incident_id}/force-reports",
        _body(force_used=[str(escort.pk)]),
    )
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["force_used"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"subject": None}, "subject"),
        ({"occurred_at": None}, "occurred_at"),
        ({"deescalation": ["shouting"]}, "deescalation"),
        ({"applied": ["luck"]}, "applied"),
        ({"injury": "bruise"}, "injury"),
        ({"prone_start": "0001-01-01T00:10:00+05:00"}, "prone_start"),
        ({"occurred_at": "9999-12-31T23:50:00-05:00"}, "occurred_at"),
    ],
)
def test_a_new_report_is_checked_like_the_form(
    demo: Demo, clients: dict[str, Any], change: dict[str, Any], field: str
) -> None:
    url = f"/api/v1/incidents/{_noah().incident_id}/force-reports"
    response = _post(clients["sro"], url, _body(**change))
    assert response.status_code == 422, response.content
    assert field in [e["field"] for e in response.json()["errors"]]
    assert not ForceReport.objects.filter(subject=_noah()).exists()


def test_the_student_is_one_of_the_incidents_students(demo: Demo, clients: dict[str, Any]) -> None:
    avery = IncidentPerson.objects.get(first_name="Avery")  # the victim, same incident: allowed
    elsewhere = IncidentPerson.objects.get(first_name="Eli")  # another incident
    url = f"/api/v1/incidents/{_noah().incident_id}/force-reports"
    refused = _post(clients["sro"], url, _body(subject=str(elsewhere.pk)))
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["subject"]
    assert _post(clients["sro"], url, _body(subject=str(avery.pk))).status_code == 201
