"""Data that cannot be true is refused, on its field with the fix, by the model's `clean` or the
service the pages, the API and the demo all go through: a review of a policy version before the
version took effect (the demo showed version "2024-11" reviewed in 2022), an assignment that
starts before its contract, a course completed in the future, a term or an event that ends before
it starts, a signature, a review or an adoption dated in the future, a date of birth after the
incident, a complaint about something after it was received, force used in the future. The
demo passes every rule: each of its records is checked with `full_clean`.

The demo is fixed on 2026-11-28."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from conftest import Demo
from sro.audittrail.guard import unaudited_writes
from sro.complaints.models import Complaint
from sro.complaints.services import submit_complaint
from sro.contracts.forms import ContractForm
from sro.contracts.models import ChangeKind, Contract, ContractChange
from sro.contracts.services import record_change
from sro.core import clock
from sro.incidents.forms import DispositionForm, PersonForm
from sro.incidents.models import Incident, IncidentPerson
from sro.incidents.services import save_person, update_incident
from sro.roster.models import Assignment
from sro.safety import services as safety
from sro.safety.models import SafetyPlan, SecurityEvent
from sro.training import services as training
from sro.training.forms import CompletionForm, PolicyVersionForm
from sro.training.imports import parse
from sro.training.models import Completion, PolicyReview, PolicyVersion
from sro.use_of_force import services as force_services
from sro.use_of_force.forms import ForceReportForm
from sro.use_of_force.models import ForceReport

TODAY = dt.date(2026, 11, 28)
TOMORROW = TODAY + dt.timedelta(days=1)


def _refused(call: Callable[[], Any], field: str, words: str) -> None:
    with pytest.raises(ValidationError) as refused:
        call()
    errors = refused.value.message_dict
    assert field in errors, errors
    assert words in " ".join(errors[field]), errors[field]


def _version(demo: Demo, label: str, effective_on: dt.date) -> PolicyVersion:
    return training.save_policy_version(
        PolicyVersion(agency=demo.agency, version=label, effective_on=effective_on, text="Text."),
        actor=demo.users["chief"],
    )


# --- Training -----------------------------------------------------------------------------------


def test_a_review_before_the_version_took_effect_is_refused(demo: Demo) -> None:
    version = _version(demo, "2026-10", dt.date(2026, 10, 1))
    officer = demo.officers["Haugen"]
    _refused(
        lambda: training.record_policy_review(
            officer, version, actor=demo.users["chief"], reviewed_on=dt.date(2022, 5, 2)
        ),
        "reviewed_on",
        "Version 2026-10 took effect on 2026-10-01; a review of it cannot be dated 2022-05-02",
    )
    assert not PolicyReview.objects.filter(policy_version=version).exists()
    review = training.record_policy_review(
        officer, version, actor=demo.users["chief"], reviewed_on=dt.date(2026, 10, 1)
    )
    assert review.pk is not None


def test_a_review_in_the_future_is_refused(demo: Demo) -> None:
    version = _version(demo, "2026-10", dt.date(2026, 10, 1))
    _refused(
        lambda: training.record_policy_review(
            demo.officers["Haugen"], version, actor=demo.users["chief"], reviewed_on=TOMORROW
        ),
        "reviewed_on",
        "in the future",
    )


def test_a_version_cannot_take_effect_after_an_officer_reviewed_it(demo: Demo) -> None:
    version = PolicyVersion.objects.get(agency=demo.agency, version="2021-01")
    first = version.reviews.order_by("reviewed_on").first()
    assert first is not None
    form = PolicyVersionForm(
        {
            "version": version.version,
            "title": version.title,
            "effective_on": "2024-11-01",
            "text": version.text,
        },
        instance=version,
        agency_id=demo.agency.pk,
    )
    assert not form.is_valid()
    assert f"An officer reviewed this version on {first.reviewed_on}" in " ".join(
        form.errors["effective_on"]
    )


def test_a_course_completed_in_the_future_is_refused(demo: Demo) -> None:
    form = CompletionForm({"course": "required", "completed_on": TOMORROW.isoformat()})
    assert not form.is_valid()
    assert "in the future" in " ".join(form.errors["completed_on"])
    officer = demo.officers["Haugen"]
    _refused(
        lambda: training.save_completion(
            Completion(officer=officer, course="required", completed_on=TOMORROW),
            actor=demo.users["chief"],
        ),
        "completed_on",
        "give the day the course was completed",
    )
    # The import says it in the same words.
    parsed = parse(
        f"post_license_number,course,completed_on\nMN-1,required,{TOMORROW}\n",
        officers={"MN-1": officer.pk},
        courses={"required"},
        on_file=set(),
        today=TODAY,
    )
    assert [str(e) for e in parsed.errors] == [
        f"Line 2, completed_on: {TOMORROW} is in the future: give the day the course was completed."
    ]
    licence = next(o.post_license_number for o in demo.officers.values() if o.post_license_number)
    data = (
        "post_license_number,course,completed_on\n"
        f"{licence},required,2026-01-05\n"
        f"{licence},required,{TOMORROW}\n"
    ).encode()
    before = Completion.objects.count()
    with pytest.raises(training.ImportRefused) as refused:
        training.import_completions(
            demo.agency, data, actor=demo.users["chief"], source="t.csv", today=TODAY
        )
    assert [(e.line, e.column) for e in refused.value.errors] == [(3, "completed_on")]
    assert Completion.objects.count() == before  # the whole file, or nothing


# --- Assignments and contracts ------------------------------------------------------------------


def test_an_assignment_that_starts_before_its_contract_is_refused(
    demo: Demo, clients: dict[str, Any]
) -> None:
    contract = Contract.objects.get(title__startswith="SRO agreement with Alexandria")
    body = {
        "officer": str(demo.officers["Haugen"].pk),
        "school": str(demo.high_school.pk),
        "contract": str(contract.pk),
        "role": "substitute",
        "start_date": "2022-06-30",
        "end_date": "2022-07-15",
    }
    response = clients["chief"].post("/api/v1/assignments", body, content_type="application/json")
    assert response.status_code == 422
    fields = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert "outside the contract's term" in fields["start_date"]
    assert not Assignment.objects.filter(start_date=dt.date(2022, 6, 30)).exists()


def test_a_contract_signed_in_the_future_is_refused(demo: Demo) -> None:
    form = ContractForm(
        {
            "title": "Next agreement",
            "education_agency": str(demo.high_school.education_agency_id),
            "start_date": "2027-07-01",
            "signed_on": TOMORROW.isoformat(),
        },
        agency_id=demo.agency.pk,
    )
    assert not form.is_valid()
    assert "in the future" in " ".join(form.errors["signed_on"])


def _api_errors(response: Any) -> dict[str, str]:
    assert response.status_code == 422, response.content
    return {e["field"]: e["message"] for e in response.json()["errors"]}


def test_the_api_refuses_a_contract_signed_in_the_future_on_its_field(
    demo: Demo, clients: dict[str, Any]
) -> None:
    body = {
        "title": "Next agreement",
        "education_agency": str(demo.high_school.education_agency_id),
        "start_date": "2027-07-01",
        "signed_on": TOMORROW.isoformat(),
    }
    chief = clients["chief"]
    before = Contract.objects.count()
    errors = _api_errors(chief.post("/api/v1/contracts", body, content_type="application/json"))
    assert "in the future: give the day it was signed" in errors["signed_on"]
    assert Contract.objects.count() == before
    contract = Contract.objects.filter(agency=demo.agency).first()
    assert contract is not None
    errors = _api_errors(
        chief.patch(
            f"/api/v1/contracts/{contract.pk}",
            {"signed_on": TOMORROW.isoformat()},
            content_type="application/json",
        )
    )
    assert "in the future" in errors["signed_on"]
    contract.refresh_from_db()
    assert contract.signed_on != TOMORROW


def test_a_change_whose_term_ends_before_it_starts_is_refused(demo: Demo) -> None:
    contract = Contract.objects.filter(agency=demo.agency).first()
    assert contract is not None
    change = ContractChange(
        contract=contract,
        kind=ChangeKind.AMENDMENT,
        effective_on=dt.date(2026, 11, 1),
        start_date=dt.date(2026, 7, 1),
        end_date=dt.date(2026, 6, 30),
        summary="Backwards.",
    )
    _refused(
        lambda: record_change(change, actor=demo.users["chief"]), "end_date", "before it starts"
    )


# --- Incidents, force and complaints ------------------------------------------------------------


def test_a_date_of_birth_after_the_incident_is_refused(demo: Demo) -> None:
    incident = Incident.objects.filter(agency=demo.agency).order_by("occurred_at").first()
    assert incident is not None
    day = incident.occurred_at.astimezone(clock.agency_zone()).date()
    after = day + dt.timedelta(days=3)
    assert after <= TODAY
    form = PersonForm(
        {"kind": "student", "role": "suspect", "first_name": "A", "date_of_birth": after},
        incident=incident,
    )
    assert not form.is_valid()
    assert f"is after the incident ({day})" in " ".join(form.errors["date_of_birth"])


def test_a_date_of_birth_after_the_incident_is_refused_by_the_service(demo: Demo) -> None:
    person = IncidentPerson.objects.filter(incident__agency=demo.agency).first()
    assert person is not None
    day = person.incident.occurred_at.astimezone(clock.agency_zone()).date()
    person.date_of_birth = day + dt.timedelta(days=1)
    _refused(
        lambda: save_person(person, actor=demo.users["chief"]),
        "date_of_birth",
        f"is after the incident ({day}); check the year",
    )
    person.date_of_birth = TOMORROW
    _refused(
        lambda: save_person(person, actor=demo.users["chief"]), "date_of_birth", "in the future"
    )


def test_a_form_without_the_field_shows_the_rule_above_it_rather_than_failing(demo: Demo) -> None:
    """A record kept from before the rule (a date of birth after the incident) opened in a form
    that does not show the date of birth: the rule's message goes above the form."""
    person = IncidentPerson.objects.filter(incident__agency=demo.agency, kind="student").first()
    assert person is not None
    day = person.incident.occurred_at.astimezone(clock.agency_zone()).date()
    with unaudited_writes("a record from before the rule"):
        IncidentPerson.objects.filter(pk=person.pk).update(date_of_birth=day + dt.timedelta(days=1))
    person.refresh_from_db()
    form = DispositionForm({}, instance=person)
    assert not form.is_valid()
    assert any("is after the incident" in m for m in form.non_field_errors())


def test_an_incident_moved_before_a_persons_birth_or_into_the_future_is_refused(
    demo: Demo, clients: dict[str, Any]
) -> None:
    person = (
        IncidentPerson.objects.filter(incident__agency=demo.agency, date_of_birth__isnull=False)
        .select_related("incident")
        .first()
    )
    assert person is not None
    assert person.date_of_birth is not None
    incident = person.incident
    incident.occurred_at = dt.datetime.combine(
        person.date_of_birth - dt.timedelta(days=1), dt.time(10), clock.agency_zone()
    )
    _refused(
        lambda: update_incident(incident, actor=demo.users["chief"]),
        "occurred_at",
        f"{person.label} was born on {person.date_of_birth}",
    )
    response = clients["sro"].post(
        "/api/v1/incidents",
        {
            "school": str(demo.high_school.pk),
            "occurred_at": "2026-12-05T10:00:00-06:00",
            "summary": "Not yet",
            "initiated_by": "officer",
        },
        content_type="application/json",
    )
    assert "the incident cannot be in the future" in _api_errors(response)["occurred_at"]


def test_the_api_refuses_force_used_in_the_future_on_its_field(
    demo: Demo, clients: dict[str, Any]
) -> None:
    noah = IncidentPerson.objects.get(first_name="Noah")
    before = ForceReport.objects.count()
    response = clients["sro"].post(
        f"/api/v1/incidents/{noah.incident_id}/force-reports",
        {"subject": str(noah.pk), "occurred_at": "2026-11-29T09:00:00-06:00"},
        content_type="application/json",
    )
    errors = _api_errors(response)
    assert (
        "2026-11-29 09:00 is in the future: give when the force was used" in errors["occurred_at"]
    )
    assert ForceReport.objects.count() == before


def test_force_used_in_the_future_is_refused(demo: Demo) -> None:
    incident = Incident.objects.filter(force_reports__isnull=False).first()
    assert incident is not None
    report = incident.force_reports.first()
    assert report is not None
    report.occurred_at = dt.datetime.combine(TOMORROW, dt.time(9), clock.agency_zone())
    _refused(report.full_clean, "occurred_at", "in the future")
    _refused(
        lambda: force_services.save_report(report, actor=demo.users["chief"]),
        "occurred_at",
        "in the future",
    )
    form = ForceReportForm(
        {"subject": str(report.subject_id), "occurred_at": "2026-11-29T09:00"},
        instance=incident.force_reports.model(incident=incident),
        incident=incident,
    )
    assert not form.is_valid()
    assert "in the future" in " ".join(form.errors["occurred_at"])


def test_a_complaint_about_a_day_after_it_was_received_is_refused(demo: Demo) -> None:
    received = dt.datetime(2026, 11, 2, 10, tzinfo=clock.agency_zone())
    complaint = Complaint(
        agency=demo.agency,
        narrative="The officer was rude at the game.",
        occurred_on=dt.date(2026, 11, 20),
    )
    _refused(
        lambda: submit_complaint(complaint, actor=None, received_at=received),
        "occurred_on",
        "after the complaint was received (2026-11-02)",
    )


# --- School safety ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dates", "field", "words"),
    [
        (
            {"adopted_on": dt.date(2026, 8, 1), "last_reviewed_on": dt.date(2026, 7, 1)},
            "last_reviewed_on",
            "before the adoption",
        ),
        ({"last_reviewed_on": TOMORROW}, "last_reviewed_on", "in the future"),
        ({"adopted_on": TOMORROW}, "adopted_on", "in the future"),
        (
            {"last_reviewed_on": dt.date(2026, 9, 1), "next_review_on": dt.date(2026, 8, 1)},
            "next_review_on",
            "on or before the last one",
        ),
    ],
)
def test_a_safety_plan_reviewed_before_it_was_adopted_or_in_the_future_is_refused(
    demo: Demo, dates: dict[str, dt.date], field: str, words: str
) -> None:
    plan = SafetyPlan.objects.first()
    assert plan is not None
    plan.adopted_on = None
    plan.next_review_on = dt.date(2027, 9, 1)
    for name, value in dates.items():
        setattr(plan, name, value)
    _refused(lambda: safety.save_plan(plan, actor=demo.users["chief"]), field, words)


def test_an_event_that_ends_before_it_starts_is_refused(demo: Demo) -> None:
    starts = dt.datetime(2026, 12, 4, 19, tzinfo=clock.agency_zone())
    event = SecurityEvent(
        school=demo.high_school,
        name="Winter concert",
        kind="assembly",
        starts_at=starts,
        ends_at=starts - dt.timedelta(hours=1),
    )
    _refused(
        lambda: safety.save_event(event, actor=demo.users["chief"], officers=[]),
        "ends_at",
        "must end after it starts",
    )


# --- The demo -----------------------------------------------------------------------------------

# Records the demo holds that full_clean questions for reasons other than truth, each on purpose:
KNOWN = {
    # The charter school's agreement was amended to end with its last school day after Erik
    # Solberg was assigned to June 30: a schedule problem the sergeants see on /schedule/problems/.
    ("Assignment", "end_date"),
    # The original term of each contract is recorded by the system when the demo loads: no one.
    ("ContractChange", "recorded_by"),
}
SKIPPED_APPS = {"audittrail"}  # the append-only trail records what happened, not claims


def test_the_demo_passes_every_rule(demo: Demo) -> None:
    """Every record of the demo is checked with full_clean (each model's clean and fields)."""
    problems: list[str] = []
    checked = 0
    for model in apps.get_models():
        meta = model._meta
        if not model.__module__.startswith("sro.") or meta.app_label in SKIPPED_APPS:
            continue
        for record in model._default_manager.all():
            checked += 1
            try:
                record.full_clean()
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    if (model.__name__, field) not in KNOWN:
                        problems.append(f"{model.__name__} {record}: {field}: {messages}")
    assert checked > 1000
    assert problems == []
    # The version the officers reviewed from 2021 on took effect in 2021 and says so.
    version = PolicyVersion.objects.get(agency=demo.agency)
    assert (version.version, version.effective_on) == ("2021-01", dt.date(2021, 1, 1))
    first = version.reviews.order_by("reviewed_on").first()
    assert first is not None
    assert first.reviewed_on >= version.effective_on
