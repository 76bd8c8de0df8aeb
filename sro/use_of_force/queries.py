"""Read helpers other apps ask about force reports."""

from __future__ import annotations

from django.db.models import QuerySet

from sro.use_of_force.models import FINAL_STATUSES, ForceReport


def final_reports() -> QuerySet[ForceReport]:
    """Reports whose review is finished (approved by the chief). A draft, a report waiting for
    the sergeant or the chief, or returned for changes can still change, so figures meant to
    stand (the public releases, sro.public.releases) count only these."""
    return ForceReport.objects.filter(status__in=FINAL_STATUSES)
