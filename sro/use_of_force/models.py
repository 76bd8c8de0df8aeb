"""Use-of-force and prone-restraint reports (policy 436.5; model policy IV.D-E), their two-level
review, officers' reports of force beyond what the law allows (Minn. Stat. 626.8475), the
monthly state report (626.5534) and early-intervention alerts."""

from __future__ import annotations

import uuid
from collections.abc import Collection

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from sro.audittrail.guard import Audited
from sro.core import clock
from sro.core.models import Record
from sro.rules.dates import add_months


class ForceType(Audited, Record):
    """A kind of force an officer can report; the department keeps the list. `restricted` marks
    the restraints of Minn. Stat. 609.06, subd. 3, allowed only where deadly force is."""

    code = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=120)
    restricted = models.BooleanField(
        default=False,
        help_text="A restraint Minn. Stat. 609.06, subd. 3 allows only where deadly force is "
        "authorized (609.066).",
    )
    active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "label"]

    def __str__(self) -> str:
        return self.label


class Injury(models.TextChoices):
    NONE = "none", "No injury"
    MINOR = "minor", "Minor injury"
    SERIOUS = "serious", "Serious bodily injury"
    DEATH = "death", "Death"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Waiting for the sergeant"
    SERGEANT_REVIEWED = "sergeant_reviewed", "Waiting for the chief"
    RETURNED = "returned", "Returned for changes"
    APPROVED = "approved", "Approved by the chief"


OPEN_STATUSES = (ReportStatus.DRAFT, ReportStatus.RETURNED)
# Approved by the chief, the last level of the review: the report no longer changes
# (sro.use_of_force.queries.final_reports).
FINAL_STATUSES = (ReportStatus.APPROVED,)


class ForceReport(Audited, Record):
    """One officer's use of force on one student, tied to the incident."""

    incident = models.ForeignKey(
        "incidents.Incident", on_delete=models.PROTECT, related_name="force_reports"
    )
    subject = models.ForeignKey(
        "incidents.IncidentPerson",
        on_delete=models.PROTECT,
        related_name="force_reports",
        verbose_name="student",
    )
    officer = models.ForeignKey(
        "roster.Officer", on_delete=models.PROTECT, related_name="force_reports"
    )
    occurred_at = models.DateTimeField("date and time")
    force_used = models.ManyToManyField(ForceType, related_name="+", verbose_name="force used")
    force_other = models.CharField("other force used", max_length=200, blank=True)
    deescalation = models.JSONField(
        "de-escalation techniques used", default=list, blank=True
    )  # ids from sro.rules.force.DEESCALATION
    deescalation_other = models.TextField("other de-escalation", blank=True)
    considerations = models.JSONField(default=dict, blank=True)  # consideration id -> note
    education_plan_known = models.BooleanField(
        "an education plan or accommodations were known", null=True, blank=True
    )
    education_plan_considered = models.BooleanField(
        "the education plan or accommodations were considered", null=True, blank=True
    )
    education_plan_note = models.TextField(blank=True)
    deadly_force_justification = models.TextField(
        "deadly-force justification (Minn. Stat. 609.066)", blank=True
    )
    injury = models.CharField("student's injury", max_length=10, choices=Injury.choices, blank=True)
    injury_description = models.TextField(blank=True)
    condition_assessed = models.BooleanField(
        "the student's condition was assessed", null=True, blank=True
    )
    aid_rendered = models.BooleanField("aid was rendered", null=True, blank=True)
    aid_by = models.CharField("assessed and aided by", max_length=200, blank=True)
    prone_start = models.DateTimeField("prone restraint began", null=True, blank=True)
    prone_end = models.DateTimeField("prone restraint ended", null=True, blank=True)
    restored_at = models.DateTimeField(
        "student restored to a non-prone position", null=True, blank=True
    )
    narrative = models.TextField("what happened", blank=True)
    status = models.CharField(
        max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [models.Index(fields=["officer", "-occurred_at"])]
        constraints = [
            models.CheckConstraint(
                name="force_submission_has_who_and_when",
                condition=models.Q(
                    status="draft", submitted_by__isnull=True, submitted_at__isnull=True
                )
                | (
                    ~models.Q(status="draft")
                    & models.Q(submitted_by__isnull=False, submitted_at__isnull=False)
                ),
            )
        ]

    def __str__(self) -> str:
        return f"Force report on {self.subject.label} in {self.incident}"

    def get_absolute_url(self) -> str:
        return reverse("use_of_force:report", args=[self.pk])

    @property
    def editable(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.incident.agency_id

    @property
    def audit_school_id(self) -> uuid.UUID:
        return self.incident.school_id

    def clean(self) -> None:
        """Force is reported once it was used: its moment is not after now (a few minutes'
        tolerance for a clock running fast), and its day is not before its incident's day (the
        force was used in that incident; the incident's time is often approximate, so the day
        is compared, where the agency is)."""
        if self.occurred_at is None:
            return
        local = self.occurred_at.astimezone(clock.agency_zone())
        if clock.is_future(self.occurred_at):
            raise ValidationError(
                {
                    "occurred_at": f"{local:%Y-%m-%d %H:%M} is in the future: give when the "
                    "force was used."
                }
            )
        if self.incident_id is not None and self.incident.occurred_at is not None:
            incident_day = self.incident.occurred_at.astimezone(clock.agency_zone()).date()
            if local.date() < incident_day:
                raise ValidationError(
                    {
                        "occurred_at": f"{local.date()} is before the incident it belongs to "
                        f"({incident_day}): give when the force was used in this incident."
                    }
                )


class ReviewLevel(models.TextChoices):
    OFFICER = "officer", "Officer"
    SERGEANT = "sergeant", "Sergeant"
    CHIEF = "chief", "Chief"


class ForceReviewStep(Audited, Record):
    """One step of the review: submitted, forwarded by the sergeant, approved by the chief, or
    returned with comments. Steps are only ever added. `as_supervisor` marks the sergeant's
    review given by the chief in the sergeant's place, `single_level` the chief's review by the
    same chief; each carries its reason (`sro.rules.force_review`)."""

    report = models.ForeignKey(ForceReport, on_delete=models.PROTECT, related_name="steps")
    level = models.CharField(max_length=10, choices=ReviewLevel.choices)
    action = models.CharField(max_length=12)  # submitted, forwarded, approved, returned
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    comment = models.TextField(blank=True)
    as_supervisor = models.BooleanField(
        "the chief gave the sergeant's review as supervisor", default=False
    )
    single_level = models.BooleanField(
        "single-level review: the chief who gave the sergeant's review", default=False
    )
    reason = models.TextField(
        blank=True, help_text="Why the chief reviewed as supervisor, or why single-level."
    )

    class Meta:
        ordering = ["at", "created_at"]
        constraints = [
            models.CheckConstraint(
                name="force_step_supervisor_is_sergeant_level_with_reason",
                condition=models.Q(as_supervisor=False)
                | (models.Q(level="sergeant") & ~models.Q(reason="")),
            ),
            models.CheckConstraint(
                name="force_step_single_level_is_chief_level_with_reason",
                condition=models.Q(single_level=False)
                | (models.Q(level="chief") & ~models.Q(reason="")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report}: {self.action} by {self.level}"

    @property
    def capacity(self) -> str:
        """In what capacity the step was taken, as the history says it: "sergeant", "chief",
        "chief, reviewing as supervisor", "chief, single-level review", "officer" or "for the
        officer" (someone who submitted it for them)."""
        if self.as_supervisor:
            return "chief, reviewing as supervisor"
        if self.single_level:
            return "chief, single-level review"
        if self.level == ReviewLevel.OFFICER and self.by_id != self.report.officer.user_id:
            return "for the officer"
        return str(self.get_level_display()).lower()

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.report.incident.agency_id


class InterventionReport(Audited, Record):
    """Minn. Stat. 626.8475: an officer who saw force beyond what the law allows reports it in
    writing to their own chief within 24 hours. A row is opened when the duty arises (so a
    missing report shows), and completed when the written report is filed."""

    agency = models.ForeignKey("roster.Agency", on_delete=models.PROTECT, related_name="+")
    reporting_officer = models.ForeignKey(
        "roster.Officer", on_delete=models.PROTECT, related_name="intervention_reports"
    )
    force_report = models.ForeignKey(
        ForceReport,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="intervention_reports",
    )
    observed_at = models.DateTimeField("force observed at")
    observed_officer = models.CharField("officer or employee who used the force", max_length=200)
    statement = models.TextField("written report", blank=True)
    reported_at = models.DateTimeField("filed with the chief at", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-observed_at"]

    def __str__(self) -> str:
        return (
            f"Report of force observed by {self.reporting_officer} on {self.observed_at:%Y-%m-%d}"
        )

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.agency_id


class BcaSubmission(Audited, Record):
    """The department's monthly use-of-force report to the Bureau of Criminal Apprehension
    (Minn. Stat. 626.5534) for one month, or its zero report: the day it was sent and the
    state's reference (or a note saying why there is none), and who recorded it when."""

    agency = models.ForeignKey("roster.Agency", on_delete=models.PROTECT, related_name="+")
    month = models.DateField(help_text="The first day of the month reported.")
    zero_report = models.BooleanField(
        "zero report",
        default=False,
        help_text="No use of force that month caused serious bodily injury or death.",
    )
    incidents_reported = models.PositiveIntegerField("incidents reported", default=0)
    sent_on = models.DateField(
        "date sent to the BCA",
        help_text="The day the report went to the BCA (not the day it is recorded here); a "
        "month sent after its due date shows as late.",
    )
    reference = models.CharField(
        "BCA reference number",
        max_length=60,
        blank=True,
        help_text="The confirmation or reference number the BCA gave for the report.",
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="recorded by",
    )
    submitted_at = models.DateTimeField("recorded at")
    note = models.TextField(
        blank=True, help_text="Needed when there is no reference number: say why (and how it went)."
    )

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "month"], name="one_bca_report_a_month"),
            models.CheckConstraint(name="bca_month_is_first_day", condition=models.Q(month__day=1)),
            models.CheckConstraint(
                name="bca_reference_or_note",
                condition=~models.Q(reference="") | ~models.Q(note=""),
                violation_error_message="Give the BCA's reference number, or a note saying "
                "why there is none.",
            ),
        ]

    def clean(self) -> None:
        """What cannot be true of a report sent to the BCA, each on its field with the fix. (The
        checks against the database, a month already recorded or reportable force on file, are
        `oversight.check_submission`.)"""
        errors: dict[str, str] = {}
        month = self.month.replace(day=1) if self.month else None
        if month is not None and self.sent_on is not None:
            ended = add_months(month, 1)
            if self.sent_on < ended:
                errors["sent_on"] = (
                    f"The report for {month:%B %Y} cannot have been sent on {self.sent_on} "
                    f"before the month ended: give a day on or after {ended}."
                )
            elif self.sent_on > clock.today():
                errors["sent_on"] = (
                    f"{self.sent_on} is in the future: give the day the report was sent."
                )
        if not self.reference.strip() and not self.note.strip():
            errors["reference"] = (
                "Give the BCA's reference number, or a note saying why there is none."
            )
        if self.zero_report and self.incidents_reported:
            errors["incidents_reported"] = "A zero report reports no incidents: give 0."
        elif not self.zero_report and not self.incidents_reported:
            errors["zero_report"] = (
                "A report of no incidents is a zero report: tick zero report, or give the "
                "number of incidents reported."
            )
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude: Collection[str] | None = None) -> None:
        # clean() has already named the missing reference on its field, with the fix.
        super().validate_constraints(exclude={*(exclude or ()), "reference", "note"})

    def __str__(self) -> str:
        return f"BCA use-of-force report for {self.month:%B %Y}"

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.agency_id


class EarlyInterventionAlert(Audited, Record):
    """An officer's pattern reached the department's early-intervention threshold; the chief
    reviews it and records the outcome."""

    officer = models.ForeignKey(
        "roster.Officer", on_delete=models.PROTECT, related_name="early_intervention_alerts"
    )
    window_start = models.DateField()
    window_end = models.DateField()
    reasons = models.TextField()
    raised_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(blank=True)

    class Meta:
        ordering = ["-raised_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["officer", "window_end"], name="one_alert_per_officer_and_day"
            ),
            models.CheckConstraint(
                name="alert_review_has_who_when_and_outcome",
                condition=models.Q(reviewed_by__isnull=True, reviewed_at__isnull=True)
                | (
                    models.Q(reviewed_by__isnull=False, reviewed_at__isnull=False)
                    & ~models.Q(outcome="")
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"Early-intervention alert for {self.officer} ({self.window_end:%Y-%m-%d})"

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.officer.agency_id
