"""Bad input is named on its field with the fix, on the page and in the API, and nothing is
saved."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sro.audittrail.models import AuditEvent
from sro.contracts.models import Contract
from sro.roster.models import Assignment, Officer
from sro.roster.tests.factories import OfficerFactory


@pytest.fixture
def district_contract(demo: Any) -> Contract:
    return Contract.objects.get(education_agency__kind="district")


def assignment_data(demo: Any, contract: Contract, **overrides: Any) -> dict[str, Any]:
    data = {
        "officer": str(demo.officers["Raman"].pk),
        "school": str(demo.schools["Runestone Middle School"].pk),
        "contract": str(contract.pk),
        "role": "sro",
        "start_date": "2026-12-01",
        "end_date": "2027-06-01",
        "notes": "",
    }
    data.update(overrides)
    return data


def test_a_valid_assignment_is_saved_with_its_audit_event(
    demo: Any, clients: Any, district_contract: Contract
) -> None:
    # Nils Berg, free from December 14 (Raman, the default, is at Northshore: two places).
    data = assignment_data(
        demo, district_contract, officer=str(demo.officers["Berg"].pk), start_date="2026-12-14"
    )
    response = clients["sergeant"].post("/assignments/new/", data)
    assert response.status_code == 302
    created = Assignment.objects.get(officer=demo.officers["Berg"], start_date="2026-12-14")
    assert response["Location"] == f"/assignments/{created.pk}/"
    assert AuditEvent.objects.filter(action="assignment.create", target_id=str(created.pk)).exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        pytest.param(
            {"start_date": "2027-01-10", "end_date": "2027-01-09"},
            "end_date",
            "The assignment ends (2027-01-09) before it starts (2027-01-10). Enter an end date "
            "on or after the start date, or leave it empty.",
            id="ending before it starts",
        ),
        pytest.param(
            {"start_date": "2022-06-30"},
            "start_date",
            "The start date 2022-06-30 is outside the contract's term (2022-07-01 to "
            "2027-06-30). Choose a date within the term.",
            id="starting before the contract's term",
        ),
        pytest.param(
            {"end_date": "2027-07-01"},
            "end_date",
            "The end date 2027-07-01 is after the contract's term ends (2027-06-30). End the "
            "assignment on or before that date.",
            id="ending after the contract's term",
        ),
        pytest.param(
            {"school": "charter"},
            "school",
            "Glacial Ridge Charter Academy (grades 6-12) is not one of the schools covered by "
            "“SRO agreement with Alexandria Area Schools, 2022-2027”. Choose a covered school, "
            "or add the school to the contract first.",
            id="a school outside the contract",
        ),
        pytest.param(
            {"start_date": "2026-02-30"},
            "start_date",
            "Enter a valid date.",
            id="an impossible date",
        ),
        pytest.param({"officer": ""}, "officer", "This field is required.", id="no officer"),
    ],
)
def test_bad_assignments_are_refused_on_the_field_with_the_fix(
    demo: Any,
    clients: Any,
    district_contract: Contract,
    overrides: dict[str, str],
    field: str,
    message: str,
) -> None:
    if overrides.get("school") == "charter":
        overrides = {"school": str(demo.schools["Glacial Ridge Charter Academy (grades 6-12)"].pk)}
    before = Assignment.objects.count()
    data = assignment_data(demo, district_contract, **overrides)

    page = clients["sergeant"].post("/assignments/new/", data)
    assert page.status_code == 422
    assert page.context["form"].errors[field] == [message]
    assert b"Nothing was saved" in page.content

    api = clients["sergeant"].post(
        "/api/v1/assignments", json.dumps(data), content_type="application/json"
    )
    assert api.status_code == 422
    if "valid date" in message or field == "officer":
        # the API's schema refuses a malformed value before the form sees it
        assert field in {e["field"] for e in api.json()["errors"]}
    else:
        assert {"field": field, "message": message} in api.json()["errors"]
    assert Assignment.objects.count() == before


def test_a_duplicate_badge_or_licence_is_named_on_its_field(demo: Any, clients: Any) -> None:
    data = {
        "first_name": "New",
        "last_name": "Officer",
        "badge_number": "437",  # Okafor's
        "post_license_number": "mn-10455",  # Raman's, in other letters
        "active": "on",
    }
    page = clients["chief"].post("/officers/new/", data)
    assert page.status_code == 422
    errors = page.context["form"].errors
    assert errors["badge_number"] == [
        "Badge number 437 is already used by another officer of this agency. Check the number, "
        "or edit that officer instead."
    ]
    assert errors["post_license_number"] == [
        "POST licence number mn-10455 is already on file for another officer. Check the "
        "number against the officer's licence."
    ]
    assert not Officer.objects.filter(last_name="Officer").exists()


def test_the_same_badge_number_may_exist_in_another_agency(demo: Any, clients: Any) -> None:
    OfficerFactory(agency=demo.other_agency, badge_number="500", post_license_number="Z-1")
    response = clients["chief"].post(
        "/officers/new/",
        {
            "first_name": "A",
            "last_name": "B",
            "badge_number": "500",
            "post_license_number": "Z-2",
            "active": "on",
        },
    )
    assert response.status_code == 302


def test_editing_an_officer_keeps_its_own_numbers(demo: Any, clients: Any) -> None:
    okafor = demo.officers["Okafor"]
    response = clients["sergeant"].post(
        f"/officers/{okafor.pk}/edit/",
        {
            "first_name": "Marcus",
            "last_name": "Okafor",
            "badge_number": "437",
            "post_license_number": "MN-10437",
            "phone": "320-555-0100",
            "active": "on",
        },
    )
    assert response.status_code == 302
    okafor.refresh_from_db()
    assert okafor.phone == "320-555-0100"


def test_a_contract_covers_only_its_own_districts_schools(demo: Any, clients: Any) -> None:
    district = demo.high_school.education_agency
    charter_school = demo.schools["Glacial Ridge Charter Academy (grades 6-12)"]
    page = clients["chief"].post(
        "/contracts/new/",
        {
            "title": "Mixed",
            "education_agency": str(district.pk),
            "start_date": "2027-07-01",
            "schools": [str(demo.high_school.pk), str(charter_school.pk)],
        },
    )
    assert page.status_code == 422
    assert (
        "Glacial Ridge Charter Academy (grades 6-12)" in page.context["form"].errors["schools"][0]
    )
