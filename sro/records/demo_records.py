"""Demo data request (fictional): a parent asks for the record of their child's arrest; logged
by records staff, not yet reviewed."""

from __future__ import annotations

import datetime as dt

from sro.accounts.models import User
from sro.incidents.models import IncidentPerson
from sro.records import services
from sro.records.models import DataRequest


def load_records(*, users: dict[str, User]) -> None:
    person = (
        IncidentPerson.objects.select_related("incident")
        .filter(disposition="custodial_arrest")
        .first()
    )
    if person is None:
        return
    request = DataRequest(
        agency_id=person.incident.agency_id,
        received_on=dt.date(2026, 11, 20),
        requester_kind="parent",
        requester_name="A. Parent (fictional)",
        requester_contact="By mail",
        description="Everything the department has about my child's arrest.",
        about=person,
    )
    services.register_request(request, actor=users["records"], incidents=[person.incident])
