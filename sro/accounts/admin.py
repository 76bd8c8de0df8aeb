from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from sro.accounts import second_factor, services
from sro.accounts.models import ApiToken, Membership, User
from sro.core.admin import AuditedAdmin


@admin.register(User)
class SROUserAdmin(UserAdmin):
    list_display = ["username", "first_name", "last_name", "is_active", "locked_at", "is_staff"]
    list_filter = [*UserAdmin.list_filter, "locked_at"]
    actions = ["unlock", "reset_second_factor", "disable"]

    def _reason(self, request: HttpRequest) -> str:
        return f"From the administration site by {request.user.get_username()}."

    @admin.action(description="Unlock the selected accounts (after failed sign-ins)")
    def unlock(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset.exclude(locked_at=None):
            services.unlock_account(user, actor=request.user, reason=self._reason(request))
        self.message_user(request, "Unlocked.")

    @admin.action(description="Reset the second factor (a lost phone): they enrol again")
    def reset_second_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            second_factor.reset_second_factor(
                user, actor=request.user, reason=self._reason(request)
            )
        self.message_user(request, "Second factor reset; their sessions ended.")

    @admin.action(description="Disable the selected accounts and end their sessions")
    def disable(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset.filter(is_active=True):
            services.disable_account(user, actor=request.user, reason=self._reason(request))
        self.message_user(request, "Disabled; their sessions ended.")


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
