"""The SRO's daily work by statutory duty (policy 436.3, 436.4; model policy IV.B-C): what the
officer did, where, for how long and for how many students, under which duty clause of Minn.
Stat. 626.8482, subd. 2(a); referrals of a student to a support service instead of the justice
system; and the department's library of lesson outlines.

An activity counts students and never names them. A referral names the student because the
service and the school need to know who; that identity is private student data, shown only for a
stated purpose and logged (policy 436.7)."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from sro.audittrail.guard import Audited
from sro.core.models import Record
from sro.rules.activity import KINDS
from sro.rules.duties import DUTIES

KIND_CHOICES = [(k.code, k.label) for k in KINDS.values()]
CLAUSE_CHOICES = [(n, f"({n}) {text[0].upper()}{text[1:]}") for n, text in DUTIES.items()]
GRADE_CHOICES = [
    ("PK", "Pre-kindergarten"),
    ("K", "Kindergarten"),
    *[(str(n), f"Grade {n}") for n in range(1, 13)],
    ("mixed", "Mixed grades"),
    ("staff", "Staff or adults"),
]


class LessonOutline(Audited, Record):
    """A lesson or presentation the department keeps for SROs to teach (duty (6))."""

    agency = models.ForeignKey("roster.Agency", on_delete=models.PROTECT, related_name="lessons")
    title = models.CharField(max_length=160)
    grades = models.CharField(max_length=40, help_text="For example “6-8” or “K-5”.")
    minutes = models.PositiveSmallIntegerField(
        "length in minutes", validators=[MinValueValidator(5), MaxValueValidator(240)]
    )
    summary = models.CharField(max_length=300)
    objectives = models.TextField("learning objectives")
    outline = models.TextField("outline of the lesson")
    materials = models.TextField("materials", blank=True)
    source = models.CharField(
        max_length=300, blank=True, help_text="Who wrote it or where it comes from."
    )
    active = models.BooleanField(
        default=True, help_text="Retired outlines stay on the classes that used them."
    )

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                "agency",
                "title",
                name="lesson_outline_title_unique",
                violation_error_message="The library already has a lesson with this title.",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.agency_id

    def get_absolute_url(self) -> str:
        return reverse("activity:lesson", args=[self.pk])


class Activity(Audited, Record):
    """One piece of the SRO's work: what, where, when, how long, how many students, which duty."""

    officer = models.ForeignKey(
        "roster.Officer", on_delete=models.PROTECT, related_name="activities"
    )
    school = models.ForeignKey(
        "schools.School",
        on_delete=models.PROTECT,
        related_name="activities",
        null=True,
        blank=True,
        help_text="Leave empty for work away from a school (a district office, a community "
        "event) and say where in the notes.",
    )
    on = models.DateField("date")
    start_time = models.TimeField("started at", null=True, blank=True)
    minutes = models.PositiveSmallIntegerField(
        "how long (minutes)", validators=[MinValueValidator(1), MaxValueValidator(720)]
    )
    kind = models.CharField("what", max_length=24, choices=KIND_CHOICES)
    clause = models.PositiveSmallIntegerField(
        "duty served",
        choices=CLAUSE_CHOICES,
        help_text="The clause of Minn. Stat. 626.8482, subd. 2(a); proposed from what you did.",
    )
    students = models.PositiveIntegerField(
        "students",
        default=0,
        validators=[MaxValueValidator(5000)],
        help_text="How many students took part: a count, never names.",
    )
    notes = models.TextField(blank=True, help_text="Optional. Do not write students' names here.")
    # A class or presentation (duty (6); model policy IV.C).
    topic = models.CharField(max_length=200, blank=True)
    grade = models.CharField(max_length=5, choices=GRADE_CHOICES, blank=True)
    materials = models.CharField(max_length=300, blank=True)
    lesson = models.ForeignKey(
        LessonOutline,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="classes",
        verbose_name="lesson outline used",
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-on", "-start_time"]
        verbose_name_plural = "activities"
        indexes = [
            models.Index(fields=["officer", "on"]),
            models.Index(fields=["school", "on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(clause__gte=1, clause__lte=7), name="activity_clause_one_to_seven"
            ),
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=720), name="activity_minutes_in_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.on}"

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.officer.agency_id

    @property
    def audit_school_id(self) -> uuid.UUID | None:
        return self.school_id

    def get_absolute_url(self) -> str:
        return reverse("activity:detail", args=[self.pk])


class Service(models.TextChoices):
    COUNSELOR = "counselor", "School counselor"
    SOCIAL_WORKER = "social_worker", "School social worker"
    PSYCHOLOGIST = "psychologist", "School psychologist"
    NURSE = "nurse", "School nurse or health service"
    MENTORING = "mentoring", "Mentoring program"
    MENTAL_HEALTH = "mental_health", "Community mental-health service"
    COMMUNITY = "community", "Other community program"
    RESTORATIVE = "restorative", "Restorative-justice program"


class SupportReferral(Audited, Record):
    """A student steered to a school or community support service (model policy II, IV.B;
    policy 436.3(d)). The activity holds the when and where; this holds who and why."""

    activity = models.OneToOneField(Activity, on_delete=models.PROTECT, related_name="referral")
    first_name = models.CharField("student's first name", max_length=100)
    last_name = models.CharField("student's last name", max_length=100)
    grade = models.CharField("grade", max_length=5, choices=GRADE_CHOICES[:-1])
    service = models.CharField("referred to", max_length=16, choices=Service.choices)
    provider = models.CharField(
        "service or program", max_length=200, help_text="Who will see the student."
    )
    reason = models.TextField(
        "why", max_length=2000, help_text="What the student needs help with, briefly."
    )
    instead_of_justice = models.BooleanField(
        "instead of the justice system",
        default=False,
        help_text="Tick when this referral replaces a citation, arrest or petition.",
    )
    retain_until = models.DateField(
        "keep until",
        null=True,
        blank=True,
        help_text="From the agency's retention schedule (Minn. Stat. 138.17); empty while no "
        "period is set.",
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledgement_note = models.TextField("school's note", blank=True, max_length=2000)
    identity_removed_at = models.DateTimeField(
        null=True, blank=True, help_text="When the retention run removed the student's identity."
    )

    class Meta:
        ordering = ["-activity__on"]

    def __str__(self) -> str:
        # Never the student's name: this string goes into logs and the audit trail.
        return f"Support referral of {self.activity.on} ({self.get_service_display()})"

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.activity.audit_agency_id

    @property
    def audit_school_id(self) -> Any:
        return self.activity.school_id

    def get_absolute_url(self) -> str:
        return reverse("activity:referral", args=[self.pk])
