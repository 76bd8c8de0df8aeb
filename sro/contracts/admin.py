from django.contrib import admin

from sro.contracts.models import Contract
from sro.core.admin import AuditedAdmin


@admin.register(Contract)
class ContractAdmin(AuditedAdmin):
    list_display = ["title", "education_agency", "start_date", "end_date"]
    filter_horizontal = ["schools"]
