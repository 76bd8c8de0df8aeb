"""School districts, charter schools and the schools an agency's SROs serve."""

from __future__ import annotations

import uuid

from django.db import models
from django.urls import reverse

from sro.audittrail.guard import Audited
from sro.core.models import Record


class EducationAgency(Audited, Record):
    """A school district or a charter school: the party that contracts for an SRO."""

    class Kind(models.TextChoices):
        DISTRICT = "district", "School district"
        CHARTER = "charter", "Charter school"

    agency = models.ForeignKey(
        "roster.Agency", on_delete=models.PROTECT, related_name="education_agencies"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    number = models.CharField(
        "district number",
        max_length=20,
        blank=True,
        help_text="The state's district or charter number, if known.",
    )
    contact_name = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "district or charter school"
        verbose_name_plural = "districts and charter schools"
        constraints = [
            models.UniqueConstraint(
                "agency",
                "name",
                name="education_agency_name_unique",
                violation_error_message="This agency already lists a district with this name.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("schools:education_agency", args=[self.pk])

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.agency_id


class School(Audited, Record):
    """An elementary, middle or secondary school (Minn. Stat. 120A.05, subds. 9, 11, 13)."""

    class Level(models.TextChoices):
        ELEMENTARY = "elementary", "Elementary"
        MIDDLE = "middle", "Middle"
        SECONDARY = "secondary", "Secondary"

    education_agency = models.ForeignKey(
        EducationAgency,
        on_delete=models.PROTECT,
        related_name="schools",
        verbose_name="district or charter school",
    )
    name = models.CharField(max_length=200)
    level = models.CharField(max_length=12, choices=Level.choices)
    address = models.CharField(max_length=300, blank=True)
    principal_name = models.CharField(max_length=200, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "education_agency",
                "name",
                name="school_name_unique_in_district",
                violation_error_message="This district already has a school with this name.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("schools:school", args=[self.pk])

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.education_agency.agency_id

    @property
    def audit_school_id(self) -> uuid.UUID:
        return self.id
