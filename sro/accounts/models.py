"""Users (Django's auth), memberships that give a role and a scope, and API tokens."""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django_otp.models import Device

from sro.audittrail.guard import Audited


class User(AbstractUser):  # type: ignore[django-manager-missing]  # django-otp devices
    """Django's user; the role and scope live on the membership."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    locked_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Set after repeated failed sign-ins; the account stays locked until an "
        "administrator unlocks it.",
    )
    disabled_reason = models.CharField(max_length=300, blank=True)
    otp_failures = models.PositiveSmallIntegerField(
        "failed second-factor codes in a row",
        default=0,
        help_text="Reset by a good code; at SRO_OTP_FAILURES the account is locked.",
    )
    must_change_password = models.BooleanField(
        default=False,
        help_text="Set when an administrator resets the password: after signing in with the "
        "temporary password the user chooses a new one before anything else.",
    )


class Role(models.TextChoices):
    CHIEF = "chief", "Chief"
    SERGEANT = "sergeant", "Sergeant"
    SRO = "sro", "School resource officer"
    RECORDS = "records", "Records staff"
    SCHOOL_ADMIN = "school_admin", "School administrator"
    AUDITOR = "auditor", "Auditor"
    # Reads any agency, one at a time, with the auditor's read-only grants; for a state
    # oversight body on a deployment shared by many agencies.
    STATE_AUDITOR = "state_auditor", "State auditor (every agency, read only)"


class Membership(Audited, models.Model):
    """A user's role in one agency; a school administrator is further limited to a district
    or to listed schools. A state auditor's agency is the one they are reading now: they
    change it themselves (`read_agency`), each change in the audit trail."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    agency = models.ForeignKey("roster.Agency", on_delete=models.PROTECT, related_name="members")
    education_agency = models.ForeignKey(
        "schools.EducationAgency",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        verbose_name="district or charter school",
        help_text="For a school administrator: every school of this district.",
    )
    schools = models.ManyToManyField(
        "schools.School",
        blank=True,
        related_name="members",
        help_text="For a school administrator: only these schools.",
    )

    def __str__(self) -> str:
        return f"{self.user.username}: {self.get_role_display()} at {self.agency}"

    @property
    def audit_agency_id(self) -> uuid.UUID:
        return self.agency_id


class ApiToken(Audited, models.Model):
    """A per-user API token for scripts. Only a SHA-256 digest is stored; revoked is final."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )

    class Scope(models.TextChoices):
        READ = "read", "Read only"
        WRITE = "write", "Read and write"

    name = models.CharField(max_length=100)
    scope = models.CharField(
        max_length=5,
        choices=Scope.choices,
        default=Scope.READ,
        help_text="A read-only token cannot change anything, whatever the user's role allows.",
    )
    prefix = models.CharField(max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    @property
    def audit_agency_id(self) -> uuid.UUID | None:
        membership = getattr(self.user, "membership", None)
        return membership.agency_id if membership else None


class RecoveryCodeDevice(Device):
    """Single-use recovery codes for when the authenticator app is lost (a django-otp device).
    Only each code's SHA-256 digest is stored: the codes are random, so a fast hash is enough,
    as for API tokens."""

    class Meta(Device.Meta):
        verbose_name = "recovery codes"

    def verify_token(self, token: str) -> bool:
        digest = recovery_digest(token)
        code = self.codes.filter(digest=digest, used_at__isnull=True).first()
        if code is None:
            return False
        code.used_at = timezone.now()
        code.save(update_fields=["used_at"])
        return True


class RecoveryCode(models.Model):
    device = models.ForeignKey(RecoveryCodeDevice, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return "recovery code (used)" if self.used_at else "recovery code"


def recovery_digest(token: str) -> str:
    """The digest of a recovery code as typed: case, spaces and dashes do not matter."""
    normal = "".join(ch for ch in token.lower() if ch.isalnum())
    return hashlib.sha256(normal.encode()).hexdigest()
