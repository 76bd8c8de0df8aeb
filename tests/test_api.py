"""The JSON API: per-user tokens stored hashed and revocable, the browser session with CSRF,
the same scope as the pages."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import time_machine
from django.test import Client

from conftest import current_code, verify_second_factor
from sro.accounts.models import ApiToken
from sro.accounts.services import issue_api_token, revoke_api_token, token_digest
from sro.audittrail.models import AuditEvent


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_a_token_acts_with_its_users_role_and_scope(demo: Any) -> None:
    _, raw = issue_api_token(actor=demo.users["sro"], user=demo.users["sro"], name="phone")
    officers = Client().get("/api/v1/officers", **bearer(raw)).json()
    assert [o["last_name"] for o in officers["items"]] == ["Lindqvist"]
    other = demo.officers["Okafor"]
    assert Client().get(f"/api/v1/officers/{other.pk}", **bearer(raw)).status_code == 404


def test_a_token_is_stored_only_as_a_digest(demo: Any) -> None:
    token, raw = issue_api_token(actor=demo.users["chief"], user=demo.users["chief"], name="x")
    stored = ApiToken.objects.get(pk=token.pk)
    assert raw not in {stored.digest, stored.prefix, stored.name}
    assert stored.digest == token_digest(raw)
    assert raw.startswith(stored.prefix)
    assert AuditEvent.objects.filter(action="api_token.issue", target_id=str(token.pk)).exists()


def test_a_revoked_or_unknown_token_is_refused(demo: Any) -> None:
    token, raw = issue_api_token(actor=demo.users["chief"], user=demo.users["chief"], name="x")
    assert Client().get("/api/v1/agency", **bearer(raw)).status_code == 200
    revoke_api_token(token, actor=demo.users["chief"])
    assert Client().get("/api/v1/agency", **bearer(raw)).status_code == 401
    assert Client().get("/api/v1/agency", **bearer("sro_made-up")).status_code == 401
    assert Client().get("/api/v1/agency", **bearer("not-even-ours")).status_code == 401


def test_a_disabled_users_token_stops_working(demo: Any) -> None:
    user = demo.users["records"]
    _, raw = issue_api_token(actor=user, user=user, name="x")
    user.is_active = False
    user.save()
    assert Client().get("/api/v1/agency", **bearer(raw)).status_code == 401


def test_the_tokens_page_shows_a_new_token_once_and_revokes(demo: Any, clients: Any) -> None:
    page = clients["sergeant"].post(
        "/account/tokens/", {"name": "roster export", "scope": "read", "code": current_code()}
    )
    raw = page.context["raw"]
    assert raw.startswith("sro_")
    assert raw.encode() in page.content
    again = clients["sergeant"].get("/account/tokens/")
    assert raw.encode() not in again.content
    token = ApiToken.objects.get(user=demo.users["sergeant"])
    assert clients["chief"].post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    clients["sergeant"].post(f"/account/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_a_token_is_made_only_with_a_fresh_code_from_the_authenticator(
    demo: Any, clients: Any
) -> None:
    """A token outlives the session: a stolen session alone must not be able to mint one."""
    user = demo.users["sergeant"]
    data = {"name": "roster export", "scope": "write"}
    missing = clients["sergeant"].post("/account/tokens/", data)
    wrong = clients["sergeant"].post("/account/tokens/", {**data, "code": "000000"})
    for refused in (missing, wrong):
        assert refused.status_code == 422
        assert refused.context["raw"] is None
        assert "code" in refused.context["form"].errors
    assert not ApiToken.objects.filter(user=user).exists()
    user.refresh_from_db()
    assert user.otp_failures == 1  # the wrong code counts toward the lock
    with time_machine.travel(dt.timedelta(minutes=1)):  # past django-otp's delay after a miss
        made = clients["sergeant"].post("/account/tokens/", {**data, "code": current_code()})
    assert made.status_code == 200
    assert made.context["raw"].startswith("sro_")
    assert "no-store" in made["Cache-Control"]


@pytest.mark.parametrize("reset", ["password", "second_factor"])
def test_an_administrators_reset_revokes_the_users_tokens(demo: Any, reset: str) -> None:
    from sro.accounts import second_factor, services

    user = demo.users["records"]
    token, raw = issue_api_token(actor=user, user=user, name="nightly")
    assert Client().get("/api/v1/agency", **bearer(raw)).status_code == 200
    if reset == "password":
        services.reset_password(user, actor=None, reason="Forgot it; identity checked in person.")
    else:
        second_factor.reset_second_factor(user, actor=None, reason="Lost phone.")
    assert Client().get("/api/v1/agency", **bearer(raw)).status_code == 401
    token.refresh_from_db()
    assert token.revoked_at is not None
    event = AuditEvent.objects.filter(target_id=str(user.pk)).latest("id")
    assert event.new_values["tokens_revoked"] == 1


def test_a_session_write_needs_the_csrf_token(demo: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(demo.users["chief"])
    verify_second_factor(client, demo.users["chief"])
    body = json.dumps({"name": "Test District", "kind": "district"})
    refused = client.post("/api/v1/districts", body, content_type="application/json")
    assert refused.status_code == 403
    client.get("/login/")  # sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    accepted = client.post(
        "/api/v1/districts", body, content_type="application/json", HTTP_X_CSRFTOKEN=csrf
    )
    assert accepted.status_code == 201
    assert accepted.json()["name"] == "Test District"


def test_creating_through_the_api_writes_the_same_audit_event(demo: Any) -> None:
    chief = demo.users["chief"]
    _, raw = issue_api_token(actor=chief, user=chief, name="x", scope="write")
    response = Client().post(
        "/api/v1/officers",
        json.dumps(
            {
                "first_name": "Ada",
                "last_name": "Moe",
                "badge_number": "900",
                "post_license_number": "MN-900",
            }
        ),
        content_type="application/json",
        **bearer(raw),
    )
    assert response.status_code == 201
    event = AuditEvent.objects.get(action="officer.create", target_id=response.json()["id"])
    assert event.actor_username == "chief"


def test_a_partial_update_keeps_the_fields_not_sent(demo: Any, clients: Any) -> None:
    okafor = demo.officers["Okafor"]
    response = clients["chief"].patch(
        f"/api/v1/officers/{okafor.pk}",
        json.dumps({"phone": "320-555-0123"}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["badge_number"] == "437"
    assert response.json()["phone"] == "320-555-0123"


def test_the_schema_and_its_docs_page_are_served_locally(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "SRO Program Manager API"
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower()


@pytest.mark.parametrize(
    "query", ["limit=21976718969811763200", "offset=99999999999999999999", "limit=0", "limit=5000"]
)
@pytest.mark.parametrize("path", ["/api/v1/incidents", "/api/v1/officers", "/api/v1/safety/drills"])
def test_every_list_refuses_an_out_of_range_page_with_422(
    clients: Any, path: str, query: str
) -> None:
    response = clients["chief"].get(f"{path}?{query}")
    assert response.status_code == 422


def test_a_read_only_token_cannot_write(demo: Any) -> None:
    chief = demo.users["chief"]
    _, reader = issue_api_token(actor=chief, user=chief, name="report")
    body = json.dumps({"name": "Token District", "kind": "district"})
    refused = Client().post(
        "/api/v1/districts", body, content_type="application/json", **bearer(reader)
    )
    assert refused.status_code == 403
    assert "may only read" in refused.json()["detail"]
    assert Client().get("/api/v1/districts", **bearer(reader)).status_code == 200
    _, writer = issue_api_token(actor=chief, user=chief, name="sync", scope="write")
    made = Client().post(
        "/api/v1/districts", body, content_type="application/json", **bearer(writer)
    )
    assert made.status_code == 201


def test_a_locked_users_token_stops_working_until_unlocked(demo: Any) -> None:
    from sro.accounts.services import unlock_account
    from sro.core import clock

    user = demo.users["records"]
    _, raw = issue_api_token(actor=user, user=user, name="x")
    assert Client().get("/api/v1/agency", **bearer(raw)).status_code == 200
    type(user).objects.filter(pk=user.pk).update(locked_at=clock.now())
    assert Client().get("/api/v1/agency", **bearer(raw)).status_code == 401
    user.refresh_from_db()
    unlock_account(user, actor=demo.users["chief"], reason="Called the help desk.")
    assert Client().get("/api/v1/agency", **bearer(raw)).status_code == 200


def test_a_token_stops_working_when_failed_sign_ins_lock_the_account(demo: Any) -> None:
    """django-axes' lockout counts too, even if the account's own lock were cleared by hand."""
    from django.test import override_settings

    user = demo.users["auditor"]
    _, raw = issue_api_token(actor=user, user=user, name="x")
    with override_settings(SRO_LOCKOUT_FAILURES=5):
        for _ in range(5):
            Client().post("/login/", {"username": "auditor", "password": "not-the-password-x"})
    assert Client().get("/api/v1/agency", **bearer(raw)).status_code == 401
    type(user).objects.filter(pk=user.pk).update(locked_at=None)  # axes still holds the lock
    assert Client().get("/api/v1/agency", **bearer(raw)).status_code == 401
