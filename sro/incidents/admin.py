"""Only the offense list is in the admin: incident records hold private data and are opened
through the pages, which ask the reader's purpose and write the access log."""

from django.contrib import admin

from sro.core.admin import AuditedAdmin
from sro.incidents.models import Offense


@admin.register(Offense)
class OffenseAdmin(AuditedAdmin):
    list_display = ["citation", "title", "category", "active"]
    list_filter = ["category", "active"]
    search_fields = ["citation", "title"]
