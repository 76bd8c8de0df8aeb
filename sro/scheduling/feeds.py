"""An officer's schedule as an iCalendar feed (RFC 5545), built with the icalendar library.

One all-day event per working day (stable UIDs, so a calendar program updates rather than
duplicates), and a timed event for each part-day patrol pull. Weekends off and days without an
assignment are left out.

Text from records goes in as TEXT values (``icalendar.vText``), which the library escapes
(line breaks, commas, semicolons, backslashes); the control characters TEXT may not hold (RFC
5545, 3.3.11) are taken out first, so a record saved before forms refused them still renders.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings

from sro.core import text as text_rules
from sro.roster.models import Officer
from sro.scheduling.coverage import MonthDay

SUMMARIES = {
    "school": "SRO: {schools}",
    "no_calendar": "SRO: {schools} (no calendar entry)",
    "awaiting_assignment": "Awaiting assignment from a sergeant ({kind})",
    "summer": "Summer: duties from the scheduling supervisor",
    "duty": "{duty}",
    "patrol": "Pulled to patrol (whole day)",
    "absent": "{absence}",
    "may_not_serve": "May not serve as SRO: {barred} (training rule)",
}
# The feed carries no reasons (anyone with the address reads it): the training page has them.
MAY_NOT_SERVE = (
    "Scheduled at school, but the training rule does not allow serving as an SRO on this day "
    "(Minn. Stat. 626.8482, subd. 3). The reason is on your training page."
)
PRODID = "-//SRO Program Manager//Duty schedule//EN"


def _text(value: str, *, multiline: bool = False) -> icalendar.vText:
    """A TEXT value: escaped by the library, without control characters."""
    return icalendar.vText(text_rules.strip(value, multiline=multiline))


def officer_calendar(officer: Officer, days: Iterable[MonthDay], *, stamp: dt.datetime) -> bytes:
    zone = ZoneInfo(settings.SRO_AGENCY_TIME_ZONE)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    # An extension property has no known type: without vText it would not be escaped.
    cal.add("x-wr-calname", _text(f"SRO schedule: {officer.full_name}"))
    cal.add("x-wr-timezone", settings.SRO_AGENCY_TIME_ZONE)
    cal.add("refresh-interval", dt.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    for entry in days:
        plan = entry.plan
        template = SUMMARIES.get(plan.status)
        if template is None:
            continue
        event = icalendar.Event()
        event.add("uid", f"{officer.pk}-{plan.day.isoformat()}@sro-program-manager")
        event.add("dtstamp", stamp)
        event.add("dtstart", plan.day)
        event.add("dtend", plan.day + dt.timedelta(days=1))
        event.add("transp", "TRANSPARENT")
        summary = template.format(
            schools=", ".join(entry.school_names),
            kind=entry.kind_label.lower() or "no school",
            duty=plan.duty.label if plan.duty else "",
            absence=plan.absence.label if plan.absence else "",
            barred=", ".join(entry.barred_names),
        )
        event.add("summary", _text(summary))
        description = MAY_NOT_SERVE if plan.status == "may_not_serve" else plan.explanation
        event.add("description", _text(description, multiline=True))
        cal.add_component(event)
        for pull in entry.pulls:
            if pull.start_time is None or pull.end_time is None:
                continue
            timed = icalendar.Event()
            timed.add("uid", f"pull-{pull.pk}@sro-program-manager")
            timed.add("dtstamp", stamp)
            timed.add("dtstart", dt.datetime.combine(pull.day, pull.start_time, tzinfo=zone))
            timed.add("dtend", dt.datetime.combine(pull.day, pull.end_time, tzinfo=zone))
            timed.add("summary", "Pulled to patrol")
            cal.add_component(timed)
    cal.add_missing_timezones()
    return cal.to_ical()
