"""Only the audit checklist is in the admin: audits, their photos, plans, drills and events are
security information (Minn. Stat. 13.37, subd. 1(a)) kept to the pages, which check each
reader's scope. Checklist areas and items are switched off rather than deleted, so the item an
audit answered stays on record (an answer keeps the item's words in any case)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sro.core.admin import AuditedAdmin
from sro.safety.models import ChecklistArea, ChecklistItem


class _KeptAdmin(AuditedAdmin):
    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ChecklistArea)
class ChecklistAreaAdmin(_KeptAdmin):
    list_display = ["name", "agency", "order", "active"]
    list_filter = ["active", "agency"]
    search_fields = ["name", "source"]


@admin.register(ChecklistItem)
class ChecklistItemAdmin(_KeptAdmin):
    list_display = ["prompt", "area", "order", "active"]
    list_filter = ["active", "area"]
    search_fields = ["prompt", "guidance"]
    list_select_related = ["area"]
