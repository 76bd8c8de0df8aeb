"""Finding access-log entries by the student or the officer they concern ("who opened this
student's records?", "whose records about this officer's cases were opened?"). The log keeps
record ids; this turns a student's exact full name (asked only by the roles that may see
students' names) or an officer into the ids of the records that name them. Domain models are
imported inside the functions: the audit trail is below every domain app."""

from __future__ import annotations

import unicodedata
import uuid
from typing import Any

from django.db.models import F, Q, Value
from django.db.models.functions import Replace

from sro.core import text as texts

JOINERS = ("\u200c", "\u200d")  # allowed in names (several scripts need them), ignored here


def normalized_name(name: str) -> str:
    """A name as the search compares it: composed (NFC), without invisible characters or
    joiners, runs of spaces made one, no spaces at either end."""
    name = unicodedata.normalize("NFC", texts.strip(name))
    for joiner in JOINERS:
        name = name.replace(joiner, "")
    return " ".join(name.split())


def _without_joiners(field: str) -> Any:
    expression: Any = F(field)
    for joiner in JOINERS:
        expression = Replace(expression, Value(joiner), Value(""))
    return expression


def records_about_student(agency_id: uuid.UUID, first: str, last: str) -> set[str]:
    """The ids of incident people and support referrals named exactly ``first`` ``last`` (case
    and spacing ignored, never a part of a name: a partial match told a searcher each next
    letter), with the incidents those people are in (opening the narrative is opening the
    student's record)."""
    from sro.activity.models import SupportReferral
    from sro.incidents.models import IncidentPerson

    first, last = normalized_name(first), normalized_name(last)
    if not first or not last:
        return set()
    exact = Q(search_first__iexact=first, search_last__iexact=last)
    names = {
        "search_first": _without_joiners("first_name"),
        "search_last": _without_joiners("last_name"),
    }
    people = (
        IncidentPerson.objects.filter(incident__agency_id=agency_id).alias(**names).filter(exact)
    )
    referrals = (
        SupportReferral.objects.filter(activity__officer__agency_id=agency_id)
        .alias(**names)
        .filter(exact)
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
