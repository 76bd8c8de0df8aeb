"""The compliance dashboard, an officer's training page, exports, certificates, and contact days
counted from the duty schedule."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sro.audittrail.models import AuditEvent
from sro.core.demo_people import DEMO_CERTIFICATE
from sro.core.tests.hostile_files import png_declaring, real_png
from sro.scheduling.models import Absence
from sro.scheduling.services import save_absence
from sro.training.models import Completion
from sro.training.queries import compliance_for

DEMO_STATUSES = {
    "Lindqvist": "transition",
    "Okafor": "grace_period",
    "Raman": "compliant",
    "Haugen": "training_required",
    "Whitebird": "refresher_overdue",
    "Solberg": "training_overdue",
    "Becker": "substitute_exempt",
    "Mohamed": "substitute_exempt",
    "Berg": "not_assigned",
}


def rows_of(page: Any) -> dict[str, Any]:
    return {row.officer.last_name: row for row in page.context["rows"]}


def test_the_demo_shows_every_status_and_the_dashboard_explains_each(
    demo: Any, clients: Any
) -> None:
    page = clients["chief"].get("/training/")
    rows = rows_of(page)
    assert {name: row.verdict.status for name, row in rows.items()} == DEMO_STATUSES
    html = page.content.decode()
    for row in rows.values():
        for reason in row.verdict.reasons:
            assert reason.citation in html
    assert rows["Okafor"].verdict.training_due.isoformat() == "2027-02-28"
    assert rows["Okafor"].verdict.restricted_clauses == (4, 5)
    assert rows["Becker"].verdict.restricted_clauses == (4, 5)
    assert rows["Mohamed"].verdict.restricted_clauses == ()
    assert rows["Solberg"].verdict.policy_review == "late"
    assert rows["Raman"].verdict.certificate == "ok"
    assert rows["Whitebird"].verdict.certificate == "missing"
    assert [n for n, r in rows.items() if not r.verdict.may_serve] == [
        "Berg",
        "Haugen",
        "Solberg",
        "Whitebird",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "substitute_exempt"}, {"Becker", "Mohamed"}),
        ({"may_serve": "no", "status": "training_overdue"}, {"Solberg"}),
        ({"restricted": "yes"}, {"Okafor", "Becker"}),
    ],
)
def test_the_dashboard_filters(
    demo: Any, clients: Any, query: dict[str, str], expected: set[str]
) -> None:
    assert set(rows_of(clients["sergeant"].get("/training/", query))) == expected


def test_an_sro_sees_only_their_own_training(demo: Any, clients: Any) -> None:
    assert set(rows_of(clients["sro"].get("/training/"))) == {"Lindqvist"}
    mine = clients["sro"].get("/training/me/")
    assert mine["Location"] == f"/training/officers/{demo.officers['Lindqvist'].pk}/"
    page = clients["sro"].get(mine["Location"])
    assert b"Transition" in page.content
    assert b"2027-05-31" in page.content


def test_the_csv_export_has_every_officer_with_reasons(demo: Any, clients: Any) -> None:
    response = clients["chief"].get("/training/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="sro-training-2026-11-28.csv"' in response["Content-Disposition"]
    table = list(csv.DictReader(io.StringIO(response.content.decode())))
    by_name = {r["officer"]: r for r in table}
    assert len(table) == 9
    okafor = by_name["Marcus Okafor"]
    assert (okafor["status"], okafor["may_serve"], okafor["restricted_clauses"]) == (
        "grace_period",
        "yes",
        "4 5",
    )
    assert okafor["training_due"] == "2027-02-28"
    assert "Minn. Stat. 626.8482, subd. 3(c)" in okafor["reasons"]
    assert {r["as_of"] for r in table} == {"2026-11-28"}


def test_the_csv_export_follows_the_filters(demo: Any, clients: Any) -> None:
    response = clients["chief"].get("/training/export.csv", {"may_serve": "no"})
    names = [r["officer"] for r in csv.DictReader(io.StringIO(response.content.decode()))]
    assert names == ["Nils Berg", "Sofia Haugen", "Erik Solberg", "Jordan Whitebird"]


def test_the_pdf_export_is_a_pdf(demo: Any, clients: Any) -> None:
    response = clients["auditor"].get("/training/export.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert len(response.content) > 5000


def test_recording_a_course_changes_the_verdict(demo: Any, clients: Any) -> None:
    haugen = demo.officers["Haugen"]
    upload = SimpleUploadedFile("scan.pdf", DEMO_CERTIFICATE, content_type="application/pdf")
    response = clients["sergeant"].post(
        f"/training/officers/{haugen.pk}/courses/new/",
        {
            "course": "required",
            "completed_on": "2026-11-20",
            "provider": "POST-approved",
            "certificate": upload,
        },
    )
    assert response.status_code == 302
    completion = Completion.objects.get(officer=haugen, course="required")
    assert completion.certificate.name.startswith(f"training/certificates/{haugen.pk}/")
    assert not completion.certificate.name.endswith("scan.pdf")
    page = clients["sergeant"].get(f"/training/officers/{haugen.pk}/")
    assert page.context["row"].verdict.status == "compliant"
    assert page.context["row"].verdict.certificate == "ok"
    assert AuditEvent.objects.filter(
        action="completion.create", target_id=str(completion.pk)
    ).exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", b"just text", "This is not a PDF, PNG or JPEG file."),
        ("empty.pdf", b"", "The submitted file is empty."),
        ("fake.png", b"\x89PNG\r\n\x1a\n" + b"broken", "The image is damaged or incomplete."),
        ("huge.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024), "the limit is 10 MB"),
    ],
)
def test_a_bad_certificate_is_refused_with_the_reason(
    demo: Any, clients: Any, name: str, content: bytes, message: str
) -> None:
    haugen = demo.officers["Haugen"]
    response = clients["chief"].post(
        f"/training/officers/{haugen.pk}/courses/new/",
        {
            "course": "required",
            "completed_on": "2026-11-20",
            "certificate": SimpleUploadedFile(name, content),
        },
    )
    assert response.status_code == 422
    assert message in " ".join(response.context["form"].errors["certificate"])
    assert not Completion.objects.filter(officer=haugen).exists()


def test_a_certificate_is_downloaded_only_within_scope(demo: Any, clients: Any) -> None:
    completion = Completion.objects.get(officer=demo.officers["Raman"])
    url = f"/training/courses/{completion.pk}/certificate/"
    response = clients["records"].get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert "attachment" in response["Content-Disposition"]
    assert clients["sro"].get(url).status_code == 404
    assert clients["principal"].get(url).status_code == 404


def test_a_certificate_added_later_is_kept(demo: Any, clients: Any) -> None:
    completion = Completion.objects.get(officer=demo.officers["Whitebird"], course="required")
    png = _tiny_png()
    clients["sergeant"].post(
        f"/training/courses/{completion.pk}/certificate/upload/",
        {"certificate": SimpleUploadedFile("c.png", png)},
    )
    completion.refresh_from_db()
    assert completion.certificate.name.endswith(".png")
    assert AuditEvent.objects.filter(action="completion.certificate").exists()


def test_sixty_contact_days_from_the_schedule_end_a_substitutes_exemption(demo: Any) -> None:
    """Tom Becker substitutes at Central Lakes from 2026-09-01: 55 school days by November 28,
    then one a day; the 60th, December 4, ends the exemption (Minn. Stat. 626.8482, subd. 3)."""
    becker = demo.officers["Becker"]
    on = {day: compliance_for(becker, as_of=dt.date(2026, 12, day)) for day in (3, 4)}
    assert on[3].verdict.status == "substitute_exempt"
    assert "59 student contact days" in on[3].verdict.reasons[0].message
    assert on[4].verdict.status == "training_required"
    assert on[4].verdict.may_serve is False


def test_a_day_of_leave_is_not_a_contact_day(demo: Any) -> None:
    becker = demo.officers["Becker"]
    save_absence(
        Absence(
            officer=becker,
            kind="leave",
            first_day=dt.date(2026, 12, 1),
            last_day=dt.date(2026, 12, 1),
        ),
        actor=demo.users["sergeant"],
    )
    assert compliance_for(becker, as_of=dt.date(2026, 12, 4)).verdict.status == (
        "substitute_exempt"
    )


def _tiny_png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, format="PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (real_png(8000, 8000), "8,000 × 8,000 pixels (64 megapixels); the limit is 50 megapixels"),
        (png_declaring(20_000, 20_000), "far more pixels than the limit of 50 megapixels"),
    ],
    ids=["over the limit", "over Pillow's own guard"],
)
def test_a_certificate_image_with_too_many_pixels_is_refused(
    demo: Any, clients: Any, content: bytes, message: str
) -> None:
    """A small image that declares a huge picture: refused with its size named (the second was a
    server error: Pillow's own guard raised an error nobody caught)."""
    assert len(content) < 100_000
    completion = Completion.objects.get(officer=demo.officers["Whitebird"], course="required")
    response = clients["sergeant"].post(
        f"/training/officers/{completion.officer_id}/courses/new/",
        {
            "course": "refresher",
            "completed_on": "2026-11-20",
            "certificate": SimpleUploadedFile("scan.png", content),
        },
    )
    assert response.status_code == 422
    assert message in " ".join(response.context["form"].errors["certificate"])
