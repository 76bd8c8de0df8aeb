from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers

from sro.accounts import second_factor, services
from sro.accounts.models import ApiToken, Membership, User
from sro.core.admin import AuditedAdmin


@admin.register(User)
class SROUserAdmin(AuditedAdmin, UserAdmin):
    """Users: every save is an audit event (the password only as changed); accounts are
    disabled, never deleted, so the audit trail keeps naming who did what."""

    list_display = ["username", "first_name", "last_name", "is_active", "locked_at", "is_staff"]
    list_filter = [*UserAdmin.list_filter, "locked_at"]
    actions = ["unlock", "reset_second_factor", "reset_password", "disable"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        services.save_user_from_admin(obj, actor=request.user)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

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

    @admin.action(description="Reset the password (a temporary password, shown once)")
    def reset_password(self, request: HttpRequest, queryset: QuerySet[User]) -> HttpResponse:
        done = [
            (user, services.reset_password(user, actor=request.user, reason=self._reason(request)))
            for user in queryset.order_by("username")
        ]
        return self._temporary_passwords(request, done)

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        """Django's page would set a password the administrator types, unaudited; here it is
        the same reset as the action: confirm, then a temporary password shown once."""
        user = self.get_object(request, unquote(id))
        if user is None:
            raise Http404
        if not self.has_change_permission(request, user):
            raise PermissionDenied
        if request.method == "POST":
            temporary = services.reset_password(
                user, actor=request.user, reason=self._reason(request)
            )
            return self._temporary_passwords(request, [(user, temporary)])
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": user,
            "title": f"Reset the password of {user.get_username()}",
        }
        return TemplateResponse(request, "admin/accounts/user/reset_password.html", context)

    def _temporary_passwords(self, request: HttpRequest, done: list[Any]) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Temporary passwords",
            "done": done,
        }
        response = TemplateResponse(
            request, "admin/accounts/user/temporary_passwords.html", context
        )
        add_never_cache_headers(response)  # shown once: never from a cache
        return response

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
