"""The security audit pages: an SRO starts their school's audit and walks it area by area on the
phone page (ratings, notes and photos kept), photos are served only within the audit's scope,
the clause (5) restriction and a sergeant's override, completion once every item is rated and
every failed item has a finding with a recommendation, the report for the principal as a PDF,
the principal's progress on recommendations, and the chief's checklist edits."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape
from PIL import Image
from pypdf import PdfReader

from conftest import Demo
from sro.core import clock
from sro.core.tests.hostile_files import png_declaring, real_png
from sro.roster.models import Officer
from sro.safety import services
from sro.safety.models import (
    AuditAnswer,
    AuditPhoto,
    ChecklistItem,
    Finding,
    Recommendation,
    SecurityAudit,
)
from sro.safety.report_pdf import areas_of
from sro.training.queries import compliance


def _png(color: str = "red") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), color).save(out, format="PNG")
    return out.getvalue()


def _gif() -> bytes:
    out = io.BytesIO()
    Image.new("P", (4, 4)).save(out, format="GIF")
    return out.getvalue()


# The high school's 2026-27 audit is done and current in the demo: auditing it again this
# school year needs a stated reason.
AGAIN = "A new wing opened in November; audit it before winter."


def _start(client: Any, demo: Demo) -> SecurityAudit:
    """The SRO starts a second audit of their school this school year, with the reason."""
    school = demo.high_school
    response = client.post(
        reverse("safety:audit_start", args=[school.pk]), {"repeat_reason": AGAIN}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    audit = SecurityAudit.objects.get(school=school, status="in_progress")
    assert response["Location"] == audit.get_absolute_url()
    return audit


def _area_url(audit: SecurityAudit, number: int) -> str:
    return reverse("safety:audit_area", args=[audit.pk, number])


def _area_data(answers: list[AuditAnswer], rating: str = "meets", **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for a in answers:
        data[f"rating_{a.pk}"] = rating
        data[f"notes_{a.pk}"] = ""
        data[f"caption_{a.pk}"] = ""
    data.update(extra)
    return data


def _checked(html: str, answer: AuditAnswer, value: str) -> bool:
    return bool(re.search(rf'name="rating_{answer.pk}" value="{value}"[^>]*\bchecked', html))


def test_a_second_tap_on_start_the_audit_goes_to_the_audit_in_progress(
    demo: Demo, clients: dict[str, Any]
) -> None:
    """Found by the adversarial test: a double tap on "Start the audit" was a server error (the
    service changed nothing and so wrote no audit event)."""
    sro = clients["sro"]
    audit = _start(sro, demo)
    again = sro.post(reverse("safety:audit_start", args=[demo.high_school.pk]), follow=True)
    assert again.status_code == 200
    assert again.redirect_chain[0][0] == audit.get_absolute_url()
    assert "already in progress" in again.content.decode()
    assert SecurityAudit.objects.filter(school=demo.high_school, status="in_progress").count() == 1
    with pytest.raises(ValidationError, match="already been started"):
        services.start_audit_now(demo.high_school, actor=demo.users["sro"], as_of=clock.today())


def test_the_sro_starts_the_audit_from_the_list_and_walks_an_area(
    demo: Demo, clients: dict[str, Any]
) -> None:
    sro = clients["sro"]
    listing = sro.get(reverse("safety:audit_list")).content.decode()
    # Its audit for the school year is done and current: not offered in the list.
    assert reverse("safety:audit_start", args=[demo.high_school.pk]) not in listing
    audit = _start(sro, demo)
    assert audit.officer == demo.officers["Lindqvist"]
    assert audit.repeat_reason == AGAIN
    page = sro.get(audit.get_absolute_url()).content.decode()
    assert "Walk the building: area 1" in page
    areas = areas_of(audit)
    assert len(areas) >= 2
    first = areas[0].answers

    page = sro.get(_area_url(audit, 1)).content.decode()
    assert f"Area 1 of {len(areas)}" in page
    assert escape(first[0].prompt) in page
    assert 'capture="environment"' in page
    assert "usa-radio__input--tile" in page

    data = _area_data(first, "meets", next="1")
    data[f"rating_{first[0].pk}"] = "fails"
    data[f"notes_{first[0].pk}"] = "The east gate is propped open with a brick."
    response = sro.post(_area_url(audit, 1), data)
    assert response.status_code == 302
    assert response["Location"] == _area_url(audit, 2)

    page = sro.get(_area_url(audit, 1)).content.decode()
    assert _checked(page, first[0], "fails")
    assert _checked(page, first[1], "meets")
    assert not _checked(page, first[1], "fails")
    assert "The east gate is propped open with a brick." in page
    assert f"?answer={first[0].pk}" in page  # "Add a finding" next to the failed item
    first[0].refresh_from_db()
    assert (first[0].rating, first[0].answered_by) == ("fails", demo.users["sro"])

    # The principal reads the audit but does not walk it.
    assert clients["principal"].get(audit.get_absolute_url()).status_code == 200
    read_only = clients["principal"].get(_area_url(audit, 1))
    assert read_only.status_code == 200
    assert '<form class="usa-form' not in read_only.content.decode()
    assert "Does not meet" in read_only.content.decode()
    assert clients["principal"].post(_area_url(audit, 1), data).status_code == 403
    assert clients["outsider"].get(_area_url(audit, 1)).status_code == 404
    assert clients["sro"].get(_area_url(audit, len(areas) + 1)).status_code == 404


def test_a_bad_rating_is_named_on_its_item_and_nothing_is_saved(
    demo: Demo, clients: dict[str, Any]
) -> None:
    sro = clients["sro"]
    audit = _start(sro, demo)
    first = areas_of(audit)[0].answers
    data = _area_data(first, "meets")
    data[f"rating_{first[1].pk}"] = "excellent"
    response = sro.post(_area_url(audit, 1), data)
    assert response.status_code == 422
    page = response.content.decode()
    assert f'id="id_rating_{first[1].pk}_error"' in page
    assert escape(f"Choose one of the ratings for “{first[1].prompt}”.") in page
    assert "Nothing was saved" in page
    assert not AuditAnswer.objects.filter(audit=audit).exclude(rating="").exists()


def test_a_photo_is_kept_and_shown_only_within_the_audits_scope(
    demo: Demo, clients: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    sro = clients["sro"]
    audit = _start(sro, demo)
    first = areas_of(audit)[0].answers
    png = _png()
    data = _area_data(first, "meets")
    data[f"photo_{first[0].pk}"] = SimpleUploadedFile("IMG_0001.PNG", png, "application/x-junk")
    data[f"caption_{first[0].pk}"] = "Gap in the fence by the loading dock"
    response = sro.post(_area_url(audit, 1), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    photo = AuditPhoto.objects.get(answer=first[0])
    assert photo.content_type == "image/png"  # detected, not the browser's word
    assert photo.caption == "Gap in the fence by the loading dock"
    assert "IMG_0001" not in photo.file.name

    url = reverse("safety:photo", args=[photo.pk])
    assert url in sro.get(_area_url(audit, 1)).content.decode()
    served = clients["principal"].get(url)
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == png
    assert clients["outsider"].get(url).status_code == 404
    assert clients["norole"].get(url).status_code == 404

    # Removing it: not for the principal (read only), then by the SRO.
    remove = reverse("safety:photo_remove", args=[photo.pk])
    assert clients["principal"].post(remove).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        assert sro.post(remove).status_code == 302
    assert not AuditPhoto.objects.filter(pk=photo.pk).exists()
    assert not photo.file.storage.exists(photo.file.name)  # deleted once the removal commits


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", b"not a photo at all", "This is not a JPEG, PNG or WebP photo"),
        ("drawing.gif", _gif(), "Attach a JPEG, PNG or WebP photo."),
    ],
)
def test_an_upload_that_is_not_a_photo_is_refused_with_a_message(
    demo: Demo, clients: dict[str, Any], name: str, content: bytes, message: str
) -> None:
    sro = clients["sro"]
    audit = _start(sro, demo)
    first = areas_of(audit)[0].answers
    data = _area_data(first, "meets")
    data[f"photo_{first[0].pk}"] = SimpleUploadedFile(name, content, "image/png")
    response = sro.post(_area_url(audit, 1), data)
    assert response.status_code == 422
    page = response.content.decode()
    assert message in page
    assert f'id="id_photo_{first[0].pk}_error"' in page
    assert not AuditPhoto.objects.filter(answer__audit=audit).exists()
    assert not AuditAnswer.objects.filter(audit=audit).exclude(rating="").exists()


def _restricted_officer(demo: Demo) -> Officer:
    rows = compliance(Officer.objects.filter(agency=demo.agency), as_of=clock.today())
    return next(r.officer for r in rows if r.restricted and r.officer.active)


def _unfinished_audit(demo: Demo) -> SecurityAudit:
    school = demo.high_school
    existing = SecurityAudit.objects.filter(school=school).exclude(status="completed").first()
    return existing or services.open_audit(
        school, actor=demo.users["chief"], as_of=clock.today(), repeat_reason=AGAIN
    )


def test_a_restricted_officer_is_refused_with_the_citation_then_assigned_on_an_override(
    demo: Demo, clients: dict[str, Any]
) -> None:
    audit = _unfinished_audit(demo)
    officer = _restricted_officer(demo)
    url = reverse("safety:audit_assign", args=[audit.pk])
    sergeant = clients["sergeant"]
    form = sergeant.get(url).content.decode()
    assert f"{officer.full_name} (#{officer.badge_number}) \u2014 restricted" in form

    refused = sergeant.post(url, {"officer": officer.pk, "override_reason": ""})
    assert refused.status_code == 422
    page = refused.content.decode()
    assert 'id="id_officer_error"' in page
    assert "Minn. Stat. 626.8482, subd. 2(a)(5); subd. 3" in page
    assert "not assigned without a supervisor&#x27;s override" in page
    audit.refresh_from_db()
    assert audit.officer_id != officer.pk

    reason = "The only officer at the school this month; Sgt. Dahl reviews the walk."
    allowed = sergeant.post(url, {"officer": officer.pk, "override_reason": reason})
    assert allowed.status_code == 302
    audit.refresh_from_db()
    assert audit.officer == officer
    assert audit.override_reason == reason
    assert audit.override_by == demo.users["sergeant"]
    assert reason in sergeant.get(audit.get_absolute_url()).content.decode()

    assert clients["sro"].get(url).status_code == 403
    assert clients["principal"].get(url).status_code == 403
    assert clients["records"].get(url).status_code == 403
    assert clients["outsider"].get(url).status_code == 404


def test_an_officer_who_may_not_serve_needs_the_same_override_and_is_marked(
    demo: Demo, clients: dict[str, Any]
) -> None:
    """The training verdict (asked, not recomputed) says the officer may not serve at all: the
    list marks them, and naming them to conduct the audit needs a supervisor's override."""
    audit = _unfinished_audit(demo)
    rows = compliance(Officer.objects.filter(agency=demo.agency, active=True), as_of=clock.today())
    row = next(r for r in rows if r.may_not_serve)
    officer = row.officer
    url = reverse("safety:audit_assign", args=[audit.pk])
    sergeant = clients["sergeant"]
    form = sergeant.get(url).content.decode()
    assert escape(f"{officer.full_name} (#{officer.badge_number}) \u2014 may not serve") in form
    cleared = [r.officer for r in rows if not r.may_not_serve]
    for other in cleared:
        label = f"{other.full_name} (#{other.badge_number}) \u2014 may not serve"
        assert escape(label) not in form

    refused = sergeant.post(url, {"officer": officer.pk, "override_reason": ""})
    assert refused.status_code == 422
    page = refused.content.decode()
    assert 'id="id_officer_error"' in page
    assert "may not serve" in page
    assert "not assigned without a supervisor&#x27;s override" in page
    audit.refresh_from_db()
    assert audit.officer_id != officer.pk

    reason = "Walks with Sgt. Dahl, who signs the report."
    allowed = sergeant.post(url, {"officer": officer.pk, "override_reason": reason})
    assert allowed.status_code == 302
    audit.refresh_from_db()
    assert (audit.officer, audit.override_reason) == (officer, reason)
    assert audit.override_by == demo.users["sergeant"]


def _rate_everything(audit: SecurityAudit, actor: Any, failed: AuditAnswer) -> None:
    rows = [(a, "fails" if a.pk == failed.pk else "na", "") for a in audit.answers.all()]
    services.save_answers(audit, rows, actor=actor)


def test_completion_is_refused_until_all_is_rated_then_the_report_is_printed(
    demo: Demo, clients: dict[str, Any]
) -> None:
    sro = clients["sro"]
    audit = _start(sro, demo)
    complete = reverse("safety:audit_complete", args=[audit.pk])
    assert "Rate every checklist item" in sro.get(complete).content.decode()
    refused = sro.post(complete, {"summary": "All good."})
    assert refused.status_code == 422
    audit.refresh_from_db()
    assert audit.status == "in_progress"

    failed = areas_of(audit)[0].answers[0]
    _rate_everything(audit, demo.users["sro"], failed)
    page = sro.get(complete).content.decode()
    assert escape(f"Record a finding for “{failed.prompt}”") in page

    new = reverse("safety:finding_new", args=[audit.pk])
    form = sro.get(f"{new}?answer={failed.pk}").content.decode()
    assert re.search(rf'<option value="{failed.pk}" selected>', form)
    bad = sro.post(new, {"answer": failed.pk, "title": "Gate propped open", "risk": "high"})
    assert bad.status_code == 422
    assert 'id="id_action_error"' in bad.content.decode()
    assert not Finding.objects.filter(audit=audit).exists()
    saved = sro.post(
        new,
        {
            "answer": failed.pk,
            "title": "Gate propped open",
            "detail": "The east gate by the loading dock stands open during lunch.",
            "risk": "high",
            "action": "Fit a self-closing hinge and an alarm to the east gate.",
            "owner": "Head custodian",
            "due_on": "2027-01-15",
        },
    )
    assert saved.status_code == 302
    assert saved["Location"].startswith(_area_url(audit, 1))
    finding = Finding.objects.get(audit=audit)
    assert finding.recommendations.get().owner == "Head custodian"

    done = sro.post(complete, {"summary": "One high risk: the east gate."})
    assert done.status_code == 302
    audit.refresh_from_db()
    assert audit.status == "completed"
    assert audit.completed_on == clock.today()
    assert sro.get(_area_url(audit, 1)).status_code == 302  # walked no more

    pdf = clients["principal"].get(reverse("safety:audit_pdf", args=[audit.pk]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    text = " ".join(text.split())
    assert "Central Lakes High School" in text
    assert "Minn. Stat. 13.37, subd. 1(a)" in text
    assert "Gate propped open" in text
    assert "Head custodian" in text
    assert "One high risk: the east gate." in text
    assert "Error" not in text
    assert "Traceback" not in text
    assert clients["outsider"].get(reverse("safety:audit_pdf", args=[audit.pk])).status_code == 404


def test_the_report_embeds_the_photos(demo: Demo, clients: dict[str, Any]) -> None:
    sro = clients["sro"]
    audit = _start(sro, demo)
    first = areas_of(audit)[0].answers
    data = _area_data(first, "meets")
    data[f"photo_{first[0].pk}"] = SimpleUploadedFile("p.png", _png("blue"), "image/png")
    assert sro.post(_area_url(audit, 1), data).status_code == 302
    pdf = sro.get(reverse("safety:audit_pdf", args=[audit.pk]))
    reader = PdfReader(io.BytesIO(pdf.content))
    assert len({image.data for page in reader.pages for image in page.images}) == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (real_png(8000, 8000), "8,000 × 8,000 pixels (64 megapixels); the limit is 50 megapixels"),
        (png_declaring(20_000, 20_000), "far more pixels than the limit of 50 megapixels"),
    ],
    ids=["over the limit", "over Pillow's own guard"],
)
def test_a_photo_with_too_many_pixels_is_refused_with_its_size(
    demo: Demo, clients: dict[str, Any], content: bytes, message: str
) -> None:
    """A small file declaring a huge picture: the report would decode it (a gigabyte for the
    first); it is refused on upload, naming its size (the second was called damaged)."""
    assert len(content) < 100_000
    sro = clients["sro"]
    audit = _start(sro, demo)
    first = areas_of(audit)[0].answers
    data = _area_data(first, "meets")
    data[f"photo_{first[0].pk}"] = SimpleUploadedFile("p.png", content, "image/png")
    response = sro.post(_area_url(audit, 1), data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not AuditPhoto.objects.filter(answer__audit=audit).exists()


def test_the_report_skips_a_stored_photo_with_too_many_pixels(
    demo: Demo, clients: dict[str, Any]
) -> None:
    """A photo stored before the pixel check is not decoded for the report (it was a server
    error); the report says the photo is unavailable."""
    sro = clients["sro"]
    audit = _start(sro, demo)
    answer = areas_of(audit)[0].answers[0]
    services.add_photo(
        answer,
        upload=SimpleUploadedFile("p.png", png_declaring(20_000, 20_000), "image/png"),
        content_type="image/png",
        caption="Fence",
        actor=demo.users["sro"],
    )
    pdf = sro.get(reverse("safety:audit_pdf", args=[audit.pk]))
    assert pdf.status_code == 200
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "(photo unavailable) Fence" in " ".join(text.split())


def _recommendation(demo: Demo, school_name: str) -> Recommendation:
    school = demo.schools[school_name]
    chief = demo.users["chief"]
    audit = SecurityAudit.objects.filter(school=school).exclude(status="completed").first()
    if audit is None:
        audit = services.open_audit(school, actor=chief, as_of=clock.today(), repeat_reason=AGAIN)
    if audit.status == "open":
        services.assign_audit(
            audit, demo.officers["Raman"], actor=chief, override_reason="", as_of=clock.today()
        )
        services.start_audit(audit, actor=chief, as_of=clock.today())
    finding = services.save_finding(
        Finding(audit=audit, title=f"Unlocked side door at {school_name}", risk="moderate"),
        actor=chief,
        recommendation=Recommendation(
            action="Fit a door closer.", owner="Facilities", due_on=clock.today()
        ),
    )
    return finding.recommendations.get()


def test_the_principal_closes_a_recommendation_of_their_school(
    demo: Demo, clients: dict[str, Any]
) -> None:
    mine = _recommendation(demo, "Central Lakes High School")
    other = _recommendation(demo, "Runestone Middle School")
    principal = clients["principal"]
    page = principal.get(reverse("safety:recommendation_list")).content.decode()
    assert "Unlocked side door at Central Lakes High School" in page
    assert "Runestone" not in page
    edit = reverse("safety:recommendation_edit", args=[mine.pk])
    assert edit in page
    assert principal.get(reverse("safety:recommendation_edit", args=[other.pk])).status_code == 404

    declined = principal.post(edit, {"status": "declined", "status_note": ""})
    assert declined.status_code == 422
    assert 'id="id_status_note_error"' in declined.content.decode()

    response = principal.post(edit, {"status": "closed", "status_note": "Closer fitted."})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.status, mine.closed_on) == ("closed", clock.today())
    listing = principal.get(reverse("safety:recommendation_list")).content.decode()
    assert "Saved: Closed: done" in listing
    listing = principal.get(reverse("safety:recommendation_list")).content.decode()
    assert "Fit a door closer." not in listing
    shown = principal.get(reverse("safety:recommendation_list") + "?show=all").content.decode()
    assert "Closer fitted." in shown

    assert clients["records"].get(edit).status_code == 403
    assert clients["outsider"].get(edit).status_code == 404


def test_the_chief_edits_the_checklist_and_a_started_audit_keeps_its_words(
    demo: Demo, clients: dict[str, Any]
) -> None:
    chief, sergeant = clients["chief"], clients["sergeant"]
    page = chief.get(reverse("safety:checklist")).content.decode()
    if "Load the default checklist" in page:
        assert chief.post(reverse("safety:checklist_default")).status_code == 302
    assert ChecklistItem.objects.filter(area__agency=demo.agency).exists()
    audit = _start(clients["sro"], demo)
    item = ChecklistItem.objects.filter(area__agency=demo.agency, active=True).first()
    assert item is not None
    old_prompt = item.prompt
    url = reverse("safety:checklist_item_edit", args=[item.pk])

    assert sergeant.get(reverse("safety:checklist")).status_code == 200
    assert url not in sergeant.get(reverse("safety:checklist")).content.decode()
    assert sergeant.get(url).status_code == 403
    assert sergeant.post(url, {"prompt": "x"}).status_code == 403
    assert clients["outsider"].get(url).status_code == 404

    data = {
        "area": item.area_id,
        "prompt": "Every exterior door is locked and alarmed during the school day.",
        "guidance": item.guidance,
        "order": item.order,
        "active": "",
    }
    response = chief.post(url, data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.prompt, item.active) == (data["prompt"], False)
    assert AuditAnswer.objects.get(audit=audit, item=item).prompt == old_prompt

    blank = chief.post(reverse("safety:checklist_area_new"), {"name": "", "order": 5})
    assert blank.status_code == 422
    assert 'id="id_name_error"' in blank.content.decode()
    new_area = chief.post(
        reverse("safety:checklist_area_new"), {"name": "Playground", "order": 90, "active": "on"}
    )
    assert new_area.status_code == 302
    assert sergeant.get(reverse("safety:checklist_area_new")).status_code == 403
