"""The school safety API keeps the pages' scope: the chief sees every school, the Central Lakes
principal only Central Lakes High School, another agency's chief nothing of this one; the school
updates its recommendations; a drill's advice from a restricted officer is refused with the
citation; photos never leave through the API."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from conftest import Demo
from sro.audittrail.models import AuditEvent
from sro.safety.models import AuditStatus, Drill, Recommendation, SecurityAudit

CENTRAL = "Central Lakes High School"
LISTS = [
    "/api/v1/safety/schools",
    "/api/v1/safety/audits",
    "/api/v1/safety/recommendations",
    "/api/v1/safety/drills",
    "/api/v1/safety/events",
]


def _items(client: Client, url: str) -> list[dict[str, Any]]:
    response = client.get(url)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == len(body["items"])
    return body["items"]


def _school(item: dict[str, Any]) -> str:
    return item.get("school") or item["name"]


def _send(client: Client, method: str, url: str, body: dict[str, Any]) -> Any:
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("url", LISTS)
def test_each_list_is_scoped_to_the_callers_schools(
    demo: Demo, clients: dict[str, Client], url: str
) -> None:
    everything = {_school(i) for i in _items(clients["chief"], url)}
    principal = {_school(i) for i in _items(clients["principal"], url)}
    assert principal == {CENTRAL}
    assert CENTRAL in everything
    if not url.endswith("/events"):  # the demo's events are all at Central Lakes
        assert len(everything) > 1
    assert _items(clients["outsider"], url) == []


def test_the_schools_list_gives_each_audit_state_with_its_reason_and_the_drills(
    demo: Demo, clients: dict[str, Client]
) -> None:
    schools = {s["name"]: s for s in _items(clients["chief"], "/api/v1/safety/schools")}
    central = schools[CENTRAL]
    assert central["audit"]["state"] == "current"
    assert central["audit"]["last_completed"] == "2026-10-06"
    assert central["audit"]["due_on"] == "2027-10-06"
    assert central["audit"]["citation"] == "Policy 436.3"
    assert central["unfinished_audit"] is None
    lockdown = central["drills"]["rows"][0]
    assert (lockdown["kind"], lockdown["done"], lockdown["required"]) == ("lockdown", 2, 5)
    assert lockdown["citation"] == "Minn. Stat. 121A.035, subd. 2"
    northshore = schools["Northshore Middle School"]
    assert northshore["audit"]["state"] == "overdue"
    assert northshore["audit"]["days_overdue"] == 79
    assert northshore["unfinished_audit"]["status"] == "open"
    assert northshore["unfinished_audit"]["officer"] == "Priya Raman"
    overdue = _items(clients["chief"], "/api/v1/safety/schools?state=overdue")
    assert {s["name"] for s in overdue} == {"Northshore Middle School"}
    last_year = _items(clients["chief"], "/api/v1/safety/schools?school_year=2025-26")
    assert all(r["done"] == 0 for s in last_year for r in s["drills"]["rows"])
    refused = clients["chief"].get("/api/v1/safety/schools?school_year=2026")
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "school_year"


def test_audits_filter_and_the_record_has_answers_findings_and_no_photos(
    demo: Demo, clients: dict[str, Client]
) -> None:
    chief = clients["chief"]
    running = _items(chief, "/api/v1/safety/audits?status=in_progress")
    assert [a["school"] for a in running] == ["Runestone Middle School"]
    central = demo.high_school.pk
    assert {a["status"] for a in _items(chief, f"/api/v1/safety/audits?school={central}")} == {
        "completed"
    }
    audit = chief.get(f"/api/v1/safety/audits/{running[0]['id']}").json()
    assert [a["area"] for a in audit["areas"]][:2] == [
        "Site perimeter and access control",
        "Entrances and visitor management",
    ]
    answers = {a["prompt"]: a for area in audit["areas"] for a in area["answers"]}
    keys = next(a for p, a in answers.items() if p.startswith("Keys and access cards"))
    assert (keys["rating"], keys["photos"]) == ("fails", 1)
    assert audit["findings"][0]["risk"] == "high"
    assert audit["findings"][0]["recommendations"][0]["owner"].startswith("Office manager")
    assert audit["problems"] == ["Rate every checklist item: 28 of 38 are not rated yet."]
    text = json.dumps(audit)
    assert "safety/" not in text
    assert "photo.png" not in text
    assert "file" not in audit


def test_the_principal_reads_their_schools_audit_and_no_other(
    demo: Demo, clients: dict[str, Client]
) -> None:
    central = SecurityAudit.objects.get(school=demo.high_school)
    runestone = SecurityAudit.objects.get(
        school=demo.schools["Runestone Middle School"], status=AuditStatus.IN_PROGRESS
    )
    record = clients["principal"].get(f"/api/v1/safety/audits/{central.pk}")
    assert record.status_code == 200
    risks = {f["risk"] for f in record.json()["findings"]}
    assert risks == {"low", "moderate", "high", "critical"}
    assert clients["principal"].get(f"/api/v1/safety/audits/{runestone.pk}").status_code == 404
    assert clients["outsider"].get(f"/api/v1/safety/audits/{central.pk}").status_code == 404


def test_recommendations_filter_open_and_show_what_is_overdue(
    demo: Demo, clients: dict[str, Client]
) -> None:
    open_ones = _items(clients["principal"], "/api/v1/safety/recommendations?open=true")
    assert {r["status"] for r in open_ones} == {"open", "in_progress"}
    assert [r["owner"] for r in open_ones if r["overdue"]] == ["Head custodian, Central Lakes High"]
    closed = _items(clients["principal"], "/api/v1/safety/recommendations?open=false")
    assert [(r["status"], r["closed_on"]) for r in closed] == [("closed", "2026-10-27")]


def test_the_principal_records_progress_on_a_recommendation(
    demo: Demo, clients: dict[str, Client]
) -> None:
    rec = Recommendation.objects.get(owner="Front office manager, Central Lakes High")
    url = f"/api/v1/safety/recommendations/{rec.pk}"
    refused = _send(clients["principal"], "patch", url, {"status": "declined"})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "status_note"
    done = _send(
        clients["principal"], "patch", url, {"status": "closed", "status_note": "Badges counted."}
    )
    assert done.status_code == 200, done.content
    assert (done.json()["status"], done.json()["closed_on"]) == ("closed", "2026-11-28")
    event = AuditEvent.objects.filter(target_id=str(rec.pk)).latest("id")
    assert event.action == "recommendation.update"
    assert event.actor == demo.users["principal"]
    bad = _send(clients["principal"], "patch", url, {"status_note": "nul\x00"})
    assert bad.status_code == 422
    assert _send(clients["records"], "patch", url, {"status_note": "x"}).status_code == 403
    assert _send(clients["outsider"], "patch", url, {"status_note": "x"}).status_code == 404
    other = Recommendation.objects.get(owner="District transportation director")
    other_url = f"/api/v1/safety/recommendations/{other.pk}"
    assert _send(clients["principal"], "patch", other_url, {}).status_code == 404


def _drill(demo: Demo, **extra: Any) -> dict[str, Any]:
    return {
        "school": str(demo.schools["Runestone Middle School"].pk),
        "kind": "lockdown",
        "held_on": "2026-11-25",
    } | extra


def test_advice_from_a_restricted_officer_is_refused_with_the_citation(
    demo: Demo, clients: dict[str, Client]
) -> None:
    okafor = str(demo.officers["Okafor"].pk)
    before = Drill.objects.count()
    body = _drill(demo, officer=okafor, observed=True, advice="Lock the gym doors.")
    refused = _send(clients["sergeant"], "post", "/api/v1/safety/drills", body)
    assert refused.status_code == 422
    error = refused.json()["errors"][0]
    assert error["field"] == "officer"
    assert "626.8482, subd. 2(a)(4)" in error["message"]
    assert Drill.objects.count() == before
    body["override_reason"] = "Reviewed by the sergeant before it was given."
    accepted = _send(clients["sergeant"], "post", "/api/v1/safety/drills", body)
    assert accepted.status_code == 201, accepted.content
    assert accepted.json()["override_reason"] == body["override_reason"]


@pytest.mark.parametrize(
    ("persona", "extra", "field"),
    [
        ("sergeant", {"held_on": "2026-11-29"}, "held_on"),
        ("sergeant", {"kind": None}, "kind"),
        ("principal", {}, "school"),  # Runestone is not the principal's school
        ("outsider", {}, "school"),
        ("sergeant", {"officer": "00000000-0000-0000-0000-000000000000"}, "officer"),
        ("sergeant", {"notes": "nul\x00"}, "notes"),
    ],
)
def test_a_drill_that_needs_fixing_is_refused(
    demo: Demo, clients: dict[str, Client], persona: str, extra: dict[str, Any], field: str
) -> None:
    response = _send(clients[persona], "post", "/api/v1/safety/drills", _drill(demo, **extra))
    assert response.status_code == 422, response.content
    assert field in {e["field"] for e in response.json()["errors"]}


def test_drills_are_recorded_at_ones_own_school(demo: Demo, clients: dict[str, Client]) -> None:
    central = str(demo.high_school.pk)
    body = {"school": central, "kind": "tornado", "held_on": "2026-11-24", "observed": True}
    by_sro = _send(clients["sro"], "post", "/api/v1/safety/drills", body)
    assert by_sro.status_code == 201, by_sro.content
    assert by_sro.json()["officer"] == "Dana Lindqvist"  # the caller's own officer
    assert by_sro.json()["school_year"] == "2026-27"
    body = {"school": central, "kind": "fire", "held_on": "2026-11-24"}
    by_principal = _send(clients["principal"], "post", "/api/v1/safety/drills", body)
    assert by_principal.status_code == 201
    assert by_principal.json()["officer"] is None
    assert _send(clients["records"], "post", "/api/v1/safety/drills", body).status_code == 403
    drills = _items(clients["principal"], f"/api/v1/safety/drills?school={central}&kind=tornado")
    assert [d["held_on"] for d in drills] == ["2026-11-24"]
    november = _items(clients["chief"], "/api/v1/safety/drills?from=2026-11-01&to=2026-11-30")
    assert {d["held_on"][:7] for d in november} == {"2026-11"}
    assert clients["chief"].get("/api/v1/safety/drills?school_year=26-27").status_code == 422


def test_events_list_their_officers_and_filter_by_day(
    demo: Demo, clients: dict[str, Client]
) -> None:
    events = _items(clients["sro"], "/api/v1/safety/events")
    game = next(e for e in events if e["name"] == "Homecoming football game")
    assert {o["name"] for o in game["officers"]} == {"Dana Lindqvist", "Tom Becker", "Priya Raman"}
    october = _items(clients["chief"], "/api/v1/safety/events?from=2026-10-01&to=2026-10-31")
    assert [e["name"] for e in october] == ["Homecoming football game", "Homecoming dance"]
    assert (
        clients["chief"].get("/api/v1/safety/events?from=2026-11-01&to=2026-10-01").status_code
        == 422
    )
