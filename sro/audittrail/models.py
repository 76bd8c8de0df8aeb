"""Append-only records: the application can add rows, never change or remove them.

The database enforces the same with triggers (see migration 0002), so a bug or a shell session
cannot rewrite history either.
"""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit row."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit rows cannot be changed.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("Audit rows cannot be deleted.")


class AppendOnly(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("Audit rows cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit rows cannot be deleted.")


class AuditEvent(AppendOnly):
    """One write: who, what, when, to which record and school, old and new values, why."""

    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=80, db_index=True)
    target_type = models.CharField(max_length=80, db_index=True)
    target_id = models.CharField(max_length=64, db_index=True)
    target_label = models.CharField(max_length=300, blank=True)
    agency_id = models.UUIDField(null=True, blank=True, db_index=True)
    school_id = models.UUIDField(null=True, blank=True, db_index=True)
    old_values = models.JSONField(default=dict, blank=True)
    new_values = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    request_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username or 'system'} {self.action}"

    @property
    def changes(self) -> list[tuple[str, Any]]:
        """The new values as (field, value) pairs, for templates: a template's `new_values.items`
        would take a value named "items" (the default checklist's event) for the dict's method."""
        values = self.new_values if isinstance(self.new_values, dict) else {}
        return list(values.items())


class AccessLogEntry(AppendOnly):
    """One read or export of student or juvenile data, with the purpose the reader stated."""

    class Kind(models.TextChoices):
        VIEW = "view", "Viewed"
        EXPORT = "export", "Exported"
        DISCLOSE = "disclose", "Disclosed"
        # A search of the access log by a student's name (the record is the search itself).
        SEARCH = "search", "Searched by student name"

    at = models.DateTimeField(db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    username = models.CharField(max_length=150)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    record_type = models.CharField(max_length=80, db_index=True)
    record_id = models.CharField(max_length=64, db_index=True)
    record_label = models.CharField(max_length=300, blank=True)
    agency_id = models.UUIDField(null=True, blank=True, db_index=True)
    school_id = models.UUIDField(null=True, blank=True, db_index=True)
    purpose = models.TextField()
    request_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "access log entries"
        # An agency's entries newest first, and a range of dates of them, without reading the
        # agency's whole log (the search pages; bench/pages.py).
        indexes = [models.Index(fields=["agency_id", "-at", "-id"], name="access_log_agency_at")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(purpose=""), name="access_log_purpose_required"
            )
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.kind} {self.record_type}"
