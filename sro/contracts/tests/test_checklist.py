"""A contract's required contents: the checklist people keep, the verdict with citations, the
history of terms, signed documents and the clause finder's proposals that only a person confirms."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from sro.audittrail.models import AuditEvent
from sro.contracts.models import ClauseProposal, Contract, ContractChange, ContractItem
from sro.contracts.samples import sample_docx, sample_pdf
from sro.contracts.tests.test_extract import _docx_with_body, _paragraphs

pytestmark = pytest.mark.django_db


def _district(demo: Any) -> Contract:
    return Contract.objects.get(title__startswith="SRO agreement with Alexandria")


def _charter(demo: Any) -> Contract:
    return Contract.objects.get(title__startswith="SRO agreement with Glacial Ridge")


def _upload(client: Any, contract: Contract, name: str, content: bytes) -> Any:
    return client.post(
        f"/contracts/{contract.pk}/documents/new/",
        {"kind": "agreement", "file": SimpleUploadedFile(name, content)},
    )


def test_the_demo_contracts_show_items_present_and_missing(demo: Any, clients: Any) -> None:
    page = clients["chief"].get(f"/contracts/{_charter(demo).pk}/").content.decode()
    assert "Does not comply" in page
    assert "Policy on plain clothes, modified uniforms and other attire" in page
    assert "Missing: the contract must cover this (Model policy IV.A.1.i; policy 436.3.1(b))." in (
        page
    )
    assert "section 3.1(a)" in page
    listing = clients["chief"].get("/contracts/").content.decode()
    assert "required items not confirmed" in listing


def test_a_present_item_needs_its_section(demo: Any, clients: Any) -> None:
    contract = _charter(demo)
    url = f"/contracts/{contract.pk}/items/attire/"
    response = clients["chief"].post(url, {"status": "present", "section": " ", "note": ""})
    assert response.status_code == 422
    assert "Say where the contract covers this item" in response.content.decode()
    assert contract.items.get(item="attire").status == "missing"  # nothing saved
    clients["chief"].post(url, {"status": "present", "section": "Amendment 1, section 2"})
    row = contract.items.get(item="attire")
    assert (row.status, row.section, row.reviewed_by) == (
        "present",
        "Amendment 1, section 2",
        demo.users["chief"],
    )
    event = AuditEvent.objects.filter(action="contract_item.update").latest("at")
    assert event.new_values["section"] == "Amendment 1, section 2"


def test_an_item_can_go_back_to_not_reviewed(demo: Any, clients: Any) -> None:
    contract = _charter(demo)
    clients["chief"].post(f"/contracts/{contract.pk}/items/attire/", {"status": "unreviewed"})
    assert not contract.items.filter(item="attire").exists()
    assert AuditEvent.objects.filter(action="contract_item.delete").exists()


def test_only_the_chief_keeps_the_checklist(demo: Any, clients: Any) -> None:
    url = f"/contracts/{_charter(demo).pk}/items/attire/"
    assert clients["sergeant"].post(url, {"status": "missing"}).status_code == 403
    assert clients["sergeant"].get(f"/contracts/{_charter(demo).pk}/").status_code == 200
    assert clients["outsider"].get(url).status_code == 404
    assert clients["chief"].get(f"/contracts/{_charter(demo).pk}/items/nonsense/").status_code == (
        404
    )


def test_renewals_and_amendments_keep_the_history(demo: Any, clients: Any) -> None:
    contract = _district(demo)
    assert [c.kind for c in contract.changes.order_by("effective_on")] == [
        "original",
        "amendment",
    ]
    response = clients["chief"].post(
        f"/contracts/{contract.pk}/changes/new/",
        {
            "kind": "renewal",
            "effective_on": "2027-07-01",
            "signed_on": "2026-11-20",  # signed already: a signature is not in the future
            "start_date": "2027-07-01",
            "end_date": "2030-06-30",
            "summary": "Renewed for three school years.",
        },
    )
    assert response.status_code == 302
    contract.refresh_from_db()
    assert (contract.start_date, contract.end_date) == (dt.date(2027, 7, 1), dt.date(2030, 6, 30))
    history = list(contract.changes.order_by("effective_on"))
    assert [(c.kind, c.end_date) for c in history] == [
        ("original", dt.date(2027, 6, 30)),
        ("amendment", dt.date(2027, 6, 30)),
        ("renewal", dt.date(2030, 6, 30)),
    ]
    assert AuditEvent.objects.filter(action="contract.renewal", reason__contains="three").exists()
    page = clients["sergeant"].get(f"/contracts/{contract.pk}/").content.decode()
    assert "Renewed for three school years." in page


def test_a_change_that_ends_before_it_starts_is_refused(demo: Any, clients: Any) -> None:
    contract = _district(demo)
    before = contract.changes.count()
    response = clients["chief"].post(
        f"/contracts/{contract.pk}/changes/new/",
        {
            "kind": "amendment",
            "effective_on": "2026-12-01",
            "start_date": "2026-07-01",
            "end_date": "2026-01-01",
            "summary": "Typo.",
        },
    )
    assert response.status_code == 422
    assert "The term ends (2026-01-01) before it starts" in response.content.decode()
    assert ContractChange.objects.filter(contract=contract).count() == before


def test_uploading_an_agreement_proposes_passages_and_marks_nothing(
    demo: Any, clients: Any
) -> None:
    contract = _district(demo)
    before = {r.item: (r.status, r.section) for r in contract.items.all()}
    response = _upload(clients["chief"], contract, "agreement.docx", sample_docx("cedar-bend-2024"))
    assert response.status_code == 302
    document = contract.documents.latest("created_at")
    assert document.text
    assert document.sha256
    items = set(document.proposals.values_list("item", flat=True))
    assert {"duty_1_climate", "attire", "data_practices"} <= items
    assert set(document.proposals.values_list("decision", flat=True)) == {"proposed"}
    assert {r.item: (r.status, r.section) for r in contract.items.all()} == before
    page = clients["chief"].get(response["Location"]).content.decode()
    assert "Confirm" in page
    assert "score" in page
    with document.file.open("rb") as stored:
        assert stored.read(2) == b"PK"


def test_confirming_a_passage_marks_the_item_present_where_it_is(demo: Any, clients: Any) -> None:
    contract = _charter(demo)
    _upload(clients["chief"], contract, "agreement.pdf", sample_pdf("cedar-bend-2024"))
    proposal = (
        ClauseProposal.objects.filter(document__contract=contract, item="attire")
        .order_by("rank")
        .first()
    )
    assert proposal is not None
    clients["chief"].post(f"/contracts/proposals/{proposal.pk}/decide/", {"decision": "confirm"})
    proposal.refresh_from_db()
    assert (proposal.decision, proposal.decided_by) == ("confirmed", demo.users["chief"])
    row = ContractItem.objects.get(contract=contract, item="attire")
    assert (row.status, row.section) == ("present", proposal.location)
    other = ClauseProposal.objects.filter(document__contract=contract, item="data_practices")[0]
    clients["chief"].post(f"/contracts/proposals/{other.pk}/decide/", {"decision": "reject"})
    other.refresh_from_db()
    assert other.decision == "rejected"
    assert contract.items.get(item="data_practices").status == "missing"  # unchanged
    assert (
        clients["sergeant"]
        .post(f"/contracts/proposals/{other.pk}/decide/", {"decision": "confirm"})
        .status_code
        == 403
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("agreement.txt", b"An agreement", "is not a PDF or a Word (.docx) file"),
        ("agreement.pdf", b"%PDF-1.7 broken", ""),
        ("agreement.docx", b"PK\x03\x04 not really a zip", ""),
    ],
)
def test_a_bad_file_is_refused_with_a_reason_and_nothing_saved(
    demo: Any, clients: Any, name: str, content: bytes, message: str
) -> None:
    contract = _charter(demo)
    response = _upload(clients["chief"], contract, name, content)
    assert response.status_code == 422
    body = response.content.decode()
    assert "Nothing was saved" in body
    assert message in body
    assert not contract.documents.exists()


def test_a_docx_bomb_is_refused_on_the_page_and_nothing_saved(demo: Any, clients: Any) -> None:
    """Issue 23, finding 5: it tied a worker for a minute and ended in a server error."""
    contract = _charter(demo)
    bomb = _docx_with_body(_paragraphs([b"a"] * (8 * 1024 * 1024 // 36)))
    response = _upload(clients["chief"], contract, "bomb.docx", bomb)
    assert response.status_code == 422
    body = response.content.decode()
    assert "Nothing was saved" in body
    assert "word/document.xml unpacks" in body
    assert "times larger than it is stored" in body
    assert not contract.documents.exists()


@override_settings(SRO_CONTRACT_MAX_UPLOAD_MB=1)
def test_a_file_over_the_size_limit_is_refused(demo: Any, clients: Any) -> None:
    contract = _district(demo)
    big = io.BytesIO(b"%PDF-1.7\n" + b"0" * (1024 * 1024 + 10)).getvalue()
    response = _upload(clients["chief"], contract, "big.pdf", big)
    assert response.status_code == 422
    assert "the limit is 1 MB" in response.content.decode()


def test_documents_stay_in_scope(demo: Any, clients: Any) -> None:
    contract = _charter(demo)
    _upload(clients["chief"], contract, "agreement.docx", sample_docx("cedar-bend-2024"))
    document = contract.documents.get()
    assert clients["sergeant"].get(f"/contracts/documents/{document.pk}/file/").status_code == 200
    assert clients["outsider"].get(f"/contracts/documents/{document.pk}/").status_code == 404
    # The principal serves the district's high school, not the charter school.
    assert clients["principal"].get(f"/contracts/documents/{document.pk}/").status_code == 404


def test_the_checklist_api(demo: Any, clients: Any) -> None:
    body = clients["records"].get(f"/api/v1/contracts/{_charter(demo).pk}/checklist").json()
    assert body["status"] == "non_compliant"
    assert "attire" in body["missing"]
    attire = next(i for i in body["items"] if i["item"] == "attire")
    assert attire["citation"] == "Model policy IV.A.1.i; policy 436.3.1(b)"
    assert len(body["items"]) == 14


@override_settings(SRO_CONTRACT_DISCIPLINE_STATEMENT_REQUIRED=False)
def test_the_department_may_make_the_discipline_statement_a_should(demo: Any, clients: Any) -> None:
    body = clients["chief"].get(f"/api/v1/contracts/{_charter(demo).pk}/checklist").json()
    assert "no_school_discipline" not in body["missing"]
