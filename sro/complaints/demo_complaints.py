"""Demo complaints (fictional): one closed as not sustained, one under review, one just received
through the public form, all in the current school year."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sro.accounts.models import User
from sro.complaints import services
from sro.complaints.models import Complaint, Outcome
from sro.core import clock


def _at(today: dt.date, days_ago: int, hour: int) -> dt.datetime:
    return dt.datetime.combine(
        today - dt.timedelta(days=days_ago), dt.time(hour), tzinfo=clock.agency_zone()
    )


def load_complaints(
    *, agency: Any, schools: list[Any], officers: dict[str, Any], users: dict[str, User]
) -> list[Complaint]:
    chief = users["chief"]
    today = clock.today()
    by_name = {s.name: s for s in schools}
    high_school = by_name.get("Central Lakes High School")
    closed = services.submit_complaint(
        Complaint(
            agency=agency,
            school=high_school,
            officer_name_given="Officer Lindqvist",
            occurred_on=today - dt.timedelta(days=44),
            narrative=(
                "At the football game the officer told my son to leave the bleachers and spoke "
                "to him rudely in front of his friends. (Fictional demo complaint.)"
            ),
            complainant_name="Pat Example (fictional)",
            complainant_email="pat.example@example.org",
            reply_wanted=True,
        ),
        actor=None,
        received_at=_at(today, 42, 19),
    )
    services.start_review(closed, actor=chief)
    if "Lindqvist" in officers:
        services.assign_officer_and_school(
            closed, actor=chief, officer=officers["Lindqvist"], school=high_school
        )
    services.close_complaint(
        closed,
        actor=chief,
        outcome=Outcome.NOT_SUSTAINED,
        outcome_on=today - dt.timedelta(days=12),
        note="Spoke with the complainant, the officer and two staff present; the accounts "
        "differ and no recording exists. (Fictional.)",
    )
    reviewed = services.submit_complaint(
        Complaint(
            agency=agency,
            school=by_name.get("Runestone Middle School"),
            narrative=(
                "An officer searched my daughter's backpack in the hallway without telling her "
                "why. (Fictional demo complaint.)"
            ),
            complainant_phone="320-555-0142",
            reply_wanted=True,
        ),
        actor=None,
        received_at=_at(today, 9, 10),
    )
    services.start_review(reviewed, actor=chief)
    received = services.submit_complaint(
        Complaint(
            agency=agency,
            officer_name_given="I don't know his name",
            narrative=(
                "A squad car was parked across the crosswalk at pickup time and children had to "
                "walk into the street. (Fictional demo complaint, anonymous.)"
            ),
        ),
        actor=None,
        received_at=_at(today, 1, 15),
    )
    return [closed, reviewed, received]
