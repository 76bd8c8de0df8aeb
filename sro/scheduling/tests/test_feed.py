"""Each officer's private, revocable iCalendar feed of their schedule."""

from __future__ import annotations

import datetime as dt
from typing import Any

import icalendar
from django.test import Client

from sro.audittrail.models import AuditEvent
from sro.scheduling.models import CalendarFeed


def _issue(client: Client, officer: Any) -> str:
    page = client.post(f"/schedule/officers/{officer.pk}/feed/", {"action": "issue"})
    assert page.status_code == 200
    url: str = page.context["url"]
    return url.removeprefix("http://testserver")


def test_an_officer_subscribes_to_their_schedule(demo: Any, clients: Any) -> None:
    lindqvist = demo.officers["Lindqvist"]
    path = _issue(clients["sro"], lindqvist)
    response = Client().get(path)  # a calendar program: no sign-in
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0"
    assert calendar["X-WR-CALNAME"] == "SRO schedule: Dana Lindqvist"
    events = {(e.decoded("DTSTART"), str(e["SUMMARY"])): e for e in calendar.walk("VEVENT")}
    assert (dt.date(2026, 11, 30), "SRO: Central Lakes High School") in events
    assert (dt.date(2026, 12, 23), "Patrol shift: Days 07:00-15:00") in events
    assert (dt.date(2026, 12, 28), "Awaiting assignment from a sergeant (break)") in events
    pulled = [e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]) == "Pulled to patrol"]
    assert [e.decoded("DTSTART").strftime("%Y-%m-%d %H:%M %Z") for e in pulled] == [
        "2026-11-30 09:00 CST"
    ]
    assert "Highway 29" not in response.content.decode()  # reasons stay out of the feed
    uids = [str(e["UID"]) for e in calendar.walk("VEVENT")]
    assert len(uids) == len(set(uids))  # stable, unique: a refresh updates, never duplicates
    assert calendar.walk("VTIMEZONE")  # the timed events' zone is defined in the file


def test_only_a_digest_of_the_secret_is_kept(demo: Any, clients: Any) -> None:
    path = _issue(clients["sro"], demo.officers["Lindqvist"])
    secret = path.rsplit("/", 1)[1].removesuffix(".ics")
    feed = CalendarFeed.objects.get()
    assert secret not in feed.digest
    event = AuditEvent.objects.get(action="calendar_feed.create")
    assert secret not in str(event.new_values)


def test_a_new_address_turns_off_the_old_and_revoking_turns_off_both(
    demo: Any, clients: Any
) -> None:
    lindqvist = demo.officers["Lindqvist"]
    first = _issue(clients["sro"], lindqvist)
    second = _issue(clients["sro"], lindqvist)
    assert Client().get(first).status_code == 404
    assert Client().get(second).status_code == 200
    # A supervisor turns it off (a lost phone).
    clients["sergeant"].post(f"/schedule/officers/{lindqvist.pk}/feed/", {"action": "revoke"})
    assert Client().get(second).status_code == 404
    assert AuditEvent.objects.filter(action="calendar_feed.revoke").count() == 2


def test_no_one_else_makes_an_officers_feed(demo: Any, clients: Any) -> None:
    raman = demo.officers["Raman"]
    for persona, status in [("sro", 404), ("principal", 404), ("records", 403), ("auditor", 403)]:
        response = clients[persona].post(f"/schedule/officers/{raman.pk}/feed/")
        assert response.status_code == status, persona
    assert not CalendarFeed.objects.exists()


def test_a_disabled_or_locked_officers_feed_stops(demo: Any, clients: Any) -> None:
    from sro.accounts.services import disable_account, unlock_account
    from sro.core import clock

    lindqvist = demo.officers["Lindqvist"]
    path = _issue(clients["sro"], lindqvist)
    assert Client().get(path).status_code == 200
    user = demo.users["sro"]
    type(user).objects.filter(pk=user.pk).update(locked_at=clock.now())
    assert Client().get(path).status_code == 404
    user.refresh_from_db()
    unlock_account(user, actor=demo.users["chief"], reason="Called the help desk.")
    assert Client().get(path).status_code == 200
    disable_account(user, actor=demo.users["chief"], reason="Left the unit.")
    assert Client().get(path).status_code == 404


def test_an_inactive_officers_feed_stops(demo: Any, clients: Any) -> None:
    """An officer without an account (the feed made by a sergeant) who leaves the program."""
    okafor = demo.officers["Okafor"]
    path = _issue(clients["sergeant"], okafor)
    assert Client().get(path).status_code == 200
    type(okafor).objects.filter(pk=okafor.pk).update(active=False)
    assert Client().get(path).status_code == 404
