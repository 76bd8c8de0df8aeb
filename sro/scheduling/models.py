"""School calendars: one kind of day per date for each district or charter school."""

from __future__ import annotations

import uuid

from django.db import models

from sro.audittrail.guard import Audited
from sro.core.models import Record
from sro.scheduling.calendar_files import KINDS


class CalendarDay(Audited, Record):
    """What a date is for a district's schools: a school day, late start, early release, no
    school, break or summer (policy 436.4.1)."""

    education_agency = models.ForeignKey(
        "schools.EducationAgency", on_delete=models.PROTECT, related_name="calendar_days"
    )
    day = models.DateField()
    kind = models.CharField(max_length=14, choices=list(KINDS.items()))
    label = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=20, blank=True, help_text="The file it came from.")

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(
                "education_agency",
                "day",
                name="one_calendar_entry_per_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.get_kind_display()}"

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.education_agency.agency_id
