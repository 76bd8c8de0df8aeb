"""The activity API: logging with the page's defaults and refusals, time by duty (figures only,
scoped like the page), referrals without the student's identity, the lesson library."""

from __future__ import annotations

from typing import Any, get_args

from django.db.models import Sum

from conftest import Demo
from sro.activity.models import Activity
from sro.activity.schemas import Kind
from sro.activity.tests.helpers import officer_client
from sro.rules.activity import KINDS

API = "/api/v1"


def test_the_schema_kinds_are_the_rules_kinds() -> None:
    assert set(get_args(Kind)) == set(KINDS)


def test_an_sro_logs_their_own_activity(demo: Demo, clients: dict[str, Any]) -> None:
    response = clients["sro"].post(
        f"{API}/activities",
        {"kind": "class_taught", "students": 24, "topic": "Online safety", "grade": "10"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["officer_id"] == str(demo.officers["Lindqvist"].pk)
    assert (body["clause"], body["minutes"], body["on"]) == (6, 50, "2026-11-28")
    assert body["citation"] == "Minn. Stat. 626.8482, subd. 2(a)(6)"


def test_the_api_refuses_what_the_page_refuses(demo: Demo, clients: dict[str, Any]) -> None:
    other = clients["sro"].post(
        f"{API}/activities",
        {"kind": "patrol", "officer": str(demo.officers["Raman"].pk)},
        content_type="application/json",
    )
    assert other.status_code == 422
    assert other.json()["errors"][0]["field"] == "officer"
    client, _ = officer_client(demo, "Okafor")
    restricted = client.post(
        f"{API}/activities", {"kind": "vulnerability_walk"}, content_type="application/json"
    )
    assert restricted.status_code == 422
    assert "subd. 3" in restricted.content.decode()
    bad = clients["sro"].post(
        f"{API}/activities", {"kind": "patrol", "students": -1}, content_type="application/json"
    )
    assert bad.status_code == 422


def test_lists_are_scoped(demo: Demo, clients: dict[str, Any]) -> None:
    mine = clients["sro"].get(f"{API}/activities?limit=1000").json()
    assert mine["count"] == Activity.objects.filter(officer=demo.officers["Lindqvist"]).count()
    everyone = clients["chief"].get(f"{API}/activities?limit=1").json()
    assert everyone["count"] == Activity.objects.count()
    assert clients["principal"].get(f"{API}/activities").status_code == 403


def test_time_by_duty_for_the_principal_is_their_school(clients: dict[str, Any]) -> None:
    body = clients["principal"].get(f"{API}/activity/time-by-duty?month=2026-11").json()
    at_school = Activity.objects.filter(
        on__month=11, school__name="Central Lakes High School"
    ).aggregate(m=Sum("minutes"))["m"]
    assert body["total"]["minutes"] == at_school
    assert [line["key"] for line in body["by_clause"]] == [str(n) for n in range(1, 8)]
    bad = clients["principal"].get(f"{API}/activity/time-by-duty?month=2026-13")
    assert bad.status_code == 422


def test_referrals_come_without_the_student(clients: dict[str, Any]) -> None:
    body = clients["chief"].get(f"{API}/support-referrals").json()
    assert body["count"] == 7
    text = str(body)
    for private in ("first_name", "last_name", "reason", "Example", "Testcase"):
        assert private not in text


def test_the_lesson_library(clients: dict[str, Any]) -> None:
    body = clients["principal"].get(f"{API}/lesson-outlines").json()
    assert body["count"] == 6
