"""`sro demo --scale`: synthetic data in bulk, deterministic from the seed, consistent, and
every record with its create event, as a real import writes."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from sro.audittrail.models import AuditEvent
from sro.core.scale import Sizes, generate
from sro.incidents.models import Incident, IncidentPerson
from sro.roster.models import Agency, Assignment, Officer
from sro.schools.models import School

TINY = Sizes(agencies=3, districts=4, schools=9, officers=7, incidents=40, access_log=60)


def _empty() -> None:
    """The test database without the demo (each test's transaction puts it back)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Foreign-key triggers off while emptying (the test's transaction is rolled back).
            cursor.execute("SET session_replication_role = replica")
            for table in connection.introspection.table_names():
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")  # noqa: S608
            cursor.execute("SET session_replication_role = DEFAULT")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in connection.introspection.table_names():
                if not table.startswith("sqlite_"):
                    cursor.execute(f'DELETE FROM "{table}"')  # noqa: S608
            cursor.execute("PRAGMA foreign_keys = ON")


def _snapshot() -> list[Any]:
    return [
        sorted(Agency.objects.values_list("id", "name")),
        sorted(Officer.objects.values_list("id", "agency_id", "last_name")),
        sorted(Incident.objects.values_list("id", "school_id", "occurred_at")),
        sorted(IncidentPerson.objects.values_list("id", "first_name", "date_of_birth")),
    ]


def test_refuses_a_database_with_data(demo: Any) -> None:
    with pytest.raises(ValueError, match="already holds data"):
        generate("state", sizes=TINY, progress=lambda _: None)


def test_the_same_seed_gives_the_same_data(db: None) -> None:
    _empty()
    generate("state", seed=5, sizes=TINY, progress=lambda _: None)
    first = _snapshot()
    _empty()
    generate("state", seed=5, sizes=TINY, progress=lambda _: None)
    assert _snapshot() == first
    _empty()
    generate("state", seed=6, sizes=TINY, progress=lambda _: None)
    assert _snapshot() != first


def test_the_data_is_consistent_and_every_record_has_its_event(db: None) -> None:
    _empty()
    counts = generate("state", seed=5, sizes=TINY, progress=lambda _: None)
    assert Agency.objects.count() == 3
    assert School.objects.count() == 9
    assert Officer.objects.count() == 7
    assert Incident.objects.count() == 40
    for post in Assignment.objects.select_related("officer", "school__education_agency"):
        # An officer serves a school of a district under contract with the officer's agency.
        assert post.school.education_agency.agency_id == post.officer.agency_id
        assert post.contract.education_agency_id == post.school.education_agency_id
    for incident in Incident.objects.select_related("school__education_agency", "officer"):
        assert incident.school.education_agency.agency_id == incident.agency_id
        assert incident.officer.agency_id == incident.agency_id
    for label in ("roster.Officer", "incidents.Incident", "incidents.IncidentPerson"):
        model_label = label.lower()
        events = AuditEvent.objects.filter(
            target_type=model_label, actor_username="synthetic-import"
        )
        assert events.count() == counts[label]
    assert Officer.objects.filter(agency__name__endswith="00000").exists()
    assert AuditEvent.objects.filter(action="incident.create").count() == 40
