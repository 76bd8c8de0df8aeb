"""The activity pages as each role uses them: quick entry with the day's defaults, the refusal
shown to a restricted officer, referrals whose student is named only after a stated purpose
(and logged), the school's acknowledgement, time by duty (no names; a school administrator sees
their school only) and the lesson library."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db.models import Sum
from django.urls import reverse

from conftest import Demo
from sro.activity.models import Activity, LessonOutline, SupportReferral
from sro.activity.tests.helpers import officer_client
from sro.audittrail.models import AccessLogEntry


def _text(response: Any) -> str:
    return response.content.decode()


def test_the_log_page_fills_in_the_day_from_the_schedule(clients: dict[str, Any]) -> None:
    page = _text(clients["sro"].get("/activity/log/"))
    # Dana Lindqvist serves Central Lakes High; the date is today.
    assert re.search(r'<option value="[0-9a-f-]+" selected>Central Lakes High School', page)
    assert 'value="2026-11-28"' in page
    assert "not yours to log" not in page


def test_an_sro_logs_a_contact_with_two_fields(demo: Demo, clients: dict[str, Any]) -> None:
    before = Activity.objects.filter(officer=demo.officers["Lindqvist"]).count()
    get = clients["sro"].get("/activity/log/")
    form = dict(re.findall(r'name="(officer|on|start_time|school)" value="([^"]*)"', _text(get)))
    school = re.search(r'<option value="([0-9a-f-]+)" selected>Central', _text(get))
    assert school is not None
    response = clients["sro"].post(
        "/activity/log/",
        {**form, "school": school[1], "kind": "positive_contact", "students": "14"},
    )
    assert response.status_code == 302
    mine = Activity.objects.filter(officer=demo.officers["Lindqvist"])
    assert mine.count() == before + 1
    latest = mine.latest("created_at")
    assert (latest.kind, latest.clause, latest.minutes, latest.students) == (
        "positive_contact",
        1,
        10,
        14,
    )
    assert latest.school == demo.high_school


def test_a_restricted_officer_sees_why_and_is_refused(demo: Demo) -> None:
    client, _ = officer_client(demo, "Okafor")
    page = _text(client.get("/activity/log/"))
    assert "not yours to log" in page
    assert re.search(r'value="drill_advice"[^>]*disabled', page)
    response = client.post(
        "/activity/log/",
        {
            "officer": str(demo.officers["Okafor"].pk),
            "kind": "drill_advice",
            "students": "0",
            "on": "2026-11-27",
        },
    )
    assert response.status_code == 422
    assert "does not allow this as your own work" in _text(response)
    # Re-filed under another clause, the refusal stands (the service decides, not the form).
    response = client.post(
        "/activity/log/",
        {
            "officer": str(demo.officers["Okafor"].pk),
            "kind": "staff_consultation",
            "clause": "5",
            "students": "0",
            "on": "2026-11-27",
        },
    )
    assert response.status_code == 422
    assert "subd. 3" in _text(response)


def test_bad_input_names_the_field(clients: dict[str, Any], demo: Demo) -> None:
    response = clients["sro"].post(
        "/activity/log/",
        {"officer": str(demo.officers["Lindqvist"].pk), "kind": "patrol", "students": "-3"},
    )
    assert response.status_code == 422
    page = _text(response)
    assert 'id="id_students_error"' in page
    assert "Nothing was saved" in page
    response = clients["chief"].get("/activity/time-by-duty/?month=2026-13")
    assert response.status_code == 422
    assert "Write the month as YYYY-MM" in _text(response)


def test_an_sro_cannot_log_for_another_officer(demo: Demo, clients: dict[str, Any]) -> None:
    response = clients["sro"].post(
        "/activity/log/",
        {"officer": str(demo.officers["Raman"].pk), "kind": "patrol", "students": "0"},
    )
    assert response.status_code == 422
    assert not Activity.objects.filter(officer=demo.officers["Raman"], on=dt.date(2026, 11, 28))


def test_referral_lists_name_no_student(clients: dict[str, Any]) -> None:
    for persona in ("chief", "sro", "principal", "auditor"):
        page = _text(clients[persona].get("/activity/referrals/"))
        assert "Example" not in page, persona
        assert "Testcase" not in page, persona


def test_the_student_is_named_only_after_a_stated_purpose(
    demo: Demo, clients: dict[str, Any]
) -> None:
    referral = SupportReferral.objects.get(last_name="Example")
    url = f"/activity/referrals/{referral.pk}/"
    principal = clients["principal"]
    first = _text(principal.get(url))
    assert "Jamie Example" not in first
    assert "Vandalism" not in first
    assert "Following up this referral to support at the school" in first
    before = AccessLogEntry.objects.count()
    posted = principal.post(url, {"purpose": "Following up this referral to support at the school"})
    assert posted.status_code == 302
    shown = _text(principal.get(url))
    assert "Jamie Example" in shown
    assert "Vandalism" in shown
    entry = AccessLogEntry.objects.order_by("-id")[0]
    assert AccessLogEntry.objects.count() == before + 1
    assert (entry.username, entry.record_id) == ("principal", str(referral.pk))
    assert entry.purpose == "Following up this referral to support at the school"
    assert entry.school_id == demo.high_school.pk
    # A purpose nobody listed is refused.
    assert principal.post(url, {"purpose": "Curiosity"}).status_code == 422


def test_an_auditor_never_sees_the_student(clients: dict[str, Any]) -> None:
    referral = SupportReferral.objects.get(last_name="Example")
    url = f"/activity/referrals/{referral.pk}/"
    clients["auditor"].post(url, {"purpose": "Investigating an incident at school"})
    page = _text(clients["auditor"].get(url))
    assert "Jamie" not in page
    assert "without the student's name" in page


def test_the_school_acknowledges_and_the_sro_sees_it(clients: dict[str, Any]) -> None:
    referral = SupportReferral.objects.get(last_name="Example")
    url = f"/activity/referrals/{referral.pk}/"
    # Only the school acknowledges: not the SRO, not the chief.
    for persona in ("sro", "chief"):
        refused = clients[persona].post(f"{url}acknowledge/", {"note": ""})
        assert refused.status_code == 403, persona
    referral.refresh_from_db()
    assert referral.acknowledged_at is None
    principal = clients["principal"]
    principal.post(url, {"purpose": "Following up this referral to support at the school"})
    assert "Acknowledge the referral" in _text(principal.get(url))
    response = principal.post(f"{url}acknowledge/", {"note": "Counselor meets Jamie Monday."})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.acknowledged_at is not None
    sro_list = _text(clients["sro"].get("/activity/referrals/"))
    assert "Acknowledged 2026-11-28" in sro_list


def test_an_sro_records_a_referral_and_sees_the_name(demo: Demo, clients: dict[str, Any]) -> None:
    response = clients["sro"].post(
        "/activity/referrals/new/",
        {
            "who-first_name": "Sky",
            "who-last_name": "Madeupname",
            "who-grade": "9",
            "who-service": "mentoring",
            "who-provider": "Lakes Area mentoring (demo)",
            "who-reason": "Asked for an adult to talk to.",
            "who-instead_of_justice": "on",
            "when-officer": str(demo.officers["Lindqvist"].pk),
            "when-school": str(demo.high_school.pk),
            "when-on": "2026-11-27",
        },
    )
    assert response.status_code == 302, _text(response)
    referral = SupportReferral.objects.get(last_name="Madeupname")
    assert referral.instead_of_justice
    assert referral.activity.minutes == 20
    page = _text(clients["sro"].get(response["Location"]))
    assert "Sky Madeupname" in page
    assert AccessLogEntry.objects.filter(record_id=str(referral.pk), username="sro").exists()


def test_a_bad_referral_keeps_what_was_typed(demo: Demo, clients: dict[str, Any]) -> None:
    response = clients["sro"].post(
        "/activity/referrals/new/",
        {"who-first_name": "Sky", "when-officer": str(demo.officers["Lindqvist"].pk)},
    )
    assert response.status_code == 422
    page = _text(response)
    assert 'value="Sky"' in page
    assert 'id="id_who-last_name_error"' in page


def test_time_by_duty_shows_the_month_with_a_chart(demo: Demo, clients: dict[str, Any]) -> None:
    page = _text(clients["chief"].get("/activity/time-by-duty/?month=2026-11"))
    assert "<svg" in page
    assert 'role="img"' in page
    november = Activity.objects.filter(on__month=11, on__year=2026)
    minutes = november.aggregate(m=Sum("minutes"))["m"]
    assert f"<strong>{round(minutes / 60, 1)}</strong> hours" in page
    clause_two = november.filter(clause=2).aggregate(m=Sum("minutes"))["m"]
    duty_two = "(2) Protection from crime"
    assert f"{duty_two}: {round(clause_two / 60, 1)} h" in page
    for name in ("Dana Lindqvist", "Priya Raman", "Glacial Ridge Charter Academy (grades 6-12)"):
        assert name in page


def test_a_school_administrator_sees_their_school_only(clients: dict[str, Any]) -> None:
    page = _text(clients["principal"].get("/activity/time-by-duty/?month=2026-11"))
    at_school = Activity.objects.filter(
        on__month=11, school__name="Central Lakes High School"
    ).aggregate(m=Sum("minutes"))["m"]
    assert f"<strong>{round(at_school / 60, 1)}</strong> hours" in page
    assert "Runestone Middle School" not in page
    assert "Example" not in page
    assert "Testcase" not in page


def test_an_sro_sees_their_own_time(demo: Demo, clients: dict[str, Any]) -> None:
    page = _text(clients["sro"].get("/activity/time-by-duty/?month=2026-11"))
    mine = Activity.objects.filter(on__month=11, officer=demo.officers["Lindqvist"])
    hours = round(mine.aggregate(m=Sum("minutes"))["m"] / 60, 1)
    assert f"<strong>{hours}</strong> hours" in page
    assert "Priya Raman" not in page


def test_the_lesson_library(demo: Demo, clients: dict[str, Any]) -> None:
    page = _text(clients["sro"].get("/activity/lessons/"))
    assert "Online safety and sharing images" in page
    assert "Add a lesson outline" not in page
    response = clients["sergeant"].post(
        "/activity/lessons/new/",
        {
            "title": "Dating violence and healthy relationships",
            "grades": "9-12",
            "minutes": "50",
            "summary": "Recognising controlling behaviour, and where to get help.",
            "objectives": "Students can name warning signs.",
            "outline": "1. Scenarios\n2. Resources",
            "active": "on",
        },
    )
    assert response.status_code == 302
    lesson = LessonOutline.objects.get(title__startswith="Dating violence")
    detail = _text(clients["sro"].get(f"/activity/lessons/{lesson.pk}/"))
    assert "Log a class with this lesson" in detail
    log = _text(clients["sro"].get(f"/activity/log/?kind=class_taught&lesson={lesson.pk}"))
    assert 'value="Dating violence and healthy relationships"' in log
    duplicate = clients["chief"].post(
        "/activity/lessons/new/",
        {
            "title": lesson.title,
            "grades": "9",
            "minutes": "5",
            "summary": "x",
            "objectives": "x",
            "outline": "x",
        },
    )
    assert duplicate.status_code == 422
    assert "already has a lesson with this title" in _text(duplicate)


def test_the_home_pages_show_the_daily_work(demo: Demo, clients: dict[str, Any]) -> None:
    week = Activity.objects.filter(
        officer=demo.officers["Lindqvist"], on__range=(dt.date(2026, 11, 23), dt.date(2026, 11, 28))
    ).count()
    sro = _text(clients["sro"].get(reverse("home")))
    assert "Log activity" in sro
    assert f"This week: {week} activities" in sro
    principal = _text(clients["principal"].get(reverse("home")))
    waiting = SupportReferral.objects.filter(
        activity__school=demo.high_school, acknowledged_at=None
    ).count()
    assert f"{waiting} referral to support not yet acknowledged" in principal
    chief = _text(clients["chief"].get(reverse("home")))
    november = Activity.objects.filter(on__month=11, on__year=2026).count()
    assert f"This month so far: {november}," in chief
    assert "October 2026: 0 activities" in chief


def test_the_log_is_filtered_by_month_officer_and_school(
    demo: Demo, clients: dict[str, Any]
) -> None:
    raman = demo.officers["Raman"]
    page = _text(clients["chief"].get(f"/activity/?month=2026-11&officer={raman.pk}"))
    count = Activity.objects.filter(officer=raman, on__month=11).count()
    assert f"<strong>{count}</strong> activities" in page
    assert "Dana Lindqvist" not in page.split("<table")[1]
    mine = _text(clients["sro"].get("/activity/?month=2026-11"))
    assert "My activity, November 2026" in mine
    assert 'name="officer"' not in mine
    assert clients["chief"].get("/activity/?month=11-2026").status_code == 422


def test_the_figures_download_as_csv(clients: dict[str, Any]) -> None:
    import csv
    import io

    response = clients["principal"].get("/activity/time-by-duty/?month=2026-11&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["key"] for r in rows if r["group"] == "clause"] == [str(n) for n in range(1, 8)]
    total = next(r for r in rows if r["key"] == "all")
    at_school = Activity.objects.filter(
        on__month=11, school__name="Central Lakes High School"
    ).aggregate(m=Sum("minutes"))["m"]
    assert float(total["hours"]) == round(at_school / 60, 1)


def test_the_kinds_are_tiles_without_an_empty_one(clients: dict[str, Any]) -> None:
    page = _text(clients["sro"].get("/activity/log/"))
    tiles = re.findall(r'name="kind" value="([^"]*)"', page)
    assert len(tiles) == 10
    assert "" not in tiles
    assert "support_referral" not in tiles
