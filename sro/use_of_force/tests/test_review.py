"""Two-level force review by two people (issue 24), through the services and the pages.

The case met: the chief filled in the sergeant's review step and then the chief's, so one person
gave both levels and the history called her "(sergeant)"; the sergeant's home counted a report he
had submitted for the officer as waiting for his review, and the form then refused him."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from conftest import Demo, signed_in
from sro.accounts.models import Role
from sro.accounts.second_factor import enrol_known_key
from sro.accounts.services import create_member
from sro.audittrail.models import AuditEvent
from sro.core.demo import DEMO_PASSWORD, DEMO_TOTP_KEY
from sro.incidents.models import IncidentPerson
from sro.use_of_force import review, services
from sro.use_of_force.force_types import ensure_default_force_types
from sro.use_of_force.models import ForceReport, ForceType, ReportStatus

REASON = "Ray Dahl submitted it for Officer Solberg; no other sergeant is on this week."
SINGLE = "We have no deputy chief; the county attorney will read it too."
DEMO_ROLES = ("chief", "sergeant", "sro", "records", "principal", "auditor", "state")


def _arrest() -> ForceReport:
    """The demo's prone restraint at the charter school: the sergeant wrote and submitted it
    for Officer Solberg."""
    return ForceReport.objects.get(prone_start__isnull=False)


def _vaping() -> ForceReport:
    """Dana Lindqvist's escort hold, which she submitted herself."""
    return ForceReport.objects.get(incident__summary="Vaping in a restroom")


def _new_report(demo: Demo, writer: Any, *, submit_as: Any = None) -> ForceReport:
    """A complete report on Noah Brandt (Dana Lindqvist's), written by ``writer`` and submitted
    by ``submit_as`` (the writer by default)."""
    ensure_default_force_types(actor=demo.users["chief"])
    person = IncidentPerson.objects.get(first_name="Noah")
    report = ForceReport(
        incident=person.incident,
        subject=person,
        officer=demo.officers["Lindqvist"],
        occurred_at=person.incident.occurred_at,
        deescalation=["empathetic"],
        education_plan_known=False,
        injury="none",
        condition_assessed=True,
        aid_rendered=False,
        aid_by="Officer Lindqvist",
        narrative="Noah Brandt would not leave the locker bay; I walked him out by the arm.",
    )
    services.save_report(report, actor=writer, force_used=[ForceType.objects.get(code="escort")])
    return services.submit_report(report, actor=submit_as or writer)


def _history(client: Client, report: ForceReport) -> str:
    page = client.get(reverse("use_of_force:report", args=[report.pk]))
    body: str = page.content.decode()
    return body[body.index('id="history"') :]


def _review(client: Client, report: ForceReport, **data: str) -> Any:
    return client.post(reverse("use_of_force:review", args=[report.pk]), data)


def test_one_person_cannot_give_both_levels(demo: Demo) -> None:
    chief = demo.users["chief"]
    report = _new_report(demo, demo.users["sro"])
    services.review_report(
        report,
        actor=chief,
        level="sergeant",
        approve=True,
        comment="",
        as_supervisor=True,
        reason=REASON,
    )
    with pytest.raises(ValidationError) as refused:
        services.review_report(report, actor=chief, level="chief", approve=True, comment="")
    assert "another chief-level reviewer" in str(refused.value)
    report.refresh_from_db()
    assert report.status == ReportStatus.SERGEANT_REVIEWED
    # Nor may the chief's plain review slip through as the sergeant's.
    other = _new_report(demo, demo.users["sro"])
    with pytest.raises(ValidationError) as plain:
        services.review_report(other, actor=chief, level="sergeant", approve=True, comment="")
    assert "as supervisor" in str(plain.value)
    other.refresh_from_db()
    assert other.status == ReportStatus.SUBMITTED


def test_the_chief_reviews_as_supervisor_only_explicitly_with_a_reason(
    demo: Demo, clients: dict[str, Client]
) -> None:
    chief = clients["chief"]
    arrest = _arrest()
    page = chief.get(reverse("use_of_force:report", args=[arrest.pk]))
    assert page.context["level"] == "sergeant"
    body = page.content.decode()
    assert "Sergeant&#x27;s review, as supervisor" in body
    assert "Why you review as supervisor" in body

    # Without ticking "as supervisor", or without the reason: refused, nothing recorded.
    missing_choice = _review(chief, arrest, decision="approve", reason=REASON)
    assert missing_choice.status_code == 422
    tick = "Tick this to give the sergeant&#x27;s review as chief."
    assert tick in missing_choice.content.decode()
    # At the top of the page (the form is two screens down on a phone): nothing was recorded,
    # and what to fix, linked to the field.
    top = missing_choice.content.decode().split('<dl class="sro-facts">')[0]
    assert 'id="error-summary"' in top
    assert "Nothing was recorded. Fix this before going on:" in top
    assert tick in top
    missing_reason = _review(chief, arrest, decision="approve", as_supervisor="on", reason=" ")
    assert missing_reason.status_code == 422
    assert "Write why you give the sergeant&#x27;s review." in missing_reason.content.decode()
    arrest.refresh_from_db()
    assert arrest.status == ReportStatus.SUBMITTED

    done = _review(chief, arrest, decision="approve", as_supervisor="on", reason=REASON)
    assert done.status_code == 302
    arrest.refresh_from_db()
    assert arrest.status == ReportStatus.SERGEANT_REVIEWED
    step = arrest.steps.get(level="sergeant")
    assert (step.as_supervisor, step.reason, step.by) == (True, REASON, demo.users["chief"])
    history = _history(chief, arrest)
    assert "Forwarded by Karen Ostrander (chief, reviewing as supervisor: “" in history
    assert "(sergeant)" not in history
    # The sergeant wrote and submitted it for the officer, and the history says so.
    assert "Submitted by Ray Dahl (for the officer)" in history
    event = AuditEvent.objects.get(target_id=str(arrest.pk), action="force_report.forwarded")
    assert event.new_values["as_supervisor"] is True
    assert REASON in event.reason


def test_single_level_review_with_its_reason(demo: Demo, clients: dict[str, Client]) -> None:
    chief = clients["chief"]
    arrest = _arrest()
    _review(chief, arrest, decision="approve", as_supervisor="on", reason=REASON)
    page = chief.get(reverse("use_of_force:report", args=[arrest.pk]))
    assert page.context["level"] == "chief"
    assert "Chief&#x27;s review, single-level" in page.content.decode()

    plain = _review(chief, arrest, decision="approve")
    assert plain.status_code == 422
    assert "Tick this to give the chief&#x27;s review yourself." in plain.content.decode()
    no_reason = _review(chief, arrest, decision="approve", single_level="on")
    assert no_reason.status_code == 422
    arrest.refresh_from_db()
    assert arrest.status == ReportStatus.SERGEANT_REVIEWED

    done = _review(chief, arrest, decision="approve", single_level="on", reason=SINGLE)
    assert done.status_code == 302
    arrest.refresh_from_db()
    assert arrest.status == ReportStatus.APPROVED
    step = arrest.steps.get(level="chief")
    assert (step.single_level, step.reason) == (True, SINGLE)
    history = _history(chief, arrest)
    assert "Approved by Karen Ostrander (chief, single-level review: “" in history
    event = AuditEvent.objects.get(target_id=str(arrest.pk), action="force_report.approved")
    assert event.new_values["single_level"] is True
    assert SINGLE in event.reason


def test_another_chief_level_reviewer_gives_the_second_level(
    demo: Demo, clients: dict[str, Client]
) -> None:
    deputy = create_member(
        actor=None,
        username="deputy",
        password=DEMO_PASSWORD,
        role=Role.CHIEF,
        agency=demo.agency,
        first_name="Lars",
        last_name="Moe",
    )
    enrol_known_key(deputy, DEMO_TOTP_KEY, actor=None)
    arrest = _arrest()
    _review(clients["chief"], arrest, decision="approve", as_supervisor="on", reason=REASON)
    page = signed_in(deputy).get(reverse("use_of_force:report", args=[arrest.pk]))
    assert page.context["level"] == "chief"
    assert not page.context["option"].single_level
    assert "Chief&#x27;s review</h2>" in page.content.decode()
    # A single-level flag is refused for a second person: it is an ordinary review.
    with pytest.raises(ValidationError):
        services.review_report(
            arrest,
            actor=deputy,
            level="chief",
            approve=True,
            comment="",
            single_level=True,
            reason=SINGLE,
        )
    services.review_report(arrest, actor=deputy, level="chief", approve=True, comment="")
    assert _arrest().status == ReportStatus.APPROVED
    assert "Approved by Lars Moe (chief)" in _history(clients["chief"], arrest)


def test_a_sergeant_who_submitted_it_for_the_officer_is_not_offered_it(
    demo: Demo, clients: dict[str, Client]
) -> None:
    sergeant = clients["sergeant"]
    arrest = _arrest()
    home = sergeant.get(reverse("home"))
    assert home.context["force_waiting"] == 1  # the vaping report, not the arrest
    listing = sergeant.get(reverse("use_of_force:report_list"))
    assert [r.pk for r in (w.report for w in listing.context["for_you"])] == [_vaping().pk]
    others = {w.report.pk: w.note for w in listing.context["for_others"]}
    assert others[arrest.pk].startswith("You submitted this report")

    page = sergeant.get(reverse("use_of_force:report", args=[arrest.pk]))
    assert page.context["level"] is None
    body = page.content.decode()
    assert "Record the sergeant" not in body
    assert "You submitted this report: someone else gives the sergeant&#x27;s review" in body
    refused = _review(sergeant, arrest, decision="approve", comment="")
    assert refused.status_code == 302
    assert _arrest().status == ReportStatus.SUBMITTED
    with pytest.raises(ValidationError, match="You submitted this report"):
        services.review_report(
            arrest, actor=demo.users["sergeant"], level="sergeant", approve=True, comment=""
        )
    # The chief is told that no sergeant can review it.
    assert clients["chief"].get(reverse("home")).context["force_no_sergeant"] == 1


def test_who_changed_a_returned_report_does_not_review_it(demo: Demo) -> None:
    sergeant = demo.users["sergeant"]
    report = _new_report(demo, demo.users["sro"])
    services.review_report(
        report, actor=sergeant, level="sergeant", approve=False, comment="Add the time."
    )
    report.refresh_from_db()
    report.narrative += " It was 10:45."
    services.save_report(report, actor=sergeant)  # the sergeant edits it for her
    services.submit_report(report, actor=demo.users["sro"])
    assert review.option_for(sergeant, report).message.startswith("You wrote or changed")


def test_a_chief_who_submitted_a_report_does_not_give_the_chiefs_review(demo: Demo) -> None:
    chief, sergeant = demo.users["chief"], demo.users["sergeant"]
    report = _new_report(demo, demo.users["sro"], submit_as=chief)
    assert not review.option_for(chief, report).allowed
    services.review_report(report, actor=sergeant, level="sergeant", approve=True, comment="")
    option = review.option_for(chief, report)
    assert (option.level, option.allowed, option.refusal) == ("chief", False, "author")
    for single in (False, True):
        with pytest.raises(ValidationError, match="You submitted this report"):
            services.review_report(
                report,
                actor=chief,
                level="chief",
                approve=True,
                comment="",
                single_level=single,
                reason=SINGLE if single else "",
            )


def _offered(client: Client, report: ForceReport) -> tuple[str | None, bool]:
    """The review the report's page offers the reader, and whether only as supervisor."""
    page = client.get(reverse("use_of_force:report", args=[report.pk]))
    if page.status_code != 200:
        return None, False
    return page.context["level"], page.context["option"].as_supervisor


def _waiting_count(client: Client) -> int:
    home = client.get(reverse("home"))
    return int(home.context.get("force_waiting", 0)) if home.status_code == 200 else 0


def _api_waiting(client: Client) -> int:
    response = client.get("/api/v1/force-reports", {"waiting_for_me": "true"})
    return int(response.json()["count"]) if response.status_code == 200 else 0


@pytest.mark.parametrize("stage", ["demo", "after_supervisor_review"])
def test_the_waiting_count_is_what_each_role_may_act_on(
    demo: Demo, clients: dict[str, Client], stage: str
) -> None:
    _new_report(demo, demo.users["sro"])  # one more waiting for a sergeant
    if stage == "after_supervisor_review":
        services.review_report(
            _arrest(),
            actor=demo.users["chief"],
            level="sergeant",
            approve=True,
            comment="",
            as_supervisor=True,
            reason=REASON,
        )
    expected = {
        "demo": {"sergeant": 2, "chief": 0},
        "after_supervisor_review": {"sergeant": 2, "chief": 1},
    }[stage]
    in_review = ForceReport.objects.filter(
        status__in=[ReportStatus.SUBMITTED, ReportStatus.SERGEANT_REVIEWED]
    )
    for role in DEMO_ROLES:
        client = clients.get(role) or signed_in(demo.users[role])
        count = _waiting_count(client)
        assert count == expected.get(role, 0), role
        assert _api_waiting(client) == count, role
        # Every report counted is offered at the reader's own level; every other one is not
        # offered at all, or (to the chief, at the sergeant's level) only as supervisor.
        offered = [r for r in in_review if _offered(client, r) != (None, False)]
        ordinary = [r for r in offered if not _offered(client, r)[1]]
        assert len(ordinary) == count, role
        assert {r.pk for r in ordinary} == {
            r.pk for r in review.waiting_for(demo.users[role], ForceReport.objects.all())
        }, role
        for report in ordinary:
            assert _offered(client, report)[0] == (
                "chief" if report.status == ReportStatus.SERGEANT_REVIEWED else "sergeant"
            ), role


def test_each_level_has_its_own_wording(demo: Demo, clients: dict[str, Client]) -> None:
    report = _new_report(demo, demo.users["sro"])
    sergeant_page = clients["sergeant"].get(reverse("use_of_force:report", args=[report.pk]))
    sergeant_body = sergeant_page.content.decode()
    assert "Sergeant&#x27;s review</h2>" in sergeant_body
    assert "The sergeant&#x27;s decision" in sergeant_body
    assert "Forward it to the chief" in sergeant_body
    assert "Record the sergeant&#x27;s review" in sergeant_body
    assert "Approve the report" not in sergeant_body
    services.review_report(
        report, actor=demo.users["sergeant"], level="sergeant", approve=True, comment=""
    )
    chief_body = clients["chief"].get(reverse("use_of_force:report", args=[report.pk]))
    text = chief_body.content.decode()
    assert "Chief&#x27;s review</h2>" in text
    assert "The chief&#x27;s decision" in text
    assert "Approve the report" in text
    assert "Record the chief&#x27;s review" in text
    assert "Forward it to the chief" not in text


def test_steps_recorded_before_are_marked_by_the_migration(
    demo: Demo, clients: dict[str, Client]
) -> None:
    """A chief's sergeant-level step recorded before the change said "(sergeant)"; the migration
    marks it as a review as supervisor, and her own chief's step after it as single-level, with
    a reason that says the marking was inferred."""
    import importlib

    from django.apps import apps

    from sro.audittrail.guard import unaudited_writes
    from sro.use_of_force.models import ForceReviewStep

    migration = importlib.import_module("sro.use_of_force.migrations.0003_review_capacity")
    chief = demo.users["chief"]
    arrest = _arrest()
    with unaudited_writes("a review recorded the old way, before the capacity was kept"):
        for level, action, status in (
            ("sergeant", "forwarded", ReportStatus.SERGEANT_REVIEWED),
            ("chief", "approved", ReportStatus.APPROVED),
        ):
            ForceReviewStep.objects.create(
                report=arrest, level=level, action=action, by=chief, at=arrest.submitted_at
            )
            arrest.status = status
            arrest.save()
    with unaudited_writes("the migration's own writes (its historical models are not guarded)"):
        migration.mark(apps, None)
    steps = {s.level: s for s in arrest.steps.all()}
    assert (steps["sergeant"].as_supervisor, steps["sergeant"].single_level) == (True, False)
    assert (steps["chief"].as_supervisor, steps["chief"].single_level) == (False, True)
    assert steps["officer"].reason == ""  # the sergeant's own submission is left alone
    history = _history(clients["chief"], arrest)
    assert "(chief, reviewing as supervisor: “Marked when the software began" in history
    assert "(sergeant)" not in history
    assert AuditEvent.objects.filter(action="force_review.mark_capacity").exists()
