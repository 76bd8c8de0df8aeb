"""SRO contracts (policy 436.3.1; Minn. Stat. 626.8482 subd. 2). Required contents come later."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from sro.audittrail.guard import Audited
from sro.core.models import Record


class Contract(Audited, Record):
    """The agreement under which the agency's officers serve a district's schools."""

    agency = models.ForeignKey("roster.Agency", on_delete=models.PROTECT, related_name="contracts")
    education_agency = models.ForeignKey(
        "schools.EducationAgency",
        on_delete=models.PROTECT,
        related_name="contracts",
        verbose_name="district or charter school",
    )
    title = models.CharField(max_length=200)
    start_date = models.DateField("term starts")
    end_date = models.DateField("term ends", null=True, blank=True)
    signed_on = models.DateField(null=True, blank=True)
    schools = models.ManyToManyField("schools.School", related_name="contracts", blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="contract_ends_after_start",
                violation_error_message="The contract's term cannot end before it starts.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("contracts:contract", args=[self.pk])

    def covers_date(self, day: dt.date) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {
                    "end_date": f"The term ends ({self.end_date}) before it starts "
                    f"({self.start_date}). Enter an end on or after the start, or leave it empty."
                }
            )

    @property
    def term_label(self) -> str:
        end = self.end_date.isoformat() if self.end_date else "open-ended"
        return f"{self.start_date.isoformat()} to {end}"

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.agency_id
