"""Importing a district calendar through the page: preview and errors before anything is saved,
and re-importing updates without duplicates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from sro.audittrail.models import AuditEvent
from sro.scheduling.models import CalendarDay

CSV = (
    b"start,end,kind,label\n2027-07-01,2027-08-31,summer,Summer\n"
    b"2027-09-07,2027-09-10,instructional,School day\n"
)


def test_the_demo_district_has_a_real_shaped_calendar(demo: Any, clients: Any) -> None:
    lea = demo.high_school.education_agency
    page = clients["principal"].get(f"/districts/{lea.pk}/calendar/", {"school_year": "2026-27"})
    counts = dict(page.context["counts"])
    assert counts["Late start"] == 1
    assert counts["Break"] == 17  # Thanksgiving 2, winter 10, spring 5
    assert page.context["student_days"] == 178  # 198 weekdays less 20 without school
    labels = {d.label for d in page.context["exceptions"]}
    assert {"Snow day", "Winter break", "Summer"} <= labels
    assert page.context["upload"] is None  # a principal reads, does not import


def test_an_import_is_previewed_then_saved(demo: Any, clients: Any) -> None:
    lea = demo.high_school.education_agency
    url = f"/districts/{lea.pk}/calendar/import/"
    preview = clients["sergeant"].post(url, {"file": SimpleUploadedFile("next.csv", CSV)})
    assert preview.status_code == 200
    assert preview.context["summary"].created == 66
    assert not CalendarDay.objects.filter(day__year=2027, day__month=9).exists()
    confirm = preview.context["confirm"].initial
    saved = clients["sergeant"].post(url, {**confirm, "confirm": "1"})
    assert saved.status_code == 302
    assert (
        CalendarDay.objects.filter(education_agency=lea, day__year=2027, day__month=9).count() == 4
    )
    event = AuditEvent.objects.get(action="calendar.import", actor_username="sergeant")
    assert event.new_values["created"] == 66

    again = clients["sergeant"].post(url, {**confirm, "confirm": "1"})
    assert again.status_code == 302
    assert (
        CalendarDay.objects.filter(education_agency=lea, day__year=2027, day__month=9).count() == 4
    )
    assert (
        AuditEvent.objects.filter(action="calendar.import").latest("id").new_values["unchanged"]
        == 66
    )


def test_a_file_with_errors_saves_nothing_and_lists_them_by_line(demo: Any, clients: Any) -> None:
    lea = demo.high_school.education_agency
    before = CalendarDay.objects.count()
    bad = CSV + b"2027-09-31,,no_school,x\n"
    page = clients["chief"].post(
        f"/districts/{lea.pk}/calendar/import/", {"file": SimpleUploadedFile("bad.csv", bad)}
    )
    assert page.status_code == 422
    assert [(e.line, e.message) for e in page.context["parsed"].errors] == [
        (4, "start “2027-09-31” is not a date (write YYYY-MM-DD).")
    ]
    assert b"Nothing was saved" in page.content
    assert CalendarDay.objects.count() == before


def test_only_calendar_files_are_taken(demo: Any, clients: Any) -> None:
    lea = demo.high_school.education_agency
    page = clients["chief"].post(
        f"/districts/{lea.pk}/calendar/import/",
        {"file": SimpleUploadedFile("calendar.xlsx", b"PK\x03\x04")},
    )
    assert page.status_code == 422
    assert page.context["upload"].errors["file"] == ["Choose a .ics or .csv file."]


def test_records_staff_may_not_import(demo: Any, clients: Any) -> None:
    lea = demo.high_school.education_agency
    response = clients["records"].post(
        f"/districts/{lea.pk}/calendar/import/", {"file": SimpleUploadedFile("x.csv", CSV)}
    )
    assert response.status_code == 403


def test_a_calendar_over_centuries_is_refused_on_the_page_and_nothing_saved(
    demo: Any, clients: Any
) -> None:
    lea = demo.high_school.education_agency
    before = CalendarDay.objects.count()
    rows, day = ["start,end,kind,label"], dt.date(1, 1, 1)
    for _ in range(2000):
        rows.append(f"{day},{day + dt.timedelta(days=399)},break,")
        day += dt.timedelta(days=400)
    page = clients["chief"].post(
        f"/districts/{lea.pk}/calendar/import/",
        {"file": SimpleUploadedFile("centuries.csv", "\n".join(rows).encode())},
    )
    assert page.status_code == 422
    assert "more than 1098 days" in page.content.decode()
    assert "confirm" not in page.context
    assert CalendarDay.objects.count() == before


def test_a_calendar_with_an_over_long_name_is_still_confirmed(demo: Any, clients: Any) -> None:
    """The confirmation carries the name back in a field of at most 200 characters: a longer
    name made the confirmation fail, asking for the file again and again."""
    lea = demo.high_school.education_agency
    url = f"/districts/{lea.pk}/calendar/import/"
    name = "n" * 400 + ".csv"
    preview = clients["sergeant"].post(url, {"file": SimpleUploadedFile(name, CSV)})
    assert preview.status_code == 200
    confirm = preview.context["confirm"].initial
    saved = clients["sergeant"].post(url, {**confirm, "confirm": "1"})
    assert saved.status_code == 302
    assert AuditEvent.objects.filter(action="calendar.import", actor_username="sergeant").exists()
    assert CalendarDay.objects.filter(education_agency=lea, day__year=2027, day__month=9).exists()
