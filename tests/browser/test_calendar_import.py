"""Importing a district's iCalendar feed in the browser (issue 24): a sergeant uploads a feed
with an evening conference (timed), a delayed opening, professional development days, a snow-day
make-up on a Saturday, a break whose DTEND is exclusive and a title the program does not know.
The preview lists each date it changes, now and after; the conference changes nothing; the
unknown title gets a choice, which the next upload of the feed remembers. A broken line is named
by its number in plain words."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.a11y import assert_no_serious_violations
from tests.browser.test_schedule import CHARTER, calendar_of, click_and_land, open_calendar

pytestmark = pytest.mark.browser

D = dt.date

FEED = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Glacial Ridge//Calendar//EN\r
BEGIN:VEVENT\r
UID:conf@glacial\r
DTSTART:20270209T160000\r
DTEND:20270209T200000\r
SUMMARY:Parent-Teacher Conferences 4-8 pm\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:delay@glacial\r
DTSTART;VALUE=DATE:20270210\r
SUMMARY:Delayed Opening\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:pd@glacial\r
DTSTART;VALUE=DATE:20270211\r
DTEND;VALUE=DATE:20270213\r
SUMMARY:Professional Development Days - No Students\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:makeup@glacial\r
DTSTART;VALUE=DATE:20270220\r
SUMMARY:Snow Day Makeup\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:carnival@glacial\r
DTSTART;VALUE=DATE:20270301\r
DTEND;VALUE=DATE:20270304\r
SUMMARY:Winter Carnival Break\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:parade@glacial\r
DTSTART;VALUE=DATE:20270308\r
SUMMARY:Homecoming Parade\r
END:VEVENT\r
END:VCALENDAR\r
"""
# The same feed with a date that is not one on line 12.
BROKEN = FEED.replace(b"DTSTART;VALUE=DATE:20270210", b"DTSTART;VALUE=DATE:2027-13-40")


def upload_ics(page: Any, name: str, content: bytes, status: int) -> None:
    page.get_by_label("Calendar file").set_input_files(
        files=[{"name": name, "mimeType": "text/calendar", "buffer": content}]
    )
    click_and_land(page, page.get_by_role("button", name="Check the file"), status)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Calendar import: {CHARTER}")


def test_sergeant_imports_a_district_feed_seeing_each_change_and_choosing_an_unknown_title(
    live_server: Any, demo: Any, browser_page: Any, axe_source: str
) -> None:
    page, lea = open_calendar(live_server, demo, browser_page)
    before = calendar_of(lea)
    for day in (D(2027, 2, 9), D(2027, 2, 10), D(2027, 2, 11), D(2027, 3, 1), D(2027, 3, 8)):
        assert before[day] == ("instructional", "School day")
    assert D(2027, 2, 20) not in before  # a Saturday

    upload_ics(page, "glacial.ics", FEED, 200)

    changes = page.get_by_role("table", name="Each day the import adds or changes")
    rows = changes.locator("tbody tr")
    expect(rows.get_by_role("rowheader")).to_have_text(
        [
            "Wed 2027-02-10",
            "Thu 2027-02-11",
            "Fri 2027-02-12",
            "Sat 2027-02-20",
            "Mon 2027-03-01",
            "Tue 2027-03-02",
            "Wed 2027-03-03",
        ]
    )
    row = rows.filter(has=page.get_by_role("rowheader", name="Wed 2027-02-10"))
    expect(row.get_by_role("cell")).to_have_text(["School day", "Late start", "Delayed Opening"])
    row = rows.filter(has=page.get_by_role("rowheader", name="Sat 2027-02-20"))
    expect(row.get_by_role("cell")).to_have_text(
        ["Not in the calendar", "School day", "Snow Day Makeup"]
    )
    row = rows.filter(has=page.get_by_role("rowheader", name="Thu 2027-02-11"))
    expect(row.get_by_role("cell")).to_have_text(
        ["School day", "No school", "Professional Development Days - No Students"]
    )
    # The evening conference changes nothing, and says why.
    main = page.get_by_role("main")
    expect(main).to_contain_text("Tue 2027-02-09: Parent-Teacher Conferences 4-8 pm (a timed")
    # The unknown title: a choice, with its date and what the calendar says now.
    choice = page.get_by_label("What is “Homecoming Parade”?")
    expect(choice).to_be_visible()
    expect(main).to_contain_text("Mon 2027-03-08 (now: School day)")
    assert_no_serious_violations(page, axe_source, f"the calendar import preview ({page.url})")
    assert calendar_of(lea) == before  # nothing saved yet

    # A choice must be made (the browser asks for it; the server names it too, see
    # sro/scheduling/tests/test_calendar_import.py).
    expect(choice).to_have_attribute("required", "")

    page.get_by_label("What is “Homecoming Parade”?").select_option("no_school")
    click_and_land(page, page.get_by_role("button", name="Import these days"))
    expect(page).to_have_url(f"{live_server.url}/districts/{lea.pk}/calendar/")
    expect(page.get_by_role("status")).to_contain_text(
        "Calendar imported: 1 days added, 7 changed, 0 already as in the file. The kinds chosen "
        "for 1 title are remembered"
    )
    for date, cells in [
        ("Wed 2027-02-10", ["Late start", "Delayed Opening"]),
        ("Fri 2027-02-12", ["No school", "Professional Development Days - No Students"]),
        ("Wed 2027-03-03", ["Break", "Winter Carnival Break"]),
        ("Mon 2027-03-08", ["No school", "Homecoming Parade"]),
    ]:
        row = page.locator("tr", has=page.get_by_role("rowheader", name=date))
        expect(row.get_by_role("cell")).to_have_text(cells)
    for date in ("Tue 2027-02-09", "Thu 2027-03-04"):  # the conference; the day after DTEND
        expect(page.get_by_role("rowheader", name=date)).to_have_count(0)
    after = calendar_of(lea)
    assert after[D(2027, 2, 20)] == ("instructional", "Snow Day Makeup")
    assert after[D(2027, 3, 4)] == ("instructional", "School day")

    # The next upload of the feed classifies the title by the choice made.
    upload_ics(page, "glacial.ics", FEED, 200)
    expect(page.get_by_label("What is “Homecoming Parade”?")).to_have_count(0)
    expect(page.get_by_role("main")).to_contain_text("“Homecoming Parade”: No school")
    expect(page.get_by_role("main")).to_contain_text(
        "0 days will be added, 0 changed, and 8 are already as in the file."
    )


def test_a_broken_line_is_named_by_its_number_in_plain_words(
    live_server: Any, demo: Any, browser_page: Any, axe_source: str
) -> None:
    page, lea = open_calendar(live_server, demo, browser_page)
    before = calendar_of(lea)

    upload_ics(page, "glacial.ics", BROKEN, 422)

    expect(page.get_by_role("alert")).to_contain_text("Nothing was saved: 1 problem in glacial.ics")
    rows = page.get_by_role("table", name="Problems by line").locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.get_by_role("rowheader")).to_have_text("12")
    expect(rows.get_by_role("cell")).to_have_text(
        "DTSTART “2027-13-40” is not a date; write it as 20261015 (a whole day) or "
        "20261015T080000 (a time)."
    )
    expect(page.get_by_role("button", name="Import these days")).to_have_count(0)
    assert_no_serious_violations(page, axe_source, f"the calendar import errors ({page.url})")
    assert calendar_of(lea) == before
