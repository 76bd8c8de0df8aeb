from django.contrib import admin

from sro.core.admin import AuditedAdmin
from sro.schools.models import EducationAgency, School


@admin.register(EducationAgency)
class EducationAgencyAdmin(AuditedAdmin):
    list_display = ["name", "kind", "number", "agency"]


@admin.register(School)
class SchoolAdmin(AuditedAdmin):
    list_display = ["name", "level", "education_agency", "active"]
    list_filter = ["level", "education_agency"]
