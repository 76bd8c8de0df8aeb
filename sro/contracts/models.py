"""SRO contracts (policy 436.3.1; Minn. Stat. 626.8482 subd. 2): terms and their history, the
required contents checklist, signed documents with the clause finder's proposals, and the public
notification that an SRO will be present (model policy IV.A.1.iv)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from sro.audittrail.guard import Audited
from sro.core import clock, dates
from sro.core.filecheck import stored_extension
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
    data_purposes = models.TextField(
        "purposes for sharing student data",
        blank=True,
        help_text="One per line: the purposes the contract lists for which education records are "
        "shared with the agency and the SRO (model policy IV.H.1). Staff choose one of these "
        "before a student's identity is shown.",
    )

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
        term_problems(self)

    @property
    def purposes(self) -> list[str]:
        return [line.strip() for line in self.data_purposes.splitlines() if line.strip()]

    @property
    def term_label(self) -> str:
        end = self.end_date.isoformat() if self.end_date else "open-ended"
        return f"{self.start_date.isoformat()} to {end}"

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.agency_id


def term_problems(record: Contract | ContractChange) -> None:
    """What cannot be true of a contract's term or of a step in its history, each on its field:
    a term that ends before it starts, and a signature dated in the future (signing happened)."""
    errors: dict[str, str] = {}
    start, end = record.start_date, record.end_date
    if start and end and end < start:
        errors["end_date"] = (
            f"The term ends ({end}) before it starts ({start}). Enter an end on or after the "
            "start, or leave it empty."
        )
    if record.signed_on and record.signed_on > clock.today():
        errors["signed_on"] = (
            f"{record.signed_on} is in the future: give the day it was signed, or leave it "
            "empty until it is."
        )
    if errors:
        raise ValidationError(errors)


class ChangeKind(models.TextChoices):
    ORIGINAL = "original", "Original agreement"
    RENEWAL = "renewal", "Renewal"
    AMENDMENT = "amendment", "Amendment"


class ContractChange(Audited, Record):
    """One step in a contract's history: the original term, a renewal or an amendment.

    Rows are only added: the contract's current term is the latest step's, and earlier steps stay
    as they were signed.
    """

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="changes")
    kind = models.CharField(max_length=10, choices=ChangeKind.choices)
    effective_on = models.DateField("takes effect")
    signed_on = models.DateField(null=True, blank=True)
    start_date = models.DateField("term starts")
    end_date = models.DateField("term ends", null=True, blank=True)
    summary = models.TextField(help_text="What this step changed, in a sentence or two.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-effective_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.effective_on:%Y-%m-%d}"

    def clean(self) -> None:
        term_problems(self)

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.contract.agency_id


class ItemStatus(models.TextChoices):
    PRESENT = "present", "Present"
    MISSING = "missing", "Missing"


class ContractItem(Audited, Record):
    """A person's finding on one required item of one contract (an item without a row is not
    yet reviewed)."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="items")
    item = models.CharField(max_length=30)
    status = models.CharField(max_length=7, choices=ItemStatus.choices)
    section = models.CharField(
        max_length=100, blank=True, help_text="Where the contract covers it, e.g. section 6.4."
    )
    note = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField()

    class Meta:
        ordering = ["item"]
        constraints = [
            models.UniqueConstraint(
                "contract",
                "item",
                name="one_finding_per_contract_item",
                violation_error_message="This item already has a finding; change it instead.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.status}"

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.contract.agency_id


def document_path(instance: ContractDocument, filename: str) -> str:
    # The stored name never uses the uploader's file name.
    extension = stored_extension(filename)
    return f"contracts/{instance.contract_id}/{uuid.uuid4().hex}.{extension}"


class DocumentKind(models.TextChoices):
    AGREEMENT = "agreement", "Signed agreement"
    AMENDMENT = "amendment", "Amendment"
    RENEWAL = "renewal", "Renewal"
    EXHIBIT = "exhibit", "Exhibit or attachment"


class ContractDocument(Audited, Record):
    """A signed document of a contract, stored through Django's storage API, with its text."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=10, choices=DocumentKind.choices)
    file = models.FileField(upload_to=document_path)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    text = models.TextField(blank=True)
    pages = models.PositiveIntegerField(default=1)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.contract.agency_id


class Decision(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    CONFIRMED = "confirmed", "Confirmed"
    REJECTED = "rejected", "Rejected"


class ClauseProposal(Audited, Record):
    """A passage the clause finder proposes for an item; only a person's confirmation makes the
    item present."""

    document = models.ForeignKey(
        ContractDocument, on_delete=models.PROTECT, related_name="proposals"
    )
    item = models.CharField(max_length=30)
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()
    excerpt = models.TextField()
    location = models.CharField(max_length=100)
    decision = models.CharField(max_length=9, choices=Decision.choices, default=Decision.PROPOSED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["item", "rank"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(decision="proposed", decided_by__isnull=True, decided_at__isnull=True)
                    | (
                        ~models.Q(decision="proposed")
                        & models.Q(decided_by__isnull=False, decided_at__isnull=False)
                    )
                ),
                name="proposal_decision_has_who_and_when",
            )
        ]

    def __str__(self) -> str:
        return f"{self.item} at {self.location} ({self.score:.2f})"

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.document.contract.agency_id


class Channel(models.TextChoices):
    LETTER = "letter", "Letter home"
    WEBSITE = "website", "School or district website"
    HANDBOOK = "handbook", "Student handbook"
    MEETING = "meeting", "Meeting"
    EMAIL = "email", "Email or message to families"


def validate_school_year(value: str) -> None:
    if dates.parse_school_year(value) is None:
        raise ValidationError(dates.school_year_error(value))


class Notification(Audited, Record):
    """Public notification that an SRO will be present at a school in a school year (model policy
    IV.A.1.iv; policy 436.3.1(d))."""

    school = models.ForeignKey(
        "schools.School", on_delete=models.PROTECT, related_name="sro_notifications"
    )
    school_year = models.CharField(
        max_length=7, help_text="For example 2026-27.", validators=[validate_school_year]
    )
    sent_on = models.DateField("given on")
    channel = models.CharField(max_length=8, choices=Channel.choices)
    sent_by = models.CharField(
        max_length=200, help_text="Who gave the notice, e.g. the principal or the district office."
    )
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-school_year", "-sent_on"]

    def __str__(self) -> str:
        return f"{self.school} {self.school_year}: {self.get_channel_display()}"

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.school.education_agency.agency_id


class NoticeTemplate(Audited, Record):
    """The agency's editable text of the notice letter to families."""

    agency = models.OneToOneField(
        "roster.Agency", on_delete=models.PROTECT, related_name="notice_template"
    )
    subject = models.CharField(max_length=200)
    body = models.TextField()

    def __str__(self) -> str:
        return self.subject

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.agency_id
