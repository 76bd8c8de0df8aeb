"""`sro demo --scale`: synthetic data in bulk, deterministic from the seed, consistent, and
every record with the audit event a real import writes."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, models

from sro.audittrail.models import AccessLogEntry, AuditEvent
from sro.contracts.models import Contract
from sro.core.scale import ACTOR, Sizes, generate
from sro.incidents.models import Incident, IncidentPerson
from sro.roster.models import Agency, Assignment, Officer
from sro.scheduling.models import CalendarDay
from sro.schools.models import EducationAgency, School
from sro.training.models import Completion

TINY = Sizes(
    agencies=3,
    districts=5,
    schools=11,
    officers=8,
    incidents=230,
    access_log=300,
    first_districts=2,
    first_schools=3,
    first_officers=4,
    first_incidents=100,
)
CREATED = {  # every model the load creates records of, and the noun of its create event
    Agency: "agency",
    EducationAgency: "education_agency",
    School: "school",
    Contract: "contract",
    Officer: "officer",
    Assignment: "assignment",
    Completion: "completion",
    Incident: "incident",
    IncidentPerson: "incident_person",
}


def _empty() -> None:
    """The test database without the demo (each test's transaction puts it back)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Triggers off while emptying (foreign keys, the audit trail's append-only rule):
            # the test's transaction is rolled back.
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


def _generate(seed: int) -> dict[str, int]:
    _empty()
    return generate("state", seed=seed, sizes=TINY, progress=lambda _: None)


def _digest() -> str:
    """Every row the load generates, in a stable order (serial keys left out: they come from
    the database's sequences)."""
    digest = hashlib.sha256()
    tables: list[tuple[type[models.Model], Any]] = [
        (model, model.objects.all()) for model in (*CREATED, CalendarDay)
    ]
    tables.append((Contract.schools.through, Contract.schools.through.objects.all()))
    tables.append((AccessLogEntry, AccessLogEntry.objects.all()))
    # The two accounts to sign in as are made through the services (their ids, times and
    # password salts are not the seed's).
    events = AuditEvent.objects.filter(actor_username=ACTOR)
    tables.append((AuditEvent, events.exclude(target_type__startswith="accounts.")))
    for model, rows in tables:
        names = [f.attname for f in model._meta.concrete_fields if f.name != "id" or f.is_relation]
        if not isinstance(model._meta.pk, models.AutoField | models.BigAutoField):
            names.append("id")
        for row in sorted(rows.values_list(*names), key=repr):
            digest.update(repr(row).encode())
    return digest.hexdigest()


def test_refuses_a_database_with_data(demo: Any) -> None:
    with pytest.raises(ValueError, match="already holds data"):
        generate("state", sizes=TINY, progress=lambda _: None)
    with pytest.raises(CommandError, match="already holds data"):
        call_command("demo", scale="state")


def test_the_same_seed_gives_the_same_rows(db: None) -> None:
    _generate(5)
    first = _digest()
    _generate(5)
    assert _digest() == first
    _generate(6)
    assert _digest() != first


def test_the_data_is_consistent(db: None) -> None:
    counts = _generate(5)
    assert Agency.objects.count() == 3
    assert EducationAgency.objects.count() == 5
    assert School.objects.count() == 11
    assert Officer.objects.count() == 8
    assert Incident.objects.count() == 230
    assert AccessLogEntry.objects.count() == 300
    assert counts["incidents.IncidentPerson"] == IncidentPerson.objects.count() >= 230
    for contract in Contract.objects.prefetch_related("schools"):
        # A district's contract is with its agency and covers every one of its schools.
        district = EducationAgency.objects.get(pk=contract.education_agency_id)
        assert contract.agency_id == district.agency_id
        assert {s.pk for s in contract.schools.all()} == set(
            School.objects.filter(education_agency=district).values_list("pk", flat=True)
        )
    for post in Assignment.objects.select_related("officer", "school", "contract"):
        # An officer serves a school of a district under contract with the officer's agency.
        assert post.contract.agency_id == post.officer.agency_id
        assert post.contract.schools.filter(pk=post.school_id).exists()
    assert Assignment.objects.count() == Officer.objects.count()
    for incident in Incident.objects.select_related("school__education_agency", "officer"):
        assert incident.school.education_agency.agency_id == incident.agency_id
        assert incident.officer.agency_id == incident.agency_id
    for entry in AccessLogEntry.objects.all():
        incident = Incident.objects.get(pk=entry.record_id)
        assert (entry.agency_id, entry.school_id) == (incident.agency_id, incident.school_id)
    assert Completion.objects.count() == 2 * Officer.objects.count()
    # Each district's school year, every weekday from 31 August to 4 June.
    assert CalendarDay.objects.count() == 5 * 200
    # Agency 0 is a department to sign in to, with incidents of its own.
    first = Agency.objects.get(name__endswith="00000")
    assert Incident.objects.filter(agency=first).count() == 100
    assert Officer.objects.filter(agency=first).count() == 4
    assert School.objects.filter(education_agency__agency=first).count() == 2 * 3
    assert {m.user.username for m in first.members.select_related("user")} == {
        "scale-chief",
        "scale-records",
    }


def test_every_created_record_has_its_create_event(db: None) -> None:
    _generate(5)
    for model, noun in CREATED.items():
        events = AuditEvent.objects.filter(
            action=f"{noun}.create", target_type=model._meta.label_lower, actor_username=ACTOR
        )
        ids = {str(pk) for pk in model.objects.values_list("pk", flat=True)}
        assert set(events.values_list("target_id", flat=True)) == ids, model
        assert events.count() == len(ids), model
    # As the services write them: the scope, the label, the values, private ones withheld.
    incident = Incident.objects.first()
    assert incident is not None
    event = AuditEvent.objects.get(target_id=str(incident.pk), action="incident.create")
    assert (event.agency_id, event.school_id) == (incident.agency_id, incident.school_id)
    assert event.target_label == str(incident)
    assert event.actor is not None
    assert event.actor.username == ACTOR
    assert event.new_values["number"] == incident.number
    person = IncidentPerson.objects.select_related("incident").first()
    assert person is not None
    event = AuditEvent.objects.get(target_id=str(person.pk))
    assert event.new_values["last_name"] == "(private: changed)"
    assert event.target_label == str(person)
    assert event.school_id == person.incident.school_id
    # A district's calendar is one import, as `import_calendar` records it.
    imports = AuditEvent.objects.filter(action="calendar.import")
    assert sorted(imports.values_list("target_id", flat=True)) == sorted(
        str(pk) for pk in EducationAgency.objects.values_list("pk", flat=True)
    )
