"""The SRO policy: read and acknowledged in the app, new versions asked again; and the training
verdict used where it matters, when an officer is assigned."""

from __future__ import annotations

import json
from typing import Any

import pytest

from sro.audittrail.models import AuditEvent
from sro.contracts.models import Contract
from sro.roster.models import Assignment
from sro.training.models import PolicyReview, PolicyVersion


@pytest.fixture
def new_version(demo: Any, clients: Any) -> PolicyVersion:
    response = clients["chief"].post(
        "/policy/versions/new/",
        {
            "version": "2026-11",
            "title": "School Resource Officers (policy 436)",
            "effective_on": "2026-11-28",
            "text": "The revised policy.",
        },
    )
    assert response.status_code == 302
    return PolicyVersion.objects.get(version="2026-11")


def test_a_new_version_asks_every_assigned_officer_to_review_it(
    demo: Any, clients: Any, new_version: PolicyVersion
) -> None:
    home = clients["sro"].get("/home/")
    assert home.context["policy_to_review"] == new_version
    assert b"Review the SRO policy" in home.content
    page = clients["chief"].get(f"/policy/versions/{new_version.pk}/")
    waiting = [officer.last_name for officer, review in page.context["assigned"] if not review]
    assert len(waiting) == 8  # everyone on assignment; Berg's ended
    compliance = clients["chief"].get("/training/").context["rows"]
    assert {
        r.reviewed_current_policy for r in compliance if r.verdict.status != "not_assigned"
    } == {False}


def test_the_officer_reads_and_acknowledges_the_policy(
    demo: Any, clients: Any, new_version: PolicyVersion
) -> None:
    page = clients["sro"].get("/policy/")
    assert b"The revised policy." in page.content
    refused = clients["sro"].post(
        f"/policy/versions/{new_version.pk}/acknowledge/", {}, follow=True
    )
    assert b"Tick the box to confirm you have read the policy." in refused.content
    assert not PolicyReview.objects.filter(policy_version=new_version).exists()
    clients["sro"].post(f"/policy/versions/{new_version.pk}/acknowledge/", {"confirm": "on"})
    review = PolicyReview.objects.get(policy_version=new_version)
    assert review.officer == demo.officers["Lindqvist"]
    assert review.reviewed_on.isoformat() == "2026-11-28"
    assert review.acknowledged_by == demo.users["sro"]
    assert AuditEvent.objects.filter(
        action="policy_review.create", target_id=str(review.pk)
    ).exists()
    assert clients["sro"].get("/home/").context["policy_to_review"] is None


def test_only_an_officer_acknowledges_for_themself(
    demo: Any, clients: Any, new_version: PolicyVersion
) -> None:
    response = clients["chief"].post(
        f"/policy/versions/{new_version.pk}/acknowledge/", {"confirm": "on"}
    )
    assert response.status_code == 403


def test_a_version_not_yet_in_effect_is_not_offered_and_cannot_be_acknowledged(
    demo: Any, clients: Any, new_version: PolicyVersion
) -> None:
    """A version published ahead of its effective day is refused with its message (not a 500),
    and the policy page offers the version in effect today."""
    response = clients["chief"].post(
        "/policy/versions/new/",
        {
            "version": "2027-01",
            "title": "School Resource Officers (policy 436)",
            "effective_on": "2027-01-01",
            "text": "The policy of next year.",
        },
    )
    assert response.status_code == 302
    future = PolicyVersion.objects.get(version="2027-01")
    page = clients["sro"].get("/policy/")
    assert page.context["policy"] == new_version
    assert f"/policy/versions/{future.pk}/acknowledge/".encode() not in page.content
    refused = clients["sro"].post(
        f"/policy/versions/{future.pk}/acknowledge/", {"confirm": "on"}, follow=True
    )
    assert refused.status_code == 200
    assert b"takes effect on 2027-01-01" in refused.content
    assert not PolicyReview.objects.filter(policy_version=future).exists()


def _haugen_assignment(demo: Any, **extra: str) -> dict[str, str]:
    contract = Contract.objects.get(education_agency__kind="district")
    return {
        "officer": str(demo.officers["Haugen"].pk),
        "school": str(demo.schools["Northshore Middle School"].pk),
        "contract": str(contract.pk),
        "role": "sro",
        "start_date": "2026-12-01",
        **extra,
    }


# Haugen is also the Lakeview SRO on those days: the double booking needs its own reason.
BOOKED_ANYWAY = "Lakeview is covered by the substitute pool this week."


def test_assigning_an_officer_who_may_not_serve_needs_an_override(demo: Any, clients: Any) -> None:
    before = Assignment.objects.count()
    page = clients["sergeant"].post(
        "/assignments/new/", _haugen_assignment(demo, double_booking_reason=BOOKED_ANYWAY)
    )
    assert page.status_code == 422
    message = page.context["form"].errors["override_reason"][0]
    assert message.startswith(
        "This officer may not serve on the assignment's start (training required)."
    )
    assert "Minn. Stat. 626.8482" in message
    assert Assignment.objects.count() == before

    saved = clients["sergeant"].post(
        "/assignments/new/",
        _haugen_assignment(
            demo,
            override_reason="Course booked for December 3.",
            double_booking_reason=BOOKED_ANYWAY,
        ),
    )
    assert saved.status_code == 302
    assignment = Assignment.objects.get(
        school__name="Northshore Middle School", officer=demo.officers["Haugen"]
    )
    assert assignment.override_by == demo.users["sergeant"]
    assert assignment.override_reason == "Course booked for December 3."
    event = AuditEvent.objects.get(action="assignment.create", target_id=str(assignment.pk))
    assert event.reason == "Supervisor override: Course booked for December 3."
    assert event.new_values["override_reason"] == "Course booked for December 3."


def test_the_api_enforces_the_same_override(demo: Any, clients: Any) -> None:
    body = _haugen_assignment(demo, double_booking_reason=BOOKED_ANYWAY)
    refused = clients["chief"].post(
        "/api/v1/assignments", json.dumps(body), content_type="application/json"
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "override_reason"
    body["override_reason"] = "Chief's decision."
    assert (
        clients["chief"]
        .post("/api/v1/assignments", json.dumps(body), content_type="application/json")
        .status_code
        == 201
    )


def test_an_officer_who_may_serve_needs_no_override(demo: Any, clients: Any) -> None:
    data = _haugen_assignment(demo)
    data["officer"] = str(demo.officers["Raman"].pk)
    assert clients["sergeant"].post("/assignments/new/", data).status_code == 302


def test_the_restriction_shows_where_officers_are_assigned(demo: Any, clients: Any) -> None:
    home = clients["sergeant"].get("/home/")
    restricted = {
        line["assignment"].officer.last_name for line in home.context["lines"] if line["restricted"]
    }
    assert restricted == {"Okafor", "Becker"}
    assert b"Not assigned" in home.content
    principal_home = clients["principal"].get("/home/")
    assert principal_home.context["shows_status"] is False
    lines = principal_home.context["lines"]
    assert {(line["assignment"].officer.last_name, line["restricted"]) for line in lines} == {
        ("Lindqvist", False),
        ("Becker", True),
    }
