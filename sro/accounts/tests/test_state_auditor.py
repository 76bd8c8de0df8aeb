"""The state auditor: one account reading any agency of a shared deployment, one at a time,
read-only, each change of agency on the record."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from conftest import Demo
from sro.audittrail.models import AuditEvent


def _read(client: Any, agency: Any) -> Any:
    return client.post(reverse("read_agency"), {"agency": str(agency.pk)}, follow=True)


def test_the_state_auditor_lists_every_agency_and_reads_the_one_chosen(
    demo: Demo, clients: dict[str, Any]
) -> None:
    client = clients["state"]
    page = client.get(reverse("read_agency")).content.decode()
    assert demo.agency.name in page
    assert demo.other_agency.name in page
    assert "Reading now" in page
    lindqvist = demo.officers["Lindqvist"]
    assert "Lindqvist" in client.get(reverse("roster:officer_list")).content.decode()

    home = _read(client, demo.other_agency).content.decode()
    assert f"You are now reading {demo.other_agency.name} (read only)." in home
    assert f"Reading <strong>{demo.other_agency.name}</strong>" in home
    assert "Lindqvist" not in client.get(reverse("roster:officer_list")).content.decode()
    assert client.get(reverse("roster:officer", args=[lindqvist.pk])).status_code == 404
    assert client.get(f"/api/v1/officers/{lindqvist.pk}").status_code == 404

    _read(client, demo.agency)
    assert client.get(reverse("roster:officer", args=[lindqvist.pk])).status_code == 200


def test_each_change_of_agency_is_in_the_audit_trail_of_the_agency_read(
    demo: Demo, clients: dict[str, Any]
) -> None:
    _read(clients["state"], demo.other_agency)
    event = AuditEvent.objects.get(action="membership.read_agency")
    assert event.actor_username == "state"
    assert event.agency_id == demo.other_agency.pk
    assert event.old_values["agency"] == str(demo.agency.pk)
    assert event.new_values["agency"] == str(demo.other_agency.pk)
    # Each choice is on record, even of the agency already read: when reading began.
    _read(clients["state"], demo.other_agency)
    assert AuditEvent.objects.filter(action="membership.read_agency").count() == 2


def test_the_state_auditor_changes_nothing_in_the_agency_read(
    demo: Demo, clients: dict[str, Any]
) -> None:
    client = clients["state"]
    _read(client, demo.other_agency)
    assert client.get(reverse("roster:officer_create")).status_code == 403
    body = {"first_name": "A", "last_name": "B"}
    assert client.post("/api/v1/officers", body, content_type="application/json").status_code == 403


def test_a_bad_choice_names_the_field_and_changes_nothing(
    demo: Demo, clients: dict[str, Any]
) -> None:
    client = clients["state"]
    for value in ("", "not-a-uuid", "00000000-0000-0000-0000-000000000000"):
        page = client.post(reverse("read_agency"), {"agency": value}, follow=True)
        assert "Agency: choose one from the list." in page.content.decode()
    assert demo.users["state"].membership.agency_id == demo.agency.pk


def test_no_other_role_reads_another_agency(demo: Demo, clients: dict[str, Any]) -> None:
    for persona in ("chief", "auditor", "outsider", "norole"):
        response = clients[persona].post(reverse("read_agency"), {"agency": str(demo.agency.pk)})
        assert response.status_code == 403, persona
    assert clients["outsider"].get(reverse("roster:officer_list")).status_code == 200
    assert (
        "Lindqvist" not in clients["outsider"].get(reverse("roster:officer_list")).content.decode()
    )


def test_the_search_finds_an_agency_by_name(demo: Demo, clients: dict[str, Any]) -> None:
    page = clients["state"].get(reverse("read_agency"), {"q": "other county"}).content.decode()
    assert demo.other_agency.name in page
    assert demo.agency.name not in page.split("<tbody>")[1]
