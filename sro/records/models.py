"""Legal holds: a record under a hold (litigation, a data request being answered, an audit) is
never destroyed or anonymised by the retention run, whatever its schedule says."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from sro.audittrail.guard import Audited
from sro.core.models import Record


class LegalHold(Audited, Record):
    agency = models.ForeignKey("roster.Agency", on_delete=models.PROTECT, related_name="holds")
    record_type = models.CharField(
        max_length=80, help_text="The record's type, as the access log names it."
    )
    record_id = models.CharField(max_length=64, db_index=True)
    reason = models.TextField()
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Legal hold on {self.record_type} {self.record_id}"

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.agency_id
