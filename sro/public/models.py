"""A school year's public figures, published once and kept as they were published."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models

from sro.audittrail.guard import Audited
from sro.core.models import Record


class ReleaseChanged(Exception):
    """A published release was about to be changed: a release is written once."""


class PublicRelease(Audited, Record):
    """The published, already-suppressed figures of one agency's school year: the transparency
    page's tables, schools and complaints, the use-of-force table of /public/ and the CSV file
    (sro.public.transparency.release_content). The pages serve this row and never count again,
    so later edits to old records do not change a published year and two publications cannot
    be subtracted from each other (issue 23). One per agency and year: the unique constraint
    lets two servers race to publish it and keeps the first."""

    agency = models.ForeignKey("roster.Agency", on_delete=models.PROTECT, related_name="+")
    school_year = models.CharField(max_length=7)
    published_at = models.DateTimeField()
    content = models.JSONField()
    content_hash = models.CharField(
        max_length=64, help_text="SHA-256 of the content as canonical JSON (sorted keys)."
    )

    class Meta:
        ordering = ["agency", "-school_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "school_year"], name="public_release_once_a_year"
            )
        ]

    def __str__(self) -> str:
        return f"Public figures {self.school_year}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ReleaseChanged(f"The {self.school_year} release is published; it never changes.")
        super().save(*args, **kwargs)

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.agency_id
