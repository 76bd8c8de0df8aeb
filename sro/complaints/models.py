"""Complaints about an SRO, made by the public: received with a reference number, routed to the
chief, reviewed and closed with an outcome.

A complaint about an officer is personnel data (Minn. Stat. 13.43): the complainant's identity
and contact details and the account of what happened are kept out of every list, the audit
trail's old and new values (``PRIVATE_FIELDS``) and every public page; the chief and auditors
read them on the complaint's own page.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse

from sro.audittrail.guard import Audited
from sro.core.models import Record

NARRATIVE_MAX = 5000

# Recorded in the audit trail as changed, never with their values.
PRIVATE_FIELDS = frozenset(
    {
        "narrative",
        "officer_name_given",
        "complainant_name",
        "complainant_email",
        "complainant_phone",
        "outcome_note",
    }
)


class Status(models.TextChoices):
    RECEIVED = "received", "Received"
    UNDER_REVIEW = "under_review", "Under review"
    CLOSED = "closed", "Closed"


class Outcome(models.TextChoices):
    """The usual findings of a police complaint investigation."""

    SUSTAINED = "sustained", "Sustained"
    NOT_SUSTAINED = "not_sustained", "Not sustained"
    EXONERATED = "exonerated", "Exonerated"
    UNFOUNDED = "unfounded", "Unfounded"
    POLICY_FAILURE = "policy_failure", "Policy failure"
    WITHDRAWN = "withdrawn", "Withdrawn"
    RESOLVED_INFORMALLY = "resolved_informally", "Resolved informally"


OUTCOME_HELP = {
    Outcome.SUSTAINED: "The officer did what was complained of, and it broke policy or law.",
    Outcome.NOT_SUSTAINED: "The review could not show whether it happened.",
    Outcome.EXONERATED: "It happened, and it was lawful and within policy.",
    Outcome.UNFOUNDED: "It did not happen, or the officer was not involved.",
    Outcome.POLICY_FAILURE: "The officer followed policy; the policy itself was at fault.",
    Outcome.WITHDRAWN: "The complainant withdrew the complaint.",
    Outcome.RESOLVED_INFORMALLY: "Settled with the complainant without a finding.",
}


class Complaint(Audited, Record):
    agency = models.ForeignKey("roster.Agency", on_delete=models.PROTECT, related_name="complaints")
    reference = models.CharField(
        max_length=20, help_text="The number the complainant was given, such as C-2026-0007."
    )
    received_at = models.DateTimeField("received")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when the complainant used the public form.",
    )
    school = models.ForeignKey(
        "schools.School",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Where it happened, if at a school the department serves.",
    )
    officer = models.ForeignKey(
        "roster.Officer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        help_text="The officer complained about, once the department has identified them.",
    )
    officer_name_given = models.CharField(
        "officer's name as given",
        max_length=200,
        blank=True,
        help_text="The officer's name or badge number as the complainant gave it, if they knew.",
    )
    narrative = models.TextField("what happened", max_length=NARRATIVE_MAX)
    occurred_on = models.DateField("when it happened", null=True, blank=True)
    complainant_name = models.CharField("name", max_length=200, blank=True)
    complainant_email = models.EmailField("e-mail", blank=True)
    complainant_phone = models.CharField("phone", max_length=40, blank=True)
    reply_wanted = models.BooleanField("the complainant wants a reply", default=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RECEIVED)
    acknowledged_at = models.DateTimeField("review started", null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    outcome_on = models.DateField("outcome date", null=True, blank=True)
    outcome_note = models.TextField("note on the outcome", max_length=NARRATIVE_MAX, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "reference"], name="complaint_reference_unique"
            )
        ]

    def __str__(self) -> str:
        return f"Complaint {self.reference}"

    def get_absolute_url(self) -> str:
        return reverse("complaints:complaint", args=[self.pk])

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.agency_id

    @property
    def audit_school_id(self) -> uuid.UUID | None:
        return self.school_id


# --- The public form's spam measures (sro/complaints/spam.py) -------------------------------
# Bookkeeping in the database, so that every worker and every server counts the same: no
# one's data, so not audited, and pruned as each new complaint is received.


class UsedFormStamp(models.Model):
    """The nonce of a form stamp that brought a complaint: the same stamp is refused after
    that. Kept while the stamp could still be valid (a day)."""

    nonce = models.CharField(max_length=64, primary_key=True)
    used_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"stamp used {self.used_at:%Y-%m-%d %H:%M}"


class FormSubmission(models.Model):
    """A complaint received through the public form, for the limit per network address. The
    address is kept only as a keyed hash (an anonymous complainant's address is not stored),
    and only for the hour the limit counts."""

    address = models.CharField(max_length=64)
    sent_at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [
            models.Index(fields=["address", "sent_at"], name="complaint_sent_address_at"),
        ]

    def __str__(self) -> str:
        return f"sent {self.sent_at:%Y-%m-%d %H:%M}"
