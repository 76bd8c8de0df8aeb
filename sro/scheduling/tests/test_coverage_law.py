"""Coverage is the law's coverage (issue 24): an officer the training rule does not allow to
serve on a day is a gap with the reason and citation on every view; nobody is booked in two
places at once without a supervisor's written reason; a substitute past 60 contact days without
the course is a problem, may not serve, and a new placement needs the override.

The demo on 2026-11-28: Sofia Haugen (Lakeview, training required), Jordan Whitebird (Prairie
Wind, refresher overdue) and Erik Solberg (Glacial Ridge, training overdue) may not serve; Tom
Becker, a substitute at Central Lakes without the course, has 55 contact days and reaches 60 on
Friday December 4."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import icalendar
import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client

from conftest import signed_in
from sro.audittrail.models import AuditEvent
from sro.contracts.models import Contract
from sro.roster.models import Assignment
from sro.roster.services import save_assignment
from sro.scheduling.attention import problems, substitutes_nearing_limit
from sro.scheduling.coverage import coverage_on, officer_days
from sro.scheduling.models import Duty

D = dt.date
MONDAY = "2026-11-30"
SUBD_3A = "Minn. Stat. 626.8482, subd. 3(a)"


def _row(rows: list[Any], name: str) -> Any:
    return next(r for r in rows if r.school.name.startswith(name))


@pytest.fixture
def december_7(demo: Any) -> Iterator[dict[str, Client]]:
    """The day the issue was found, Becker at 61 contact days, with clients signed in then (a
    session ends after 30 idle minutes)."""
    with time_machine.travel(dt.datetime(2026, 12, 7, 15, tzinfo=dt.UTC), tick=False):
        yield {name: signed_in(demo.users[name]) for name in ("sergeant", "sro", "principal")}


# --- One answer on every view ----------------------------------------------------------------


def test_the_three_schools_are_gaps_with_the_reason_not_green(demo: Any) -> None:
    rows = coverage_on(demo.agency.pk, D(2026, 11, 30))
    for school, officer, status in [
        ("Lakeview", "Haugen", "training_required"),
        ("Prairie Wind", "Whitebird", "refresher_overdue"),
        ("Glacial Ridge", "Solberg", "training_overdue"),
    ]:
        row = _row(rows, school)
        assert (row.coverage.status, row.coverage.reason) == ("gap", "training"), school
        (booked,) = row.officers
        assert booked.officer.last_name == officer
        assert booked.plan.status == "may_not_serve"
        assert booked.verdict.status == status
        assert booked.bars
        assert all(r.citation for r in booked.bars)
    assert _row(rows, "Central Lakes").coverage.status == "covered"  # Becker, 56 days: exempt


def test_the_day_page_shows_the_gap_and_why_to_the_department(demo: Any, clients: Any) -> None:
    for persona in ("sergeant", "chief"):
        page = clients[persona].get("/schedule/", {"day": MONDAY}).content.decode()
        assert "SRO on duty" in page  # Central Lakes, Northshore, Runestone
        assert page.count("No SRO</span>") == 3
        assert "<strong>may not serve</strong> under the training rule (training required)" in page
        assert f"({SUBD_3A})" in page
        assert "Assumed duties 2026-09-08 without the required course" in page


def test_the_sro_reads_why_only_for_themself(demo: Any, december_7: dict[str, Client]) -> None:
    clients = december_7
    """Lindqvist's school, Central Lakes, has Becker, who may not serve on December 7: she sees
    that he is not at the school, not his training record."""
    page = clients["sro"].get("/schedule/", {"day": "2026-12-07"}).content.decode()
    assert "Tom Becker</a> (substitute):" not in page  # she cannot plan, so no link
    assert "not at the school today" in page
    assert "substitute_over_limit" not in page
    assert "student contact days" not in page


def test_the_officers_month_says_may_not_serve_from_the_60th_day(demo: Any, clients: Any) -> None:
    becker = demo.officers["Becker"]
    days = {d.plan.day: d for d in officer_days(becker, D(2026, 12, 1), D(2026, 12, 31))}
    assert days[D(2026, 12, 3)].plan.status == "school"  # 59 days: still exempt
    assert days[D(2026, 12, 3)].plan.schools
    assert days[D(2026, 12, 3)].contact_days == 59
    fourth = days[D(2026, 12, 4)]
    assert (fourth.plan.status, fourth.contact_days) == ("may_not_serve", 60)
    assert fourth.barred_names == ["Central Lakes High School", "Runestone Middle School"]
    assert [r.code for r in fourth.bars] == ["substitute_over_limit", "training_required"]
    assert fourth.plan.contact_day  # still counted: the count comes from the schedule
    page = clients["sergeant"].get(f"/schedule/officers/{becker.pk}/", {"month": "2026-12"})
    text = page.content.decode()
    assert "May not serve</span>" in text
    assert "60 student contact days in school year 2026-27, not fewer than 60" in text
    assert page.context["contact_days"] == 16  # December's contact days, as before


def test_the_api_gives_the_same_answer(demo: Any, clients: Any) -> None:
    haugen = demo.officers["Haugen"]
    (day,) = (
        clients["sergeant"]
        .get(f"/api/v1/schedule/officers/{haugen.pk}", {"first": MONDAY, "last": MONDAY})
        .json()
    )
    assert (day["status"], day["may_serve"], day["training_status"]) == (
        "may_not_serve",
        False,
        "training_required",
    )
    assert day["barred_from"] == ["Lakeview Elementary School"]
    assert day["schools"] == []
    assert day["citation"] == SUBD_3A
    rows = clients["sergeant"].get("/api/v1/coverage", {"day": MONDAY}).json()
    lakeview = next(r for r in rows if r["school"].startswith("Lakeview"))
    assert (lakeview["status"], lakeview["reason"]) == ("gap", "training")
    assert lakeview["officers_on_duty"] == []
    assert lakeview["officers_who_may_not_serve"] == ["Sofia Haugen"]


def test_the_principal_sees_coverage_changed_and_no_training_record(
    demo: Any, december_7: dict[str, Client]
) -> None:
    clients = december_7
    home = clients["principal"].get("/home/")
    text = home.content.decode()
    (central,) = home.context["school_coverage"]
    assert (central.coverage.status, central.coverage.changed) == ("covered", True)
    assert "SRO on duty</span> Coverage changed today." in text
    assert "Not at the school today: coverage changed" in text  # Becker's line
    assert "May not serve" not in text
    assert "contact days" not in text
    (row,) = clients["principal"].get("/api/v1/coverage", {"day": "2026-12-07"}).json()
    assert (row["reason"], row["explanation"], row["officers_who_may_not_serve"]) == (
        "changed",
        "",
        [],
    )
    assert row["officers_on_duty"] == ["Dana Lindqvist"]


def test_supervisors_see_the_gaps_on_their_home_pages(demo: Any, clients: Any) -> None:
    for persona in ("sergeant", "chief"):
        home = clients[persona].get("/home/")
        gaps = {(p.subject, p.first, p.last) for p in home.context["coverage_gaps"]}
        assert ("Lakeview Elementary School", D(2026, 11, 30), D(2026, 12, 2)) in gaps
        text = home.content.decode()
        assert "School days without an SRO this week" in text
        assert "Sofia Haugen (training required, Minn. Stat. 626.8482, subd. 3(a))" in text
        assert "reaches 60 on Dec 4" in text


def test_the_feed_says_may_not_serve_without_the_reason(demo: Any, clients: Any) -> None:
    haugen = demo.officers["Haugen"]
    page = clients["sergeant"].post(f"/schedule/officers/{haugen.pk}/feed/", {"action": "issue"})
    response = Client().get(page.context["url"].removeprefix("http://testserver"))
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {e.decoded("DTSTART"): e for e in calendar.walk("VEVENT")}
    monday = events[D(2026, 11, 30)]
    summary = "May not serve as SRO: Lakeview Elementary School (training rule)"
    assert str(monday["SUMMARY"]) == summary
    assert "Minn. Stat. 626.8482, subd. 3" in str(monday["DESCRIPTION"])
    assert "Assumed duties" not in response.content.decode()


# --- The substitute limit, enforced ------------------------------------------------------------


def test_the_substitute_past_60_days_is_a_problem(demo: Any, december_7: dict[str, Client]) -> None:
    clients = december_7
    (flag,) = substitutes_nearing_limit(demo.agency.pk, D(2026, 12, 7))
    assert (flag.officer.last_name, flag.days, flag.over, flag.may_serve) == (
        "Becker",
        61,
        True,
        False,
    )
    page = clients["sergeant"].get("/schedule/problems/").content.decode()
    assert (
        "61</strong> of 60 days in 2026-27: <strong>past the limit without the required course, "
        "may not serve</strong>" in page
    )
    assert "Tom Becker is booked at Central Lakes High School but may not serve" in page
    home = clients["sergeant"].get("/home/").content.decode()
    assert "Tom Becker</a> (61 days, past the limit: may not serve)" in home
    training = clients["sergeant"].get("/training/").context["rows"]
    assert next(r for r in training if r.officer.last_name == "Becker").verdict.may_serve is False


def test_the_problems_page_sees_the_limit_coming(demo: Any) -> None:
    found = problems(demo.agency.pk, D(2026, 11, 28), 56)
    becker = [p for p in found if p.kind == "may_not_serve" and p.title.startswith("Tom Becker")]
    assert becker[0].first == D(2026, 12, 4)
    assert "substitute SRO with 60 student contact days" in becker[0].detail
    barred = {p.title.split(" is booked")[0] for p in found if p.kind == "may_not_serve"}
    assert barred == {"Tom Becker", "Sofia Haugen", "Jordan Whitebird", "Erik Solberg"}


def test_a_new_placement_past_the_limit_needs_the_override(
    demo: Any, december_7: dict[str, Client]
) -> None:
    clients = december_7
    data = _cover(demo, "Becker", "Central Lakes High School", "2026-12-08")
    refused = clients["sergeant"].post("/assignments/new/", data)
    assert refused.status_code == 422
    message = refused.context["form"].errors["override_reason"][0]
    # Judged on the placement's first day, December 8: 62 contact days.
    assert "62 student contact days in school year 2026-27, not fewer than 60" in message
    saved = clients["sergeant"].post(
        "/assignments/new/", {**data, "override_reason": "Course on December 9."}
    )
    assert saved.status_code == 302


# --- No double-booking -------------------------------------------------------------------------


def _cover(demo: Any, officer: str, school: str, day: str) -> dict[str, str]:
    contract = Contract.objects.get(education_agency__kind="district")
    return {
        "officer": str(demo.officers[officer].pk),
        "school": str(demo.schools[school].pk),
        "contract": str(contract.pk),
        "role": "substitute",
        "start_date": day,
        "end_date": day,
    }


def test_a_substitute_already_on_duty_elsewhere_is_refused(demo: Any, clients: Any) -> None:
    """Priya Raman is on leave December 7 to 11; Aisha Mohamed is on duty at Runestone."""
    data = _cover(demo, "Mohamed", "Northshore Middle School", "2026-12-08")
    before = Assignment.objects.count()
    refused = clients["sergeant"].post("/assignments/new/", data)
    assert refused.status_code == 422
    (message,) = refused.context["form"].errors["double_booking_reason"]
    assert message == (
        "Two places at once: Aisha Mohamed is already expected at Runestone Middle School on "
        "2026-12-08 (1 school day). Choose other dates or another officer; or, to book them "
        "anyway, a sergeant or the chief gives the reason here."
    )
    assert Assignment.objects.count() == before
    api = clients["sergeant"].post(
        "/api/v1/assignments", json.dumps(data), content_type="application/json"
    )
    assert api.status_code == 422
    assert api.json()["errors"] == [{"field": "double_booking_reason", "message": message}]
    assert Assignment.objects.count() == before


def test_a_supervisor_books_it_anyway_with_a_reason_audited(demo: Any, clients: Any) -> None:
    data = _cover(demo, "Mohamed", "Northshore Middle School", "2026-12-08")
    reason = "Runestone has an assembly off site all day."
    saved = clients["chief"].post("/assignments/new/", {**data, "double_booking_reason": reason})
    assert saved.status_code == 302
    cover = Assignment.objects.get(officer=demo.officers["Mohamed"], start_date=D(2026, 12, 8))
    event = AuditEvent.objects.get(
        action="assignment.double_booking_override", target_id=str(cover.pk)
    )
    assert (event.actor, event.reason) == (demo.users["chief"], reason)
    assert event.target_id == str(cover.pk)
    assert event.new_values == {
        "conflicts": ["at Runestone Middle School on 2026-12-08 (1 school day)"]
    }
    created = AuditEvent.objects.get(action="assignment.create", target_id=str(cover.pk))
    assert created.reason == f"Booked in two places at once by a supervisor: {reason}"
    # The problems page keeps listing it.
    found = problems(demo.agency.pk, D(2026, 11, 28), 56)
    assert any(p.kind == "double_booked" and p.title.startswith("Aisha Mohamed") for p in found)


@pytest.mark.parametrize("blank", ["\u200b", "\u00a0\u200b", "\u3164 \u200d"])
def test_a_reason_of_invisible_characters_is_no_reason(demo: Any, clients: Any, blank: str) -> None:
    """Found by the adversarial test: a zero-width space passed as the supervisor's reason, and
    the audit trail kept a blank one. Refused on the field, on the page and in the API."""
    data = {**_cover(demo, "Mohamed", "Northshore Middle School", "2026-12-08")}
    data["double_booking_reason"] = blank
    before = Assignment.objects.count()
    page = clients["chief"].post("/assignments/new/", data)
    assert page.status_code == 422
    (message,) = page.context["form"].errors["double_booking_reason"]
    assert "only invisible characters" in message
    api = clients["chief"].post(
        "/api/v1/assignments", json.dumps(data), content_type="application/json"
    )
    assert api.status_code == 422
    assert "only invisible characters" in json.dumps(api.json())
    assert Assignment.objects.count() == before


def test_only_a_sergeant_or_the_chief_may_override(demo: Any) -> None:
    contract = Contract.objects.get(education_agency__kind="district")
    cover = Assignment(
        officer=demo.officers["Mohamed"],
        school=demo.schools["Northshore Middle School"],
        contract=contract,
        role="substitute",
        start_date=D(2026, 12, 8),
        end_date=D(2026, 12, 8),
    )
    with pytest.raises(ValidationError) as refused:
        save_assignment(cover, actor=demo.users["records"], double_booking_reason="Because.")
    assert refused.value.message_dict == {
        "double_booking_reason": [
            "Only a sergeant or the chief may book an officer in two places at once."
        ]
    }


def test_a_cover_on_a_day_the_other_school_is_closed_is_no_conflict(
    demo: Any, clients: Any
) -> None:
    """The district's schools are closed on the snow day, January 12: nothing claims Mohamed
    at Runestone that day."""
    with time_machine.travel(dt.datetime(2027, 1, 8, 15, tzinfo=dt.UTC)):
        sergeant = signed_in(demo.users["sergeant"])
        data = _cover(demo, "Mohamed", "Northshore Middle School", "2027-01-13")
        assert sergeant.post("/assignments/new/", data).status_code == 422
        data = _cover(demo, "Mohamed", "Northshore Middle School", "2027-01-12")
        assert sergeant.post("/assignments/new/", data).status_code == 302


def test_editing_a_booking_that_exists_asks_only_for_what_is_new(demo: Any) -> None:
    """Becker's Runestone cover on December 3 and 4 was booked over Central Lakes on purpose;
    changing its note asks nothing, extending it asks again for the new day."""
    cover = Assignment.objects.get(officer=demo.officers["Becker"], start_date=D(2026, 12, 3))
    cover.notes = "Covers Runestone."
    save_assignment(cover, actor=demo.users["sergeant"], override_reason="Demo.")
    cover.end_date = D(2026, 12, 7)
    with pytest.raises(ValidationError) as refused:
        save_assignment(cover, actor=demo.users["sergeant"], override_reason="Demo.")
    message = refused.value.message_dict["double_booking_reason"][0]
    assert "at Central Lakes High School on 2026-12-07 (1 school day)" in message


def test_a_duty_on_a_school_day_needs_the_override_and_opens_the_gap(
    demo: Any, clients: Any
) -> None:
    raman = demo.officers["Raman"]
    url = f"/schedule/officers/{raman.pk}/duties/new/"
    data = {"kind": "patrol_shift", "first_day": "2026-12-14", "last_day": "2026-12-15"}
    refused = clients["sergeant"].post(url, data)
    assert refused.status_code == 422
    assert (
        "at Northshore Middle School from 2026-12-14 to 2026-12-15 (2 school days)"
        in (refused.context["form"].errors["last_day"][0])
    )
    reason = "Two patrol officers out; Northshore has an early dismissal."
    saved = clients["sergeant"].post(url, {**data, "double_booking_reason": reason})
    assert saved.status_code == 302
    duty = Duty.objects.get(officer=raman, first_day=D(2026, 12, 14))
    event = AuditEvent.objects.get(action="duty.double_booking_override")
    assert (event.reason, event.target_id) == (reason, str(duty.pk))
    northshore = _row(coverage_on(demo.agency.pk, D(2026, 12, 14)), "Northshore")
    assert (northshore.coverage.status, northshore.coverage.reason) == ("gap", "duty")
