"""Legal holds: a record under a hold (litigation, a data request being answered, an audit) is
never destroyed or anonymised by the retention run, whatever its schedule says."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from sro.audittrail.guard import Audited
from sro.core.models import Record


class LegalHold(Audited, Record):
    agency = models.ForeignKey("roster.Agency", on_delete=models.PROTECT, related_name="holds")
    record_type = models.CharField(
        max_length=80, help_text="The record's type, as the access log names it."
    )
    record_id = models.CharField(max_length=64, db_index=True)
    reason = models.TextField()
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Legal hold on {self.record_type} {self.record_id}"

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.agency_id


class RequestStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    REVIEWED = "reviewed", "Reviewed: ready to release"
    RELEASED = "released", "Released"


class DataRequest(Audited, Record):
    """A request for incident data (Minnesota Government Data Practices Act): who asked and when,
    which records answer it, the review of the release copy, and what was released to whom."""

    agency = models.ForeignKey(
        "roster.Agency", on_delete=models.PROTECT, related_name="data_requests"
    )
    received_on = models.DateField("received")
    requester_kind = models.CharField(
        "who is asking",
        max_length=10,
        choices=[
            ("public", "A member of the public"),
            ("subject", "The person the data are about"),
            ("parent", "A parent of a minor the data are about"),
            ("agency", "Another government agency"),
        ],
    )
    requester_name = models.CharField("requester's name", max_length=200)
    requester_contact = models.CharField("how to reach them", max_length=300, blank=True)
    description = models.TextField("what they asked for")
    incidents = models.ManyToManyField(
        "incidents.Incident", blank=True, related_name="data_requests", verbose_name="records"
    )
    about = models.ForeignKey(
        "incidents.IncidentPerson",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="the person the data are about",
        help_text="For the data subject or a parent: the person (or child) in the record.",
    )
    minor_withheld = models.BooleanField(
        "the minor asked to withhold from the parent",
        default=False,
        help_text="Only when the responsible authority found it in the minor's best interest "
        "(Minn. R. 1205.0500).",
    )
    minor_withheld_reason = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)
    released_how = models.CharField("released how", max_length=200, blank=True)

    class Meta:
        ordering = ["-received_on", "-created_at"]

    def __str__(self) -> str:
        return f"Data request of {self.received_on} ({self.get_requester_kind_display()})"

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.agency_id

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("records:request", args=[self.pk])


class EducationRecord(Audited, Record):
    """An education record a school shared with the SRO (for example a behaviour plan or an
    attendance summary), tagged with the school and the purpose the contract lists. It is used
    only for that purpose and never re-disclosed by the department (34 CFR 99.33): no release
    copy includes it."""

    incident = models.ForeignKey(
        "incidents.Incident", on_delete=models.PROTECT, related_name="education_records"
    )
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(
        max_length=300, help_text="One of the purposes the school's contract lists."
    )
    received_on = models.DateField("received")
    description = models.CharField(
        max_length=300, help_text="What it is, without the student's name."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-received_on"]

    def __str__(self) -> str:
        return f"Education record from {self.school} ({self.received_on})"

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.incident.agency_id

    @property
    def audit_school_id(self) -> uuid.UUID:
        return self.school_id
