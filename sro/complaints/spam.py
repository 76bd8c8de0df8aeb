"""Keeping robots off the public complaint form without a third-party service: a hidden field a
person never fills (a honeypot), a signed time stamp that must be at least
``MIN_SECONDS`` and at most ``MAX_AGE`` old when the form comes back, and at most
``MAX_PER_HOUR`` complaints an hour from one network address (Django's cache)."""

from __future__ import annotations

import secrets
import time
from typing import Any

from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest

SALT = "sro.complaints.form"
MIN_SECONDS = 3
MAX_AGE = 24 * 60 * 60
MAX_PER_HOUR = 5
WINDOW = 60 * 60

TOO_FAST = (
    "The form came back faster than a person can fill it in, so it was not sent. "
    "Wait a few seconds, then send it again."
)
EXPIRED = (
    "The form was open for more than a day, or it was changed, so it was not sent. "
    "Send it again from this page."
)
HONEYPOT = (
    "The form was not sent: a field meant to be left empty was filled in. "
    "Send it again without filling in hidden fields."
)
TOO_MANY = (
    f"More than {MAX_PER_HOUR} complaints were sent from your network in the last hour, so this "
    "one was not sent. Try again in an hour, or telephone the department."
)


def issue_token(issued_at: float | None = None) -> str:
    """A signed stamp of when the form was shown (and a random nonce)."""
    moment = time.time() if issued_at is None else issued_at
    return signing.dumps({"t": moment, "n": secrets.token_hex(8)}, salt=SALT)


def token_problem(token: str) -> str | None:
    """Why the stamp refuses the submission, or None when it is fine."""
    try:
        data: Any = signing.loads(token, salt=SALT, max_age=MAX_AGE)
        issued = float(data["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return EXPIRED
    age = time.time() - issued
    if age > MAX_AGE:
        return EXPIRED
    if age < MIN_SECONDS:
        return TOO_FAST
    return None


def client_address(request: HttpRequest) -> str:
    """The address the request came from (behind a proxy, the server must pass the client's
    address as REMOTE_ADDR; a forwarded header anyone can forge is not trusted)."""
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def _key(address: str) -> str:
    return f"complaints:sent:{address}"


def over_limit(address: str) -> bool:
    """Whether this address has already sent the most complaints allowed in the window."""
    return int(cache.get(_key(address), 0)) >= MAX_PER_HOUR


def count_submission(address: str) -> None:
    """Count one complaint received from this address (the window starts at the first)."""
    key = _key(address)
    if not cache.add(key, 1, WINDOW):
        try:
            cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.add(key, 1, WINDOW)
