"""Sign-in events into the audit trail (log-ins, failures, lockouts), the start of each session
for its twelve-hour limit, and the account lock that follows repeated failures: django-axes
counts the failures per username; when it reaches the limit the account itself is locked until
an administrator unlocks it (the axes count alone would lapse after the window)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from sro.accounts.middleware import SIGNED_IN_AT
from sro.core import clock
from sro.core.client_ip import client_ip


def _client(request: Any) -> dict[str, str]:
    if request is None:
        return {}
    return {"ip_address": client_ip(request) or ""}


@receiver(user_logged_in, dispatch_uid="sro.accounts.logged_in")
def logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from sro.accounts.services import record_sign_in

    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = clock.now().isoformat()
    record_sign_in(user, actor=user, client=_client(request))


@receiver(user_login_failed, dispatch_uid="sro.accounts.login_failed")
def login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kw: Any) -> None:
    from sro.accounts.services import record_failed_sign_in

    username = str(credentials.get("username", ""))[:150]
    record_failed_sign_in(username, actor=None, client=_client(request))


def connect_lockout() -> None:
    from axes.signals import user_locked_out

    user_locked_out.connect(locked_out, dispatch_uid="sro.accounts.locked_out")


def locked_out(sender: Any, request: Any, username: str | None, **kwargs: Any) -> None:
    from sro.accounts.models import User
    from sro.accounts.services import lock_account

    user = User.objects.filter(username=username).first() if username else None
    lock_account(user, username or "", actor=None, client=_client(request))
