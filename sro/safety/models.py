"""School safety (policy 436.3): the yearly security audit walked with the department's
checklist, its findings and recommendations, safety plans, drills and event security.

Audit answers copy the checklist item's area and wording when the audit starts, so editing the
checklist later never changes an audit already under way or completed."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from sro.audittrail.guard import Audited
from sro.core import clock
from sro.core.filecheck import stored_extension
from sro.core.models import Record


class AtSchool:
    """A record that sits at one school: its audit events carry the school and its agency."""

    school: Any
    school_id: Any

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.school.audit_agency_id

    @property
    def audit_school_id(self) -> uuid.UUID:
        return self.school_id


class ChecklistArea(Audited, Record):
    """One area of the department's audit checklist (site perimeter, entrances, ...)."""

    agency = models.ForeignKey(
        "roster.Agency", on_delete=models.PROTECT, related_name="checklist_areas"
    )
    name = models.CharField(max_length=120)
    order = models.PositiveSmallIntegerField(default=0)
    source = models.CharField(
        max_length=300, blank=True, help_text="Where this area comes from, for the record."
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(
                "agency",
                "name",
                name="checklist_area_name_unique",
                violation_error_message="The checklist already has an area with this name.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.agency_id


class ChecklistItem(Audited, Record):
    """One question the auditor answers in an area."""

    area = models.ForeignKey(ChecklistArea, on_delete=models.PROTECT, related_name="items")
    prompt = models.CharField(max_length=300)
    guidance = models.TextField(blank=True, help_text="What to look for; shown under the prompt.")
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["area__order", "order", "prompt"]

    def __str__(self) -> str:
        return self.prompt

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.area.agency_id


class AuditStatus(models.TextChoices):
    OPEN = "open", "Open, not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"


class SecurityAudit(AtSchool, Audited, Record):
    """One school's security audit for a school year: opened, walked, completed."""

    school = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, related_name="security_audits"
    )
    school_year = models.CharField(max_length=7)
    status = models.CharField(max_length=12, choices=AuditStatus.choices, default="open")
    due_on = models.DateField("due by")
    officer = models.ForeignKey(
        "roster.Officer",
        on_delete=models.PROTECT,
        related_name="security_audits",
        null=True,
        blank=True,
        verbose_name="officer conducting the audit",
    )
    override_reason = models.TextField(
        "supervisor's override",
        blank=True,
        help_text="Why an officer restricted from clause (5) conducts this audit.",
    )
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    repeat_reason = models.TextField(
        "reason for a second audit this school year",
        blank=True,
        help_text="Why the school is audited again when its audit for the school year was done "
        "and current (one current audit per school and school year).",
    )
    summary = models.TextField(blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_on = models.DateField("completed on", null=True, blank=True)

    class Meta:
        ordering = ["-due_on"]
        constraints = [
            models.UniqueConstraint(
                "school",
                condition=~Q(status="completed"),
                name="one_unfinished_audit_per_school",
                violation_error_message="This school already has an audit open or in progress.",
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        status="completed",
                        completed_by__isnull=False,
                        completed_at__isnull=False,
                        completed_on__isnull=False,
                    )
                    | Q(
                        ~Q(status="completed"),
                        completed_by__isnull=True,
                        completed_at__isnull=True,
                        completed_on__isnull=True,
                    )
                ),
                name="audit_completed_who_when",
            ),
            models.CheckConstraint(
                condition=Q(status="open") | Q(started_by__isnull=False, started_at__isnull=False),
                name="audit_started_who_when",
            ),
        ]
        indexes = [models.Index(fields=["school", "status", "completed_on"])]

    def __str__(self) -> str:
        return f"Security audit {self.school_year}, {self.school}"

    def get_absolute_url(self) -> str:
        return reverse("safety:audit", args=[self.pk])

    @property
    def editable(self) -> bool:
        return self.status == AuditStatus.IN_PROGRESS


class Rating(models.TextChoices):
    MEETS = "meets", "Meets"
    PARTIAL = "partial", "Partly meets"
    FAILS = "fails", "Does not meet"
    NOT_APPLICABLE = "na", "Not applicable"


class InAudit:
    """A part of one audit (an answer, a finding): its audit events carry the audit's school."""

    audit: Any

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.audit.audit_agency_id

    @property
    def audit_school_id(self) -> uuid.UUID:
        return self.audit.school_id


class AuditAnswer(InAudit, Audited, Record):
    """The auditor's answer to one checklist item, with the item's words as they were."""

    audit = models.ForeignKey(SecurityAudit, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(
        ChecklistItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    area = models.CharField(max_length=120)
    area_order = models.PositiveSmallIntegerField(default=0)
    prompt = models.CharField(max_length=300)
    guidance = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    rating = models.CharField(max_length=8, choices=Rating.choices, blank=True)
    notes = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["area_order", "area", "order"]

    def __str__(self) -> str:
        return self.prompt


def photo_path(instance: AuditPhoto, filename: str) -> str:
    # The stored name never uses the uploader's file name.
    extension = stored_extension(filename)
    return f"safety/{instance.answer.audit_id}/{uuid.uuid4().hex}.{extension}"


class AuditPhoto(Audited, Record):
    """A photo taken while walking the building. Security information: not public (Minn. Stat.
    13.37, subd. 1(a)); shown only to those who may see the audit."""

    answer = models.ForeignKey(AuditAnswer, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to=photo_path)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    caption = models.CharField(max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.caption or "Photo"

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.answer.audit_agency_id

    @property
    def audit_school_id(self) -> uuid.UUID:
        return self.answer.audit_school_id


class Risk(models.TextChoices):
    LOW = "low", "Low"
    MODERATE = "moderate", "Moderate"
    HIGH = "high", "High"
    CRITICAL = "critical", "Critical"


class Finding(InAudit, Audited, Record):
    """A vulnerability the audit found (Minn. Stat. 626.8482, subd. 2(a)(5)), with its risk."""

    audit = models.ForeignKey(SecurityAudit, on_delete=models.CASCADE, related_name="findings")
    answer = models.ForeignKey(
        AuditAnswer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name="checklist item",
    )
    title = models.CharField(max_length=200)
    detail = models.TextField(blank=True)
    risk = models.CharField(max_length=8, choices=Risk.choices)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.title


class RecommendationStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    CLOSED = "closed", "Closed: done"
    DECLINED = "declined", "Closed: not taken"


CLOSED_STATUSES = (RecommendationStatus.CLOSED, RecommendationStatus.DECLINED)


class Recommendation(Audited, Record):
    """What the school should do about a finding, who at the school owns it and by when."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="recommendations")
    action = models.TextField("recommendation")
    owner = models.CharField("owner at the school", max_length=200)
    due_on = models.DateField("due by")
    status = models.CharField(
        max_length=12, choices=RecommendationStatus.choices, default=RecommendationStatus.OPEN
    )
    status_note = models.TextField("progress note", blank=True)
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["closed", "declined"], closed_on__isnull=False)
                | Q(status__in=["open", "in_progress"], closed_on__isnull=True),
                name="recommendation_closed_on",
            )
        ]

    def __str__(self) -> str:
        return self.action[:80]

    @property
    def is_open(self) -> bool:
        return self.status not in CLOSED_STATUSES

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.finding.audit_agency_id

    @property
    def audit_school_id(self) -> uuid.UUID:
        return self.finding.audit_school_id


def plan_path(instance: SafetyPlan, filename: str) -> str:
    extension = stored_extension(filename)
    return f"safety/plans/{instance.school_id}/{uuid.uuid4().hex}.{extension}"


class SafetyPlan(AtSchool, Audited, Record):
    """A school's current safety plan: its dates and the SRO's part. The plan itself stays with
    the school; a copy is kept here only when the school attaches one."""

    school = models.OneToOneField(
        "schools.School", on_delete=models.PROTECT, related_name="safety_plan"
    )
    title = models.CharField(max_length=200, default="School safety plan")
    adopted_on = models.DateField(null=True, blank=True)
    last_reviewed_on = models.DateField(null=True, blank=True)
    next_review_on = models.DateField("next review due")
    notes = models.TextField(
        blank=True,
        help_text="Dates and who to call only: do not copy the plan's procedures here.",
    )
    file = models.FileField(upload_to=plan_path, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    attached_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.title}, {self.school}"

    def clean(self) -> None:
        """Adoption and review are things that happened: not in the future, and the review not
        before the adoption; the next review is not due before the last one."""
        errors: dict[str, str] = {}
        today = clock.today()
        adopted, reviewed, due = self.adopted_on, self.last_reviewed_on, self.next_review_on
        if adopted and adopted > today:
            errors["adopted_on"] = f"{adopted} is in the future: give the day it was adopted."
        if reviewed and reviewed > today:
            errors["last_reviewed_on"] = (
                f"{reviewed} is in the future: give the day it was last reviewed."
            )
        elif adopted and reviewed and reviewed < adopted:
            errors["last_reviewed_on"] = "The last review cannot be before the adoption."
        if due and reviewed and due <= reviewed and "last_reviewed_on" not in errors:
            errors["next_review_on"] = (
                f"The next review cannot be due on or before the last one ({reviewed}): give a "
                "later day."
            )
        if errors:
            raise ValidationError(errors)


class PlanContribution(Audited, Record):
    """What the SRO contributed to the plan (policy 436.3(b))."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="contributions")
    officer = models.ForeignKey("roster.Officer", on_delete=models.PROTECT, related_name="+")
    contributed_on = models.DateField()
    summary = models.TextField()

    class Meta:
        ordering = ["-contributed_on"]

    def __str__(self) -> str:
        return f"{self.officer} on {self.contributed_on}"

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.plan.audit_agency_id

    @property
    def audit_school_id(self) -> uuid.UUID:
        return self.plan.school_id


class DrillKind(models.TextChoices):
    LOCKDOWN = "lockdown", "Lockdown"
    FIRE = "fire", "Fire"
    TORNADO = "tornado", "Tornado"
    OTHER = "other", "Other"


class Drill(AtSchool, Audited, Record):
    """One safety drill at a school; the SRO may observe it and advise (clause (4))."""

    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="drills")
    kind = models.CharField(max_length=10, choices=DrillKind.choices)
    held_on = models.DateField("held on")
    school_year = models.CharField(max_length=7, editable=False)
    observed = models.BooleanField("observed by the SRO", default=False)
    officer = models.ForeignKey(
        "roster.Officer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="officer who observed or advised",
    )
    advice = models.TextField("advice given", blank=True)
    override_reason = models.TextField("supervisor's override", blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-held_on"]
        indexes = [models.Index(fields=["school", "school_year", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} drill on {self.held_on}, {self.school}"


class EventKind(models.TextChoices):
    SPORTS = "sports", "Sports event"
    DANCE = "dance", "Dance"
    GRADUATION = "graduation", "Graduation or ceremony"
    ASSEMBLY = "assembly", "Assembly or large gathering"
    OTHER = "other", "Other event"


class SecurityEvent(AtSchool, Audited, Record):
    """A large event at a school and the officers assigned to its security (policy 436.3(h))."""

    school = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, related_name="security_events"
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=12, choices=EventKind.choices)
    starts_at = models.DateTimeField("starts")
    ends_at = models.DateTimeField("ends")
    expected_attendance = models.PositiveIntegerField(null=True, blank=True)
    officers = models.ManyToManyField("roster.Officer", related_name="security_events", blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_start",
                violation_error_message="The event must end after it starts.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.school}"

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "The event must end after it starts."})
