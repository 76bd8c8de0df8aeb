"""The audit trail: every service writes its event in its own transaction, nothing writes an
audited model behind a service's back, and no one can change or delete history."""

from __future__ import annotations

import datetime as dt
import inspect
import pkgutil
from importlib import import_module
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction

import sro
from conftest import Demo
from sro.audittrail.guard import MissingAuditEvent, UnauditedWrite, unaudited_writes
from sro.audittrail.models import AccessLogEntry, AppendOnlyError, AuditEvent
from sro.audittrail.services import PurposeRequired, audited, log_access
from sro.core.request_context import request_id
from sro.roster.models import Officer
from sro.roster.services import save_officer


def service_functions() -> list[tuple[str, Any]]:
    """Every public function in every app's services module."""
    found = []
    for info in pkgutil.iter_modules(sro.__path__):
        if info.name == "audittrail":  # the mechanism itself, not a domain service
            continue
        try:
            module = import_module(f"sro.{info.name}.services")
        except ModuleNotFoundError:
            continue
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ == module.__name__ and not name.startswith("_"):
                found.append((f"{module.__name__}.{name}", fn))
    return found


READ_HELPERS = {"sro.accounts.services.authenticate_token", "sro.accounts.services.token_digest"}


def test_every_write_service_is_audited() -> None:
    services = service_functions()
    assert len(services) >= 8
    unaudited = [
        name
        for name, fn in services
        if name not in READ_HELPERS and not getattr(fn, "__audited__", False)
    ]
    assert unaudited == []


def test_every_write_service_demands_an_actor() -> None:
    for name, fn in service_functions():
        if name in READ_HELPERS:
            continue
        params = inspect.signature(fn).parameters
        assert "actor" in params, name
        assert params["actor"].kind is inspect.Parameter.KEYWORD_ONLY, name


def test_saving_an_officer_writes_who_what_when_and_the_changes(demo: Any) -> None:
    chief = demo.users["chief"]
    officer = demo.officers["Okafor"]
    officer.phone = "320-555-0199"
    token = request_id.set("req-test-0001")
    try:
        save_officer(officer, actor=chief)
    finally:
        request_id.reset(token)
    event = AuditEvent.objects.filter(target_id=str(officer.pk)).order_by("-id").first()
    assert event is not None
    assert event.action == "officer.update"
    assert event.actor == chief
    assert event.actor_username == "chief"
    assert event.agency_id == demo.agency.pk
    assert event.new_values == {"phone": "320-555-0199"}
    assert event.old_values == {"phone": ""}
    assert event.request_id == "req-test-0001"
    assert event.target_label == str(officer)


def test_an_assignment_event_names_its_school(demo: Any) -> None:
    from sro.roster.models import Assignment
    from sro.roster.services import save_assignment

    assignment = Assignment.objects.get(officer=demo.officers["Becker"], school=demo.high_school)
    assignment.notes = "Covers Tuesdays."
    save_assignment(assignment, actor=demo.users["sergeant"], reason="Schedule change")
    event = AuditEvent.objects.filter(action="assignment.update").latest("id")
    assert event.school_id == demo.high_school.pk
    assert event.reason == "Schedule change"


def test_a_service_that_writes_no_event_fails_and_rolls_back(demo: Any) -> None:
    @audited
    def sloppy(officer: Officer, *, actor: Any) -> None:
        officer.phone = "000"
        officer.save()

    officer = demo.officers["Okafor"]
    with pytest.raises(MissingAuditEvent):
        sloppy(officer, actor=demo.users["chief"])
    officer.refresh_from_db()
    assert officer.phone == ""


def test_a_service_called_without_an_actor_is_refused(demo: Any) -> None:
    with pytest.raises(TypeError, match="actor"):
        save_officer(demo.officers["Okafor"])  # type: ignore[call-arg]


def test_writing_an_audited_model_outside_a_service_is_refused(demo: Any) -> None:
    officer = demo.officers["Okafor"]
    officer.phone = "111"
    with pytest.raises(UnauditedWrite), transaction.atomic():
        officer.save()
    with unaudited_writes("test fixture: an officer to delete"):
        spare = Officer.objects.create(
            agency=demo.agency,
            first_name="A",
            last_name="B",
            badge_number="9",
            post_license_number="X-9",
        )
    with pytest.raises(UnauditedWrite), transaction.atomic():
        spare.delete()
    assert Officer.objects.filter(pk=spare.pk).exists()


def test_audit_events_cannot_be_changed_or_deleted_through_the_application(demo: Any) -> None:
    event = AuditEvent.objects.first()
    assert event is not None
    event.reason = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().update(reason="x")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()


@pytest.mark.parametrize("table", [AuditEvent._meta.db_table, AccessLogEntry._meta.db_table])
def test_the_database_itself_refuses_to_rewrite_history(demo: Any, table: str) -> None:
    log_access(user=demo.users["sro"], record=demo.high_school, purpose="test")
    statements = [f"UPDATE {table} SET request_id = 'x'"]  # noqa: S608
    if connection.vendor == "postgresql":
        # SQLite empties test databases with DELETE, so there the application refuses it.
        statements.append(f"DELETE FROM {table}")  # noqa: S608
    for sql in statements:
        with (
            pytest.raises(Exception, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table} WHERE request_id = 'x'")  # noqa: S608
        assert cursor.fetchone()[0] == 0


def test_reading_student_data_is_logged_with_its_purpose(demo: Any) -> None:
    school = demo.high_school  # stands in for a student record until incidents exist
    user = demo.users["sro"]
    entry = log_access(user=user, record=school, purpose="Follow-up with the counselor")
    assert entry.username == "sro"
    assert entry.purpose == "Follow-up with the counselor"
    assert entry.record_type == "schools.school"
    assert entry.record_id == str(school.pk)
    assert entry.school_id == school.pk
    assert entry.kind == AccessLogEntry.Kind.VIEW
    assert entry.at.tzinfo is not None
    assert abs(entry.at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)


@pytest.mark.parametrize("purpose", ["", "   "])
def test_no_purpose_no_data(demo: Any, purpose: str) -> None:
    with pytest.raises(PurposeRequired):
        log_access(user=demo.users["sro"], record=demo.high_school, purpose=purpose)
    assert AccessLogEntry.objects.count() == 0


def test_the_database_refuses_an_access_entry_without_purpose(demo: Any) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        AccessLogEntry.objects.create(
            at=dt.datetime.now(dt.UTC),
            user=demo.users["sro"],
            username="sro",
            kind="view",
            record_type="x",
            record_id="1",
            purpose="",
        )


def test_the_auditor_browses_and_filters_the_trail(demo: Any, clients: Any) -> None:
    officer = demo.officers["Okafor"]
    officer.phone = "320-555-0101"
    save_officer(officer, actor=demo.users["sergeant"])
    page = clients["auditor"].get("/audit/", {"actor": "sergeant", "action": "officer.update"})
    assert page.status_code == 200
    events = list(page.context["page"].object_list)
    assert [e.action for e in events] == ["officer.update"]
    assert b"320-555-0101" in page.content
    by_action = clients["auditor"].get("/audit/", {"action": "contract.create"})
    assert len(by_action.context["page"].object_list) == 2


def test_the_outsider_sees_none_of_another_agencys_trail(demo: Any, clients: Any) -> None:
    page = clients["outsider"].get("/audit/")
    agency_ids = {e.agency_id for e in page.context["page"].object_list}
    assert demo.agency.pk not in agency_ids


def test_the_access_log_is_searched_by_student_officer_record_and_date(
    demo: Demo, clients: dict[str, Any]
) -> None:
    from sro.activity.models import SupportReferral
    from sro.audittrail.services import log_access
    from sro.incidents.models import IncidentPerson

    referral = SupportReferral.objects.get(last_name="Example")  # Lindqvist's, Central Lakes
    person = IncidentPerson.objects.filter(incident__officer=demo.officers["Okafor"]).first()
    assert person is not None
    log_access(user=demo.users["principal"], record=referral, purpose="Following up")
    log_access(user=demo.users["sergeant"], record=person, purpose="Supervisory review")
    auditor = clients["auditor"]

    # By student: the chief and records staff, by a full name and a purpose (auditors may not
    # see students' names: test_access_search.py).
    by_student = (
        clients["records"]
        .get(
            "/audit/access/",
            {
                "student_first": "jamie",
                "student_last": "example",
                "purpose": "Responding to a data request",
            },
        )
        .content.decode()
    )
    assert "Following up" in by_student
    assert "Supervisory review" not in by_student
    search = AccessLogEntry.objects.get(kind="search")
    assert search.purpose == "Responding to a data request"
    assert "jamie" not in str(AccessLogEntry.objects.values()).lower()

    okafor = demo.officers["Okafor"].pk
    by_officer = auditor.get(f"/audit/access/?officer={okafor}").content.decode()
    assert "Supervisory review" in by_officer
    assert "Following up" not in by_officer

    by_record = auditor.get(f"/audit/access/?record={referral.pk}").content.decode()
    assert "Following up" in by_record
    none_then = auditor.get("/audit/access/?until=2020-01-01").content.decode()
    assert "Following up" not in none_then


def test_the_access_log_dates_are_whole_days_in_the_sites_time_zone(
    demo: Demo, clients: dict[str, Any]
) -> None:
    """`since` and `until` take in whole days where the site is (a late-evening view belongs to
    that day, not to the next one in UTC), as the range the index on agency and time serves."""
    import time_machine
    from django.utils import timezone

    from sro.activity.models import SupportReferral

    referral = SupportReferral.objects.get(last_name="Example")
    zone = timezone.get_current_timezone()
    for when, purpose in (
        (dt.datetime(2026, 11, 3, 23, 30, tzinfo=zone), "Late on the third"),
        (dt.datetime(2026, 11, 4, 0, 30, tzinfo=zone), "Early on the fourth"),
    ):
        with time_machine.travel(when, tick=False):
            log_access(user=demo.users["principal"], record=referral, purpose=purpose)
    auditor = clients["auditor"]
    third = auditor.get("/audit/access/?since=2026-11-03&until=2026-11-03").content.decode()
    assert "Late on the third" in third
    assert "Early on the fourth" not in third
    fourth = auditor.get("/audit/access/?since=2026-11-04").content.decode()
    assert "Early on the fourth" in fourth
    assert "Late on the third" not in fourth
