"""Access helpers for school calendars (a district's calendar is in the district's scope)."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import Http404

from sro.core.access import enforce
from sro.schools.access import education_agency_scope
from sro.schools.models import EducationAgency


def get_calendar_for_user(user: Any, pk: uuid.UUID, *, write: bool = False) -> EducationAgency:
    lea = EducationAgency.objects.filter(pk=pk).first()
    if lea is None:
        raise Http404("No such district or charter school.")
    enforce(user, "calendar", education_agency_scope(lea), write=write)
    return lea
