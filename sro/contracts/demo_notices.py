"""The demo's public notification: the default notice letter, and 2026-27 notices for every
served school but Lakeview Elementary, whose new SRO started in September without one (the flag
the chief and sergeants see), plus some 2025-26 notices as history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sro.contracts import services
from sro.contracts.models import Channel, NoticeTemplate, Notification
from sro.contracts.notices import DEFAULT_BODY, DEFAULT_SUBJECT
from sro.roster.models import Agency
from sro.schools.models import School

D = dt.date
# (school name, school year, given on, channel, given by, staff note)
NOTICES: list[tuple[str, str, dt.date, str, str, str]] = [
    (
        "Central Lakes High School",
        "2025-26",
        D(2025, 8, 25),
        Channel.LETTER,
        "Principal Gloria Nygaard",
        "",
    ),
    (
        "Lakeview Elementary School",
        "2025-26",
        D(2025, 8, 27),
        Channel.HANDBOOK,
        "Lakeview Elementary office",
        "",
    ),
    (
        "Central Lakes High School",
        "2026-27",
        D(2026, 8, 24),
        Channel.LETTER,
        "Principal Gloria Nygaard",
        "Sent with the back-to-school packet; 14 letters came back undeliverable.",
    ),
    (
        "Central Lakes High School",
        "2026-27",
        D(2026, 8, 26),
        Channel.WEBSITE,
        "District communications office",
        "",
    ),
    (
        "Prairie Wind Elementary School",
        "2026-27",
        D(2026, 8, 31),
        Channel.EMAIL,
        "Prairie Wind Elementary office",
        "",
    ),
    (
        "Runestone Middle School",
        "2026-27",
        D(2026, 9, 3),
        Channel.MEETING,
        "Principal and Officer Okafor at the open house",
        "About 120 families attended.",
    ),
    (
        "Northshore Middle School",
        "2026-27",
        D(2026, 8, 28),
        Channel.WEBSITE,
        "District communications office",
        "",
    ),
    (
        "Glacial Ridge Charter Academy (grades 6-12)",
        "2026-27",
        D(2026, 8, 20),
        Channel.HANDBOOK,
        "Glacial Ridge Charter Academy director",
        "",
    ),
]
LEFT_WITHOUT_NOTICE = "Lakeview Elementary School"


def load_notices(*, agency: Agency, schools: Sequence[School], actor: Any) -> None:
    """The agency's notice letter (the default text) and the notices given at its schools.

    `actor` must be a user: a notification records who entered it.
    """
    services.save_notice_template(
        NoticeTemplate(agency=agency, subject=DEFAULT_SUBJECT, body=DEFAULT_BODY), actor=actor
    )
    by_name = {school.name: school for school in schools}
    for name, school_year, given_on, channel, given_by, note in NOTICES:
        school = by_name.get(name)
        if school is None:
            continue
        services.save_notification(
            Notification(
                school=school,
                school_year=school_year,
                sent_on=given_on,
                channel=channel,
                sent_by=given_by,
                notes=note,
            ),
            actor=actor,
        )
