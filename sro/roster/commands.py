"""What management commands share about agencies: the `--agency` option's answer."""

from __future__ import annotations

import uuid

from django.core.management.base import CommandError

from sro.roster.models import Agency


def agencies_named(wanted: str | None) -> list[Agency]:
    """Every agency (by name) when `wanted` is empty; else the one agency with that id or name,
    or a CommandError saying what to give."""
    agencies = Agency.objects.order_by("name")
    if not wanted:
        return list(agencies)
    try:
        found = list(agencies.filter(pk=uuid.UUID(wanted)))
    except ValueError:
        found = list(agencies.filter(name=wanted))
    if not found:
        raise CommandError(f"No agency {wanted!r}: give its name or id.")
    return found
