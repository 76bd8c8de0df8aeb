"""Complaints in the admin: read-only, and without the complainant or what they wrote (personnel
data, Minn. Stat. 13.43). The chief handles complaints on the pages, where every step is an
audited service; staff can see only that a complaint exists, its status and its outcome."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sro.complaints.models import Complaint
from sro.core.admin import AuditedAdmin

SHOWN: list[Any] = [
    "reference",
    "agency",
    "received_at",
    "school",
    "officer",
    "status",
    "acknowledged_at",
    "outcome",
    "outcome_on",
    "closed_at",
]


@admin.register(Complaint)
class ComplaintAdmin(AuditedAdmin):
    list_display = ["reference", "agency", "received_at", "status", "outcome", "outcome_on"]
    list_filter = ["status", "outcome", "agency"]
    search_fields = ["reference"]
    fields = SHOWN
    readonly_fields = SHOWN

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
