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
        response = client.post(SETUP, {"token": _code(device.key)}, follow=True)
        assert response.status_code == 200
        # Post, redirect, get: reloading the page of codes sends no used code again.
        assert response.redirect_chain == [("/account/two-factor/recovery-codes/new/", 302)]
        codes = re.findall(r"<li>([a-z2-9]{5}-[a-z2-9]{5})</li>", response.content.decode())
        assert len(codes) == 10
        assert "no-store" in response["Cache-Control"]
        again = client.get("/account/two-factor/recovery-codes/new/").content.decode()
        assert not set(codes) & set(re.findall(r"[a-z2-9]{5}-[a-z2-9]{5}", again))
        assert "shown only once" in again
        assert client.get("/home/").status_code == 200
    stored = list(RecoveryCode.objects.filter(device__user__username="newsergeant"))
    assert len(stored) == 10
    assert all(code.replace("-", "") not in {s.digest for s in stored} for code in codes)
    assert all(len(s.digest) == 64 for s in stored)


def test_a_recovery_code_signs_in_once(demo: Demo) -> None:
    user = User.objects.get(username="records")
    from sro.accounts.second_factor import _issue_codes

    codes = _issue_codes(user)
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
    client.post(VERIFY, {"token": _code()})
    for page in (RECOVERY, "/account/password/", SETUP):  # every page that asks for a code
        assert 'id="demo-code"' in client.get(page).content.decode(), page
        with override_settings(DEBUG=False):
            assert 'id="demo-code"' not in client.get(page).content.decode(), page


# --- Before the second factor: only the code page and sign-out (issue 23, finding 1) ----------

RECOVERY = "/account/two-factor/recovery-codes/"


def _recovery_codes(page: Any) -> list[str]:
    return re.findall(r"<li>([a-z2-9]{5}-[a-z2-9]{5})</li>", page.content.decode())


def test_recovery_codes_cannot_be_had_with_the_password_alone(demo: Demo) -> None:
    user = User.objects.get(username="chief")
    User.objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True)
    from sro.accounts.second_factor import _issue_codes

    own = _issue_codes(user)
    attacker = Client()
    _password(attacker, "chief")
    response = attacker.post(RECOVERY)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    assert _recovery_codes(response) == []
    # Nothing was replaced: the user's own codes still work, and nothing opened.
    assert attacker.get("/home/").status_code == 302
    assert attacker.get("/admin/").status_code == 302
    owner = Client()
    _password(owner, "chief")
    assert owner.post(VERIFY, {"token": own[0]}).status_code == 302
    assert owner.get("/home/").status_code == 200
    assert not AuditEvent.objects.filter(action="auth.recovery_codes_issued").exists()


def _unverified(username: str) -> Client:
    client = Client()
    assert _password(client, username).status_code == 302
    return client


def test_an_unverified_session_reaches_only_the_code_page_and_sign_out(demo: Demo) -> None:
    """Every route, GET and POST, with the password alone: the code page answers; anything that
    needs a signed-in user sends the session to the code page; the rest (public pages, the
    schema) is what anyone may see anyway."""
    from tests.test_persona_routes import PAGES, _objects, _page_url, page_routes

    User.objects.filter(username="chief").update(is_staff=True, is_superuser=True)
    client = _unverified("chief")
    objects = _objects(demo)
    allowed = {"second_factor", "logout", "login"}
    for name, route in page_routes().items():
        url = _page_url(name, route, objects)
        anonymous = PAGES[name]["anonymous"]
        if name in allowed:
            continue  # (a POST to sign-out would end the session being tested)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if anonymous == 302 or name == "second_factor_setup":
                assert response.status_code == 302, (method, url)
                assert response["Location"].startswith(VERIFY), (method, url)
            elif method == "get":  # what anyone sees, or the code page first
                assert response.status_code == anonymous or response["Location"].startswith(
                    VERIFY
                ), (method, url)
    for url in (
        "/admin/",
        "/admin/login/",
        "/admin/password_change/",
        "/admin/accounts/user/",
        f"/admin/accounts/user/{demo.users['sro'].pk}/change/",
        f"/admin/accounts/user/{demo.users['sro'].pk}/password/",
    ):
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code == 302, (method, url)
            assert response["Location"].startswith(VERIFY), (method, url)
    assert client.get(VERIFY).status_code == 200
    assert not AuditEvent.objects.filter(action="auth.recovery_codes_issued").exists()


def test_every_api_operation_treats_an_unverified_session_as_anonymous(demo: Demo) -> None:
    from tests.test_persona_routes import API

    client = _unverified("chief")
    for method, path in API:
        response = getattr(client, method)(path, data={}, content_type="application/json")
        assert response.status_code == API[(method, path)]["anonymous"], (method, path)


def test_the_admin_site_itself_needs_a_verified_session(demo: Demo) -> None:
    from django.contrib import admin
    from django.test import RequestFactory

    user = User.objects.get(username="chief")
    User.objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True)
    user.refresh_from_db()
    request = RequestFactory().get("/admin/")
    user.is_verified = lambda: False  # type: ignore[attr-defined]  # as django-otp marks it
    request.user = user
    assert not admin.site.has_permission(request)
    user.is_verified = lambda: True  # type: ignore[attr-defined]
    assert admin.site.has_permission(request)


# --- New recovery codes: a verified session and a fresh code ---------------------------------


def test_new_recovery_codes_need_a_fresh_authenticator_code(demo: Demo) -> None:
    user = User.objects.get(username="sergeant")
    from sro.accounts.second_factor import _issue_codes

    old = _issue_codes(user)
    client = Client()
    with time_machine.travel(TODAY, tick=False) as clock:
        _password(client, "sergeant")
        client.post(VERIFY, {"token": _code()})
        assert client.get("/home/").status_code == 200
        page = client.get(RECOVERY)
        assert page.status_code == 200
        assert 'autocomplete="one-time-code"' in page.content.decode()
        assert client.post(RECOVERY).status_code == 422
        assert client.post(RECOVERY, {"token": old[1]}).status_code == 422  # not a recovery code
        clock.shift(dt.timedelta(seconds=30))  # the code used to sign in is good once
        clock.shift(dt.timedelta(minutes=5))  # past django-otp's delay after the misses
        response = client.post(RECOVERY, {"token": _code()}, follow=True)
    assert response.status_code == 200
    new = _recovery_codes(response)
    assert len(new) == 10
    assert not set(new) & set(old)
    assert "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.filter(
        action="auth.recovery_codes_issued", target_id=str(user.pk)
    ).exists()


# --- Enrolment: an enrolled authenticator is replaced only with a code from it ---------------


def test_an_enrolled_authenticator_is_replaced_only_with_a_code_from_it(demo: Demo) -> None:
    client = Client()
    with time_machine.travel(TODAY, tick=False) as clock:
        _password(client, "records")
        client.post(VERIFY, {"token": _code()})
        assert client.get("/home/").status_code == 200
        assert client.get(SETUP).status_code == 200
        new = TOTPDevice.objects.get(user__username="records", confirmed=False)
        clock.shift(dt.timedelta(seconds=30))
        # A code from the new app alone does not replace the enrolled one.
        assert client.post(SETUP, {"token": _code(new.key)}).status_code == 422
        assert TOTPDevice.objects.get(user__username="records", confirmed=True).key == (
            DEMO_TOTP_KEY
        )
        clock.shift(dt.timedelta(minutes=5))
        response = client.post(SETUP, {"current": _code(), "token": _code(new.key)})
    assert response.status_code == 302
    assert TOTPDevice.objects.get(user__username="records", confirmed=True).key == new.key


def test_an_unverified_session_cannot_enrol_over_an_enrolled_authenticator(demo: Demo) -> None:
    from sro.accounts import second_factor

    user = User.objects.get(username="records")
    pending = second_factor.pending_totp(user)
    client = _unverified("records")
    response = client.post(SETUP, {"token": _code(pending.key)})
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.get(user=user, confirmed=True).key == DEMO_TOTP_KEY
    # The service refuses too, whoever calls it.
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        second_factor.confirm_enrolment(user, _code(pending.key), actor=user)
    assert TOTPDevice.objects.get(user=user, confirmed=True).key == DEMO_TOTP_KEY


# --- The session id is renewed at the second factor (finding 9) -------------------------------


def test_the_session_id_changes_when_the_second_factor_is_verified(demo: Demo) -> None:
    client = Client()
    _password(client, "chief")
    before = client.cookies["sessionid"].value
    assert client.post(VERIFY, {"token": _code()}).status_code == 302
    after = client.cookies["sessionid"].value
    assert after != before
    stale = Client()
    stale.cookies["sessionid"] = before
    assert stale.get("/home/").status_code == 302
    assert client.get("/home/").status_code == 200


def test_the_session_id_changes_at_enrolment(demo: Demo) -> None:
    create_member(
        actor=None,
        username="newsro",
        password=DEMO_PASSWORD,
        role=Role.SRO,
        agency=demo.agency,
    )
    client = Client()
    _password(client, "newsro")
    client.get(SETUP)
    before = client.cookies["sessionid"].value
    device = TOTPDevice.objects.get(user__username="newsro", confirmed=False)
    with time_machine.travel(TODAY + dt.timedelta(minutes=1), tick=False):
        assert client.post(SETUP, {"token": _code(device.key)}).status_code == 302
    assert client.cookies["sessionid"].value != before
    stale = Client()
    stale.cookies["sessionid"] = before
    assert stale.get("/home/").status_code == 302


def test_unlocking_after_wrong_codes_starts_the_count_again(demo: Demo) -> None:
    from sro.accounts.services import unlock_account
    from sro.core import clock

    User.objects.filter(username="auditor").update(otp_failures=10, locked_at=clock.now())
    user = User.objects.get(username="auditor")
    unlock_account(user, actor=None, reason="Called the help desk.")
    client = Client()
    assert _password(client, "auditor").status_code == 302
    assert client.post(VERIFY, {"token": "000000"}).status_code == 422  # one slip: not locked
    assert User.objects.get(username="auditor").locked_at is None


def test_a_right_code_typed_during_the_pause_after_a_miss_is_told_to_wait(demo: Demo) -> None:
    """Found by the adversarial test: after a wrong code django-otp checks no code for a moment,
    and the right code typed then was answered "did not match" (and counted as a miss)."""
    client = Client()
    _password(client, "principal")
    with time_machine.travel(TODAY, tick=False) as clock:
        assert client.post(VERIFY, {"token": "000000"}).status_code == 422
        paused = client.post(VERIFY, {"token": _code()})
        assert paused.status_code == 422
        text = paused.content.decode()
        assert "wait 1 second," in text
        assert "did not match" not in text
        assert User.objects.get(username="principal").otp_failures == 1  # not counted
        clock.shift(dt.timedelta(seconds=2))
        assert client.post(VERIFY, {"token": _code()}).status_code == 302
    assert User.objects.get(username="principal").otp_failures == 0


def test_sensitive_changes_say_to_wait_during_the_pause_too(demo: Demo) -> None:
    from conftest import signed_in

    user = User.objects.get(username="sergeant")
    client = signed_in(user)
    with time_machine.travel(TODAY, tick=False) as clock:
        miss = client.post("/account/tokens/", {"name": "x", "scope": "read", "code": "000000"})
        assert "not the code" in miss.content.decode()
        pages = {
            "/account/tokens/": {"name": "x", "scope": "read", "code": _code()},
            RECOVERY: {"token": _code()},
        }
        for url, data in pages.items():
            response = client.post(url, data)
            assert response.status_code == 422, url
            assert "Too many codes in a row: wait" in response.content.decode(), url
        clock.shift(dt.timedelta(seconds=2))
        assert client.post(RECOVERY, {"token": _code()}).status_code == 302
    assert User.objects.get(username="sergeant").otp_failures == 0


def test_a_recovery_code_has_its_own_field_that_a_phone_shows_letters_for(demo: Demo) -> None:
    """Found by the adversarial test on a phone: the only code field asked for digits
    (inputmode numeric), so a recovery code (letters) could hardly be typed."""
    from sro.accounts.second_factor import _issue_codes

    codes = _issue_codes(User.objects.get(username="records"))
    client = Client()
    _password(client, "records")
    page = client.get(VERIFY).content.decode()
    recovery = re.search(r'<input[^>]*name="recovery"[^>]*>', page)
    assert recovery is not None
    assert "inputmode" not in recovery.group(0)
    assert "Use a recovery code" in page
    wrong = client.post(VERIFY, {"recovery": "aaaaa-aaaaa"})
    assert "That recovery code did not match" in wrong.content.decode()
    assert client.post(VERIFY, {"recovery": codes[3]}).status_code == 302
    assert client.get("/home/").status_code == 200
