"""The safety overview, a school's safety page, drills, safety plans and event security, as the
people who use them see them (the demo: 2026-11-28)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import Demo
from sro.contracts.samples import sample_docx
from sro.contracts.tests.test_extract import _docx_with_body, _paragraphs
from sro.core.filecheck import DOCX
from sro.roster.models import Officer
from sro.safety import services
from sro.safety.models import Drill, SafetyPlan, SecurityAudit, SecurityEvent
from sro.schools.models import School
from sro.schools.services import save_school
from sro.training.queries import compliance

RUNESTONE = "Runestone Middle School"
TODAY = dt.date(2026, 11, 28)


def _officer(demo: Demo, *, restricted: bool) -> Officer:
    """An active officer of the demo department whose training verdict restricts them from
    clauses (4) and (5), or one it does not."""
    officers = Officer.objects.filter(agency=demo.agency, active=True)
    return next(r.officer for r in compliance(officers, as_of=TODAY) if r.restricted is restricted)


def _new_school(demo: Demo, name: str) -> School:
    return save_school(
        School(education_agency=demo.high_school.education_agency, name=name, level="middle"),
        actor=demo.users["chief"],
    )


def _completed_audit(school: School, day: dt.date, demo: Demo) -> SecurityAudit:
    """Open, assign, walk (every item meets) and complete the school's audit on ``day``."""
    chief = demo.users["chief"]
    audit = services.open_audit(school, actor=chief, as_of=day)
    services.assign_audit(
        audit, _officer(demo, restricted=False), actor=chief, override_reason="", as_of=TODAY
    )
    services.start_audit(audit, actor=chief, as_of=TODAY)
    services.save_answers(audit, [(a, "meets", "") for a in audit.answers.all()], actor=chief)
    return services.complete_audit(audit, actor=chief, summary="", as_of=day)


def _row(page: str, school: str) -> str:
    """The overview's table row of one school."""
    rows = [r for r in re.findall(r"<tr>.*?</tr>", page, flags=re.S) if f">{school}</a>" in r]
    assert len(rows) == 1, f"{school}: {len(rows)} rows"
    return rows[0]


def test_the_overview_shows_each_audit_state_from_the_audits_completed(
    demo: Demo, clients: dict[str, Any]
) -> None:
    never = _new_school(demo, "Birch Lane Middle School")
    late = _new_school(demo, "Cedar Point Middle School")
    done = _new_school(demo, "Douglas Middle School")
    _completed_audit(late, dt.date(2025, 9, 15), demo)
    _completed_audit(done, dt.date(2026, 10, 1), demo)
    page = clients["chief"].get("/safety/").content.decode()
    assert "Never audited" in _row(page, never.name)
    overdue = _row(page, late.name)
    assert "Overdue 74 days" in overdue  # due by 2026-09-15
    assert "Last completed Sept. 15, 2025; due by Sept. 15, 2026" in overdue
    assert "Policy 436.3" in overdue
    current = _row(page, done.name)
    assert "Current" in current
    assert "due by Oct. 1, 2027; next audit from July 1, 2027" in current
    assert page.index(late.name) < page.index(done.name)  # overdue schools first
    overdue_only = clients["chief"].get("/safety/?state=overdue").content.decode()
    assert late.name in overdue_only
    assert done.name not in overdue_only
    school_page = clients["chief"].get(f"/safety/schools/{late.pk}/").content.decode()
    assert "is 74 days overdue" in school_page
    assert "Start the audit" in school_page


def test_the_overview_counts_drills_against_the_minimums(
    demo: Demo, clients: dict[str, Any]
) -> None:
    school = _new_school(demo, "Birch Lane Middle School")
    for day in (dt.date(2026, 9, 10), dt.date(2026, 10, 12)):
        services.record_drill(
            Drill(school=school, kind="lockdown", held_on=day),
            actor=demo.users["chief"],
            as_of=TODAY,
        )
    row = _row(clients["chief"].get("/safety/").content.decode(), school.name)
    assert "Lockdown: 2 of 5" in row
    assert "Fire: 0 of 5" in row
    assert "Tornado: 0 of 1" in row


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
        "officer": str(_officer(demo, restricted=True).pk),
        "advice": "Clear the east stairwell faster.",
        **extra,
    }


def test_a_restricted_officers_advice_is_refused_then_recorded_on_an_override(
    demo: Demo, clients: dict[str, Any]
) -> None:
    form = clients["sergeant"].get("/safety/drills/new/").content.decode()
    assert "restricted: clauses (4) and (5)" in form
    before = Drill.objects.count()
    refused = clients["sergeant"].post("/safety/drills/new/", _drill_post(demo))
    assert refused.status_code == 422
    assert "626.8482, subd. 2(a)(4)" in " ".join(refused.context["form"].errors["officer"])
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
    own = _drill_post(demo, school=str(demo.high_school.pk), override_reason="I say so.")
    refused = clients["sro"].post("/safety/drills/new/", own)
    assert refused.status_code == 422
    assert "626.8482, subd. 2(a)(4)" in " ".join(refused.context["form"].errors["officer"])
    post = _drill_post(demo, school=str(demo.high_school.pk), held_on="2026-12-05", advice="")
    refused = clients["sro"].post("/safety/drills/new/", post)
    assert refused.status_code == 422
    assert refused.context["form"].errors["held_on"] == ["Record a drill once it has been held."]


def test_an_sro_edits_and_removes_a_drill_at_their_school(
    demo: Demo, clients: dict[str, Any]
) -> None:
    drill = services.record_drill(
        Drill(school=demo.high_school, kind="tornado", held_on=dt.date(2026, 10, 2)),
        actor=demo.users["chief"],
        as_of=TODAY,
    )
    page = clients["sro"].get(f"/safety/drills/{drill.pk}/edit/").content.decode()
    assert f"/safety/drills/{drill.pk}/remove/" in page
    post = {"school": str(demo.high_school.pk), "kind": "tornado", "held_on": "2026-10-05"}
    assert clients["sro"].post(f"/safety/drills/{drill.pk}/edit/", post).status_code == 302
    drill.refresh_from_db()
    assert drill.held_on == dt.date(2026, 10, 5)
    runestone = Drill.objects.filter(school=demo.schools[RUNESTONE]).first()
    if runestone is not None:
        assert clients["sro"].post(f"/safety/drills/{runestone.pk}/remove/").status_code == 404
    assert clients["sro"].post(f"/safety/drills/{drill.pk}/remove/").status_code == 302
    assert not Drill.objects.filter(pk=drill.pk).exists()


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


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("plan.pdf", b"<script>"),
        ("plan.docx", _zip({"plan.html": b"<script>"})),  # a ZIP, not a Word document
    ],
)
def test_a_plan_attachment_must_be_pdf_or_docx(
    demo: Demo, clients: dict[str, Any], name: str, content: bytes
) -> None:
    fake = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = clients["principal"].post(
        f"/safety/schools/{demo.high_school.pk}/plan/",
        {"title": "Plan", "next_review_on": "2027-08-15", "attachment": fake},
    )
    assert response.status_code == 422
    assert "Attach the plan as a PDF or a Word (DOCX) file." in response.content.decode()


def test_a_plan_is_judged_by_its_content_not_the_browsers_word(
    demo: Demo, clients: dict[str, Any]
) -> None:
    """Browsers often send a .docx as application/octet-stream: accepted for its content. A Word
    file that inflates hundreds of times is refused from its ZIP directory."""
    url = f"/safety/schools/{demo.high_school.pk}/plan/"
    fields = {"title": "Plan", "next_review_on": "2027-08-15"}
    docx = SimpleUploadedFile(
        "plan.docx", sample_docx("cedar-bend-2024"), "application/octet-stream"
    )
    assert clients["principal"].post(url, {**fields, "attachment": docx}).status_code == 302
    bomb = _docx_with_body(_paragraphs([b"a"] * (8 * 1024 * 1024 // 36)))
    refused = clients["principal"].post(
        url, {**fields, "attachment": SimpleUploadedFile("bomb.docx", bomb, DOCX)}
    )
    assert refused.status_code == 422
    assert "times larger than it is stored" in refused.content.decode()


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
    assert response.context["form"].errors["ends_at"] == ["The event must end after it starts."]


def test_the_audit_list_school_page_and_home_agree_on_an_overdue_audit(demo: Demo) -> None:
    """Lakeview's audit was due by 2026-11-30; opened automatically a week later, its stored
    due date is the day it opened. The list asks the school's audit status, as the school page
    and the home card do: overdue 7 days, due 2026-11-30, on all three."""
    import time_machine

    from conftest import signed_in
    from sro.audittrail.guard import unaudited_writes
    from sro.core import clock

    lakeview = demo.schools["Lakeview Elementary School"]
    with unaudited_writes("set up: the audit the demo opened early is not there yet"):
        SecurityAudit.objects.filter(school=lakeview).exclude(status="completed").delete()
    week_later = dt.datetime(2026, 12, 7, 9, 0, tzinfo=clock.agency_zone())
    with time_machine.travel(week_later, tick=False):
        services.open_due_audits(actor=None, as_of=clock.today(), agency=demo.agency)
        audit = SecurityAudit.objects.exclude(status="completed").get(school=lakeview)
        chief = signed_in(demo.users["chief"])
        listed = chief.get("/safety/audits/")
        lakeview_row = dict(listed.context["rows"])[audit]
        assert (lakeview_row.due_on, lakeview_row.overdue) == (dt.date(2026, 11, 30), True)
        assert lakeview_row.days_overdue == 7
        text = listed.content.decode()
        row = re.search(r"Lakeview Elementary School</a></th>.*?</tr>", text, flags=re.S)
        assert row is not None
        assert "Overdue 7 days" in row[0]
        assert "2026-11-30" in row[0]
        school_page = chief.get(f"/safety/schools/{lakeview.pk}/").content.decode()
        assert "Overdue 7 days" in school_page
        home = chief.get("/home/").content.decode()
        assert "Lakeview Elementary School</a>: 7 days overdue (due Nov 30, 2026)" in home
        detail = chief.get(audit.get_absolute_url()).content.decode()
        assert "Overdue 7 days" in detail
        assert "2026-11-30" in detail
