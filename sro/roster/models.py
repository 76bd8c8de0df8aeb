"""The agency, its officers and their assignments to schools."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Collection

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse

from sro.audittrail.guard import Audited
from sro.core.models import Record


class Agency(Audited, Record):
    """A law-enforcement agency running an SRO program (the SRO's employer)."""

    name = models.CharField(max_length=200)
    ori = models.CharField(
        "ORI", max_length=9, blank=True, help_text="The agency's originating agency identifier."
    )
    chief_name = models.CharField("chief law enforcement officer", max_length=200)
    city = models.CharField(max_length=100, blank=True)
    website = models.URLField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("roster:agency", args=[self.pk])

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.id


class Officer(Audited, Record):
    """A licensed peace officer employed by the agency who serves, or may serve, as an SRO."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="officers")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    badge_number = models.CharField(max_length=20)
    post_license_number = models.CharField(
        "POST licence number",
        max_length=20,
        help_text="The officer's Minnesota POST Board peace-officer licence number.",
    )
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=30, blank=True)
    active = models.BooleanField(default=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="officer",
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervised_officers",
        help_text="The sergeant who receives this officer's training reminders.",
    )

    class Meta:
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                "agency",
                Lower("badge_number"),
                name="officer_badge_unique_in_agency",
                violation_error_message="Another officer of this agency has this badge number.",
            ),
            models.UniqueConstraint(
                Lower("post_license_number"),
                name="officer_post_license_unique",
                violation_error_message="Another officer has this POST licence number.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} (#{self.badge_number})"

    def get_absolute_url(self) -> str:
        return reverse("roster:officer", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def clean(self) -> None:
        """Duplicates are reported on their field, with the fix (the constraints back this up)."""
        errors: dict[str, str] = {}
        others = Officer.objects.exclude(pk=self.pk)
        if (
            self.badge_number
            and self.agency_id
            and others.filter(
                agency_id=self.agency_id, badge_number__iexact=self.badge_number
            ).exists()
        ):
            errors["badge_number"] = (
                f"Badge number {self.badge_number} is already used by another officer of this "
                "agency. Check the number, or edit that officer instead."
            )
        if (
            self.post_license_number
            and others.filter(post_license_number__iexact=self.post_license_number).exists()
        ):
            errors["post_license_number"] = (
                f"POST licence number {self.post_license_number} is already on file for another "
                "officer. Check the number against the officer's licence."
            )
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude: Collection[str] | None = None) -> None:
        # clean() has already reported these duplicates on their fields with the fix.
        skip = {"badge_number", "post_license_number"}
        super().validate_constraints(exclude=set(exclude or ()) | skip)

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.agency_id


class Assignment(Audited, Record):
    """An officer assigned to a school under a contract, as its SRO or as a substitute."""

    class Role(models.TextChoices):
        SRO = "sro", "School resource officer"
        SUBSTITUTE = "substitute", "Substitute SRO"

    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="assignments")
    school = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, related_name="assignments"
    )
    contract = models.ForeignKey(
        "contracts.Contract", on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.SRO)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True, help_text="Leave empty if open-ended.")
    employer_could_not_provide_training = models.BooleanField(
        "the department could not provide the SRO course before the start",
        default=False,
        help_text="Minn. Stat. 626.8482, subd. 3(c): allows six months to complete the course.",
    )
    notes = models.TextField(blank=True)
    override_reason = models.TextField(
        blank=True,
        help_text="Why a supervisor assigned an officer whose training verdict says they may "
        "not serve.",
    )
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    override_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(override_by__isnull=True, override_at__isnull=True, override_reason="")
                    | (
                        models.Q(override_by__isnull=False, override_at__isnull=False)
                        & ~models.Q(override_reason="")
                    )
                ),
                name="assignment_override_who_when_why",
                violation_error_message="An override needs who, when and why together.",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="assignment_ends_after_start",
                violation_error_message="The assignment cannot end before it starts.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.officer.full_name} at {self.school.name} ({self.get_role_display()})"

    def get_absolute_url(self) -> str:
        return reverse("roster:assignment", args=[self.pk])

    def is_current(self, on: dt.date) -> bool:
        return self.start_date <= on and (self.end_date is None or on <= self.end_date)

    def clean(self) -> None:
        """Each problem is reported on the field to fix, with what would be valid."""
        errors: dict[str, str] = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = (
                f"The assignment ends ({self.end_date}) before it starts ({self.start_date}). "
                "Enter an end date on or after the start date, or leave it empty."
            )
        contract = self.contract if self.contract_id else None
        if (
            contract is not None
            and self.school_id
            and not contract.schools.filter(pk=self.school_id).exists()
        ):
            errors["school"] = (
                f"{self.school.name} is not one of the schools covered by "
                f"\u201c{contract.title}\u201d. Choose a covered school, or add the school "
                "to the contract first."
            )
        if contract is not None and self.start_date and not contract.covers_date(self.start_date):
            errors.setdefault(
                "start_date",
                f"The start date {self.start_date} is outside the contract's term "
                f"({contract.term_label}). Choose a date within the term.",
            )
        if (
            contract is not None
            and self.end_date
            and contract.end_date
            and self.end_date > contract.end_date
            and "end_date" not in errors
        ):
            errors["end_date"] = (
                f"The end date {self.end_date} is after the contract's term ends "
                f"({contract.end_date}). End the assignment on or before that date."
            )
        if (
            contract is not None
            and self.officer_id
            and contract.agency_id != self.officer.agency_id
        ):
            errors["contract"] = "This contract belongs to another agency than the officer's."
        if errors:
            raise ValidationError(errors)

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.officer.agency_id

    @property
    def audit_school_id(self) -> uuid.UUID:
        return self.school_id
