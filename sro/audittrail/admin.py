"""Read-only admin views of the audit trail and access log: no add, change or delete."""

from typing import Any

from django.contrib import admin

from sro.audittrail.models import AccessLogEntry, AuditEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_username", "action", "target_type", "target_label"]
    list_filter = ["action", "target_type"]
    search_fields = ["actor_username", "target_label", "target_id", "request_id"]


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "username", "kind", "record_type", "record_label", "purpose"]
    list_filter = ["kind", "record_type"]
    search_fields = ["username", "record_id", "purpose"]
