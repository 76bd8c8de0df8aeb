"""The chief's complaint pages: the list without the complainant, the complaint with its
details, the review and the outcome with its checks; auditors read only; everyone else is
refused; the audit trail records each step without the private values."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from conftest import Demo
from sro.audittrail.models import AuditEvent
from sro.audittrail.services import PRIVATE_VALUE
from sro.complaints import services
from sro.complaints.models import Complaint

# What the demo's complainants wrote and who they are: never in a list or the audit trail.
PRIVATE_TEXTS = [
    "Pat Example",
    "pat.example@example.org",
    "320-555-0142",
    "football game",
    "backpack in the hallway",
    "crosswalk at pickup",
    "Officer Lindqvist",
    "accounts differ",
]


def _complaint(status: str) -> Complaint:
    return Complaint.objects.get(agency__name="Alexandria Police Department", status=status)


def test_the_list_shows_references_and_days_open_but_no_complainant(
    demo: Demo, clients: dict[str, Any]
) -> None:
    page = clients["chief"].get("/complaints/")
    assert page.status_code == 200
    html = page.content.decode()
    for reference in ("C-2026-0001", "C-2026-0002", "C-2026-0003"):
        assert reference in html
    assert "Not sustained" in html
    assert "Under review" in html
    assert "Central Lakes High School" in html
    assert ">30<" in html  # received 2026-10-17, closed 2026-11-16
    for text in PRIVATE_TEXTS:
        assert text not in html, text
    only_open = clients["chief"].get("/complaints/?status=under_review").content.decode()
    assert "C-2026-0002" in only_open
    assert "C-2026-0001" not in only_open


def test_the_complaint_page_shows_what_happened_and_how_to_reach_them(
    demo: Demo, clients: dict[str, Any]
) -> None:
    closed = _complaint("closed")
    for persona in ("chief", "auditor"):
        html = clients[persona].get(f"/complaints/{closed.pk}/").content.decode()
        assert "football game" in html
        assert "pat.example@example.org" in html
        assert "Not sustained" in html
    assert (
        "Close the complaint"
        not in clients["auditor"]
        .get(f"/complaints/{_complaint('under_review').pk}/")
        .content.decode()
    )


def test_the_chief_reviews_identifies_and_closes_a_complaint(
    demo: Demo, clients: dict[str, Any]
) -> None:
    chief = clients["chief"]
    complaint = _complaint("received")
    url = f"/complaints/{complaint.pk}/"
    page = chief.get(url).content.decode()
    assert "Start the review" in page
    assert "Close the complaint" not in page
    # Closing before the review is refused.
    early = chief.post(
        f"{url}close/", {"outcome": "unfounded", "outcome_on": "2026-11-28"}, follow=True
    )
    assert "Start the review before closing" in early.content.decode()
    assert chief.post(f"{url}review/").status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == "under_review"
    assert complaint.acknowledged_by == demo.users["chief"]
    assert complaint.acknowledged_at is not None
    # Identify the officer and the school.
    officer = demo.officers["Okafor"]
    school = demo.schools["Runestone Middle School"]
    identified = chief.post(f"{url}identify/", {"officer": officer.pk, "school": school.pk})
    assert identified.status_code == 302
    complaint.refresh_from_db()
    assert (complaint.officer, complaint.school) == (officer, school)
    # Closing: each bad value named on its field.
    bad = chief.post(f"{url}close/", {"outcome": "", "outcome_on": ""})
    assert bad.status_code == 422
    errors = bad.context["close_form"].errors
    assert errors["outcome"] == ["Choose the outcome."]
    assert errors["outcome_on"] == ["Give the date of the outcome."]
    before = chief.post(f"{url}close/", {"outcome": "unfounded", "outcome_on": "2026-11-01"})
    assert before.context["close_form"].errors["outcome_on"] == [
        "The outcome date cannot be before the complaint was received (2026-11-27)."
    ]
    future = chief.post(f"{url}close/", {"outcome": "unfounded", "outcome_on": "2026-12-01"})
    assert future.context["close_form"].errors["outcome_on"] == [
        "The outcome date cannot be in the future."
    ]
    complaint.refresh_from_db()
    assert complaint.status == "under_review"
    done = chief.post(
        f"{url}close/",
        {"outcome": "unfounded", "outcome_on": "2026-11-28", "note": "Camera footage (test)."},
    )
    assert done.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == "closed"
    assert complaint.outcome == "unfounded"
    assert complaint.outcome_on == dt.date(2026, 11, 28)
    assert complaint.closed_by == demo.users["chief"]
    actions = list(
        AuditEvent.objects.filter(target_id=str(complaint.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "complaint.create",
        "complaint.review",
        "complaint.identify",
        "complaint.close",
    ]
    # A closed complaint is not changed again.
    again = chief.post(f"{url}identify/", {"officer": "", "school": ""}, follow=True)
    assert "is closed: it is no longer changed" in again.content.decode()
    complaint.refresh_from_db()
    assert complaint.officer == officer


def test_another_departments_officer_cannot_be_named(demo: Demo, clients: dict[str, Any]) -> None:
    from sro.roster.models import Officer
    from sro.roster.services import save_officer

    stranger = save_officer(
        Officer(
            agency=demo.other_agency,
            first_name="Other",
            last_name="Deputy",
            badge_number="9",
            post_license_number="MN-999999",
        ),
        actor=None,
    )
    complaint = _complaint("under_review")
    page = clients["chief"].post(
        f"/complaints/{complaint.pk}/identify/", {"officer": stranger.pk, "school": ""}
    )
    assert page.status_code == 422
    assert "officer" in page.context["assign_form"].errors
    with pytest.raises(Exception, match="Choose an officer of this department"):
        services.assign_officer_and_school(
            complaint, actor=demo.users["chief"], officer=stranger, school=None
        )


def test_the_auditor_reads_but_cannot_write(demo: Demo, clients: dict[str, Any]) -> None:
    auditor = clients["auditor"]
    complaint = _complaint("received")
    url = f"/complaints/{complaint.pk}/"
    assert auditor.get("/complaints/").status_code == 200
    assert auditor.get(url).status_code == 200
    assert auditor.post(f"{url}review/").status_code == 403
    assert auditor.post(f"{url}close/", {"outcome": "unfounded"}).status_code == 403
    assert auditor.post(f"{url}identify/", {"officer": ""}).status_code == 403
    complaint.refresh_from_db()
    assert complaint.status == "received"


@pytest.mark.parametrize("persona", ["sro", "sergeant", "records", "principal", "norole"])
def test_other_roles_are_refused_the_list(clients: dict[str, Any], persona: str) -> None:
    assert clients[persona].get("/complaints/").status_code == 403


def test_other_roles_and_departments_do_not_reach_a_complaint(
    demo: Demo, clients: dict[str, Any]
) -> None:
    complaint = _complaint("closed")  # about the SRO persona, at the principal's school
    url = f"/complaints/{complaint.pk}/"
    assert clients["sro"].get(url).status_code == 404
    assert clients["principal"].get(url).status_code == 404
    assert clients["sergeant"].get(url).status_code == 403
    assert clients["records"].get(url).status_code == 403
    assert clients["outsider"].get(url).status_code == 404
    assert clients["outsider"].post(f"{url}review/").status_code == 404
    assert "C-2026" not in clients["outsider"].get("/complaints/").content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(demo: Demo, clients: dict[str, Any]) -> None:
    complaint = _complaint("received")
    for url in (
        "/complaints/",
        f"/complaints/{complaint.pk}/",
    ):
        page = clients["anonymous"].get(url)
        assert page.status_code == 302
        assert page["Location"].startswith("/login/")
    page = clients["anonymous"].post(f"/complaints/{complaint.pk}/review/")
    assert page.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == "received"


def test_the_audit_trail_never_holds_the_complainant_or_what_happened(demo: Demo) -> None:
    events = AuditEvent.objects.filter(target_type="complaints.complaint")
    assert events.count() == 7  # the demo: three received, two reviews, identify, close
    for event in events:
        values = f"{event.old_values} {event.new_values} {event.target_label} {event.reason}"
        for text in PRIVATE_TEXTS:
            assert text not in values, (event.action, text)
    created = events.filter(action="complaint.create").first()
    assert created is not None
    assert created.new_values["narrative"] == PRIVATE_VALUE
    assert created.new_values["reference"].startswith("C-2026-")
