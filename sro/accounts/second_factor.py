"""Two-factor authentication with django-otp: every account enrols an authenticator app (TOTP)
before any record is shown, gets ten single-use recovery codes (stored hashed), and verifies a
code after each sign-in. SRO_OTP_FAILURES wrong codes in a row lock the account like repeated
failed passwords. An administrator resets a lost second factor; the user then enrols again."""

from __future__ import annotations

import math
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from sro.accounts.models import RecoveryCode, RecoveryCodeDevice, User, recovery_digest
from sro.accounts.sessions import end_sessions, revoke_tokens
from sro.audittrail.services import audited, record_event

RECOVERY_CODES = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread


class CodeThrottled(Exception):
    """After a wrong code django-otp checks no code from that app, right or wrong, for a moment
    (1, 2, 4... seconds). A code typed then was never compared: it is neither a miss to count nor
    a reason to say "did not match" (the user's code may be right)."""

    def __init__(self, seconds: int) -> None:
        self.seconds = seconds
        unit = "second" if seconds == 1 else "seconds"
        self.message = (
            f"Too many codes in a row: wait {seconds} {unit}, "
            "then type the code the app shows at that moment."
        )
        super().__init__(self.message)


def _refuse_while_throttled(device: TOTPDevice | None, cleaned: str) -> None:
    if device is None or not cleaned.isdigit():
        return  # recovery codes are not throttled by the app's device
    allowed, data = device.verify_is_allowed()
    until = (data or {}).get("locked_until")
    if allowed or until is None:
        return
    # django-otp measures its window with django.utils.timezone, so this does too.
    raise CodeThrottled(max(1, math.ceil((until - timezone.now()).total_seconds())))


def confirmed_totp(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_totp(user: User) -> TOTPDevice:
    """The unconfirmed device being enrolled (a new secret each time enrolment starts over)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def _new_code() -> str:
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def _issue_codes(user: User) -> list[str]:
    RecoveryCodeDevice.objects.filter(user=user).delete()
    device = RecoveryCodeDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [_new_code() for _ in range(RECOVERY_CODES)]
    RecoveryCode.objects.bulk_create(
        RecoveryCode(device=device, digest=recovery_digest(code)) for code in codes
    )
    return codes


def confirm_enrolment(
    user: User, token: str, *, actor: Any, current_token: str = ""
) -> tuple[TOTPDevice, list[str]]:
    """Confirm the pending authenticator with a code from it; returns the device and the new
    recovery codes (shown once, stored only as digests). An account that already has an
    authenticator replaces it only with a fresh code from that one too (``current_token``), so
    neither a password nor a stolen session alone can swap in an attacker's app. Each wrong code
    is counted (in its own transaction, so it stays counted) before the ValidationError."""
    try:
        mismatch = confirmed_totp(user) is not None and not check_authenticator(
            user, current_token, actor=actor
        )
    except CodeThrottled as throttled:
        raise ValidationError({"current": throttled.message}) from throttled
    if mismatch:
        raise ValidationError(
            {
                "current": "That is not the code the authenticator app you use now shows. "
                "Type that app's current code (a recovery code cannot replace it)."
            }
        )
    device = pending_totp(user)
    try:
        _refuse_while_throttled(device, token.strip())
    except CodeThrottled as throttled:
        raise ValidationError({"token": throttled.message}) from throttled
    if not device.verify_token(token.strip()):
        count_failure(user, actor=actor)
        raise ValidationError({"token": "That code did not match. Type the current code."})
    return _enrol(user, device, actor=actor)


@audited
def _enrol(user: User, device: TOTPDevice, *, actor: Any) -> tuple[TOTPDevice, list[str]]:
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _issue_codes(user)
    _reset_failures(user)
    record_event(actor=actor, action="auth.second_factor_enrolled", target=user)
    return device, codes


def check_authenticator(user: User, token: str, *, actor: Any) -> bool:
    """A fresh code from the user's enrolled authenticator app, typed with a sensitive change
    (new recovery codes, another app, a new password). Recovery codes do not count: they are
    for signing in without the phone. django-otp accepts each code once and throttles misses; a
    miss counts toward the lock like a wrong code at sign-in; CodeThrottled while django-otp
    checks no code."""
    device = confirmed_totp(user)
    cleaned = token.strip().replace(" ", "")
    _refuse_while_throttled(device, cleaned)
    if device is not None and cleaned.isdigit() and device.verify_token(cleaned):
        _reset_failures(user)
        return True
    count_failure(user, actor=actor)
    return False


def verify(user: User, token: str) -> Any:
    """The device (authenticator or recovery codes) that accepts ``token``, or None;
    CodeThrottled for an authenticator code typed while django-otp checks none."""
    cleaned = token.strip().replace(" ", "")
    totp = confirmed_totp(user)
    _refuse_while_throttled(totp, cleaned)
    if totp is not None and cleaned.isdigit() and totp.verify_token(cleaned):
        return totp
    recovery = RecoveryCodeDevice.objects.filter(user=user, confirmed=True).first()
    if recovery is not None and recovery.verify_token(cleaned):
        return recovery
    return None


@audited
def check_code(user: User, token: str, *, actor: Any) -> Any:
    """Verify a second-factor code after sign-in: the device, or None (counted; at the limit the
    account is locked)."""
    device = verify(user, token)
    if device is None:
        count_failure(user, actor=actor)
        return None
    _reset_failures(user)
    action = (
        "auth.recovery_code_used" if isinstance(device, RecoveryCodeDevice) else "auth.verified"
    )
    record_event(actor=actor, action=action, target=user)
    return device


def _reset_failures(user: User) -> None:
    if user.otp_failures:
        user.otp_failures = 0
        user.save(update_fields=["otp_failures"])


@audited
def count_failure(user: User, *, actor: Any) -> bool:
    """Count a wrong code; returns True when this one locked the account. The count is read
    again under a lock on the account's row: wrong codes sent at once to several workers or
    servers are each counted, not written over one another."""
    from sro.core import clock

    current = User.objects.select_for_update().only("otp_failures", "locked_at").get(pk=user.pk)
    user.otp_failures, user.locked_at = current.otp_failures + 1, current.locked_at
    locked = user.otp_failures >= settings.SRO_OTP_FAILURES and user.locked_at is None
    if locked:
        user.locked_at = clock.now()
    user.save(update_fields=["otp_failures", "locked_at"])
    record_event(
        actor=actor,
        action="auth.second_factor_locked_out" if locked else "auth.second_factor_failed",
        target=user,
        new={"failures": user.otp_failures},
    )
    return locked


def new_recovery_codes(user: User, token: str, *, actor: Any) -> list[str]:
    """Ten new recovery codes in place of the old ones, for a fresh code from the user's
    authenticator app (the view also needs a verified session); ValidationError otherwise."""
    try:
        matched = check_authenticator(user, token, actor=actor)
    except CodeThrottled as throttled:
        raise ValidationError({"token": throttled.message}) from throttled
    if not matched:
        raise ValidationError(
            {"token": "That is not the code your authenticator app shows now. Type its code."}
        )
    return _replace_recovery_codes(user, actor=actor)


@audited
def _replace_recovery_codes(user: User, *, actor: Any) -> list[str]:
    codes = _issue_codes(user)
    record_event(actor=actor, action="auth.recovery_codes_issued", target=user)
    return codes


@audited
def reset_second_factor(user: User, *, actor: Any, reason: str) -> None:
    """Remove the user's authenticator and recovery codes (a lost phone): they enrol again at
    their next sign-in. Their sessions end and their API tokens are revoked."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why the second factor is reset."})
    TOTPDevice.objects.filter(user=user).delete()
    RecoveryCodeDevice.objects.filter(user=user).delete()
    ended = end_sessions(user)
    revoked = revoke_tokens(user)
    record_event(
        actor=actor,
        action="auth.second_factor_reset",
        target=user,
        new={"sessions_ended": ended, "tokens_revoked": revoked},
        reason=reason,
    )


@audited
def enrol_known_key(user: User, key_hex: str, *, actor: Any) -> TOTPDevice:
    """Give an account a confirmed authenticator with a known key: for the demo accounts (whose
    key is published) and for tests, never for real accounts."""
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(
        user=user, name="Authenticator app", key=key_hex, confirmed=True
    )
    record_event(actor=actor, action="auth.second_factor_enrolled", target=user)
    return device
