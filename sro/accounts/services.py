"""Writes to accounts: users with their membership, and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from typing import Any

from sro.accounts.models import ApiToken, Membership, User
from sro.audittrail.services import audited, record_event, save_audited
from sro.core import clock

TOKEN_PREFIX = "sro_"  # noqa: S105 - a public marker, not a secret


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@audited
def create_member(
    *,
    actor: Any,
    username: str,
    password: str,
    role: str,
    agency: Any,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    education_agency: Any = None,
    schools: Iterable[Any] = (),
) -> User:
    """A new user with a role in an agency (and, for school administrators, their schools)."""
    user = User.objects.create_user(
        username=username,
        password=password,
        first_name=first_name,
        last_name=last_name,
        email=email,
    )
    membership = Membership(user=user, role=role, agency=agency, education_agency=education_agency)
    save_audited(
        membership, actor=actor, action="membership.create", m2m={"schools": list(schools)}
    )
    return user


@audited
def issue_api_token(*, actor: Any, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token; the raw value is returned once and never stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, prefix=raw[:12], digest=token_digest(raw), created_at=clock.now()
    )
    record_event(actor=actor, action="api_token.issue", target=token, new={"name": name})
    return token, raw


@audited
def revoke_api_token(token: ApiToken, *, actor: Any) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
    record_event(actor=actor, action="api_token.revoke", target=token)
    return token


def authenticate_token(raw: str) -> User | None:
    """The active token's user, or None. Updates last use at most once a minute."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = clock.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        # Bookkeeping only: not an audited change of the token.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
