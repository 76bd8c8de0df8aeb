"""Reading uploaded documents one at a time per person and two at a time per agency (issue 23,
adversarial test: parallel uploads of costly files held every worker). The locks are held in
the test and the upload tried meanwhile: no timing, no threads."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sro.contracts import forms, reading
from sro.contracts.models import Contract
from sro.contracts.samples import sample_docx
from sro.core import locks

pytestmark = pytest.mark.django_db

DOCX = sample_docx("cedar-bend-2024")


def _contract() -> Contract:
    return Contract.objects.get(title__startswith="SRO agreement with Glacial Ridge")


def _upload(client: Any, contract: Contract) -> Any:
    return client.post(
        f"/contracts/{contract.pk}/documents/new/",
        {"kind": "agreement", "file": SimpleUploadedFile("agreement.docx", DOCX)},
    )


def _not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was read")

    monkeypatch.setattr(forms, "extract", fail)


def test_a_person_reads_one_document_at_a_time(
    demo: Any, clients: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    contract = _contract()
    chief = demo.users["chief"]
    with locks.lock_session() as other_request:
        assert other_request.take(reading.person_lock(contract.agency_id, chief.pk))
        with monkeypatch.context() as patch:
            _not_read(patch)
            response = _upload(clients["chief"], contract)
        assert response.status_code == 429
        assert response["Retry-After"] == "5"
        body = response.content.decode()
        assert "Nothing was uploaded. Another document you uploaded is being read right now." in (
            body
        )
        assert "Try again in a moment" in body
        assert not contract.documents.exists()
        # Someone else of the agency is not held up.
        with reading.reading_slot(agency_id=contract.agency_id, user_id=demo.users["records"].pk):
            pass
    assert _upload(clients["chief"], contract).status_code == 302  # once the other read is done


def test_an_agency_reads_at_most_two_documents_at_once(
    demo: Any, clients: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    contract = _contract()
    with locks.lock_session() as two_reads:
        for slot in range(reading.READS_PER_AGENCY):
            assert two_reads.take(reading.agency_lock(contract.agency_id, slot))
        with monkeypatch.context() as patch:
            _not_read(patch)
            response = _upload(clients["chief"], contract)
        assert response.status_code == 429
        assert "Another document is being read: 2 of your agency&#x27;s are being read" in (
            response.content.decode()
        )
        assert not contract.documents.exists()
    with locks.lock_session() as one_read:
        assert one_read.take(reading.agency_lock(contract.agency_id, 0))
        assert _upload(clients["chief"], contract).status_code == 302  # the second slot


def test_another_agencys_reads_do_not_count(demo: Any, clients: Any) -> None:
    contract = _contract()
    with locks.lock_session() as elsewhere:
        for slot in range(reading.READS_PER_AGENCY):
            assert elsewhere.take(reading.agency_lock(demo.other_agency.pk, slot))
        assert _upload(clients["chief"], contract).status_code == 302


def test_the_slot_is_released_after_a_refused_file(demo: Any, clients: Any) -> None:
    contract = _contract()
    response = clients["chief"].post(
        f"/contracts/{contract.pk}/documents/new/",
        {"kind": "agreement", "file": SimpleUploadedFile("broken.pdf", b"%PDF-1.7 broken")},
    )
    assert response.status_code == 422
    with locks.lock_session() as after:
        assert after.take(reading.person_lock(contract.agency_id, demo.users["chief"].pk))
        assert after.take(reading.agency_lock(contract.agency_id, 0))


def test_a_lock_session_holds_its_locks_until_it_ends(db: None) -> None:
    with locks.lock_session() as first:
        assert first.take("test:one")
        with locks.lock_session() as second:
            assert not second.take("test:one")
            assert second.take("test:two")
    with locks.lock_session() as third:
        assert third.take("test:one")
