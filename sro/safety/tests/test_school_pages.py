"""The safety overview, a school's safety page, drills, safety plans and event security, as the
people who use them see them (the demo: 2026-11-28)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import Demo
from sro.safety.models import Drill, SafetyPlan, SecurityEvent

RUNESTONE = "Runestone Middle School"


def test_the_overview_puts_overdue_and_never_audited_schools_first(
    demo: Demo, clients: dict[str, Any]
) -> None:
    page = clients["sergeant"].get("/safety/").content.decode()
    assert "Never audited" in page
    assert "Overdue 79 days" in page  # Northshore: last completed 2025-09-10
    assert page.index("Never audited") < page.index("Central Lakes High School")
    assert "overdue for the yearly security audit" in page


def test_a_principal_sees_only_their_school(demo: Demo, clients: dict[str, Any]) -> None:
    page = clients["principal"].get("/safety/").content.decode()
    assert "Central Lakes High School" in page
    assert RUNESTONE not in page
    runestone = demo.schools[RUNESTONE]
    assert clients["principal"].get(f"/safety/schools/{runestone.pk}/").status_code == 404


def test_a_school_page_counts_drills_against_the_minimums(
    demo: Demo, clients: dict[str, Any]
) -> None:
    page = clients["sro"].get(f"/safety/schools/{demo.high_school.pk}/").content.decode()
    assert "Minn. Stat. 121A.035, subd. 2; 299F.30" in page
    done = Drill.objects.filter(school=demo.high_school, kind="lockdown").count()
    assert f'<td data-label="Held">{done}</td>' in page
    assert "The SRO&#x27;s contributions" in page or "The SRO's contributions" in page


def _drill_post(demo: Demo, **extra: str) -> dict[str, str]:
    return {
        "school": str(demo.schools[RUNESTONE].pk),
        "kind": "fire",
        "held_on": "2026-11-20",
        "observed": "on",
        "officer": str(demo.officers["Okafor"].pk),
        "advice": "Clear the east stairwell faster.",
        **extra,
    }


def test_a_restricted_officers_advice_is_refused_then_recorded_on_an_override(
    demo: Demo, clients: dict[str, Any]
) -> None:
    before = Drill.objects.count()
    refused = clients["sergeant"].post("/safety/drills/new/", _drill_post(demo))
    assert refused.status_code == 422
    assert "626.8482, subd. 2(a)(4)" in refused.content.decode()
    assert Drill.objects.count() == before
    reason = "He ran these drills for ten years; reviewed by the sergeant."
    done = clients["sergeant"].post(
        "/safety/drills/new/", _drill_post(demo, override_reason=reason)
    )
    assert done.status_code == 302
    assert Drill.objects.get(advice="Clear the east stairwell faster.").override_reason == reason


def test_an_sro_cannot_override_and_a_future_drill_names_the_field(
    demo: Demo, clients: dict[str, Any]
) -> None:
    form = clients["sro"].get("/safety/drills/new/").content.decode()
    assert "override_reason" not in form
    post = _drill_post(demo, school=str(demo.high_school.pk), held_on="2026-12-05", advice="")
    refused = clients["sro"].post("/safety/drills/new/", post)
    assert refused.status_code == 422
    assert "Record a drill once it has been held." in refused.content.decode()


def test_the_principal_attaches_the_plan_and_the_sro_downloads_it(
    demo: Demo, clients: dict[str, Any]
) -> None:
    school = demo.high_school
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    response = clients["principal"].post(
        f"/safety/schools/{school.pk}/plan/",
        {
            "title": "Crisis management plan",
            "adopted_on": "2025-08-20",
            "last_reviewed_on": "2026-08-15",
            "next_review_on": "2027-08-15",
            "notes": "",
            "attachment": pdf,
        },
    )
    assert response.status_code == 302
    plan = SafetyPlan.objects.get(school=school)
    assert plan.file_name == "plan.pdf"
    got = clients["sro"].get(f"/safety/plans/{plan.pk}/file/")
    assert got.status_code == 200
    assert b"".join(got.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    assert clients["outsider"].get(f"/safety/plans/{plan.pk}/file/").status_code == 404


def test_a_plan_attachment_must_be_pdf_or_docx(demo: Demo, clients: dict[str, Any]) -> None:
    fake = SimpleUploadedFile("plan.pdf", b"<script>", content_type="application/pdf")
    response = clients["principal"].post(
        f"/safety/schools/{demo.high_school.pk}/plan/",
        {"title": "Plan", "next_review_on": "2027-08-15", "attachment": fake},
    )
    assert response.status_code == 422
    assert "Attach the plan as a PDF or a Word (DOCX) file." in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"), [("sergeant", 302), ("sro", 403), ("principal", 403)]
)
def test_supervisors_assign_officers_to_events(
    demo: Demo, clients: dict[str, Any], persona: str, status: int
) -> None:
    officers = [demo.officers["Lindqvist"].pk, demo.officers["Raman"].pk]
    response = clients[persona].post(
        "/safety/events/new/",
        {
            "name": "Winter formal",
            "school": str(demo.high_school.pk),
            "kind": "dance",
            "starts_at": "2027-01-22T19:00",
            "ends_at": "2027-01-22T22:30",
            "expected_attendance": "600",
            "officers": [str(pk) for pk in officers],
        },
    )
    assert response.status_code == status
    saved = SecurityEvent.objects.filter(name="Winter formal").first()
    if status == 302:
        assert saved is not None
        assert {o.pk for o in saved.officers.all()} == set(officers)
        assert "Winter formal" in clients["sro"].get("/safety/events/").content.decode()
    else:
        assert saved is None


def test_an_event_that_ends_before_it_starts_names_the_field(
    demo: Demo, clients: dict[str, Any]
) -> None:
    response = clients["sergeant"].post(
        "/safety/events/new/",
        {
            "name": "Game",
            "school": str(demo.high_school.pk),
            "kind": "sports",
            "starts_at": "2027-01-22T19:00",
            "ends_at": "2027-01-22T18:00",
        },
    )
    assert response.status_code == 422
    assert "The event must end after it starts." in response.content.decode()
