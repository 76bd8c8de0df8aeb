"""How a list of officers for assignment marks an officer restricted from clauses (4) and (5)
of Minn. Stat. 626.8482, subd. 2(a) (advice on safety drills, identifying vulnerabilities):
the training verdict's `restricted_clauses`, asked of `compliance`, never worked out again here.

Every officer choice used to assign (an assignment or substitute cover, the officer conducting a
security audit, drill advice, event security) labels its options through `mark_restricted`, so
the README's promise holds in one place: the restricted officer is marked wherever officers are
listed for assignment."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django import forms
from django.db.models import QuerySet

from sro.roster.models import Officer
from sro.training.queries import compliance

RESTRICTED_MARK = "restricted: clauses (4) and (5)"


def restricted_ids(officers: QuerySet[Officer], *, as_of: dt.date) -> frozenset[uuid.UUID]:
    """The officers whose training verdict on `as_of` restricts them from clauses (4) and (5)."""
    return frozenset(row.officer.pk for row in compliance(officers, as_of=as_of) if row.restricted)


def officer_label(officer: Officer, *, restricted: bool) -> str:
    """ "Tom Becker (#1207) — restricted: clauses (4) and (5)", or the name alone."""
    name = f"{officer.full_name} (#{officer.badge_number})"
    return f"{name} \u2014 {RESTRICTED_MARK}" if restricted else name


def mark_restricted(field: forms.Field, *, as_of: dt.date) -> None:
    """Label each officer the choice offers with the mark when restricted on `as_of`. The
    verdicts are asked for once, when the options are first drawn (a form bound only to be
    validated, such as the API's, never asks)."""
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError("Only a choice of officers can mark restricted officers.")
    found: list[frozenset[uuid.UUID]] = []

    choice = field

    def label(officer: Any) -> str:
        if not found:
            offered = choice.queryset if choice.queryset is not None else Officer.objects.none()
            found.append(restricted_ids(offered, as_of=as_of))
        return officer_label(officer, restricted=officer.pk in found[0])

    choice.label_from_instance = label  # type: ignore[method-assign,assignment]
