"""The demo's school safety: audits in every state, drills against the minimums, safety plans and
event security, and what the home pages show of them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from conftest import Demo
from sro.accounts.principal import principal_for
from sro.safety import facts, home_cards, services
from sro.safety.home_cards import safety_home
from sro.safety.models import (
    AuditPhoto,
    Drill,
    Recommendation,
    SafetyPlan,
    SecurityAudit,
    SecurityEvent,
)

TODAY = dt.date(2026, 11, 28)


def _states(demo: Demo) -> dict[str, str]:
    statuses = facts.audit_statuses([s.pk for s in demo.schools.values()], as_of=TODAY)
    return {name: statuses[s.pk].state for name, s in demo.schools.items()}


def test_the_demo_has_audits_in_every_state(demo: Demo) -> None:
    states = _states(demo)
    assert states["Central Lakes High School"] == "current"
    assert states["Northshore Middle School"] == "overdue"
    assert states["Glacial Ridge Charter Academy (grades 6-12)"] == "never"
    statuses = facts.audit_statuses([demo.schools["Runestone Middle School"].pk], as_of=TODAY)
    assert next(iter(statuses.values())).in_progress
    central = SecurityAudit.objects.get(school=demo.high_school, status="completed")
    assert central.completed_on == dt.date(2026, 10, 6)
    assert {f.risk for f in central.findings.all()} == {"low", "moderate", "high", "critical"}
    recs = Recommendation.objects.filter(finding__audit=central)
    assert recs.filter(status="closed").count() == 1
    assert [r.owner for r in recs if r.is_open and r.due_on < TODAY] == [
        "Head custodian, Central Lakes High"
    ]
    assert AuditPhoto.objects.count() == 1
    # Everything due is already open: the daily command would open nothing more.
    assert services.open_due_audits(actor=None, as_of=TODAY, agency=demo.agency) == []


def test_the_demo_has_drills_plans_and_events(demo: Demo) -> None:
    drills = facts.drill_statuses([demo.high_school.pk], school_year="2026-27", as_of=TODAY)
    lockdown = drills[demo.high_school.pk].rows[0]
    assert (lockdown.kind, lockdown.done, lockdown.required) == ("lockdown", 2, 5)
    # Okafor is restricted; Whitebird's refresher is overdue, so he may not serve.
    overridden = Drill.objects.exclude(override_reason="")
    assert {d.officer.last_name for d in overridden} == {"Okafor", "Whitebird"}
    plan = SafetyPlan.objects.get(school=demo.high_school)
    assert plan.next_review_on > TODAY
    assert plan.contributions.count() == 2
    assert SafetyPlan.objects.filter(next_review_on__lt=TODAY).exists()
    events = SecurityEvent.objects.prefetch_related("officers")
    assert {e.kind for e in events} == {"sports", "dance", "graduation", "assembly"}
    assert all(e.officers.all() for e in events)


def test_the_supervisors_see_overdue_schools_and_audits_in_progress(demo: Demo) -> None:
    for persona in ("chief", "sergeant"):
        cards = safety_home(principal_for(demo.users[persona]), demo.agency.pk, TODAY)
        overdue = [(a.school.name, a.status.days_overdue) for a in cards["safety_overdue"]]
        assert overdue == [
            ("Glacial Ridge Charter Academy (grades 6-12)", None),  # never audited comes first
            ("Northshore Middle School", 79),
        ]
        due_soon = [(a.school.name, a.days_left) for a in cards["safety_due_soon"]]
        assert due_soon == [("Lakeview Elementary School", 2), ("Runestone Middle School", 5)]
        assert [a.school.name for a in cards["safety_in_progress"]] == ["Runestone Middle School"]


def test_the_principal_sees_their_school_and_its_open_recommendations(demo: Demo) -> None:
    cards = safety_home(principal_for(demo.users["principal"]), demo.agency.pk, TODAY)
    assert cards["safety_school_count"] == 1
    assert [a.status.state for a in cards["safety_schools"]] == ["current"]
    assert cards["safety_overdue"] == []
    assert cards["safety_in_progress"] == []
    assert cards["safety_open_recommendations"] == 3
    assert cards["safety_overdue_recommendations"] == 1


def test_the_sro_sees_the_drills_their_school_still_owes(demo: Demo) -> None:
    cards = safety_home(principal_for(demo.users["sro"]), demo.agency.pk, TODAY)
    assert cards["safety_my_audits"] == []
    [owed] = cards["safety_drills_owed"]
    assert owed.school == demo.high_school
    assert [(r.kind, r.remaining) for r in owed.rows] == [
        ("lockdown", 3),
        ("fire", 2),
        ("tornado", 1),
    ]
    for persona in ("records", "auditor"):
        assert safety_home(principal_for(demo.users[persona]), demo.agency.pk, TODAY) == {}


def test_the_home_pages_show_the_safety_cards(demo: Demo, clients: dict[str, Client]) -> None:
    northshore = reverse("safety:school", args=[demo.schools["Northshore Middle School"].pk])
    for persona in ("chief", "sergeant"):
        page = clients[persona].get("/home/").content.decode()
        assert "School security audits" in page
        assert f'href="{northshore}"' in page
        assert "79 days overdue" in page
        assert reverse("safety:overview") in page
    page = clients["principal"].get("/home/").content.decode()
    assert "3 open recommendations" in page
    assert reverse("safety:recommendation_list") in page
    assert "last audited Oct 6, 2026; the next is due by Oct 6, 2027" in page
    assert "Northshore" not in page
    page = clients["sro"].get("/home/").content.decode()
    assert "still owes this school year: 3 lockdown drills, 2 fire drills, 1 tornado drill" in page


def test_a_long_list_names_the_first_schools_and_counts_the_rest(
    demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(home_cards, "LISTED", 1)
    cards = home_cards.safety_home(principal_for(demo.users["chief"]), demo.agency.pk, TODAY)
    assert [a.school.name for a in cards["safety_overdue"]] == [
        "Glacial Ridge Charter Academy (grades 6-12)"
    ]
    assert (cards["safety_overdue_count"], cards["safety_overdue_more"]) == (2, 1)
    assert cards["safety_due_soon_more"] == 1
