"""Every write to contracts: one transaction, one audit event each."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.files.base import ContentFile

from sro.audittrail.services import audited, record_event, save_audited
from sro.contracts.models import (
    ChangeKind,
    ClauseProposal,
    Contract,
    ContractChange,
    ContractDocument,
    ContractItem,
    Decision,
    ItemStatus,
    NoticeTemplate,
    Notification,
)
from sro.core import clock, filecheck
from sro.schools.models import School


@audited
def save_contract(contract: Contract, *, actor: Any, schools: Iterable[School]) -> Contract:
    """Save a contract; a new one starts its history with the original term."""
    adding = contract._state.adding
    contract.clean()
    save_audited(contract, actor=actor, noun="contract", m2m={"schools": list(schools)})
    if adding:
        save_audited(
            ContractChange(
                contract=contract,
                kind=ChangeKind.ORIGINAL,
                effective_on=contract.start_date,
                signed_on=contract.signed_on,
                start_date=contract.start_date,
                end_date=contract.end_date,
                summary="The original agreement.",
                recorded_by=_user(actor),
            ),
            actor=actor,
            noun="contract_change",
        )
    return contract


@audited
def record_change(change: ContractChange, *, actor: Any) -> ContractChange:
    """Add a renewal or an amendment; the contract takes its term and earlier steps stay."""
    change.recorded_by = _user(actor)
    change.clean()
    save_audited(change, actor=actor, noun="contract_change")
    contract = Contract.objects.get(pk=change.contract_id)
    contract.start_date, contract.end_date = change.start_date, change.end_date
    if change.signed_on:
        contract.signed_on = change.signed_on
    save_audited(
        contract,
        actor=actor,
        action=f"contract.{change.kind}",
        reason=change.summary,
    )
    return change


@audited
def set_item(
    contract: Contract,
    item: str,
    *,
    actor: Any,
    status: str,
    section: str = "",
    note: str = "",
) -> ContractItem:
    """A person's finding that an item is present (and where) or missing."""
    row = ContractItem.objects.filter(contract=contract, item=item).first() or ContractItem(
        contract=contract, item=item
    )
    row.status, row.section, row.note = status, section, note
    row.reviewed_by, row.reviewed_at = _user(actor), clock.now()
    return save_audited(row, actor=actor, noun="contract_item")


@audited
def clear_item(contract: Contract, item: str, *, actor: Any) -> None:
    """Return an item to "not yet reviewed"."""
    row = ContractItem.objects.filter(contract=contract, item=item).first()
    if row is not None:
        record_event(
            actor=actor,
            action="contract_item.delete",
            target=contract,
            old={"item": item, "status": row.status, "section": row.section},
        )
        row.delete()


@audited
def add_document(
    contract: Contract,
    *,
    actor: Any,
    kind: str,
    name: str,
    content: bytes,
    text: str,
    pages: int,
    proposals: Sequence[tuple[str, int, float, str, str]],
) -> ContractDocument:
    """Store a signed document with its extracted text and the finder's proposals.

    `proposals` are (item, rank, score, excerpt, location); none of them marks an item present.
    The type kept (and the stored file's extension) is what the content is, never the browser's
    word or the name's: a PDF named "x.html" is kept as a PDF.
    """
    content_type = filecheck.sniff(content[: filecheck.SNIFF_BYTES]) or filecheck.UNKNOWN
    document = ContractDocument(
        contract=contract,
        kind=kind,
        original_name=name[:255],
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        text=text,
        pages=pages,
        uploaded_by=_user(actor),
    )
    document.file.save(
        f"document.{filecheck.EXTENSIONS[content_type]}", ContentFile(content), save=False
    )
    save_audited(document, actor=actor, noun="contract_document")
    ClauseProposal.objects.bulk_create(
        ClauseProposal(
            document=document, item=item, rank=rank, score=score, excerpt=excerpt, location=where
        )
        for item, rank, score, excerpt, where in proposals
    )
    record_event(
        actor=actor,
        action="clause_proposal.create",
        target=document,
        new={"proposals": len(proposals)},
    )
    return document


@audited
def decide_proposal(
    proposal: ClauseProposal, *, actor: Any, confirm: bool, note: str = ""
) -> ClauseProposal:
    """Confirm (the item is present at the passage's location) or reject a proposed passage."""
    proposal.decision = Decision.CONFIRMED if confirm else Decision.REJECTED
    proposal.decided_by, proposal.decided_at = _user(actor), clock.now()
    save_audited(proposal, actor=actor, action=f"clause_proposal.{proposal.decision}")
    if confirm:
        document = proposal.document
        set_item(
            document.contract,
            proposal.item,
            actor=actor,
            status=ItemStatus.PRESENT,
            section=proposal.location,
            note=note or f"Confirmed from {document.original_name}.",
        )
    return proposal


@audited
def save_notification(notification: Notification, *, actor: Any) -> Notification:
    if notification._state.adding:
        notification.recorded_by = _user(actor)
    return save_audited(notification, actor=actor, noun="notification")


@audited
def save_notice_template(template: NoticeTemplate, *, actor: Any) -> NoticeTemplate:
    return save_audited(template, actor=actor, noun="notice_template")


def _user(actor: Any) -> Any:
    """The user behind an actor (the demo loader and commands may pass a user directly)."""
    return actor
