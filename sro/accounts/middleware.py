"""Ends a session twelve hours (SRO_SESSION_MAX_HOURS) after sign-in however busy it was; the
idle limit is Django's own (SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from sro.core import clock

SIGNED_IN_AT = "sro_signed_in_at"


class SessionLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            started = request.session.get(SIGNED_IN_AT)
            limit = dt.timedelta(hours=settings.SRO_SESSION_MAX_HOURS)
            if started is None or clock.now() - dt.datetime.fromisoformat(started) > limit:
                logout(request)
                messages.info(request, "Your session has ended. Sign in again to go on.")
                if request.path.startswith("/api/"):
                    return HttpResponse("Your session has ended.", status=401)
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)


# What a signed-in session may reach before its second factor is verified: the code page, sign-out
# and sign-in (exact paths, not prefixes: the pen test of issue 23 got recovery codes from a page
# under the code page's prefix), and what anyone may see without signing in. First enrolment
# (SETUP) only while the account has no authenticator.
UNVERIFIED_PATHS = frozenset({"/account/two-factor/", "/logout/", "/login/"})
PUBLIC_PREFIXES = ("/static/", "/public/", "/favicon")
SETUP = "/account/two-factor/setup/"
# What a verified session may reach while it must replace a temporary password.
PASSWORD_PATHS = frozenset({"/account/password/", "/logout/"})


def reachable_unverified(path: str, user: Any) -> bool:
    """Whether a signed-in session whose second factor is not verified may open ``path``."""
    if path in UNVERIFIED_PATHS or path.startswith(PUBLIC_PREFIXES):
        return True
    if path == SETUP:
        from sro.accounts.second_factor import confirmed_totp

        return confirmed_totp(user) is None
    return False


class SecondFactorMiddleware:
    """No record before the second factor: a signed-in session whose code is not verified is
    sent to enrol or verify; for the API such a session is anonymous (401 unless a per-user
    token is given). The admin site and the views that change the second factor check it too.
    After an administrator's password reset, a verified session is sent to choose a new
    password before anything else, in the same way."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        if not user.is_verified() and not reachable_unverified(request.path, user):
            return self._hold(request, reverse("second_factor"))
        if (
            user.is_verified()
            and getattr(user, "must_change_password", False)
            and request.path not in PASSWORD_PATHS
            and not request.path.startswith(PUBLIC_PREFIXES)
        ):
            return self._hold(request, reverse("password_change"))
        return self.get_response(request)

    def _hold(self, request: HttpRequest, page: str) -> HttpResponse:
        if request.path.startswith("/api/"):
            # The session does not count for the API until then: only a token may call.
            request.user = AnonymousUser()
            return self.get_response(request)
        return redirect(f"{page}?next={request.get_full_path()}")
