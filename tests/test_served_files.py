"""Every stored upload is served back as what its bytes were checked to be, never as what the
uploader's browser claimed or its file name suggests: the checked type, `nosniff`, an attachment
(a photo, shown in the audit pages, inline only as its checked image type) with a file name that
is safe in the header and carries the checked type's extension. Each kind is uploaded with a lying
content type and hostile file names (quotes, CR/LF, path separators, non-ASCII, over-long), and
rows stored before the checks (a lying stored type or name) are served safely too."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.http import parse_header_parameters
from PIL import Image

from conftest import Demo
from sro.audittrail.guard import unaudited_writes
from sro.contracts import services as contract_services
from sro.contracts.models import Contract, ContractDocument
from sro.contracts.samples import sample_docx, sample_pdf
from sro.core.demo_people import DEMO_CERTIFICATE
from sro.safety import services as safety_services
from sro.safety.models import AuditPhoto, SafetyPlan
from sro.safety.report_pdf import areas_of
from sro.safety.tests.test_audit_pages import _area_data, _area_url, _start
from sro.training.models import Completion

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BOUNDARY = "----sro-test-boundary"

# How a hostile name reaches the server: the raw Content-Disposition parameter of the part.
# RFC 2231 (`filename*=`) is how a client sends CR/LF or non-ASCII bytes in a name.
HOSTILE_NAMES = {
    "quotes": 'filename="evil\\"; filename=\\"x.html{ext}"',
    "crlf": "filename*=UTF-8''evil%0D%0ASet-Cookie%3A%20a%3D1%0D%0A{ext}",
    "unix path": 'filename="../../../etc/cron.d/evil.html{ext}"',
    "windows path": 'filename="..\\\\..\\\\Windows\\\\evil.html{ext}"',
    "non-ascii": "filename*=UTF-8''%C3%A9cole%20%E2%80%94%20plan%20%F0%9F%93%84.html{ext}",
    "over-long": 'filename="' + "a" * 500 + '.html{ext}"',
    "over-long extension": 'filename="scan.' + "x" * 120 + '{ext}"',
}


def _multipart(
    fields: dict[str, str], file_field: str, name_param: str, content: bytes, claimed: str
) -> bytes:
    parts = [
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    ]
    parts.append(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{file_field}"; {name_param}'
        f"\r\nContent-Type: {claimed}\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    return b"".join(parts) + f"--{BOUNDARY}--\r\n".encode()


def _post_file(
    client: Any,
    url: str,
    fields: dict[str, str],
    file_field: str,
    name_param: str,
    content: bytes,
    claimed: str = "text/html",
) -> Any:
    body = _multipart(fields, file_field, name_param, content, claimed)
    return client.post(url, body, content_type=f"multipart/form-data; boundary={BOUNDARY}")


def _served_safely(
    response: Any, *, content_type: str, extension: str, disposition: str = "attachment"
) -> str:
    """The checks every served file passes; returns the file name offered."""
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]
    header = response["Content-Disposition"]
    assert "\r" not in header
    assert "\n" not in header
    kind, params = parse_header_parameters(header)
    assert kind == disposition
    name = params["filename"]
    assert name.endswith(f".{extension}"), name
    assert name.count(".") == 1, name  # no second extension (".html.pdf") to mislead
    assert not any(c in name for c in '/\\"\r\n;'), name
    assert all(c.isprintable() for c in name), name
    assert len(name) <= 100
    return name


def _png(size: tuple[int, int] = (8, 8)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "red").save(out, format="PNG")
    return out.getvalue()


def _charter(demo: Demo) -> Contract:
    return Contract.objects.get(title__startswith="SRO agreement with Glacial Ridge")


# --- Contract documents ------------------------------------------------------------------------


@pytest.mark.parametrize("hostile", list(HOSTILE_NAMES))
def test_a_contract_document_is_served_as_its_checked_type(
    demo: Demo, clients: dict[str, Any], hostile: str
) -> None:
    contract = _charter(demo)
    content = sample_pdf("pine-hollow-2019")
    response = _post_file(
        clients["chief"],
        f"/contracts/{contract.pk}/documents/new/",
        {"kind": "agreement"},
        "file",
        HOSTILE_NAMES[hostile].format(ext=".pdf"),
        content,
        claimed="text/html; " + "x" * 200,  # a lie, and longer than the column
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    document = contract.documents.get()
    assert document.content_type == "application/pdf"  # checked, not the browser's word
    assert document.file.name.endswith(".pdf")
    assert len(document.file.name) <= 100
    served = clients["sergeant"].get(f"/contracts/documents/{document.pk}/file/")
    _served_safely(served, content_type="application/pdf", extension="pdf")
    assert b"".join(served.streaming_content) == content


def test_a_word_contract_is_served_as_word(demo: Demo, clients: dict[str, Any]) -> None:
    contract = _charter(demo)
    response = _post_file(
        clients["chief"],
        f"/contracts/{contract.pk}/documents/new/",
        {"kind": "agreement"},
        "file",
        'filename="agreement.docx"',
        sample_docx("cedar-bend-2024"),
        claimed="text/html",
    )
    assert response.status_code == 302
    document = contract.documents.get()
    assert document.content_type == DOCX
    served = clients["sergeant"].get(f"/contracts/documents/{document.pk}/file/")
    _served_safely(served, content_type=DOCX, extension="docx")


def test_a_document_stored_with_a_lying_type_and_name_is_served_safely(
    demo: Demo, clients: dict[str, Any]
) -> None:
    """A row stored before the checks: the client's type and a raw name with CR/LF."""
    contract = _charter(demo)
    content = sample_pdf("pine-hollow-2019")
    document = contract_services.add_document(
        contract,
        actor=demo.users["chief"],
        kind="agreement",
        name="evil\r\nX-Injected: 1\r\n.html",
        content=content,
        text="The SRO shall.",
        pages=1,
        proposals=[],
    )
    with unaudited_writes("a row as stored before the upload checks"):
        ContractDocument.objects.filter(pk=document.pk).update(content_type="text/html")
    served = clients["sergeant"].get(f"/contracts/documents/{document.pk}/file/")
    _served_safely(served, content_type="application/pdf", extension="pdf")


# --- Training certificates ----------------------------------------------------------------------


@pytest.mark.parametrize("hostile", list(HOSTILE_NAMES))
def test_a_certificate_is_served_as_its_checked_type(
    demo: Demo, clients: dict[str, Any], hostile: str
) -> None:
    haugen = demo.officers["Haugen"]
    response = _post_file(
        clients["sergeant"],
        f"/training/officers/{haugen.pk}/courses/new/",
        {"course": "required", "completed_on": "2026-11-20", "provider": "POST"},
        "certificate",
        HOSTILE_NAMES[hostile].format(ext=""),
        DEMO_CERTIFICATE,
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    completion = Completion.objects.get(officer=haugen, course="required")
    assert completion.certificate.name.endswith(".pdf")
    assert len(completion.certificate.name) <= 100
    served = clients["records"].get(f"/training/courses/{completion.pk}/certificate/")
    _served_safely(served, content_type="application/pdf", extension="pdf")
    assert b"".join(served.streaming_content) == DEMO_CERTIFICATE


def test_an_image_certificate_is_served_as_its_image_type(
    demo: Demo, clients: dict[str, Any]
) -> None:
    completion = Completion.objects.get(officer=demo.officers["Whitebird"], course="required")
    response = _post_file(
        clients["sergeant"],
        f"/training/courses/{completion.pk}/certificate/upload/",
        {},
        "certificate",
        'filename="certificate.svg"',
        _png(),
        claimed="image/svg+xml",
    )
    assert response.status_code == 302
    completion.refresh_from_db()
    assert completion.certificate.name.endswith(".png")
    served = clients["records"].get(f"/training/courses/{completion.pk}/certificate/")
    _served_safely(served, content_type="image/png", extension="png")


# --- Safety plans -------------------------------------------------------------------------------


def _plan_fields() -> dict[str, str]:
    return {
        "title": "Crisis management plan",
        "adopted_on": "2025-08-20",
        "last_reviewed_on": "2026-08-15",
        "next_review_on": "2027-08-15",
        "notes": "",
    }


@pytest.mark.parametrize("hostile", list(HOSTILE_NAMES))
def test_a_safety_plan_is_served_as_its_checked_type(
    demo: Demo, clients: dict[str, Any], hostile: str
) -> None:
    school = demo.high_school
    response = _post_file(
        clients["principal"],
        f"/safety/schools/{school.pk}/plan/",
        _plan_fields(),
        "attachment",
        HOSTILE_NAMES[hostile].format(ext=""),
        b"%PDF-1.4 plan",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = SafetyPlan.objects.get(school=school)
    assert plan.file.name.endswith(".pdf")
    assert len(plan.file_name) <= 255
    served = clients["sro"].get(f"/safety/plans/{plan.pk}/file/")
    _served_safely(served, content_type="application/pdf", extension="pdf")
    assert b"".join(served.streaming_content) == b"%PDF-1.4 plan"


def test_a_word_safety_plan_is_served_as_word(demo: Demo, clients: dict[str, Any]) -> None:
    school = demo.high_school
    response = _post_file(
        clients["principal"],
        f"/safety/schools/{school.pk}/plan/",
        _plan_fields(),
        "attachment",
        'filename="plan.html"',
        sample_docx("cedar-bend-2024"),
        claimed="application/octet-stream",  # what some browsers send for .docx
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = SafetyPlan.objects.get(school=school)
    assert plan.file.name.endswith(".docx")
    served = clients["sro"].get(f"/safety/plans/{plan.pk}/file/")
    _served_safely(served, content_type=DOCX, extension="docx")


# --- Audit photos -------------------------------------------------------------------------------


@pytest.mark.parametrize("hostile", list(HOSTILE_NAMES))
def test_an_audit_photo_is_served_inline_only_as_its_checked_image_type(
    demo: Demo, clients: dict[str, Any], hostile: str
) -> None:
    sro = clients["sro"]
    audit = _start(sro, demo)
    first = areas_of(audit)[0].answers
    png = _png()
    fields = _area_data(first, "meets")
    response = _post_file(
        sro,
        _area_url(audit, 1),
        fields,
        f"photo_{first[0].pk}",
        HOSTILE_NAMES[hostile].format(ext=".png"),
        png,
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    photo = AuditPhoto.objects.get(answer=first[0])
    assert photo.content_type == "image/png"
    served = clients["principal"].get(reverse("safety:photo", args=[photo.pk]))
    _served_safely(served, content_type="image/png", extension="png", disposition="inline")
    assert b"".join(served.streaming_content) == png


def test_a_stored_photo_that_is_not_an_image_is_never_served_inline(
    demo: Demo, clients: dict[str, Any]
) -> None:
    """Bytes that are not the image the row says (stored before the checks): a download of
    unknown type, never a page the browser would render."""
    sro = clients["sro"]
    audit = _start(sro, demo)
    answer = areas_of(audit)[0].answers[0]
    html = b"<!doctype html><script>alert(document.cookie)</script>"
    photo = safety_services.add_photo(
        answer,
        upload=SimpleUploadedFile("x.png", html, "image/png"),
        content_type="image/png",
        caption="",
        actor=demo.users["sro"],
    )
    served = clients["principal"].get(reverse("safety:photo", args=[photo.pk]))
    _served_safely(served, content_type="application/octet-stream", extension="bin")
