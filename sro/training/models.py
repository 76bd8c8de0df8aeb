"""Course completions and certificates, policy versions and reviews, and the reminders sent about
them. Student contact days come from the duty schedule (`sro.scheduling`)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse

from sro.audittrail.guard import Audited
from sro.core import clock
from sro.core.filecheck import stored_extension
from sro.core.models import Record


class Course(models.TextChoices):
    REQUIRED = "required", "Required SRO course (POST-approved, subd. 4 objectives)"
    SUPPLEMENTAL = "supplemental", "Supplemental course (POST-approved, subd. 4(b))"
    REFRESHER = "refresher", "Refresher course (model policy G.5)"
    SSC_BASIC = "ssc_basic", "School Safety Center Basic SRO Training"
    NASRO_BASIC = "nasro_basic", "NASRO Basic SRO course"


# The earliest completion on record: the training import refuses earlier days in the same words.
EARLIEST_COMPLETION = dt.date(1970, 1, 1)


def completion_day_problem(completed_on: dt.date, today: dt.date) -> str | None:
    """Why a course cannot have been completed on that day (in the future, or before 1970),
    or None. The form, the API, the services and the import all ask this."""
    if completed_on > today:
        return f"{completed_on} is in the future: give the day the course was completed."
    if completed_on < EARLIEST_COMPLETION:
        return f"{completed_on} is before 1970: give the day the course was completed."
    return None


def certificate_path(instance: Completion, filename: str) -> str:
    # The stored name never uses the uploader's file name (it may carry personal data).
    extension = stored_extension(filename)
    return f"training/certificates/{instance.officer_id}/{uuid.uuid4().hex}.{extension}"


class Completion(Audited, Record):
    """A course an officer completed, with the certificate the chief keeps (subd. 3)."""

    officer = models.ForeignKey(
        "roster.Officer", on_delete=models.PROTECT, related_name="completions"
    )
    course = models.CharField(max_length=14, choices=Course.choices)
    course_title = models.CharField(
        max_length=200, blank=True, help_text="As printed on the certificate."
    )
    provider = models.CharField(max_length=200, blank=True)
    completed_on = models.DateField()
    hours = models.DecimalField(
        "hours",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("400"))],
        help_text="As printed on the certificate (0.5 to 400). Counted in the joint annual report.",
    )
    certificate = models.FileField(upload_to=certificate_path, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-completed_on"]

    def __str__(self) -> str:
        return f"{self.get_course_display()}, {self.completed_on:%Y-%m-%d}"

    def clean(self) -> None:
        if self.completed_on is not None:
            problem = completion_day_problem(self.completed_on, clock.today())
            if problem:
                raise ValidationError({"completed_on": problem})

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.officer.agency_id


class PolicyVersion(Audited, Record):
    """A version of the department's SRO policy (policy 436), which officers must review."""

    agency = models.ForeignKey(
        "roster.Agency", on_delete=models.PROTECT, related_name="policy_versions"
    )
    version = models.CharField(
        max_length=20,
        help_text="A short label, for example 2024-11.",
        validators=[RegexValidator(r"^[A-Za-z0-9._-]+$", "Use letters, digits, . _ or -.")],
    )
    title = models.CharField(max_length=200, default="School Resource Officers (policy 436)")
    effective_on = models.DateField()
    text = models.TextField(help_text="The full text officers read and acknowledge.")

    class Meta:
        ordering = ["-effective_on", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                "agency",
                "version",
                name="policy_version_unique_in_agency",
                violation_error_message="This agency already has a policy with this version.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title}, version {self.version}"

    def clean(self) -> None:
        """A version cannot take effect after an officer reviewed it (the review would be of a
        version that did not exist yet)."""
        if self.pk is None or self.effective_on is None:
            return
        first = self.reviews.order_by("reviewed_on").values_list("reviewed_on", flat=True).first()
        if first is not None and first < self.effective_on:
            raise ValidationError(
                {
                    "effective_on": f"An officer reviewed this version on {first}, before "
                    f"{self.effective_on}: give a day on or before {first}, or correct that "
                    "review's date."
                }
            )

    def get_absolute_url(self) -> str:
        return reverse("training:policy_version", args=[self.pk])

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.agency_id


class PolicyReview(Audited, Record):
    """An officer's dated acknowledgement of having read a policy version (policy 436.9)."""

    officer = models.ForeignKey(
        "roster.Officer", on_delete=models.PROTECT, related_name="policy_reviews"
    )
    policy_version = models.ForeignKey(
        PolicyVersion, on_delete=models.PROTECT, related_name="reviews"
    )
    reviewed_on = models.DateField()
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who recorded the review: the officer in the app, or staff entering a "
        "signed paper acknowledgement.",
    )

    class Meta:
        ordering = ["-reviewed_on"]
        constraints = [
            models.UniqueConstraint(
                "officer",
                "policy_version",
                name="one_review_per_officer_and_version",
                violation_error_message="This officer has already reviewed this version.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.officer.full_name} reviewed {self.policy_version.version}"

    def clean(self) -> None:
        """A review happened: not in the future, and not before the version took effect (a
        review of version 2024-11 dated 2022 is of a version that did not exist yet)."""
        if self.reviewed_on is None or self.policy_version_id is None:
            return
        version = self.policy_version
        if self.reviewed_on > clock.today():
            raise ValidationError(
                {"reviewed_on": f"{self.reviewed_on} is in the future: give the day of review."}
            )
        if self.reviewed_on < version.effective_on:
            raise ValidationError(
                {
                    "reviewed_on": f"Version {version.version} took effect on "
                    f"{version.effective_on}; a review of it cannot be dated {self.reviewed_on}. "
                    "Give the day the officer reviewed this version, or choose the version "
                    "they reviewed."
                }
            )

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.officer.agency_id


class ReminderSent(Audited, models.Model):
    """One reminder sent, so that each is sent once (see `sro remind`)."""

    class Kind(models.TextChoices):
        TRAINING = "training", "Required course due"
        REFRESHER = "refresher", "Refresher course due"
        REVIEW = "review", "Policy review due"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    officer = models.ForeignKey("roster.Officer", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    due_on = models.DateField()
    notice = models.CharField(max_length=10)  # "60", "30", "7" days before, or "passed"
    sent_at = models.DateTimeField()
    recipients = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                "officer", "kind", "due_on", "notice", name="reminder_sent_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} due {self.due_on}: {self.notice}"

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.officer.agency_id
