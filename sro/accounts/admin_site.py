"""The administration site as the rest of the sign-in rules want it: the same notice and
username check at its sign-in as at `/login/`, nothing for a session whose second factor is not
verified, and its own password change replaced by the site's (which asks for a fresh code)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect


class SROAdminSite(admin.AdminSite):
    login_template = "admin/sro_login.html"

    @property
    def login_form(self) -> Any:  # type: ignore[override]
        from sro.accounts.views import AdminSignInForm  # imports the user model: not at load

        return AdminSignInForm

    def has_permission(self, request: HttpRequest) -> bool:
        # SecondFactorMiddleware already sends such a session to the code page; this holds even
        # if the middleware's list of open paths is ever widened by mistake.
        verified = getattr(request.user, "is_verified", None)
        return super().has_permission(request) and callable(verified) and bool(verified())

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        context = {"login_banner": settings.SRO_LOGIN_BANNER, **(extra_context or {})}
        return super().login(request, extra_context=context)

    def password_change(  # type: ignore[override]  # a redirect, not the admin's own page
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """The site's own page: it asks for a fresh second-factor code and writes an audit
        event, which the admin's own page would not."""
        return redirect("password_change")


class SROAdminConfig(AdminConfig):
    default_site = "sro.accounts.admin_site.SROAdminSite"
