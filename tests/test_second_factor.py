"""Two-factor authentication (django-otp, TOTP): no record before the second factor, enrolment
with recovery codes stored only as digests, recovery codes good once, 10 wrong codes lock the
account, an administrator's reset, and the API refusing an unverified session."""

from __future__ import annotations

import binascii
import datetime as dt
import re
from io import StringIO
from typing import Any

import time_machine
from django.core.management import call_command
from django.test import Client, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import TODAY, Demo
from sro.accounts.models import RecoveryCode, Role, User
from sro.accounts.services import create_member
from sro.audittrail.models import AuditEvent
from sro.core.demo import DEMO_PASSWORD, DEMO_TOTP_KEY

VERIFY = "/account/two-factor/"
SETUP = "/account/two-factor/setup/"


def _code(key_hex: str = DEMO_TOTP_KEY) -> str:
    return f"{totp(binascii.unhexlify(key_hex)):06d}"


def _password(client: Client, username: str) -> Any:
    return client.post("/login/", {"username": username, "password": DEMO_PASSWORD})


def test_nothing_is_shown_before_the_second_factor(demo: Demo) -> None:
    client = Client()
    assert _password(client, "chief").status_code == 302
    home = client.get("/home/")
    assert home.status_code == 302
    assert home["Location"] == f"{VERIFY}?next=/home/"
    assert client.get("/incidents/").status_code == 302
    assert client.get("/api/v1/incidents").status_code == 401  # the API ignores the session
    page = client.get(VERIFY).content.decode()
    assert 'autocomplete="one-time-code"' in page
    assert client.post(VERIFY, {"token": _code(), "next": "/home/"})["Location"] == "/home/"
    assert client.get("/home/").status_code == 200
    assert client.get("/api/v1/incidents").status_code == 200
    user = User.objects.get(username="chief")
    assert AuditEvent.objects.filter(action="auth.verified", target_id=str(user.pk)).exists()


def test_a_new_account_enrols_and_gets_recovery_codes(demo: Demo) -> None:
    create_member(
        actor=None,
        username="newsergeant",
        password=DEMO_PASSWORD,
        role=Role.SERGEANT,
        agency=demo.agency,
    )
    client = Client()
    _password(client, "newsergeant")
    assert client.get(VERIFY)["Location"].startswith(SETUP)
    page = client.get(SETUP).content.decode()
    assert "<svg" in page
    key = re.search(r'id="totp-key">([A-Z2-7 ]+)<', page)
    assert key is not None
    device = TOTPDevice.objects.get(user__username="newsergeant", confirmed=False)
    assert client.post(SETUP, {"token": "000000"}).status_code == 422
    with time_machine.travel(TODAY + dt.timedelta(minutes=1), tick=False):
        response = client.post(SETUP, {"token": _code(device.key)})
        assert response.status_code == 200
        codes = re.findall(r"<li>([a-z2-9]{5}-[a-z2-9]{5})</li>", response.content.decode())
        assert len(codes) == 10
        assert client.get("/home/").status_code == 200
    stored = list(RecoveryCode.objects.filter(device__user__username="newsergeant"))
    assert len(stored) == 10
    assert all(code.replace("-", "") not in {s.digest for s in stored} for code in codes)
    assert all(len(s.digest) == 64 for s in stored)


def test_a_recovery_code_signs_in_once(demo: Demo) -> None:
    user = User.objects.get(username="records")
    from sro.accounts.second_factor import new_recovery_codes

    codes = new_recovery_codes(user, actor=user)
    first = Client()
    _password(first, "records")
    assert first.post(VERIFY, {"token": codes[0].upper()}).status_code == 302
    assert first.get("/home/").status_code == 200
    second = Client()
    _password(second, "records")
    assert second.post(VERIFY, {"token": codes[0]}).status_code == 422
    assert AuditEvent.objects.filter(action="auth.recovery_code_used").count() == 1


@override_settings(SRO_OTP_FAILURES=10)
def test_ten_wrong_codes_lock_the_account(demo: Demo) -> None:
    client = Client()
    _password(client, "auditor")
    with time_machine.travel(TODAY, tick=False) as clock:
        for _ in range(9):
            assert client.post(VERIFY, {"token": "000000"}).status_code == 422
            clock.shift(dt.timedelta(minutes=5))  # past django-otp's growing delay
        assert User.objects.get(username="auditor").locked_at is None
        locked = client.post(VERIFY, {"token": "000000"})
    assert locked.status_code == 429
    user = User.objects.get(username="auditor")
    assert user.locked_at is not None
    assert user.otp_failures == 10
    assert client.get("/home/").status_code == 302  # signed out
    assert _password(Client(), "auditor").status_code == 200  # the password alone is refused
    assert AuditEvent.objects.filter(
        action="auth.second_factor_locked_out", target_id=str(user.pk)
    ).exists()


def test_wrong_codes_sent_at_once_are_all_counted(demo: Demo) -> None:
    """Two requests (on two gunicorn workers or servers) each loaded the account before either
    counted its wrong code: both are counted, not one written over the other."""
    from sro.accounts.second_factor import count_failure

    first, second = User.objects.get(username="auditor"), User.objects.get(username="auditor")
    count_failure(first, actor=first)
    count_failure(second, actor=second)
    assert User.objects.get(username="auditor").otp_failures == 2
    assert second.otp_failures == 2


def test_a_good_code_resets_the_count(demo: Demo) -> None:
    client = Client()
    _password(client, "principal")
    with time_machine.travel(TODAY, tick=False) as clock:
        client.post(VERIFY, {"token": "000000"})
        assert User.objects.get(username="principal").otp_failures == 1
        clock.shift(dt.timedelta(seconds=5))  # django-otp delays the next try after a miss
        client.post(VERIFY, {"token": _code()})
    assert User.objects.get(username="principal").otp_failures == 0


def test_an_administrator_resets_a_lost_second_factor(demo: Demo) -> None:
    client = Client()
    _password(client, "sergeant")
    client.post(VERIFY, {"token": _code()})
    assert client.get("/home/").status_code == 200
    out = StringIO()
    call_command("accounts", "reset-2fa", "sergeant", "--reason", "Phone lost.", stdout=out)
    assert "enrol again" in out.getvalue()
    assert client.get("/home/").status_code == 302  # the session ended
    assert not TOTPDevice.objects.filter(user__username="sergeant").exists()
    again = Client()
    _password(again, "sergeant")
    assert again.get(VERIFY)["Location"].startswith(SETUP)


@override_settings(DEBUG=True)
def test_the_demo_code_is_shown_only_in_debug(demo: Demo) -> None:
    client = Client()
    _password(client, "chief")
    assert 'id="demo-code"' in client.get(VERIFY).content.decode()
    with override_settings(DEBUG=False):
        assert 'id="demo-code"' not in client.get(VERIFY).content.decode()
