"""Keeping robots off the public complaint form without a third-party service: a hidden field a
person never fills (a honeypot), a signed stamp that must be at least ``MIN_SECONDS`` and at
most ``MAX_AGE`` old when the form comes back and brings one complaint only (its random nonce
is recorded), and at most ``MAX_PER_HOUR`` complaints an hour from one network address.

Used stamps and the hour's complaints are counted in the database, so every gunicorn worker and
every application server sees the same count (a cache in each process would let each of them
accept its own five). The address is the client's as `sro.core.client_ip` finds it (a trusted
proxy's header only), and an IPv6 address counts with its whole /64, one subscriber's network."""

from __future__ import annotations

import datetime as dt
import ipaddress
import secrets
import time
from typing import Any

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils.crypto import salted_hmac

from sro.complaints.models import FormSubmission, UsedFormStamp
from sro.core import clock
from sro.core.client_ip import parse
from sro.core.locks import transaction_lock

SALT = "sro.complaints.form"
MIN_SECONDS = 3
MAX_AGE = 24 * 60 * 60
MAX_PER_HOUR = 5
WINDOW = 60 * 60
# Servers' clocks differ a little: keep a used stamp this much longer than it could be valid.
CLOCK_SLACK = 60 * 60

TOO_FAST = (
    "The form came back faster than a person can fill it in, so it was not sent. "
    "Wait a few seconds, then send it again."
)
EXPIRED = (
    "The form was open for more than a day, or it was changed, so it was not sent. "
    "Send it again from this page."
)
ALREADY_SENT = "This form was already sent; reload the page to send another complaint."
HONEYPOT = (
    "The form was not sent: a field meant to be left empty was filled in. "
    "Send it again without filling in hidden fields."
)
TOO_MANY = (
    f"More than {MAX_PER_HOUR} complaints were sent from your network in the last hour, so this "
    "one was not sent. Try again in an hour, or telephone the department."
)


class Refused(Exception):
    """The form is not accepted; `message` says why and what to do, `status` is the answer's."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


def issue_token(issued_at: float | None = None) -> str:
    """A signed stamp of when the form was shown, with a random nonce that makes it single-use."""
    moment = time.time() if issued_at is None else issued_at
    return signing.dumps({"t": moment, "n": secrets.token_urlsafe(16)}, salt=SALT)


def check_stamp(token: str) -> str:
    """The stamp's nonce, or `Refused` when the stamp is forged or changed, too young, too old,
    or has already brought a complaint."""
    try:
        data: Any = signing.loads(token, salt=SALT, max_age=MAX_AGE)
        issued = float(data["t"])
        nonce = data["n"]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise Refused(EXPIRED) from None
    if not isinstance(nonce, str) or not 16 <= len(nonce) <= 64:
        raise Refused(EXPIRED)
    age = time.time() - issued
    if age > MAX_AGE:
        raise Refused(EXPIRED)
    if age < MIN_SECONDS:
        raise Refused(TOO_FAST)
    if UsedFormStamp.objects.filter(nonce=nonce).exists():
        raise Refused(ALREADY_SENT)
    return nonce


def check_honeypot(value: str) -> None:
    if value:
        raise Refused(HONEYPOT)


def limit_key(address: str) -> str:
    """What the limit counts: the address (an IPv6 one's /64 network), as a keyed hash, so the
    table never holds an anonymous complainant's address."""
    parsed = parse(address)
    if isinstance(parsed, ipaddress.IPv6Address):
        counted = str(ipaddress.IPv6Network((parsed, 64), strict=False))
    else:
        counted = str(parsed or address)
    return salted_hmac(f"{SALT}.limit", counted, algorithm="sha256").hexdigest()


def _sent_in_the_window(key: str) -> int:
    since = clock.now() - dt.timedelta(seconds=WINDOW)
    return FormSubmission.objects.filter(address=key, sent_at__gt=since).count()


def check_limit(address: str) -> None:
    """`Refused` (429) when this address has sent the most complaints allowed in the window."""
    if _sent_in_the_window(limit_key(address)) >= MAX_PER_HOUR:
        raise Refused(TOO_MANY, status=429)


def record_submission(nonce: str, address: str) -> None:
    """Count a complaint from this address and use up its stamp, or `Refused`. Call it inside
    the transaction that saves the complaint: a complaint refused later leaves no count, and two
    requests from one address (on any servers) take turns, so the limit is never overrun."""
    key = limit_key(address)
    transaction_lock(f"complaints.sent:{key}")
    if _sent_in_the_window(key) >= MAX_PER_HOUR:
        raise Refused(TOO_MANY, status=429)
    now = clock.now()
    try:
        with transaction.atomic():
            UsedFormStamp.objects.create(nonce=nonce, used_at=now)
    except IntegrityError:  # the same stamp sent twice at once: the other one was accepted
        raise Refused(ALREADY_SENT) from None
    FormSubmission.objects.create(address=key, sent_at=now)
    _prune(now)


def _prune(now: dt.datetime) -> None:
    """Forget what no longer counts: complaints older than the window, stamps that have expired."""
    FormSubmission.objects.filter(sent_at__lte=now - dt.timedelta(seconds=WINDOW)).delete()
    expired = now - dt.timedelta(seconds=MAX_AGE + CLOCK_SLACK)
    UsedFormStamp.objects.filter(used_at__lt=expired).delete()
