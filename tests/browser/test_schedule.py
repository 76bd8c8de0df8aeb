"""Duty schedules in the browser (policy 436.4.1): a sergeant imports a school calendar after
its preview, assigns the duty of a day school is not in session, pulls an SRO to patrol and
sees the school's gap; the SRO sees their month; a principal sees that coverage changed but not
the department's private reason; a duty on a school day is refused on its field."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.a11y import assert_no_serious_violations
from tests.browser.pages import field

pytestmark = pytest.mark.browser

CHARTER = "Glacial Ridge Charter Academy"
HIGH_SCHOOL = "Central Lakes High School"
LAKEVIEW = "Lakeview Elementary School"
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"

# Two days the demo calendar has as ordinary school days become a snow day and a late start;
# the third line repeats a day exactly as the demo calendar already has it.
CALENDAR_CSV = b"""start,end,kind,label
2027-02-03,,no_school,Snow day (buses cancelled)
2027-02-04,,late_start,Late start: two hours after the storm
2027-01-12,,no_school,Snow day
"""
# The same, with an impossible date on its third line.
BAD_CALENDAR_CSV = b"""start,end,kind,label
2027-02-03,,no_school,Snow day (buses cancelled)
2027-02-30,,late_start,Late start: two hours after the storm
"""


def goto(page: Any, url: str, status: int = 200) -> None:
    response = page.goto(url)
    assert response is not None
    assert response.status == status, f"{url}: HTTP {response.status}"


def click_and_land(page: Any, target: Any, status: int = 200) -> None:
    """Click something that submits or follows a link, and check the page the browser ends on
    (after any redirect)."""
    with page.expect_navigation() as navigation:
        target.click()
    assert navigation.value is not None
    assert navigation.value.status == status, f"{page.url}: HTTP {navigation.value.status}"


def day_row(page: Any, label: str) -> Any:
    """The row of a day in a month view, by its date as shown ("Wed Dec 23")."""
    row = page.locator("tr", has=page.get_by_role("rowheader", name=label, exact=True))
    expect(row).to_have_count(1)
    return row


def school_row(page: Any, school: str) -> Any:
    """The row of a school in the day's coverage."""
    row = page.locator("tr", has=page.get_by_role("rowheader", name=re.compile(f"^{school}")))
    expect(row).to_have_count(1)
    return row


def status_message(page: Any) -> Any:
    return page.get_by_role("status")


def month_url(live_server: Any, officer: Any, month: str) -> str:
    return f"{live_server.url}/schedule/officers/{officer.pk}/?month={month}"


def audit_events(action: str) -> Any:
    from sro.audittrail.models import AuditEvent

    return AuditEvent.objects.filter(action=action, actor_username="sergeant")


# --- 1. Importing a school calendar ----------------------------------------------------------


def open_calendar(live_server: Any, demo: Any, browser_page: Any) -> tuple[Any, Any]:
    lea = demo.schools[f"{CHARTER} (grades 6-12)"].education_agency
    page = browser_page("sergeant")
    goto(page, f"{live_server.url}/districts/{lea.pk}/calendar/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"School calendar: {CHARTER}")
    return page, lea


def upload(page: Any, name: str, content: bytes, status: int) -> None:
    # The visible label names the input for assistive technology too (USWDS's script would
    # name it after its drop zone).
    page.get_by_label("Calendar file").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": content}]
    )
    click_and_land(page, page.get_by_role("button", name="Check the file"), status)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Calendar import: {CHARTER}")


def calendar_of(lea: Any) -> dict[dt.date, tuple[str, str]]:
    from sro.scheduling.models import CalendarDay

    return {
        d.day: (d.kind, d.label) for d in CalendarDay.objects.filter(education_agency=lea).all()
    }


def test_sergeant_imports_a_calendar_after_its_preview(
    live_server: Any, demo: Any, browser_page: Any, axe_source: str
) -> None:
    page, lea = open_calendar(live_server, demo, browser_page)
    before = calendar_of(lea)
    assert before[dt.date(2027, 2, 3)] == ("instructional", "School day")
    district = demo.high_school.education_agency
    district_before = calendar_of(district)

    upload(page, "storm.csv", CALENDAR_CSV, 200)

    # The preview: what the file holds and what it would change; nothing is saved yet.
    expect(page.get_by_role("heading", level=2)).to_have_text("Preview of storm.csv")
    main = page.get_by_role("main")
    expect(main).to_contain_text("3 entries covering 2027-01-12 to 2027-02-04.")
    expect(main.get_by_role("listitem").filter(has_text="No school")).to_have_text(
        "No school: 2 days"
    )
    expect(main.get_by_role("listitem").filter(has_text="Late start")).to_have_text(
        "Late start: 1 day"
    )
    expect(main).to_contain_text(
        "0 days will be added, 2 changed, and 1 are already as in the file."
    )
    expect(page.get_by_role("alert")).to_have_count(0)
    assert calendar_of(lea) == before
    assert_no_serious_violations(page, axe_source, f"the calendar import preview ({page.url})")

    click_and_land(page, page.get_by_role("button", name="Import these days"))

    # Post/redirect/get: back on the calendar, which lists the new snow day and late start.
    expect(page).to_have_url(f"{live_server.url}/districts/{lea.pk}/calendar/")
    expect(status_message(page)).to_have_text(
        "Calendar imported: 0 days added, 2 changed, 1 already as in the file."
    )
    snow = page.locator("tr", has=page.get_by_role("rowheader", name="Wed 2027-02-03"))
    expect(snow.get_by_role("cell")).to_have_text(["No school", "Snow day (buses cancelled)"])
    late = page.locator("tr", has=page.get_by_role("rowheader", name="Thu 2027-02-04"))
    expect(late.get_by_role("cell")).to_have_text(
        ["Late start", "Late start: two hours after the storm"]
    )

    after = calendar_of(lea)
    assert after[dt.date(2027, 2, 3)] == ("no_school", "Snow day (buses cancelled)")
    assert after[dt.date(2027, 2, 4)] == ("late_start", "Late start: two hours after the storm")
    assert {d: v for d, v in after.items() if d.month != 2 or d.day not in (3, 4)} == {
        d: v for d, v in before.items() if d.month != 2 or d.day not in (3, 4)
    }
    # Only the charter school's calendar changed, not the district's.
    assert calendar_of(district) == district_before
    imports = list(audit_events("calendar.import"))
    assert [e.target_id for e in imports] == [str(lea.pk)]
    assert imports[0].new_values["updated"] == 2


def test_a_bad_line_is_shown_by_its_number_and_nothing_is_saved(
    live_server: Any, demo: Any, browser_page: Any, axe_source: str
) -> None:
    page, lea = open_calendar(live_server, demo, browser_page)
    before = calendar_of(lea)

    upload(page, "storm.csv", BAD_CALENDAR_CSV, 422)

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Nothing was saved: 1 problem in storm.csv")
    problems = page.get_by_role("table", name="Problems by line")
    rows = problems.locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.get_by_role("rowheader")).to_have_text("3")
    expect(rows.get_by_role("cell")).to_have_text(
        "start “2027-02-30” is not a date (write YYYY-MM-DD)."
    )
    # No way to import from here: only back to the calendar.
    expect(page.get_by_role("button", name="Import these days")).to_have_count(0)
    assert_no_serious_violations(page, axe_source, f"the calendar import errors ({page.url})")

    # Not even the correct line 2 was saved.
    assert calendar_of(lea) == before
    assert not audit_events("calendar.import").exists()
    click_and_land(page, page.get_by_role("link", name="Back to the calendar"))
    snow = page.locator("tr", has=page.get_by_role("rowheader", name="Wed 2027-02-03"))
    expect(snow).to_have_count(0)


# --- 2. The SRO's own month ------------------------------------------------------------------


def test_sro_sees_school_days_duties_and_days_awaiting_assignment(
    live_server: Any, demo: Any, browser_page: Any
) -> None:
    page = browser_page("sro")
    goto(page, f"{live_server.url}/schedule/me/?month=2026-12")

    # "My schedule" is the officer's own month, which keeps the month asked for.
    expect(page).to_have_url(month_url(live_server, demo.officers["Lindqvist"], "2026-12"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Schedule: Dana Lindqvist")

    school_day = day_row(page, "Wed Dec 9")
    expect(school_day).to_contain_text(HIGH_SCHOOL)
    expect(school_day).to_contain_text("School day")
    patrol = day_row(page, "Wed Dec 23")
    expect(patrol).to_contain_text("Patrol shift: Days 07:00-15:00")
    expect(patrol).not_to_contain_text("Awaiting assignment")
    expect(day_row(page, "Thu Dec 24")).to_contain_text("Patrol shift")
    for label in ["Fri Dec 25", "Mon Dec 28", "Tue Dec 29", "Thu Dec 31"]:
        row = day_row(page, label)
        expect(row).to_contain_text("Awaiting assignment")
        expect(row).to_contain_text("Break")
    # Weekends without anything assigned are left out.
    expect(page.get_by_role("rowheader", name="Sat Dec 26")).to_have_count(0)

    # The officer sees the schedule; the sergeant plans it.
    for name in ["Assign a duty", "Pull to patrol", "Record an absence"]:
        expect(page.get_by_role("link", name=name)).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile(r"^Assign\b"))).to_have_count(0)


# --- 3. Assigning a day school is not in session ---------------------------------------------


def test_sergeant_assigns_the_winter_break_and_the_sro_sees_it(
    live_server: Any, demo: Any, browser_page: Any
) -> None:
    from sro.scheduling.models import Duty

    lindqvist = demo.officers["Lindqvist"]
    before = Duty.objects.filter(officer=lindqvist).count()
    page = browser_page("sergeant")
    goto(page, f"{live_server.url}/schedule/to-assign/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Days to assign")
    run = page.locator(
        "tr", has=page.get_by_role("rowheader", name="Dana Lindqvist", exact=True)
    ).filter(has_text="Break")
    expect(run).to_contain_text("Fri Dec 25 – Fri Jan 1 (6 weekdays)")

    click_and_land(page, run.get_by_role("link", name="Assign Dana Lindqvist, Dec 25"))

    expect(page).to_have_url(re.compile(rf"/schedule/officers/{lindqvist.pk}/duties/new/\?"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Assign a duty: Dana Lindqvist")
    # The run's days are filled in; the sergeant keeps the last week of the year.
    expect(field(page, "First day")).to_have_value("2026-12-25")
    expect(field(page, "Last day")).to_have_value("2027-01-01")
    field(page, "Duty").select_option(label="Patrol shift")
    field(page, "First day").fill("2026-12-28")
    field(page, "Last day").fill("2026-12-31")
    field(page, "Details").fill("Nights 19:00-07:00, north district")
    click_and_land(page, page.get_by_role("button", name="Save"))

    # Post/redirect/get: the officer's month with the new duty.
    expect(page).to_have_url(month_url(live_server, lindqvist, "2026-12"))
    expect(status_message(page)).to_have_text(
        "Saved for Dana Lindqvist: Patrol shift 2026-12-28 to 2026-12-31."
    )
    for label in ["Mon Dec 28", "Tue Dec 29", "Wed Dec 30", "Thu Dec 31"]:
        row = day_row(page, label)
        expect(row).to_contain_text("Patrol shift: Nights 19:00-07:00, north district")
        expect(row).not_to_contain_text("Awaiting assignment")
        expect(row.get_by_role("link", name=re.compile(r"^Assign\b"))).to_have_count(0)
    # Christmas Day was left for another assignment.
    christmas = day_row(page, "Fri Dec 25")
    expect(christmas).to_contain_text("Awaiting assignment")
    expect(christmas.get_by_role("link", name="Assign Dec 25")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(
        "Patrol shift 2026-12-28 to 2026-12-31: Nights 19:00-07:00, north district"
    )

    saved = Duty.objects.get(officer=lindqvist, first_day=dt.date(2026, 12, 28))
    assert Duty.objects.filter(officer=lindqvist).count() == before + 1
    assert saved.kind == Duty.Kind.PATROL_SHIFT
    assert saved.last_day == dt.date(2026, 12, 31)
    assert saved.details == "Nights 19:00-07:00, north district"
    assert saved.assigned_by == demo.users["sergeant"]
    events = [e for e in audit_events("duty.create") if e.target_id == str(saved.pk)]
    assert len(events) == 1, list(audit_events("duty.create"))

    # The list of days to assign now starts Lindqvist's break with Christmas only.
    goto(page, f"{live_server.url}/schedule/to-assign/")
    runs = page.locator(
        "tr", has=page.get_by_role("rowheader", name="Dana Lindqvist", exact=True)
    ).filter(has_text="Break")
    expect(runs).to_have_count(2)
    expect(runs.nth(0)).to_contain_text("Fri Dec 25 (1 weekday)")
    expect(runs.nth(1)).to_contain_text("Fri Jan 1 (1 weekday)")

    # Dana Lindqvist, signed in as herself, sees the same duty.
    mine = browser_page("sro")
    goto(mine, f"{live_server.url}/schedule/me/?month=2026-12")
    expect(mine.get_by_role("heading", level=1)).to_have_text("Schedule: Dana Lindqvist")
    for label in ["Mon Dec 28", "Thu Dec 31"]:
        expect(day_row(mine, label)).to_contain_text(
            "Patrol shift: Nights 19:00-07:00, north district"
        )
    expect(day_row(mine, "Fri Dec 25")).to_contain_text("Awaiting assignment")


# --- 4. Pulling an SRO to patrol, and the school's gap ---------------------------------------


PULL_REASON = "Water main break on Broadway: traffic control (browser test)"


def test_sergeant_pulls_an_sro_to_patrol_and_sees_the_gap(
    live_server: Any, demo: Any, browser_page: Any
) -> None:
    from sro.scheduling.models import PatrolPull

    # Dana Lindqvist is the only SRO at Central Lakes who may serve on Wednesday December 9,
    # an ordinary school day: Tom Becker, the substitute there, is past 60 contact days.
    lindqvist = demo.officers["Lindqvist"]
    page = browser_page("sergeant")
    goto(page, month_url(live_server, lindqvist, "2026-12"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Schedule: Dana Lindqvist")
    wednesday = day_row(page, "Wed Dec 9")
    expect(wednesday).to_contain_text(HIGH_SCHOOL)
    expect(wednesday).not_to_contain_text("Pulled to patrol")

    click_and_land(page, page.get_by_role("link", name="Pull to patrol"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Pull to patrol: Dana Lindqvist")
    field(page, "Day").fill("2026-12-09")
    field(page, "Start time").fill("10:00")
    field(page, "End time").fill("12:00")
    field(page, "Reason").fill(PULL_REASON)
    public = field(page, "School administrators may see the reason")
    expect(public).not_to_be_checked()
    click_and_land(page, page.get_by_role("button", name="Save"))

    expect(page).to_have_url(month_url(live_server, lindqvist, "2026-12"))
    expect(status_message(page)).to_have_text(
        "Saved for Dana Lindqvist: Patrol pull 2026-12-09 (10:00–12:00)."
    )
    wednesday = day_row(page, "Wed Dec 9")
    expect(wednesday).to_contain_text(HIGH_SCHOOL)
    expect(wednesday).to_contain_text(f"Pulled to patrol 10:00–12:00: {PULL_REASON}")

    pull = PatrolPull.objects.get(officer=lindqvist, day=dt.date(2026, 12, 9))
    assert (pull.start_time, pull.end_time) == (dt.time(10), dt.time(12))
    assert pull.reason == PULL_REASON
    assert pull.reason_public is False
    assert [e.target_id for e in audit_events("patrol_pull.create")].count(str(pull.pk)) == 1

    # The day's coverage: Central Lakes has a two-hour gap, and the sergeant sees why.
    goto(page, f"{live_server.url}/schedule/?day=2026-12-09")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "School coverage: Wednesday, December 9, 2026"
    )
    central = school_row(page, HIGH_SCHOOL)
    expect(central.locator(".sro-status")).to_have_text("Gap 10:00–12:00")
    expect(central).to_contain_text("No SRO on duty 10:00–12:00 (patrol pull).")
    expect(central).to_contain_text(f"Pulled to patrol 10:00–12:00: {PULL_REASON}")
    # The other schools are not affected.
    expect(school_row(page, "Runestone Middle School").locator(".sro-status")).to_have_text(
        "SRO on duty"
    )


def test_principal_sees_that_coverage_changed_but_not_the_private_reason(
    live_server: Any, demo: Any, browser_page: Any
) -> None:
    """The demo pulls Dana Lindqvist to patrol on Monday November 30, 09:00-11:30, for a crash
    on Highway 29; the reason is not marked for the school. Tom Becker (substitute) stays."""
    sergeant = browser_page("sergeant")
    goto(sergeant, f"{live_server.url}/schedule/?day=2026-11-30")
    expect(school_row(sergeant, HIGH_SCHOOL)).to_contain_text(
        "Pulled to patrol 09:00–11:30: Patrol short-handed: crash on Highway 29 (demo)"
    )

    page = browser_page("principal")
    goto(page, f"{live_server.url}/schedule/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "School coverage: Saturday, November 28, 2026"
    )
    # To Monday, through the day navigation: Sunday, then Monday.
    click_and_land(page, page.get_by_role("link", name=re.compile("Sun Nov 29")))
    click_and_land(page, page.get_by_role("link", name=re.compile("Mon Nov 30")))
    expect(page).to_have_url(f"{live_server.url}/schedule/?day=2026-11-30")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "School coverage: Monday, November 30, 2026"
    )

    # Only the principal's own school.
    expect(page.locator("tbody tr")).to_have_count(1)
    row = school_row(page, HIGH_SCHOOL)
    expect(row).to_contain_text("School day")
    expect(row).to_contain_text("Coverage changed on this day.")
    expect(row).to_contain_text("Dana Lindqvist")
    expect(row).to_contain_text("Tom Becker (substitute)")
    expect(row).to_contain_text("Pulled to patrol 09:00–11:30")
    # The department's reason stays in the department.
    main = page.get_by_role("main")
    expect(main).not_to_contain_text("Highway 29")
    expect(main).not_to_contain_text("short-handed")
    assert "Highway 29" not in page.content()
    # A principal does not plan the schedule.
    expect(page.get_by_role("link", name="Days to assign")).to_have_count(0)
    expect(page.get_by_role("link", name="Dana Lindqvist")).to_have_count(0)


# --- 5. A duty on a school day is refused ----------------------------------------------------


def test_a_duty_on_a_school_day_is_shown_on_the_field_and_nothing_is_saved(
    live_server: Any, demo: Any, browser_page: Any
) -> None:
    from sro.scheduling.models import Duty

    raman = demo.officers["Raman"]
    before = list(Duty.objects.filter(officer=raman).values_list("pk", flat=True))
    events = audit_events("duty.create").count()
    page = browser_page("sergeant")
    goto(page, month_url(live_server, raman, "2026-12"))
    expect(day_row(page, "Wed Dec 16")).to_contain_text("Northshore Middle School")

    click_and_land(page, page.get_by_role("link", name="Assign a duty"))
    form_url = f"{live_server.url}/schedule/officers/{raman.pk}/duties/new/"
    expect(page).to_have_url(form_url)
    field(page, "Duty").select_option(label="Training")
    field(page, "First day").fill("2026-12-16")
    field(page, "Last day").fill("2026-12-16")
    field(page, "Details").fill("Range day")
    click_and_land(page, page.get_by_role("button", name="Save"), 422)

    assert page.url == form_url
    expect(page.get_by_role("heading", level=1)).to_have_text("Assign a duty: Priya Raman")
    last_day = field(page, "Last day")
    group = page.locator(".usa-form-group", has=page.locator("#id_last_day"))
    error = group.locator(".usa-error-message")
    expect(error).to_have_count(1)
    expect(error).to_be_visible()
    expect(error).to_contain_text(
        "School is in session on days of this duty: Priya Raman is already expected at "
        "Northshore Middle School on 2026-12-16 (1 school day)."
    )
    expect(error).to_contain_text(
        "Assign duties on non-school days only; on a school day, pull the officer to patrol or "
        "record an absence."
    )
    expect(last_day).to_have_attribute("aria-invalid", "true")
    error_id = error.get_attribute("id")
    assert error_id
    expect(last_day).to_have_attribute("aria-describedby", re.compile(rf"\b{error_id}\b"))
    expect(page.locator(".usa-error-message")).to_have_count(1)
    # What was typed is kept.
    expect(field(page, "Duty")).to_have_value("training")
    expect(field(page, "First day")).to_have_value("2026-12-16")
    expect(field(page, "Details")).to_have_value("Range day")

    assert list(Duty.objects.filter(officer=raman).values_list("pk", flat=True)) == before
    assert audit_events("duty.create").count() == events
