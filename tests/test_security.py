"""The sign-in rules, each number proved: a username is locked after 5 failed sign-ins in 15
minutes until an administrator unlocks it; sessions end after 30 minutes idle and 12 hours in
all; disabling an account ends its sessions; passwords from 12 to 128 characters, not common;
the sign-in notice; accounts unused for 90 days are disabled; each event is in the audit trail."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import reverse

from conftest import TODAY, Demo, current_code
from sro.accounts import services
from sro.accounts.models import User
from sro.audittrail.models import AuditEvent
from sro.core.demo import DEMO_PASSWORD

LOGIN = "/login/"
SECOND_FACTOR = "/account/two-factor/"


def _sign_in(client: Client, username: str, password: str) -> Any:
    """Password, then (when it was right) the authenticator's current code."""
    response = client.post(LOGIN, {"username": username, "password": password})
    if response.status_code == 302:
        client.post(SECOND_FACTOR, {"token": current_code()})
    return response


def _signed_in(client: Client) -> bool:
    return client.get(reverse("home")).status_code == 200


def _fail(client: Client, username: str, times: int) -> Any:
    response = None
    for _ in range(times):
        response = _sign_in(client, username, "not-the-password-at-all")
    return response


def test_four_failures_do_not_lock(demo: Demo) -> None:
    client = Client()
    assert _fail(client, "sergeant", 4).status_code == 200
    assert _sign_in(client, "sergeant", DEMO_PASSWORD).status_code == 302
    assert User.objects.get(username="sergeant").locked_at is None


def test_five_failures_in_fifteen_minutes_lock_until_an_administrator_unlocks(
    demo: Demo,
) -> None:
    client = Client()
    with time_machine.travel(TODAY, tick=False) as clock:
        _fail(client, "sergeant", 4)
        clock.shift(dt.timedelta(minutes=14))
        locked = _fail(client, "sergeant", 1)
        assert locked.status_code == 429
        assert "Account locked" in locked.content.decode()
        user = User.objects.get(username="sergeant")
        assert user.locked_at is not None
        # Long after the fifteen minutes the right password still does not open it.
        clock.shift(dt.timedelta(days=2))
        assert _sign_in(client, "sergeant", DEMO_PASSWORD).status_code == 200
        assert not _signed_in(client)
        out = StringIO()
        call_command(
            "accounts", "unlock", "sergeant", "--reason", "Called the help desk.", stdout=out
        )
        assert "Unlocked sergeant" in out.getvalue()
        assert _sign_in(client, "sergeant", DEMO_PASSWORD).status_code == 302
        assert _signed_in(client)
    actions = list(
        AuditEvent.objects.filter(target_id=str(user.pk), action__startswith="auth.")
        .order_by("at", "id")
        .values_list("action", flat=True)
    )
    assert actions.count("auth.login_failed") == 6  # five, and the one while locked
    assert "auth.locked_out" in actions
    assert actions[-3:] == ["auth.unlocked", "auth.login", "auth.verified"]


def test_failures_more_than_fifteen_minutes_apart_start_the_count_again(demo: Demo) -> None:
    client = Client()
    with time_machine.travel(TODAY, tick=False) as clock:
        _fail(client, "records", 4)
        clock.shift(dt.timedelta(minutes=16))
        assert _fail(client, "records", 1).status_code == 200
        assert User.objects.get(username="records").locked_at is None
        assert _sign_in(client, "records", DEMO_PASSWORD).status_code == 302


def test_an_over_long_username_is_refused_by_the_form_not_the_database(demo: Demo) -> None:
    # PostgreSQL refuses a lockout row over 255 characters; the form must stop it first.
    response = Client().post(LOGIN, {"username": "x" * 300, "password": "whatever-it-is"})
    assert response.status_code == 200
    assert "User name: No user name is longer than 150 characters" in response.content.decode()
    assert not AccessAttempt.objects.exists()


def test_unlocking_needs_a_reason_and_an_account(db: None) -> None:
    with pytest.raises(CommandError, match="No account"):
        call_command("accounts", "unlock", "nobody-at-all", "--reason", "x")


def test_a_session_ends_after_thirty_minutes_idle(demo: Demo) -> None:
    client = Client()
    with time_machine.travel(TODAY, tick=False) as clock:
        _sign_in(client, "chief", DEMO_PASSWORD)
        clock.shift(dt.timedelta(minutes=29))
        assert _signed_in(client)  # and the clock starts again
        clock.shift(dt.timedelta(minutes=29))
        assert _signed_in(client)
        clock.shift(dt.timedelta(minutes=31))
        assert not _signed_in(client)


def test_a_session_ends_twelve_hours_after_sign_in_however_busy(demo: Demo) -> None:
    client = Client()
    with time_machine.travel(TODAY, tick=False) as clock:
        _sign_in(client, "chief", DEMO_PASSWORD)
        for _ in range(35):  # a request every 20 minutes: 11 h 40 min
            clock.shift(dt.timedelta(minutes=20))
            assert _signed_in(client)
        clock.shift(dt.timedelta(minutes=21))  # 12 h 1 min
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


def test_disabling_an_account_ends_its_sessions(demo: Demo) -> None:
    phone, desk = Client(), Client()
    with time_machine.travel(TODAY, tick=False) as clock:
        _sign_in(phone, "sro", DEMO_PASSWORD)
        clock.shift(dt.timedelta(seconds=30))  # a code is good once: the next one
        _sign_in(desk, "sro", DEMO_PASSWORD)
        clock.shift(dt.timedelta(seconds=30))
    user = User.objects.get(username="sro")
    ended = services.disable_account(user, actor=demo.users["chief"], reason="Left the unit.")
    assert ended == 2
    assert not _signed_in(phone)
    assert not _signed_in(desk)
    remaining = [
        s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    assert remaining == []
    assert _sign_in(Client(), "sro", DEMO_PASSWORD).status_code == 200  # refused
    event = AuditEvent.objects.get(action="auth.disabled", target_id=str(user.pk))
    assert event.reason == "Left the unit."


@pytest.mark.parametrize(
    ("password", "ok"),
    [
        ("Rv7-kq2mZ-x9", True),  # 12 characters
        ("Rv7-kq2mZ-x", False),  # 11
        ("R" * 64 + "v7-kq2mZ-x9" * 5 + "abcdefghi", True),  # 128
        ("R" * 64 + "v7-kq2mZ-x9" * 5 + "abcdefghij", False),  # 129
        ("qwerty123456", False),  # a common password
        ("381946502713", False),  # digits only
    ],
)
def test_password_rules(password: str, ok: bool) -> None:
    if ok:
        validate_password(password)
        return
    with pytest.raises(ValidationError):
        validate_password(password)


def test_the_password_length_limits_are_exactly_twelve_and_128() -> None:
    assert len("R" * 64 + "v7-kq2mZ-x9" * 5 + "abcdefghi") == 128
    with pytest.raises(ValidationError, match="at most 128"):
        validate_password("R" * 64 + "v7-kq2mZ-x9" * 5 + "abcdefghij")
    with pytest.raises(ValidationError, match="at least 12"):
        validate_password("Rv7-kq2mZ-x")


@override_settings(SRO_LOGIN_BANNER="Authorized use only: test banner.")
def test_the_sign_in_page_shows_the_configured_notice(db: None) -> None:
    page = Client().get(LOGIN).content.decode()
    assert "Authorized use only: test banner." in page


def test_accounts_unused_for_ninety_days_are_disabled(demo: Demo) -> None:
    now = TODAY
    old = User.objects.get(username="auditor")
    recent = User.objects.get(username="records")
    User.objects.filter(pk=old.pk).update(last_login=now - dt.timedelta(days=91))
    User.objects.filter(pk=recent.pk).update(last_login=now - dt.timedelta(days=89))
    User.objects.exclude(pk__in=[old.pk, recent.pk]).update(last_login=now)
    out = StringIO()
    with time_machine.travel(now, tick=False):
        call_command("accounts", "expire", stdout=out)
    assert "Disabled 1 account(s) with no sign-in for 90 days: auditor." in out.getvalue()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert not old.is_active
    assert recent.is_active
    assert AuditEvent.objects.filter(action="auth.disabled", target_id=str(old.pk)).exists()


def test_a_sign_in_and_a_failure_are_in_the_audit_trail(demo: Demo) -> None:
    _sign_in(Client(), "principal", "wrong-password-here")
    _sign_in(Client(), "principal", DEMO_PASSWORD)
    user = User.objects.get(username="principal")
    failed = AuditEvent.objects.filter(action="auth.login_failed", target_id=str(user.pk)).get()
    assert failed.new_values["username"] == "principal"
    assert "wrong-password-here" not in str(failed.new_values)
    assert AuditEvent.objects.filter(action="auth.login", target_id=str(user.pk)).exists()


@override_settings(SRO_LOGIN_BANNER="Authorized use only: test banner.")
def test_the_admin_sign_in_page_shows_the_notice_too(db: None) -> None:
    page = Client().get("/admin/login/")
    assert page.status_code == 200
    assert "Authorized use only: test banner." in page.content.decode()


def test_an_over_long_username_at_the_admin_sign_in_is_refused_by_the_form(demo: Demo) -> None:
    # The admin's sign-in form is Django's too: the same length check as the site's own.
    response = Client().post("/admin/login/", {"username": "x" * 300, "password": "whatever-it"})
    assert response.status_code == 200
    assert "No user name is longer than 150 characters" in response.content.decode()
    assert not AccessAttempt.objects.exists()


def test_locking_an_account_ends_what_its_sessions_can_do(demo: Demo) -> None:
    client = Client()
    _sign_in(client, "records", DEMO_PASSWORD)
    assert _signed_in(client)
    User.objects.filter(username="records").update(locked_at=TODAY)
    assert not _signed_in(client)
    assert client.get("/api/v1/agency").status_code == 401


def _failure_address(**request: str) -> tuple[str, str]:
    """The address the audit trail and django-axes record for a failed sign-in."""
    Client().post(LOGIN, {"username": "principal", "password": "wrong-password-here"}, **request)
    event = AuditEvent.objects.filter(action="auth.login_failed").latest("at")
    attempt = AccessAttempt.objects.get(username="principal")
    AccessAttempt.objects.all().delete()
    return event.new_values["ip_address"], attempt.ip_address


def test_a_forwarded_address_is_recorded_only_from_a_trusted_proxy(demo: Demo) -> None:
    forged = {"REMOTE_ADDR": "203.0.113.5", "HTTP_X_FORWARDED_FOR": "198.51.100.1"}
    assert _failure_address(**forged) == ("203.0.113.5", "203.0.113.5")
    with override_settings(SRO_TRUSTED_PROXIES=["127.0.0.1"]):
        assert _failure_address(**forged) == ("203.0.113.5", "203.0.113.5")
        proxied = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.1"}
        assert _failure_address(**proxied) == ("198.51.100.1", "198.51.100.1")
