"""No purpose, no data: a person's identity in an incident is shown only after the reader states
why, from the purposes the school's contract lists (model policy IV.H.1) or the department's own
(setting SRO_STUDENT_DATA_PURPOSES). Each view writes one access-log entry per person shown."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db.models import Q

from sro.audittrail.models import AccessLogEntry
from sro.audittrail.services import log_access
from sro.contracts.models import Contract
from sro.core import clock
from sro.incidents.models import Incident, IncidentPerson

SESSION_KEY = "sro_purposes"


def purposes_for(incident: Incident, *, police: bool = True) -> list[str]:
    """The contract's listed purposes for the incident's school on its date, then the
    department's own purposes for its staff (a school administrator gets the contract's only)."""
    day = incident.occurred_at.astimezone(clock.agency_zone()).date()
    return purposes_at(incident.agency_id, incident.school_id, day, police=police)


def purposes_at(agency_id: Any, school_id: Any, day: dt.date, *, police: bool) -> list[str]:
    """The purposes the contracts covering the school on ``day`` list (model policy IV.H.1), then
    the department's own (setting SRO_STUDENT_DATA_PURPOSES) for its staff."""
    contracts = Contract.objects.filter(
        agency_id=agency_id, schools=school_id, start_date__lte=day
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
    listed: list[str] = []
    for contract in contracts:
        listed += [p for p in contract.purposes if p not in listed]
    if police:
        listed += [p for p in settings.SRO_STUDENT_DATA_PURPOSES if p not in listed]
    return listed


def remember_purpose(session: Any, record_id: str, purpose: str) -> None:
    stated = dict(session.get(SESSION_KEY, {}))
    stated[record_id] = {"purpose": purpose, "at": clock.now().isoformat()}
    session[SESSION_KEY] = stated


def stated_purpose(session: Any, record_id: str) -> str | None:
    """The purpose stated for this record in this session, while it is recent enough."""
    entry = session.get(SESSION_KEY, {}).get(record_id)
    if not entry:
        return None
    age = clock.now() - dt.datetime.fromisoformat(entry["at"])
    if age > dt.timedelta(minutes=settings.SRO_PURPOSE_MINUTES):
        return None
    return str(entry["purpose"])


def purpose_on(user: Any, session: Any, incident: Incident) -> str | None:
    """The purpose stated for this incident in this session, if the user's role and scope
    show identities at all (a force report shares its incident's purpose)."""
    from sro.incidents.access import may_see_identity

    if not may_see_identity(user, incident):
        return None
    return stated_purpose(session, str(incident.pk))


def log_people_view(
    user: Any,
    incident: Incident,
    people: Iterable[IncidentPerson],
    purpose: str,
    *,
    kind: str = AccessLogEntry.Kind.VIEW,
    with_narrative: bool = True,
) -> int:
    """One access-log entry for the narrative and one per person shown."""
    count = 0
    if with_narrative:
        log_access(user=user, record=incident, purpose=purpose, kind=kind)
        count += 1
    for person in people:
        log_access(user=user, record=person, purpose=purpose, kind=kind)
        count += 1
    return count


# A school administrator opening a referral made to their school states this purpose (or one the
# contract lists): the referral was made so the school can act on it under its own rules.
REFERRAL_PURPOSE = "Acting on this referral under the school's rules"


def referral_purposes(incident: Incident) -> list[str]:
    return [REFERRAL_PURPOSE] + [
        p for p in purposes_for(incident, police=False) if p != REFERRAL_PURPOSE
    ]
