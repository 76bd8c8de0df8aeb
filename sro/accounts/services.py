"""Writes to accounts: users with their membership, and API tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest

from sro.accounts.backends import account_usable
from sro.accounts.models import ApiToken, Membership, Role, User
from sro.accounts.sessions import end_sessions, revoke_tokens
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
def read_agency(membership: Membership, agency: Any, *, actor: Any) -> Membership:
    """A state auditor turns to another agency's records (read only, like its own auditor).
    The change is in the audit trail, so who read which agency when is on record."""
    if membership.role != Role.STATE_AUDITOR:
        raise ValidationError("Only a state auditor reads other agencies.")
    membership.agency = agency
    save_audited(membership, actor=actor, action="membership.read_agency")
    return membership


@audited
def issue_api_token(
    *, actor: Any, user: User, name: str, scope: str = ApiToken.Scope.READ
) -> tuple[ApiToken, str]:
    """Create a token (read-only unless asked); the raw value is returned once, never stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        scope=scope,
        prefix=raw[:12],
        digest=token_digest(raw),
        created_at=clock.now(),
    )
    record_event(
        actor=actor, action="api_token.issue", target=token, new={"name": name, "scope": scope}
    )
    return token, raw


@audited
def revoke_api_token(token: ApiToken, *, actor: Any) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at"])
    record_event(actor=actor, action="api_token.revoke", target=token)
    return token


def authenticate_token(raw: str, request: HttpRequest | None = None) -> ApiToken | None:
    """The active token of a usable account (with its user), or None: a revoked token, or one
    whose account is disabled or locked, opens nothing. Updates last use at most once a
    minute."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not account_usable(token.user, request):
        return None
    now = clock.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        # Bookkeeping only: not an audited change of the token.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


# --- Sign-in, lockout and disabled accounts ------------------------------------------------------


def _agency_of(user: User | None) -> Any:
    membership = getattr(user, "membership", None) if user is not None else None
    return membership.agency_id if membership is not None else None


@audited
def record_sign_in(user: User, *, actor: Any, client: dict[str, str]) -> None:
    record_event(
        actor=actor,
        action="auth.login",
        target=user,
        agency=_agency_of(user),
        new=client,
    )


@audited
def record_failed_sign_in(username: str, *, actor: Any, client: dict[str, str]) -> None:
    """A failed sign-in, with the user name tried (never the password)."""
    user = User.objects.filter(username=username).first()
    record_event(
        actor=actor,
        action="auth.login_failed",
        target_type="accounts.user",
        target_id=str(user.pk) if user else "",
        agency=_agency_of(user),
        new={"username": username, **client},
    )


@audited
def lock_account(user: User | None, username: str, *, actor: Any, client: dict[str, str]) -> None:
    """Lock the account after repeated failed sign-ins, until an administrator unlocks it."""
    if user is not None and user.locked_at is None:
        user.locked_at = clock.now()
        user.save(update_fields=["locked_at"])
    record_event(
        actor=actor,
        action="auth.locked_out",
        target_type="accounts.user",
        target_id=str(user.pk) if user else "",
        agency=_agency_of(user),
        new={"username": username, **client},
    )


@audited
def unlock_account(user: User, *, actor: Any, reason: str) -> None:
    """Unlock a locked account and clear its failed sign-ins and second-factor codes (left
    at the limit, one slip would lock it again)."""
    from axes.utils import reset

    if not reason.strip():
        raise ValidationError({"reason": "Say why the account is unlocked."})
    old = {"locked_at": user.locked_at.isoformat() if user.locked_at else None}
    user.locked_at = None
    user.otp_failures = 0
    user.save(update_fields=["locked_at", "otp_failures"])
    reset(username=user.username)
    record_event(
        actor=actor,
        action="auth.unlocked",
        target=user,
        agency=_agency_of(user),
        old=old,
        new={"locked_at": None},
        reason=reason,
    )


@audited
def disable_account(user: User, *, actor: Any, reason: str) -> int:
    """Disable an account and end its sessions at once; returns how many sessions ended."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why the account is disabled."})
    user.is_active = False
    user.disabled_reason = reason.strip()[:300]
    user.save(update_fields=["is_active", "disabled_reason"])
    ended = end_sessions(user)
    record_event(
        actor=actor,
        action="auth.disabled",
        target=user,
        agency=_agency_of(user),
        old={"is_active": True},
        new={"is_active": False, "sessions_ended": ended},
        reason=reason,
    )
    return ended


# --- Passwords -----------------------------------------------------------------------------------

TEMPORARY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread aloud


@audited
def change_password(
    user: User, new_password: str, *, actor: Any, keep_session: str | None = None
) -> int:
    """Set the user's new password (the project's validators apply) and end their other
    sessions (``keep_session``: the one that made the change). Returns how many ended. The page
    asks first for the current password and a fresh second-factor code."""
    validate_password(new_password, user)
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    ended = end_sessions(user, keep=keep_session)
    record_event(
        actor=actor,
        action="auth.password_changed",
        target=user,
        agency=_agency_of(user),
        new={"sessions_ended": ended},
    )
    return ended


def _temporary_password(user: User) -> str:
    while True:  # about 100 bits: the validators refuse such a password almost never
        raw = "".join(secrets.choice(TEMPORARY_ALPHABET) for _ in range(20))
        candidate = "-".join(raw[i : i + 5] for i in range(0, 20, 5))
        try:
            validate_password(candidate, user)
        except ValidationError:
            continue
        return candidate


@audited
def reset_password(user: User, *, actor: Any, reason: str) -> str:
    """An administrator's reset of a forgotten password: a temporary password, returned once to
    be handed over (never stored or logged in clear), that the user must replace at the next
    sign-in; every session of the user ends and their API tokens are revoked. The lock and the
    second factor are untouched."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why the password is reset."})
    temporary = _temporary_password(user)
    user.set_password(temporary)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    ended = end_sessions(user)
    revoked = revoke_tokens(user)
    record_event(
        actor=actor,
        action="auth.password_reset",
        target=user,
        agency=_agency_of(user),
        new={"must_change_password": True, "sessions_ended": ended, "tokens_revoked": revoked},
        reason=reason,
    )
    return temporary


@audited
def expire_inactive_accounts(*, actor: Any, as_of: dt.datetime, days: int) -> list[str]:
    """Disable active accounts with no sign-in for ``days`` (never signed in: counted from when
    the account was made); returns their user names."""
    cutoff = as_of - dt.timedelta(days=days)
    stale = User.objects.filter(is_active=True).filter(
        Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff)
    )
    names = []
    for user in stale.order_by("username"):
        disable_account(user, actor=actor, reason=f"No sign-in for {days} days.")
        names.append(user.username)
    record_event(
        actor=actor,
        action="auth.expire_run",
        target_type="accounts",
        target_id="expire",
        new={"disabled": len(names), "days": days},
    )
    return names


@audited
def save_user_from_admin(user: User, *, actor: Any) -> User:
    """A save from the administration site's user form (names, staff and superuser flags,
    active, lock), recorded like every other change; the password hash is recorded only as
    changed. A new account's typed password is known to the administrator, so the user
    replaces it at the first sign-in."""
    if user._state.adding:
        user.must_change_password = True
    save_audited(
        user,
        actor=actor,
        noun="user",
        private=["password"],
        reason="Changed in the administration site.",
    )
    return user
