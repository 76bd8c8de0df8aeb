"""Two people editing the same record: no lost update. The second to save is told, shown
what the first changed, and keeps their own entries to check and save again."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
import time_machine

from conftest import TODAY, Demo
from sro.roster.models import Officer

FIELDS = ["first_name", "last_name", "badge_number", "post_license_number", "email", "phone"]


def _form(client: Any, url: str) -> dict[str, str]:
    """The edit form as the browser posts it unchanged: the record's values and the version
    the page was loaded at."""
    page = client.get(url).content.decode()
    officer = Officer.objects.get(pk=url.split("/")[2])
    data = {name: str(getattr(officer, name)) for name in FIELDS}
    data["supervisor"] = str(officer.supervisor_id or "")
    if officer.active:
        data["active"] = "on"
    data["_version"] = _version(page)
    return data


def _later() -> Any:
    return time_machine.travel(TODAY + dt.timedelta(minutes=1), tick=True)


def _version(page: str) -> str:
    found = re.search(r'name="_version" value="([^"]+)"', page)
    assert found, "the edit form carries its version"
    return found.group(1)


def test_the_second_save_is_refused_and_shown_the_first(
    demo: Demo, clients: dict[str, Any]
) -> None:
    raman = demo.officers["Raman"]
    url = f"/officers/{raman.pk}/edit/"
    chief, sergeant = clients["chief"], clients["sergeant"]
    chiefs = _form(chief, url)
    sergeants = _form(sergeant, url)
    assert chiefs["_version"] == sergeants["_version"]

    sergeants["phone"] = "320-555-0101"
    with _later():  # a minute after the demo's last save of the record
        assert sergeant.post(url, sergeants).status_code == 302

    chiefs["email"] = "p.raman@example.org"
    page = chief.post(url, chiefs)
    text = page.content.decode()
    assert page.status_code == 409
    assert "Nothing was saved: sergeant changed this record while you were editing." in text
    assert "320-555-0101" in text  # the sergeant's change, listed and now in the form
    raman.refresh_from_db()
    assert (raman.phone, raman.email) == ("320-555-0101", raman.email)
    assert raman.email != "p.raman@example.org"

    # Saving the shown form keeps both people's changes.
    assert 'value="320-555-0101"' in text
    assert 'value="p.raman@example.org"' in text
    again = {**chiefs, "phone": "320-555-0101", "_version": _version(text)}
    assert chief.post(url, again).status_code == 302
    raman.refresh_from_db()
    assert (raman.phone, raman.email) == ("320-555-0101", "p.raman@example.org")


def test_both_changing_the_same_field_names_both_values(
    demo: Demo, clients: dict[str, Any]
) -> None:
    raman = demo.officers["Raman"]
    url = f"/officers/{raman.pk}/edit/"
    chief, sergeant = clients["chief"], clients["sergeant"]
    chiefs, sergeants = _form(chief, url), _form(sergeant, url)
    sergeants["phone"] = "320-555-0101"
    with _later():
        assert sergeant.post(url, sergeants).status_code == 302
    chiefs["phone"] = "320-555-0199"
    text = chief.post(url, chiefs).content.decode()
    assert "sergeant saved “320-555-0101” here while you were editing; you entered" in text
    assert "“320-555-0199”" in text
    assert Officer.objects.get(pk=raman.pk).phone == "320-555-0101"


def test_a_save_that_changed_nothing_meanwhile_does_not_stop_the_next(
    demo: Demo, clients: dict[str, Any]
) -> None:
    raman = demo.officers["Raman"]
    url = f"/officers/{raman.pk}/edit/"
    chief, sergeant = clients["chief"], clients["sergeant"]
    chiefs, sergeants = _form(chief, url), _form(sergeant, url)
    with _later():
        assert sergeant.post(url, sergeants).status_code == 302  # Save on an unchanged form
    chiefs["phone"] = "320-555-0177"
    assert chief.post(url, chiefs).status_code == 302
    assert Officer.objects.get(pk=raman.pk).phone == "320-555-0177"


def test_a_form_without_a_version_is_saved_as_before(demo: Demo, clients: dict[str, Any]) -> None:
    raman = demo.officers["Raman"]
    url = f"/officers/{raman.pk}/edit/"
    data = _form(clients["chief"], url)
    data.pop("_version")
    data["phone"] = "320-555-0123"
    assert clients["chief"].post(url, data).status_code == 302
    assert Officer.objects.get(pk=raman.pk).phone == "320-555-0123"


def _patch(client: Any, url: str, body: dict[str, Any], version: str | None = None) -> Any:
    headers = {"HTTP_IF_MATCH": f'"{version}"'} if version else {}
    return client.patch(url, json.dumps(body), content_type="application/json", **headers)


def test_an_api_update_with_a_stale_version_is_refused_with_the_changes(
    demo: Demo, clients: dict[str, Any]
) -> None:
    raman = demo.officers["Raman"]
    url = f"/api/v1/officers/{raman.pk}"
    chief, sergeant = clients["chief"], clients["sergeant"]
    read = chief.get(url).json()["version"]
    with _later():
        changed = _patch(sergeant, url, {"phone": "320-555-0101"}, read)
    assert changed.status_code == 200
    assert changed.json()["version"] != read

    refused = _patch(chief, url, {"email": "p.raman@example.org"}, read)
    assert refused.status_code == 412
    body = refused.json()
    assert body["detail"].startswith("Nothing was saved: sergeant changed this record")
    assert body["version"] == changed.json()["version"]
    assert [(c["who"], c["field"], c["after"]) for c in body["changes"]] == [
        ("sergeant", "phone", "320-555-0101")
    ]
    assert Officer.objects.get(pk=raman.pk).email != "p.raman@example.org"

    # Resent at the version the refusal named, it is applied on top of the sergeant's change.
    again = _patch(chief, url, {"email": "p.raman@example.org"}, body["version"])
    assert again.status_code == 200
    raman.refresh_from_db()
    assert (raman.phone, raman.email) == ("320-555-0101", "p.raman@example.org")


@pytest.mark.parametrize(
    ("path", "field", "value"),
    [
        ("/api/v1/officers/{}", "phone", "320-555-0177"),
        ("/api/v1/assignments/{}", "notes", "Mornings only."),
        ("/api/v1/districts/{}", "contact_name", "Dana Ito"),
        ("/api/v1/schools/{}", "principal_name", "Dr. Lena Park"),
        ("/api/v1/contracts/{}", "title", "Joint powers agreement, amended"),
        ("/api/v1/safety/recommendations/{}", "status_note", "Quote requested."),
    ],
)
def test_every_api_update_checks_the_version_it_is_sent(
    demo: Demo, clients: dict[str, Any], path: str, field: str, value: str
) -> None:
    chief = clients["chief"]

    def listed() -> list[dict[str, Any]]:  # not every kind has a one-record GET
        page = chief.get(path.format("").rstrip("/")).json()
        return list(page["items"] if isinstance(page, dict) else page)

    record = listed()[0]
    url = path.format(record["id"])
    assert _patch(chief, url, {field: value}, "2000-01-01T00:00:00+00:00").status_code == 412
    assert next(r for r in listed() if r["id"] == record["id"])[field] != value
    saved = _patch(chief, url, {field: value}, record["version"])
    assert saved.status_code == 200, saved.json()
    assert saved.json()[field] == value
