from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from sro.accounts.models import ApiToken, Membership, User
from sro.core.admin import AuditedAdmin


@admin.register(User)
class SROUserAdmin(UserAdmin):
    list_display = ["username", "first_name", "last_name", "is_active", "is_staff"]


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ["user", "role", "agency", "education_agency"]
    list_filter = ["role"]
    filter_horizontal = ["schools"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "revoked_at"]
    readonly_fields = [
        "user",
        "name",
        "prefix",
        "digest",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
