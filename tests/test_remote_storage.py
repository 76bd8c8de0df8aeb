"""Uploaded files work the same when they live in object storage: every page that stores or
serves a file goes through Django's storage API, never a path on the server's disk. The storage
here keeps files in memory and refuses `path()`, as S3 does."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core.files.storage import InMemoryStorage
from django.core.files.storage import storages as file_storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from conftest import Demo
from sro.contracts.models import Contract
from sro.contracts.samples import sample_docx
from sro.core.demo_people import DEMO_CERTIFICATE
from sro.safety.models import AuditPhoto, SafetyPlan
from sro.safety.report_pdf import areas_of
from sro.safety.tests.test_audit_pages import _area_data, _area_url, _png, _start
from sro.training.models import Completion


class RemoteStorage(InMemoryStorage):
    """Object storage as the application sees it: no local path for any file."""

    def _relative_path(self, name: str) -> str:  # the in-memory tree's own use of paths
        return os.path.relpath(super().path(name), self.location)

    def path(self, name: str) -> str:
        raise NotImplementedError(f"{name}: files in object storage have no local path")


@pytest.fixture
def remote() -> Iterator[RemoteStorage]:
    storages = {**settings.STORAGES, "default": {"BACKEND": f"{__name__}.RemoteStorage"}}
    with override_settings(STORAGES=storages):
        store = file_storages["default"]  # what FileField's default_storage now wraps
        assert isinstance(store, RemoteStorage)
        yield store


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_a_contract_document_is_stored_and_served(
    demo: Demo, clients: dict[str, Any], remote: RemoteStorage
) -> None:
    contract = Contract.objects.get(title__startswith="SRO agreement with Glacial Ridge")
    content = sample_docx("cedar-bend-2024")
    response = clients["chief"].post(
        f"/contracts/{contract.pk}/documents/new/",
        {"kind": "agreement", "file": SimpleUploadedFile("agreement.docx", content)},
    )
    assert response.status_code == 302
    document = contract.documents.get()
    assert remote.exists(document.file.name)
    assert document.text  # the text was extracted from the upload
    served = clients["sergeant"].get(f"/contracts/documents/{document.pk}/file/")
    assert served.status_code == 200
    assert _body(served) == content
    assert clients["outsider"].get(f"/contracts/documents/{document.pk}/file/").status_code == 404


def test_a_training_certificate_is_stored_and_served(
    demo: Demo, clients: dict[str, Any], remote: RemoteStorage
) -> None:
    haugen = demo.officers["Haugen"]
    response = clients["sergeant"].post(
        f"/training/officers/{haugen.pk}/courses/new/",
        {
            "course": "required",
            "completed_on": "2026-11-20",
            "provider": "POST-approved",
            "certificate": SimpleUploadedFile("scan.pdf", DEMO_CERTIFICATE, "application/pdf"),
        },
    )
    assert response.status_code == 302
    completion = Completion.objects.get(officer=haugen, course="required")
    assert remote.exists(completion.certificate.name)
    served = clients["records"].get(f"/training/courses/{completion.pk}/certificate/")
    assert served.status_code == 200
    assert _body(served) == DEMO_CERTIFICATE


def test_a_safety_plan_is_stored_and_served(
    demo: Demo, clients: dict[str, Any], remote: RemoteStorage
) -> None:
    school = demo.high_school
    response = clients["principal"].post(
        f"/safety/schools/{school.pk}/plan/",
        {
            "title": "Crisis management plan",
            "adopted_on": "2025-08-20",
            "last_reviewed_on": "2026-08-15",
            "next_review_on": "2027-08-15",
            "notes": "",
            "attachment": SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", "application/pdf"),
        },
    )
    assert response.status_code == 302
    plan = SafetyPlan.objects.get(school=school)
    assert remote.exists(plan.file.name)
    served = clients["sro"].get(f"/safety/plans/{plan.pk}/file/")
    assert served.status_code == 200
    assert _body(served) == b"%PDF-1.4 plan"


def test_an_audit_photo_is_stored_served_embedded_and_removed(
    demo: Demo,
    clients: dict[str, Any],
    remote: RemoteStorage,
    django_capture_on_commit_callbacks: Any,
) -> None:
    sro = clients["sro"]
    audit = _start(sro, demo)
    first = areas_of(audit)[0].answers
    png = _png()
    data = _area_data(first, "meets")
    data[f"photo_{first[0].pk}"] = SimpleUploadedFile("p.png", png, "image/png")
    assert sro.post(_area_url(audit, 1), data).status_code == 302
    photo = AuditPhoto.objects.get(answer=first[0])
    assert remote.exists(photo.file.name)
    served = clients["principal"].get(reverse("safety:photo", args=[photo.pk]))
    assert served.status_code == 200
    assert _body(served) == png
    pdf = sro.get(reverse("safety:audit_pdf", args=[audit.pk]))
    assert pdf.status_code == 200  # the report reads the photo through the storage too
    with django_capture_on_commit_callbacks(execute=True):
        assert sro.post(reverse("safety:photo_remove", args=[photo.pk])).status_code == 302
    assert not remote.exists(photo.file.name)
