"""No N+1 queries: the main pages and API lists run the same number of queries however much data
there is. Each is counted on the demo (with a little of everything added), then again after
adding officers on assignment with courses, incidents with students, activities and access-log
entries; the counts must not move.
(What a page costs in time is measured by the benchmarks in bench/, never here.)"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import Demo
from sro.activity.models import Activity
from sro.activity.services import log_activity
from sro.audittrail.guard import unaudited_writes
from sro.audittrail.services import log_access
from sro.incidents.tests.factories import make_incident, make_student
from sro.roster.models import Assignment
from sro.roster.tests.factories import OfficerFactory
from sro.training.models import Completion

TODAY = dt.date(2026, 11, 28)

PAGES = [
    ("chief", "/training/"),
    ("chief", "/incidents/?status=draft"),
    ("chief", "/incidents/"),
    ("chief", "/schedule/?day=2026-11-24"),
    (
        "chief",
        "/audit/access/?student_first=Quinn&student_last=Testperson"
        "&purpose=Responding+to+a+data+request",
    ),
    ("chief", "/audit/access/"),
    ("chief", "/officers/"),
    ("chief", "/activity/?month=2026-11"),
    ("chief", "/home/"),
    ("sergeant", "/home/"),
    ("principal", "/home/"),
    ("sro", "/home/"),
    ("chief", "/api/v1/officers"),
    ("chief", "/api/v1/assignments"),
    ("chief", "/api/v1/incidents"),
    ("chief", "/api/v1/activities"),
]


def _grow(demo: Demo, n: int) -> None:
    """n more officers on assignment with a course each, n incidents with two students each,
    n activities and 2n access-log entries."""
    contract = demo.high_school.contracts.first()
    for _ in range(n):
        officer = OfficerFactory(agency=demo.agency)
        with unaudited_writes("test data: more of everything the pages list"):
            Assignment.objects.create(
                officer=officer,
                school=demo.high_school,
                contract=contract,
                role=Assignment.Role.SUBSTITUTE,
                start_date=dt.date(2026, 9, 1),
            )
            Completion.objects.create(
                officer=officer, course="required", completed_on=dt.date(2025, 6, 1)
            )
    chief = demo.users["chief"]
    for i in range(n):
        incident = make_incident(demo, summary=f"Scuffle {i}")
        for _ in range(2):
            person = make_student(incident, demo)
            log_access(user=chief, record=person, purpose="Testing the page cost")
        log_activity(
            Activity(
                officer=demo.officers["Lindqvist"],
                school=demo.high_school,
                on=dt.date(2026, 11, 2 + i % 20),
                kind="positive_contact",
                students=3,
            ),
            actor=demo.users["sro"],
            as_of=TODAY,
        )


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(queries)


@pytest.mark.parametrize(("persona", "url"), PAGES, ids=[f"{p} {u}" for p, u in PAGES])
def test_the_query_count_does_not_grow_with_the_data(
    clients: dict[str, Any], demo: Demo, persona: str, url: str
) -> None:
    client = clients[persona]
    _grow(demo, 2)  # every list has rows, so a query that runs only for a non-empty list runs
    client.get(url)  # warm the per-process caches (content types, settings)
    before = _count(client, url)
    _grow(demo, 12)
    after = _count(client, url)
    assert after == before, f"{url}: {before} queries, then {after} with more data"
