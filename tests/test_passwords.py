"""Passwords after sign-up (issue 23, finding 13): the signed-in user changes their own with
the current password, a new one the validators accept and a fresh second-factor code, and their
other sessions end; an administrator resets a forgotten one (the administration site's user
actions or `sro accounts reset-password`), the temporary password is shown once, the user must
choose a new one at the next sign-in, and their sessions end. Each is an audit event."""

from __future__ import annotations

import datetime as dt
import re
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.test import Client

from conftest import TODAY, Demo, current_code, signed_in
from sro.accounts.models import User
from sro.audittrail.models import AuditEvent
from sro.core.demo import DEMO_PASSWORD

PAGE = "/account/password/"
NEW = "Lake-Agassiz-1862-shore"


def _sign_in(client: Client, username: str, password: str = DEMO_PASSWORD) -> Any:
    response = client.post("/login/", {"username": username, "password": password})
    if response.status_code == 302:
        client.post("/account/two-factor/", {"token": current_code()})
    return response


def _change(client: Client, old: str = DEMO_PASSWORD, new: str = NEW, **extra: str) -> Any:
    data = {
        "old_password": old,
        "new_password1": new,
        "new_password2": new,
        "token": current_code(),
    }
    return client.post(PAGE, {**data, **extra})


def test_the_account_menu_leads_to_the_password_page(clients: dict[str, Client]) -> None:
    home = clients["sro"].get("/home/").content.decode()
    assert f'href="{PAGE}"' in home
    page = clients["sro"].get(PAGE)
    assert page.status_code == 200
    text = page.content.decode()
    for name in ("old_password", "new_password1", "new_password2", "token"):
        assert f'name="{name}"' in text
    assert 'autocomplete="current-password"' in text
    assert 'autocomplete="new-password"' in text


def test_a_user_changes_their_password_and_their_other_sessions_end(demo: Demo) -> None:
    here, elsewhere = Client(), Client()
    with time_machine.travel(TODAY, tick=False) as clock:
        _sign_in(elsewhere, "sergeant")
        clock.shift(dt.timedelta(seconds=30))  # a code is good once: the next one
        _sign_in(here, "sergeant")
        assert elsewhere.get("/home/").status_code == 200
        before = here.cookies["sessionid"].value
        clock.shift(dt.timedelta(seconds=30))
        response = _change(here)
        assert response.status_code == 302
        assert here.get("/home/").status_code == 200  # this session goes on, with a new id
        assert here.cookies["sessionid"].value != before
        assert elsewhere.get("/home/").status_code == 302  # the other one ended
    user = User.objects.get(username="sergeant")
    assert user.check_password(NEW)
    event = AuditEvent.objects.get(action="auth.password_changed", target_id=str(user.pk))
    assert event.actor_username == "sergeant"
    assert event.new_values == {"sessions_ended": 1}
    assert NEW not in str(event.new_values)
    assert _sign_in(Client(), "sergeant").status_code == 200  # the old one no longer works
    assert _sign_in(Client(), "sergeant", NEW).status_code == 302


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"old": "not-my-password-at-all"}, "old_password"),
        ({"new": "short-one"}, "new_password2"),
        ({"new": "qwerty123456"}, "new_password2"),  # a common password
        ({"new_password2": "Lake-Agassiz-1862-shorE"}, "new_password2"),
        ({"token": "000000"}, "token"),
        ({"token": ""}, "token"),
    ],
)
def test_a_change_is_refused_field_by_field(
    clients: dict[str, Client], change: dict[str, str], field: str
) -> None:
    response = _change(clients["records"], **change)
    assert response.status_code == 422
    assert field in response.context["form"].errors
    assert User.objects.get(username="records").check_password(DEMO_PASSWORD)
    assert not AuditEvent.objects.filter(action="auth.password_changed").exists()


def test_a_recovery_code_does_not_change_a_password(demo: Demo) -> None:
    from sro.accounts.second_factor import _issue_codes

    user = demo.users["auditor"]
    codes = _issue_codes(user)
    response = _change(signed_in(user), token=codes[0])
    assert response.status_code == 422
    assert user.check_password(DEMO_PASSWORD)


def test_wrong_current_passwords_count_toward_the_lock(demo: Demo) -> None:
    client = signed_in(demo.users["principal"])
    for _ in range(4):
        assert _change(client, old="not-my-password-at-all").status_code == 422
    locked = _change(client, old="not-my-password-at-all")
    assert locked.status_code == 429
    assert User.objects.get(username="principal").locked_at is not None
    assert client.get("/home/").status_code == 302


def test_the_password_page_needs_the_second_factor(demo: Demo) -> None:
    client = Client()
    client.post("/login/", {"username": "chief", "password": DEMO_PASSWORD})
    response = _change(client)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/two-factor/")
    assert User.objects.get(username="chief").check_password(DEMO_PASSWORD)


def _temporary(text: str) -> str:
    found = re.search(r'id="temporary-password[^"]*">([^<]+)<', text)
    assert found is not None, text
    return found.group(1)


def test_an_administrator_resets_a_password_from_the_command_line(demo: Demo) -> None:
    session = Client()
    _sign_in(session, "sro")
    out = StringIO()
    call_command("accounts", "reset-password", "sro", "--reason", "Forgot it.", stdout=out)
    temporary = re.search(r"Temporary password: (\S+)", out.getvalue())
    assert temporary is not None
    assert session.get("/home/").status_code == 302  # the session ended
    user = User.objects.get(username="sro")
    assert user.check_password(temporary.group(1))
    assert user.must_change_password
    event = AuditEvent.objects.get(action="auth.password_reset", target_id=str(user.pk))
    assert event.reason == "Forgot it."
    assert temporary.group(1) not in str(event.new_values)
    # At the next sign-in, after the second factor, nothing opens until a new password is set.
    client = Client()
    with time_machine.travel(TODAY + dt.timedelta(minutes=2), tick=False) as clock:
        assert _sign_in(client, "sro", temporary.group(1)).status_code == 302
        home = client.get("/home/")
        assert home.status_code == 302
        assert home["Location"].startswith(PAGE)
        assert client.get("/api/v1/agency").status_code == 401
        assert client.get(PAGE).status_code == 200
        clock.shift(dt.timedelta(seconds=30))
        assert _change(client, old=temporary.group(1)).status_code == 302
        assert client.get("/home/").status_code == 200
    assert not User.objects.get(username="sro").must_change_password


def test_a_reset_needs_a_reason_and_an_account(db: None) -> None:
    with pytest.raises(CommandError, match="No account"):
        call_command("accounts", "reset-password", "nobody-at-all", "--reason", "x")


def test_an_administrator_resets_passwords_from_the_admin_site(demo: Demo) -> None:
    admin = User.objects.create_superuser("admin", "admin@example.org", "admin-password-123")
    staff = signed_in(admin)
    victim = Client()
    _sign_in(victim, "records")
    target = User.objects.get(username="records")
    response = staff.post(
        "/admin/accounts/user/",
        {"action": "reset_password", "_selected_action": [str(target.pk)]},
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    temporary = _temporary(response.content.decode())
    target.refresh_from_db()
    assert target.check_password(temporary)
    assert target.must_change_password
    assert victim.get("/home/").status_code == 302
    event = AuditEvent.objects.get(action="auth.password_reset", target_id=str(target.pk))
    assert event.actor_username == "admin"
    assert event.reason == "From the administration site by admin."
    # The admin's own per-user password form goes the same way (audited, sessions end).
    other = User.objects.get(username="auditor")
    url = f"/admin/accounts/user/{other.pk}/password/"
    assert staff.get(url).status_code == 200
    assert User.objects.get(pk=other.pk).check_password(DEMO_PASSWORD)  # a GET changes nothing
    page = staff.post(url)
    temporary = _temporary(page.content.decode())
    assert User.objects.get(pk=other.pk).check_password(temporary)
    assert AuditEvent.objects.filter(action="auth.password_reset", target_id=str(other.pk)).exists()
    # And the admin's own password change is the site's page (a fresh code, other sessions end).
    assert staff.get("/admin/password_change/")["Location"] == PAGE
