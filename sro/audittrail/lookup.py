"""Finding access-log entries by the student or the officer they concern (the auditor's
questions: "who opened this student's records?", "whose records about this officer's cases were
opened?"). The log keeps record ids; this turns a student's name or an officer into the ids of
the records that name them. Domain models are imported inside the functions: the audit trail is
below every domain app."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Q


def _name_matches(text: str, first: str, last: str) -> Q:
    """Every word of ``text`` in the first or the last name (case does not matter)."""
    query = Q()
    for word in text.split():
        query &= Q(**{f"{first}__icontains": word}) | Q(**{f"{last}__icontains": word})
    return query


def records_about_student(agency_id: uuid.UUID, text: str) -> set[str]:
    """The ids of incident people and support referrals whose name matches ``text``, with the
    incidents those people are in (opening the narrative is opening the student's record)."""
    from sro.activity.models import SupportReferral
    from sro.incidents.models import IncidentPerson

    people = IncidentPerson.objects.filter(incident__agency_id=agency_id).filter(
        _name_matches(text, "first_name", "last_name")
    )
    referrals = SupportReferral.objects.filter(activity__officer__agency_id=agency_id).filter(
        _name_matches(text, "first_name", "last_name")
    )
    ids = {str(pk) for pk in people.values_list("pk", flat=True)}
    ids |= {str(pk) for pk in people.values_list("incident_id", flat=True)}
    ids |= {str(pk) for pk in referrals.values_list("pk", flat=True)}
    return ids


def records_of_officer(officer: Any) -> set[str]:
    """The ids of the officer's incidents, the people in them and the officer's referrals."""
    from sro.activity.models import SupportReferral
    from sro.incidents.models import Incident, IncidentPerson

    incidents = Incident.objects.filter(officer=officer)
    ids = {str(pk) for pk in incidents.values_list("pk", flat=True)}
    people = IncidentPerson.objects.filter(incident__in=incidents)
    ids |= {str(pk) for pk in people.values_list("pk", flat=True)}
    referrals = SupportReferral.objects.filter(activity__officer=officer)
    ids |= {str(pk) for pk in referrals.values_list("pk", flat=True)}
    return ids
