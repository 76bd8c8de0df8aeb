"""Ending a user's sessions (database sessions): when the account is disabled, its second
factor or password reset, or its password changed, every browser signed in as them is signed
out at once. A reset also revokes the user's API tokens: an administrator resets an account
whose holder can no longer prove who they are, and a token made before could be in anyone's
hands."""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.models import Session

from sro.core import clock


def end_sessions(user: Any, *, keep: str | None = None) -> int:
    """End every session signed in as ``user`` but the one keyed ``keep`` (the browser that
    changed its own password goes on); returns how many ended."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=clock.now()).iterator():
        if session.session_key == keep:
            continue
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    return ended


def revoke_tokens(user: Any) -> int:
    """Revoke every live API token of ``user`` (the caller's audit event counts them); returns
    how many were revoked."""
    from sro.accounts.models import ApiToken

    return ApiToken.objects.filter(user=user, revoked_at=None).update(revoked_at=clock.now())
