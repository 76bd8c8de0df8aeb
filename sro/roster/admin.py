from django.contrib import admin

from sro.core.admin import AuditedAdmin
from sro.roster.models import Agency, Assignment, Officer


@admin.register(Agency)
class AgencyAdmin(AuditedAdmin):
    list_display = ["name", "chief_name", "city"]


@admin.register(Officer)
class OfficerAdmin(AuditedAdmin):
    list_display = ["last_name", "first_name", "badge_number", "post_license_number", "active"]
    list_filter = ["active", "agency"]
    search_fields = ["last_name", "first_name", "badge_number", "post_license_number"]


@admin.register(Assignment)
class AssignmentAdmin(AuditedAdmin):
    list_display = ["officer", "school", "role", "start_date", "end_date"]
    list_filter = ["role", "school"]
