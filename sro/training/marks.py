"""How a list of officers for assignment marks an officer restricted from clauses (4) and (5)
of Minn. Stat. 626.8482, subd. 2(a) (advice on safety drills, identifying vulnerabilities), and
an officer who may not serve at all: the training verdict's `restricted_clauses` and `may_serve`,
asked of `compliance`, never worked out again here.

Every officer choice used to assign (an assignment or substitute cover, the officer conducting a
security audit, drill advice, event security) labels its options through `mark_restricted`, so
the README's promise holds in one place: the restricted officer is marked wherever officers are
listed for assignment."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import QuerySet

from sro.roster.models import Officer
from sro.training.queries import compliance

RESTRICTED_MARK = "restricted: clauses (4) and (5)"
MAY_NOT_SERVE_MARK = "may not serve"


@dataclass(frozen=True)
class Marks:
    """What the training verdicts on one day say of the officers listed: who may not serve at
    all, and who is restricted from clauses (4) and (5)."""

    may_not_serve: frozenset[uuid.UUID]
    restricted: frozenset[uuid.UUID]

    def label(self, officer: Officer) -> str:
        return officer_label(
            officer,
            restricted=officer.pk in self.restricted,
            may_not_serve=officer.pk in self.may_not_serve,
        )


def marks(officers: QuerySet[Officer], *, as_of: dt.date) -> Marks:
    """The verdicts of `officers` on `as_of`, asked of `compliance` once."""
    rows = compliance(officers, as_of=as_of)
    return Marks(
        may_not_serve=frozenset(row.officer.pk for row in rows if row.may_not_serve),
        restricted=frozenset(row.officer.pk for row in rows if row.restricted),
    )


def restricted_ids(officers: QuerySet[Officer], *, as_of: dt.date) -> frozenset[uuid.UUID]:
    """The officers whose training verdict on `as_of` restricts them from clauses (4) and (5)."""
    return marks(officers, as_of=as_of).restricted


def officer_label(officer: Officer, *, restricted: bool, may_not_serve: bool = False) -> str:
    """ "Tom Becker (#1207) — restricted: clauses (4) and (5)", "… — may not serve", both
    ("… — may not serve; restricted: clauses (4) and (5)"), or the name alone."""
    name = f"{officer.full_name} (#{officer.badge_number})"
    said = [MAY_NOT_SERVE_MARK] * may_not_serve + [RESTRICTED_MARK] * restricted
    return f"{name} \u2014 {'; '.join(said)}" if said else name


def mark_restricted(field: forms.Field, *, as_of: dt.date) -> None:
    """Label each officer the choice offers with the marks their verdict on `as_of` gives. The
    verdicts are asked for once, when the options are first drawn (a form bound only to be
    validated, such as the API's, never asks)."""
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError("Only a choice of officers can mark restricted officers.")
    found: list[Marks] = []

    choice = field

    def label(officer: Any) -> str:
        if not found:
            offered = choice.queryset if choice.queryset is not None else Officer.objects.none()
            found.append(marks(offered, as_of=as_of))
        return found[0].label(officer)

    choice.label_from_instance = label  # type: ignore[method-assign,assignment]
