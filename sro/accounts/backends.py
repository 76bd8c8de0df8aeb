"""Django's own authentication, refusing an account that is locked after repeated failed
log-ins until an administrator unlocks it; and the same rule for every other way in."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest


class UnlockedModelBackend(ModelBackend):
    def user_can_authenticate(self, user: Any) -> bool:
        return super().user_can_authenticate(user) and getattr(user, "locked_at", None) is None


def account_usable(user: Any, request: HttpRequest | None = None) -> bool:
    """Whether the account may act at all, however it comes in (session, API token, calendar
    feed): active, not locked by the project (``locked_at``, until an administrator unlocks it)
    and, with a request at hand, not under a django-axes lockout. The same rule as sign-in
    (UnlockedModelBackend, which also turns such an account's sessions anonymous)."""
    from axes.handlers.proxy import AxesProxyHandler

    if not UnlockedModelBackend().user_can_authenticate(user):
        return False
    if request is None:
        return True
    AxesProxyHandler.update_request(request)
    return not AxesProxyHandler.is_locked(request, {"username": user.get_username()})
