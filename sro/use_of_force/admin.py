"""Only the list of kinds of force is in the admin: reports are opened through the pages, which
ask the reader's purpose for private text and write the access log."""

from django.contrib import admin

from sro.core.admin import AuditedAdmin
from sro.use_of_force.models import ForceType


@admin.register(ForceType)
class ForceTypeAdmin(AuditedAdmin):
    list_display = ["label", "code", "restricted", "active", "order"]
    list_filter = ["restricted", "active"]
    search_fields = ["label", "code"]
