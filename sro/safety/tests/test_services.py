"""The safety services: the yearly audit opened when due and walked to completion, the clause
(4)/(5) restriction with its supervisor's override, recommendations, drills and events. On the
demo program, with today 2026-11-28."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from conftest import Demo
from sro.audittrail.guard import unaudited_writes
from sro.audittrail.models import AuditEvent
from sro.core import clock
from sro.roster.models import Officer
from sro.roster.services import save_officer
from sro.safety import services
from sro.safety.models import (
    AuditStatus,
    ChecklistItem,
    Drill,
    Finding,
    Recommendation,
    SecurityAudit,
    SecurityEvent,
)
from sro.schools.models import School
from sro.schools.services import save_school

TODAY = dt.date(2026, 11, 28)
D = dt.date


def _messages(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(exc.value.messages)


def _new_school(demo: Demo, name: str) -> School:
    return save_school(
        School(education_agency=demo.high_school.education_agency, name=name, level="middle"),
        actor=demo.users["chief"],
    )


def _walk(audit: SecurityAudit, demo: Demo, *, rating: str = "meets") -> None:
    """Start the audit with Priya Raman conducting it and rate every item."""
    sergeant = demo.users["sergeant"]
    if audit.officer is None:
        services.assign_audit(
            audit, demo.officers["Raman"], actor=sergeant, override_reason="", as_of=TODAY
        )
    services.start_audit(audit, actor=sergeant, as_of=TODAY)
    rows = [(a, rating, "") for a in audit.answers.all()]
    services.save_answers(audit, rows, actor=sergeant)


def _completed_on(school: School, day: dt.date, demo: Demo) -> SecurityAudit:
    audit = services.open_audit(school, actor=None, as_of=day)
    _walk(audit, demo)
    return services.complete_audit(audit, actor=demo.users["sergeant"], summary="", as_of=day)


def _unfinished(school: School) -> SecurityAudit:
    return SecurityAudit.objects.exclude(status=AuditStatus.COMPLETED).get(school=school)


# --- Opening the yearly audit -------------------------------------------------------------------

# (the school's last completed audit, whether today's run opens its next one, and the due day)
OPENING = [
    ("never audited", None, True, TODAY),
    ("last audited more than a year ago: overdue", D(2025, 9, 10), True, TODAY),
    (
        "audited last school year: the new school year opened it",
        D(2026, 3, 15),
        True,
        D(2027, 3, 15),
    ),
    ("audited this school year", D(2026, 9, 20), False, None),
]


def test_open_due_audits_opens_for_the_schools_whose_next_audit_may_begin(demo: Demo) -> None:
    schools = {}
    for label, last, _, _ in OPENING:
        school = schools[label] = _new_school(demo, f"Test school: {label}")
        if last is not None:
            _completed_on(school, last, demo)
    opened = services.open_due_audits(actor=None, as_of=TODAY, agency=demo.agency)
    by_school = {a.school_id: a for a in opened}
    for label, _, opens, due_on in OPENING:
        school = schools[label]
        assert (school.pk in by_school) is opens, label
        if opens:
            audit = by_school[school.pk]
            assert audit.status == AuditStatus.OPEN
            assert audit.school_year == "2026-27"
            assert audit.due_on == due_on, label
    # Every demo school already has its audit (the demo ran the same service): none twice.
    assert set(by_school) <= {s.pk for s in schools.values()}
    assert services.open_due_audits(actor=None, as_of=TODAY, agency=demo.agency) == []


def test_a_school_has_one_unfinished_audit_at_a_time(demo: Demo) -> None:
    school = demo.schools["Northshore Middle School"]  # its 2026-27 audit is open
    with pytest.raises(ValidationError, match="already has an audit open or in progress"):
        services.open_audit(school, actor=None, as_of=TODAY)
    with (
        pytest.raises(IntegrityError),
        transaction.atomic(),
        unaudited_writes("the database refuses a second unfinished audit"),
    ):
        SecurityAudit.objects.create(school=school, school_year="2026-27", due_on=TODAY)


def test_the_daily_command_opens_what_is_due_and_a_dry_run_opens_nothing(demo: Demo) -> None:
    school = _new_school(demo, "Test school never audited")
    out = StringIO()
    call_command("safety_open_audits", "--dry-run", stdout=out)
    assert "would open the 2026-27 audit of Test school never audited" in out.getvalue()
    assert not SecurityAudit.objects.filter(school=school).exists()
    out = StringIO()
    call_command("safety_open_audits", "--agency", demo.agency.name, stdout=out)
    assert "opened the 2026-27 audit of Test school never audited, due by 2026-11-28" in (
        out.getvalue()
    )
    assert "1 audit was opened for 2026-11-28." in out.getvalue()
    assert _unfinished(school).status == AuditStatus.OPEN
    assert AuditEvent.objects.filter(action="security_audit.open_due", actor=None).exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "28/11/2026"], "is not a date"),
        (["--agency", "No Such Department"], "No agency"),
    ],
)
def test_the_daily_command_refuses_bad_options(demo: Demo, args: list[str], message: str) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=message):
        call_command("safety_open_audits", *args, stdout=StringIO())


# --- Who conducts the audit: clause (5) ---------------------------------------------------------


def test_a_restricted_officer_is_refused_the_audit_with_the_citation(demo: Demo) -> None:
    audit = _unfinished(demo.schools["Northshore Middle School"])
    okafor = demo.officers["Okafor"]  # in the training grace period
    with pytest.raises(ValidationError) as refused:
        services.assign_audit(
            audit, okafor, actor=demo.users["sergeant"], override_reason="", as_of=TODAY
        )
    assert "626.8482, subd. 2(a)(5)" in _messages(refused)
    assert "officer" in refused.value.message_dict


def test_a_sergeant_overrides_the_restriction_with_a_reason_on_record(demo: Demo) -> None:
    audit = _unfinished(demo.schools["Northshore Middle School"])
    reason = "He walked this building for years on patrol; the sergeant reviews his findings."
    services.assign_audit(
        audit,
        demo.officers["Okafor"],
        actor=demo.users["sergeant"],
        override_reason=reason,
        as_of=TODAY,
    )
    audit.refresh_from_db()
    assert audit.officer == demo.officers["Okafor"]
    assert audit.override_reason == reason
    assert audit.override_by == demo.users["sergeant"]
    event = AuditEvent.objects.filter(action="security_audit.override").latest("id")
    assert event.target_id == str(audit.pk)
    assert reason in event.reason
    # Assigning a non-restricted officer afterwards clears the override.
    services.assign_audit(
        audit, demo.officers["Raman"], actor=demo.users["sergeant"], override_reason="", as_of=TODAY
    )
    audit.refresh_from_db()
    assert audit.override_reason == ""
    assert audit.override_by is None


def test_an_sro_cannot_override_the_restriction(demo: Demo) -> None:
    audit = _unfinished(demo.schools["Northshore Middle School"])
    with pytest.raises(ValidationError) as refused:
        services.assign_audit(
            audit,
            demo.officers["Okafor"],
            actor=demo.users["sro"],
            override_reason="I say so.",
            as_of=TODAY,
        )
    assert "override_reason" in refused.value.message_dict
    audit.refresh_from_db()
    assert audit.officer == demo.officers["Raman"]


# --- Walking the audit --------------------------------------------------------------------------


def test_starting_copies_the_active_checklist_and_later_edits_leave_it_alone(demo: Demo) -> None:
    chief = demo.users["chief"]
    items = ChecklistItem.objects.filter(area__agency=demo.agency, active=True)
    retired = items.get(prompt__startswith="Deliveries come through")
    retired.active = False
    services.save_item(retired, actor=chief)
    audit = _unfinished(demo.schools["Lakeview Elementary School"])
    services.assign_audit(
        audit,
        demo.officers["Raman"],  # cleared to serve (Haugen may not: no override needed here)
        actor=demo.users["sergeant"],
        override_reason="",
        as_of=TODAY,
    )
    services.start_audit(audit, actor=demo.users["sergeant"], as_of=TODAY)
    copied = list(audit.answers.values_list("prompt", flat=True))
    assert copied == [i.prompt for i in items.filter(active=True).order_by("area__order", "order")]
    assert retired.prompt not in copied
    # The checklist changes; the audit keeps the words it was walked with.
    edited = items.get(prompt__startswith="Visitors sign in")
    edited.prompt = "Visitors sign in at the kiosk."
    services.save_item(edited, actor=chief)
    services.save_item(ChecklistItem(area=edited.area, prompt="A new question."), actor=chief)
    assert list(audit.answers.values_list("prompt", flat=True)) == copied
    with pytest.raises(ValidationError, match="already been started"):
        services.start_audit(audit, actor=demo.users["sergeant"], as_of=TODAY)


def test_an_sro_starting_an_unassigned_audit_conducts_it(demo: Demo) -> None:
    audit = _unfinished(demo.schools["Glacial Ridge Charter Academy (grades 6-12)"])
    sergeant = demo.users["sergeant"]
    with pytest.raises(ValidationError, match="Choose the officer"):
        services.start_audit(audit, actor=sergeant, as_of=TODAY)
    services.start_audit(audit, actor=demo.users["sro"], as_of=TODAY)
    assert audit.officer == demo.officers["Lindqvist"]
    assert audit.status == AuditStatus.IN_PROGRESS


def test_saving_answers_is_all_or_nothing(demo: Demo) -> None:
    audit = _unfinished(demo.schools["Runestone Middle School"])
    first, second = audit.answers.filter(rating="")[:2]
    rows = [(first, "meets", "Checked."), (second, "excellent", "")]
    with pytest.raises(ValidationError) as refused:
        services.save_answers(audit, rows, actor=demo.users["sergeant"])
    assert f"rating_{second.pk}" in refused.value.message_dict
    first.refresh_from_db()
    assert (first.rating, first.notes, first.answered_at) == ("", "", None)


RADIOS = "Radios work throughout"


def _nothing(audit: SecurityAudit, demo: Demo) -> None:
    pass


def _rate_with_one_failing(audit: SecurityAudit, demo: Demo) -> None:
    rows = [
        (a, "fails" if a.prompt.startswith(RADIOS) else "meets", "") for a in audit.answers.all()
    ]
    services.save_answers(audit, rows, actor=demo.users["sergeant"])


def _finding(audit: SecurityAudit, demo: Demo) -> None:
    answer = audit.answers.get(prompt__startswith=RADIOS)
    finding = Finding(audit=audit, answer=answer, title="Radio dead spot", risk="moderate")
    services.save_finding(finding, actor=demo.users["sergeant"])


# (what is done next, the problem that then still stands in the way of completing the audit)
COMPLETION: list[tuple[Callable[[SecurityAudit, Demo], None], str]] = [
    (_nothing, "Rate every checklist item: 38 of 38 are not rated yet."),
    (_rate_with_one_failing, f"Record a finding for “{RADIOS}"),
    (_finding, "Add a recommendation to the finding “Radio dead spot”."),
]


def test_completing_is_refused_until_each_problem_is_solved(demo: Demo) -> None:
    sergeant = demo.users["sergeant"]
    audit = _unfinished(demo.schools["Northshore Middle School"])
    services.start_audit(audit, actor=sergeant, as_of=TODAY)
    for step, problem in COMPLETION:
        step(audit, demo)
        with pytest.raises(ValidationError) as refused:
            services.complete_audit(audit, actor=sergeant, summary="", as_of=TODAY)
        assert [m for m in refused.value.messages if m.startswith(problem)], refused.value.messages
    rec = Recommendation(
        finding=audit.findings.get(), action="Add a repeater.", owner="IT", due_on=D(2027, 1, 31)
    )
    services.save_recommendation(rec, actor=sergeant)
    services.complete_audit(audit, actor=sergeant, summary=" Done. ", as_of=TODAY)
    audit.refresh_from_db()
    assert (audit.status, audit.completed_on, audit.summary) == ("completed", TODAY, "Done.")
    assert audit.completed_by == sergeant
    assert audit.completed_at is not None
    with pytest.raises(ValidationError, match="Only an audit in progress"):
        _rate_with_one_failing(audit, demo)
    late = Recommendation(finding=audit.findings.get(), action="x", owner="y", due_on=TODAY)
    with pytest.raises(ValidationError, match="added while the audit is in progress"):
        services.save_recommendation(late, actor=sergeant)


# --- Recommendations ----------------------------------------------------------------------------


def test_closing_a_recommendation_stamps_the_day_and_declining_needs_a_note(demo: Demo) -> None:
    principal = demo.users["principal"]
    rec = Recommendation.objects.get(owner="Front office manager, Central Lakes High")
    rec.status = "declined"
    with pytest.raises(ValidationError) as refused:
        services.save_recommendation(rec, actor=principal)
    assert "status_note" in refused.value.message_dict
    rec.status_note = "The district's visitor system replaces badges next year."
    services.save_recommendation(rec, actor=principal)
    assert rec.closed_on == clock.today() == TODAY
    rec.status, rec.status_note = "in_progress", "Reconsidered: starting now."
    services.save_recommendation(rec, actor=principal)
    rec.refresh_from_db()
    assert rec.closed_on is None
    assert rec.is_open
    rec.status = "closed"
    services.save_recommendation(rec, actor=principal)
    rec.refresh_from_db()
    assert (rec.status, rec.closed_on) == ("closed", TODAY)


# --- Drills: clause (4) -------------------------------------------------------------------------


def _drill(demo: Demo, **fields: Any) -> Drill:
    values: dict[str, Any] = {
        "school": demo.schools["Runestone Middle School"],
        "kind": "lockdown",
        "held_on": D(2026, 11, 24),
    }
    return Drill(**(values | fields))


@pytest.mark.parametrize(
    ("fields", "actor", "field", "words"),
    [
        ({"held_on": D(2026, 11, 29)}, "sergeant", "held_on", "once it has been held"),
        (
            {"officer": "Okafor", "advice": "Lock the gym doors."},
            "sergeant",
            "officer",
            "626.8482, subd. 2(a)(4)",
        ),
        (
            {"officer": "Okafor", "advice": "Lock the gym doors.", "override_reason": "Because."},
            "sro",
            "override_reason",
            "Only the chief or a sergeant",
        ),
        ({"advice": "Lock the gym doors."}, "sergeant", "officer", "Name the officer"),
    ],
)
def test_record_drill_refuses(
    demo: Demo, fields: dict[str, Any], actor: str, field: str, words: str
) -> None:
    if "officer" in fields:
        fields = fields | {"officer": demo.officers[fields["officer"]]}
    before = Drill.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.record_drill(_drill(demo, **fields), actor=demo.users[actor], as_of=TODAY)
    assert words in " ".join(refused.value.message_dict[field])
    assert Drill.objects.count() == before


def test_a_restricted_officer_may_observe_and_advise_on_an_override(demo: Demo) -> None:
    okafor = demo.officers["Okafor"]
    observed = services.record_drill(
        _drill(demo, officer=okafor, observed=True, override_reason="not needed"),
        actor=demo.users["sergeant"],
        as_of=TODAY,
    )
    assert observed.school_year == "2026-27"
    assert observed.override_reason == ""
    advised = services.record_drill(
        _drill(demo, officer=okafor, advice="Faster.", override_reason="Reviewed by me."),
        actor=demo.users["sergeant"],
        as_of=TODAY,
    )
    assert advised.override_reason == "Reviewed by me."
    event = AuditEvent.objects.filter(target_id=str(advised.pk)).get()
    assert "Reviewed by me." in event.reason


# --- Events -------------------------------------------------------------------------------------


def test_an_event_takes_only_this_departments_officers(demo: Demo) -> None:
    deputy = save_officer(
        Officer(
            agency=demo.other_agency,
            first_name="Pat",
            last_name="Deputy",
            badge_number="9",
            post_license_number="MN-9",
        ),
        actor=None,
    )
    zone = clock.agency_zone()
    event = SecurityEvent(
        school=demo.high_school,
        name="Winter concert",
        kind="assembly",
        starts_at=dt.datetime(2026, 12, 10, 19, 0, tzinfo=zone),
        ends_at=dt.datetime(2026, 12, 10, 21, 0, tzinfo=zone),
    )
    with pytest.raises(ValidationError) as refused:
        services.save_event(
            event, actor=demo.users["sergeant"], officers=[demo.officers["Raman"], deputy]
        )
    assert "officers" in refused.value.message_dict
    assert not SecurityEvent.objects.filter(name="Winter concert").exists()
    services.save_event(event, actor=demo.users["sergeant"], officers=[demo.officers["Raman"]])
    assert list(event.officers.all()) == [demo.officers["Raman"]]
    event.ends_at = event.starts_at
    with pytest.raises(ValidationError, match="end after it starts"):
        services.save_event(event, actor=demo.users["sergeant"], officers=[])
