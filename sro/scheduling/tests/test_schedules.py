"""Duty schedules on the demo program (policy 436.4.1): where officers are expected, coverage by
day and who sees why, assigning non-school days, patrol pulls, absences with substitutes,
schedule problems, and student contact days counted from the schedule."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from sro.audittrail.models import AuditEvent
from sro.scheduling.attention import problems, substitutes_nearing_limit
from sro.scheduling.coverage import coverage_on, days_to_assign, officer_days
from sro.scheduling.models import Duty, PatrolPull
from sro.scheduling.plans import contact_days_through

D = dt.date


def _plans(officer: Any, first: dt.date, last: dt.date) -> dict[dt.date, Any]:
    return {d.plan.day: d for d in officer_days(officer, first, last)}


def _row(rows: list[Any], name: str) -> Any:
    return next(r for r in rows if r.school.name.startswith(name))


def test_an_sros_days_follow_the_district_calendar(demo: Any) -> None:
    days = _plans(demo.officers["Lindqvist"], D(2026, 10, 12), D(2027, 1, 12))
    assert days[D(2026, 10, 13)].plan.status == "school"
    assert days[D(2026, 10, 13)].school_names == ["Central Lakes High School"]
    late = days[D(2026, 10, 14)]
    assert (late.plan.status, late.plan.day_kind) == ("school", "late_start")
    assert days[D(2026, 10, 15)].plan.status == "duty"  # no school; the sergeant assigned it
    assert days[D(2026, 11, 26)].plan.status == "awaiting_assignment"  # Thanksgiving break
    assert days[D(2026, 11, 28)].plan.status == "off"  # a Saturday
    assert days[D(2026, 12, 23)].plan.duty.label == "Patrol shift: Days 07:00-15:00"
    assert days[D(2026, 12, 28)].plan.status == "awaiting_assignment"  # winter break
    assert days[D(2027, 1, 12)].plan.status == "awaiting_assignment"  # the snow day


def test_summer_goes_to_the_scheduling_supervisor(demo: Any) -> None:
    raman = _plans(demo.officers["Raman"], D(2027, 6, 10), D(2027, 6, 14))
    assert raman[D(2027, 6, 10)].plan.status == "school"  # the last school day
    assert raman[D(2027, 6, 11)].plan.status == "summer"
    assert raman[D(2027, 6, 11)].plan.needs_assignment
    assert raman[D(2027, 6, 14)].plan.status == "duty"


def test_the_day_view_gives_the_reason_for_each_gap(demo: Any) -> None:
    rows = coverage_on(demo.agency.pk, D(2026, 12, 1))
    prairie = _row(rows, "Prairie Wind")
    assert (prairie.coverage.status, prairie.coverage.reason) == ("gap", "patrol_pull")
    # Sofia Haugen is booked at Lakeview, but the training rule says she may not serve.
    lakeview = _row(rows, "Lakeview")
    assert (lakeview.coverage.status, lakeview.coverage.reason) == ("gap", "training")
    assert lakeview.coverage.explanation == (
        "No SRO on duty here: the SRO posted here may not serve under the training rule "
        "(Minn. Stat. 626.8482, subd. 3(a))."
    )
    assert _row(rows, "Northshore").coverage.status == "covered"
    absent = _row(coverage_on(demo.agency.pk, D(2026, 12, 3)), "Lakeview")
    assert (absent.coverage.status, absent.coverage.reason) == ("gap", "absence")
    partial = _row(coverage_on(demo.agency.pk, D(2026, 12, 2)), "Northshore")
    assert partial.coverage.status == "partial"
    assert [(a.isoformat(), b.isoformat()) for a, b in partial.coverage.gaps] == [
        ("13:00:00", "15:00:00")
    ]
    vacant = _row(coverage_on(demo.agency.pk, D(2027, 1, 4)), "Prairie Wind")
    assert (vacant.coverage.status, vacant.coverage.reason) == ("gap", "vacancy")
    closed = _row(coverage_on(demo.agency.pk, D(2026, 12, 28)), "Prairie Wind")
    assert closed.coverage.status == "not_in_session"


def test_a_substitute_covers_an_absent_sro(demo: Any) -> None:
    northshore = _row(coverage_on(demo.agency.pk, D(2026, 12, 8)), "Northshore")
    assert northshore.coverage.status == "covered"
    serving = {o.officer.last_name: o.plan.status for o in northshore.officers}
    assert serving == {"Raman": "absent", "Berg": "school"}
    assert northshore.coverage.changed


def test_the_principal_sees_that_coverage_changed_but_not_the_private_reason(
    demo: Any, clients: Any
) -> None:
    page = clients["principal"].get("/schedule/", {"day": "2026-11-30"})
    text = page.content.decode()
    assert [r.school.name for r in page.context["rows"]] == ["Central Lakes High School"]
    assert "Pulled to patrol 09:00–11:30" in text
    assert "Coverage changed on this day." in text
    assert "Highway 29" not in text
    sergeant = clients["sergeant"].get("/schedule/", {"day": "2026-11-30"}).content.decode()
    assert "Highway 29" in sergeant


def test_a_public_reason_is_shown_to_the_school(demo: Any, clients: Any) -> None:
    raman = PatrolPull.objects.get(officer=demo.officers["Raman"])
    raman.officer.assignments.update(school=demo.high_school)  # the principal's school
    text = clients["principal"].get("/schedule/", {"day": "2026-12-02"}).content.decode()
    assert "Traffic control for the district" in text


def test_the_sro_sees_their_own_schedule_and_not_anothers(demo: Any, clients: Any) -> None:
    mine = clients["sro"].get("/schedule/me/", {"month": "2026-12"}, follow=True)
    assert mine.context["officer"] == demo.officers["Lindqvist"]
    assert mine.context["month"] == D(2026, 12, 1)
    assert mine.context["can_plan"] is False
    assert "Awaiting assignment" in mine.content.decode()
    other = clients["sro"].get(f"/schedule/officers/{demo.officers['Raman'].pk}/")
    assert other.status_code == 404


def test_the_sergeant_assigns_a_non_school_day_and_both_see_it(demo: Any, clients: Any) -> None:
    lindqvist = demo.officers["Lindqvist"]
    runs = days_to_assign(demo.agency.pk, D(2026, 12, 25), D(2026, 12, 31))
    assert any(r.officer == lindqvist and r.first == D(2026, 12, 25) for r in runs)
    response = clients["sergeant"].post(
        f"/schedule/officers/{lindqvist.pk}/duties/new/",
        {
            "kind": "training",
            "first_day": "2026-12-28",
            "last_day": "2026-12-31",
            "details": "Defensive tactics",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?month=2026-12")
    duty = Duty.objects.get(officer=lindqvist, first_day=D(2026, 12, 28))
    assert duty.assigned_by == demo.users["sergeant"]
    event = AuditEvent.objects.filter(action="duty.create").latest("id")
    assert event.actor == demo.users["sergeant"]
    page = clients["sro"].get(f"/schedule/officers/{lindqvist.pk}/", {"month": "2026-12"})
    assert "Training: Defensive tactics" in page.content.decode()
    runs = days_to_assign(demo.agency.pk, D(2026, 12, 28), D(2026, 12, 31))
    assert not any(r.officer == lindqvist for r in runs)


def test_a_duty_on_a_school_day_is_refused_with_the_fix(demo: Any, clients: Any) -> None:
    raman = demo.officers["Raman"]
    response = clients["sergeant"].post(
        f"/schedule/officers/{raman.pk}/duties/new/",
        {"kind": "patrol_shift", "first_day": "2026-12-14", "last_day": "2026-12-15"},
    )
    assert response.status_code == 422
    error = response.context["form"].errors["last_day"][0]
    assert "School is in session" in error
    assert "2026-12-14" in error
    assert "pull the officer to patrol" in error
    assert not Duty.objects.filter(officer=raman, first_day=D(2026, 12, 14)).exists()


def test_an_absence_does_not_turn_a_school_day_into_a_free_day(demo: Any, clients: Any) -> None:
    """Raman is on leave December 7 to 11; those are still school days at Northshore."""
    raman = demo.officers["Raman"]
    response = clients["sergeant"].post(
        f"/schedule/officers/{raman.pk}/duties/new/",
        {"kind": "training", "first_day": "2026-12-09", "last_day": "2026-12-09"},
    )
    assert response.status_code == 422
    assert "2026-12-09" in response.context["form"].errors["last_day"][0]


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"start_time": "10:00"}, "end_time", "Give both the start and the end time"),
        ({"start_time": "12:00", "end_time": "10:00"}, "end_time", "must be after the start"),
        ({"day": "2026-08-01"}, "day", "has no SRO assignment on 2026-08-01"),
        ({"reason": ""}, "reason", "This field is required"),
    ],
)
def test_a_bad_patrol_pull_names_the_field(
    demo: Any, clients: Any, data: dict[str, str], field: str, words: str
) -> None:
    haugen = demo.officers["Haugen"]
    before = PatrolPull.objects.count()
    response = clients["sergeant"].post(
        f"/schedule/officers/{haugen.pk}/pulls/new/",
        {"day": "2026-12-09", "reason": "Patrol short-handed", **data},
    )
    assert response.status_code == 422
    assert words in " ".join(response.context["form"].errors[field])
    assert PatrolPull.objects.count() == before


def test_a_pull_opens_a_gap_and_removing_it_closes_it(demo: Any, clients: Any) -> None:
    # Dana Lindqvist is the one at Central Lakes who may serve on December 9: Tom Becker, the
    # substitute there, is past 60 contact days without the course.
    lindqvist = demo.officers["Lindqvist"]
    clients["sergeant"].post(
        f"/schedule/officers/{lindqvist.pk}/pulls/new/",
        {"day": "2026-12-09", "start_time": "10:00", "end_time": "12:00", "reason": "Crash"},
    )
    central = _row(coverage_on(demo.agency.pk, D(2026, 12, 9)), "Central Lakes")
    assert central.coverage.status == "partial"
    pull = PatrolPull.objects.get(officer=lindqvist, day=D(2026, 12, 9))
    assert pull.pulled_by == demo.users["sergeant"]
    clients["sergeant"].post(f"/schedule/pulls/{pull.pk}/remove/")
    assert not PatrolPull.objects.filter(pk=pull.pk).exists()
    removed = AuditEvent.objects.get(action="patrol_pull.delete")
    assert removed.old_values["reason"] == "Crash"
    central = _row(coverage_on(demo.agency.pk, D(2026, 12, 9)), "Central Lakes")
    assert central.coverage.status == "covered"


def test_a_gap_from_an_absence_offers_a_substitute(demo: Any, clients: Any) -> None:
    page = clients["sergeant"].get("/schedule/", {"day": "2026-12-03"}).content.decode()
    lakeview = demo.schools["Lakeview Elementary School"]
    assert f"?school={lakeview.pk}&amp;contract=" in page
    assert "role=substitute&amp;start_date=2026-12-03&amp;end_date=2026-12-03" in page
    principal = clients["principal"].get("/schedule/", {"day": "2026-12-03"}).content.decode()
    assert "Assign a substitute" not in principal


def test_the_api_gives_the_schedule_and_hides_private_reasons(demo: Any, clients: Any) -> None:
    lindqvist = demo.officers["Lindqvist"]
    days = (
        clients["sro"]
        .get(
            f"/api/v1/schedule/officers/{lindqvist.pk}",
            {"first": "2026-12-23", "last": "2026-12-28"},
        )
        .json()
    )
    assert [(d["day"], d["status"]) for d in days] == [
        ("2026-12-23", "duty"),
        ("2026-12-24", "duty"),
        ("2026-12-25", "awaiting_assignment"),
        ("2026-12-26", "off"),
        ("2026-12-27", "off"),
        ("2026-12-28", "awaiting_assignment"),
    ]
    too_long = clients["sro"].get(
        f"/api/v1/schedule/officers/{lindqvist.pk}", {"first": "2026-01-01", "last": "2026-12-31"}
    )
    assert too_long.status_code == 422
    assert too_long.json()["errors"][0]["field"] == "last"
    rows = clients["principal"].get("/api/v1/coverage", {"day": "2026-11-30"}).json()
    assert [(r["school"], r["reason"], r["explanation"]) for r in rows] == [
        ("Central Lakes High School", "changed", "")
    ]
    rows = clients["sergeant"].get("/api/v1/coverage", {"day": "2026-12-01"}).json()
    prairie = next(r for r in rows if r["school"].startswith("Prairie Wind"))
    assert (prairie["status"], prairie["reason"]) == ("gap", "patrol_pull")


def test_the_problems_list_shows_each_kind(demo: Any) -> None:
    found = problems(demo.agency.pk, D(2026, 11, 28), 56)
    kinds = {(p.kind, p.title.split(" ")[0]) for p in found}
    assert ("double_booked", "Tom") in kinds
    assert ("outside_contract", "Erik") in kinds
    no_sro = [p for p in found if p.kind == "no_sro" and "Prairie Wind" in p.title]
    spans = [(p.first, p.last, p.days, p.detail) for p in no_sro]
    assert (D(2026, 12, 1), D(2026, 12, 1), 1, "Why: the SRO is pulled to patrol.") in spans
    # Winter break, the snow day and Martin Luther King Jr. Day do not break the vacancy.
    assert (D(2026, 12, 21), D(2027, 1, 22), 15, "Why: no SRO assigned.") in spans


def test_a_substitute_near_sixty_days_is_flagged_to_the_sergeant(demo: Any, clients: Any) -> None:
    flags = substitutes_nearing_limit(demo.agency.pk, D(2026, 11, 28))
    assert [(f.officer.last_name, f.days, f.reaches_limit_on) for f in flags] == [
        ("Becker", 55, D(2026, 12, 4))
    ]
    page = clients["sergeant"].get("/schedule/problems/").content.decode()
    assert "55</strong> of 60 days in 2026-27; reaches 60 on Fri Dec 4" in page
    assert clients["sro"].get("/schedule/problems/").status_code == 403


def test_contact_days_count_each_school_day_served_once(demo: Any) -> None:
    becker = demo.officers["Becker"]
    # 2026-09-08 to 2026-11-25: 55 days students attended Central Lakes.
    assert contact_days_through(becker, D(2026, 11, 28)) == {"2026-27": 55}
    # December 3 and 4 he is booked at two schools: each date counts once.
    assert contact_days_through(becker, D(2026, 12, 4)) == {"2026-27": 60}
    # A new school year starts again at zero. No 2027-28 calendar is on file yet, so its first
    # weekdays (Thursday and Friday, July 1 and 2) count, conservatively.
    assert contact_days_through(becker, D(2027, 7, 2)) == {"2027-28": 2}
    mohamed = demo.officers["Mohamed"]
    assert contact_days_through(mohamed, D(2026, 11, 28)) == {"2026-27": 38}


def test_the_training_page_shows_contact_days_from_the_schedule(demo: Any, clients: Any) -> None:
    becker = demo.officers["Becker"]
    page = clients["sergeant"].get(f"/training/officers/{becker.pk}/")
    assert page.context["contact_days"] == 55
    assert "55 student contact days so far" in page.content.decode()


def test_a_weekday_without_a_calendar_counts_unless_the_setting_says_not(
    demo: Any, settings: Any
) -> None:
    from sro.audittrail.guard import unaudited_writes
    from sro.scheduling.models import CalendarDay

    becker = demo.officers["Becker"]
    with unaudited_writes("a test removes one calendar entry"):
        CalendarDay.objects.filter(day=D(2026, 11, 30)).delete()
    days = _plans(becker, D(2026, 11, 30), D(2026, 11, 30))
    assert days[D(2026, 11, 30)].plan.status == "no_calendar"
    assert contact_days_through(becker, D(2026, 11, 30)) == {"2026-27": 56}
    settings.SRO_COUNT_DAYS_WITHOUT_CALENDAR = False
    assert contact_days_through(becker, D(2026, 11, 30)) == {"2026-27": 55}


@pytest.mark.parametrize(
    ("kind", "model", "fields", "message"),
    [
        ("duty", Duty, {"kind": "training", "details": "Range day"}, "already has a duty"),
        ("absence", None, {"kind": "leave", "note": ""}, "already has an absence"),
    ],
)
def test_a_second_tap_on_save_adds_no_second_entry(
    demo: Any, clients: Any, kind: str, model: Any, fields: dict[str, str], message: str
) -> None:
    """Found by the adversarial test: two taps on Save (two forms that both passed their
    checks before either saved) made two identical duties. The service refuses the second
    under a lock on the officer's entries, naming the first."""
    from sro.scheduling import services
    from sro.scheduling.forms import AbsenceForm, DutyForm
    from sro.scheduling.models import Absence

    model = model or Absence
    form_class = DutyForm if kind == "duty" else AbsenceForm
    lindqvist = demo.officers["Lindqvist"]
    data = {**fields, "first_day": "2026-12-28", "last_day": "2026-12-31"}
    first, second = (form_class(data, officer=lindqvist) for _ in range(2))
    assert first.is_valid(), first.errors
    assert second.is_valid(), second.errors  # both taps pass the form before either saves
    save = services.save_duty if kind == "duty" else services.save_absence
    save(first.save(commit=False), actor=demo.users["sergeant"])
    with pytest.raises(ValidationError) as refused:
        save(second.save(commit=False), actor=demo.users["sergeant"])
    assert message in refused.value.message_dict["first_day"][0]
    assert model.objects.filter(officer=lindqvist, first_day=D(2026, 12, 28)).count() == 1
    # On the page: the second post is refused on the first day's field, nothing added.
    path = "duties" if kind == "duty" else "absences"
    again = clients["sergeant"].post(f"/schedule/officers/{lindqvist.pk}/{path}/new/", data)
    assert again.status_code == 422
    assert message in again.context["form"].errors["first_day"][0]
    assert model.objects.filter(officer=lindqvist, first_day=D(2026, 12, 28)).count() == 1
