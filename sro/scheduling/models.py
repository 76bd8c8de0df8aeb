"""School calendars: one kind of day per date for each district or charter school."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from sro.audittrail.guard import Audited
from sro.core.models import Record
from sro.scheduling.calendar_files import CHOICES, KINDS


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


class CalendarTitleChoice(Audited, Record):
    """What a person chose an event's title to mean in a district's calendar, when the title
    tells no kind: the next import of the same feed classifies it the same way."""

    education_agency = models.ForeignKey(
        "schools.EducationAgency", on_delete=models.PROTECT, related_name="calendar_choices"
    )
    title_key = models.CharField(
        max_length=200, help_text="The title's words, whatever their case, punctuation or order."
    )
    title = models.CharField(max_length=200, help_text="The title as the file first gave it.")
    kind = models.CharField(max_length=14, choices=list(CHOICES.items()))

    class Meta:
        ordering = ["title_key"]
        constraints = [
            models.UniqueConstraint(
                "education_agency", "title_key", name="one_choice_per_calendar_title"
            )
        ]

    def __str__(self) -> str:
        return f"“{self.title}”: {self.get_kind_display()}"

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.education_agency.agency_id


class Absence(Audited, Record):
    """An officer away from their schools: leave or a training day (policy 436.4.1)."""

    class Kind(models.TextChoices):
        LEAVE = "leave", "Leave"
        TRAINING = "training", "Training day"
        OTHER = "other", "Other absence"

    officer = models.ForeignKey("roster.Officer", on_delete=models.PROTECT, related_name="absences")
    first_day = models.DateField()
    last_day = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.LEAVE)
    note = models.CharField(max_length=200, blank=True, help_text="Visible to the department only.")

    class Meta:
        ordering = ["first_day"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_day__gte=models.F("first_day")),
                name="absence_ends_after_start",
                violation_error_message="The absence cannot end before it starts.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.first_day} to {self.last_day}"

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.officer.agency_id


class Duty(Audited, Record):
    """The day's duty a sergeant assigns when school is not in session, or the summer duties
    and shifts the scheduling supervisor assigns (policy 436.4.1)."""

    class Kind(models.TextChoices):
        PATROL_SHIFT = "patrol_shift", "Patrol shift"
        TRAINING = "training", "Training"
        OTHER = "other", "Other duty"

    officer = models.ForeignKey("roster.Officer", on_delete=models.PROTECT, related_name="duties")
    first_day = models.DateField()
    last_day = models.DateField()
    kind = models.CharField(max_length=12, choices=Kind.choices)
    details = models.CharField(
        max_length=200, blank=True, help_text="The shift or what to do, e.g. “Days, 07:00–15:00”."
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["first_day"]
        verbose_name_plural = "duties"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_day__gte=models.F("first_day")),
                name="duty_ends_after_start",
                violation_error_message="The duty cannot end before it starts.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.first_day} to {self.last_day}"

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.officer.agency_id


class PatrolPull(Audited, Record):
    """An SRO pulled to patrol (policy 436.4.1: "at any time throughout the year")."""

    officer = models.ForeignKey(
        "roster.Officer", on_delete=models.PROTECT, related_name="patrol_pulls"
    )
    day = models.DateField()
    start_time = models.TimeField(null=True, blank=True, help_text="Empty: the whole day.")
    end_time = models.TimeField(null=True, blank=True, help_text="Empty: the whole day.")
    reason = models.CharField(max_length=300)
    reason_public = models.BooleanField(
        "school administrators may see the reason",
        default=False,
        help_text="Otherwise they see only that coverage changed.",
    )
    pulled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["day", "start_time"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start_time__isnull=True, end_time__isnull=True)
                | models.Q(
                    start_time__isnull=False,
                    end_time__isnull=False,
                    end_time__gt=models.F("start_time"),
                ),
                name="patrol_pull_times",
                violation_error_message="Give both times, the end after the start, or neither.",
            )
        ]

    def __str__(self) -> str:
        hours = (
            f"{self.start_time:%H:%M}\u2013{self.end_time:%H:%M}"
            if self.start_time and self.end_time
            else "whole day"
        )
        return f"Patrol pull {self.day} ({hours})"

    @property
    def hours_label(self) -> str:
        if self.start_time and self.end_time:
            return f"{self.start_time:%H:%M}\u2013{self.end_time:%H:%M}"
        return "Whole day"

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.officer.agency_id


class CalendarFeed(Audited, Record):
    """A private iCalendar feed of one officer's schedule. Only a digest of its secret is kept;
    revoking it makes the address stop working."""

    officer = models.ForeignKey(
        "roster.Officer", on_delete=models.PROTECT, related_name="calendar_feeds"
    )
    digest = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Calendar feed of {self.officer.full_name}"

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.officer.agency_id
