"""Read helpers for contract pages, the API and reports."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sro.contracts.facts import verdict_for
from sro.contracts.models import ClauseProposal, Contract, ContractDocument, ContractItem
from sro.rules.contracts import ContractVerdict, ItemFinding


@dataclass(frozen=True)
class ChecklistRow:
    finding: ItemFinding
    record: ContractItem | None  # who reviewed it, when, and the note


def checklist(contract: Contract) -> tuple[ContractVerdict, list[ChecklistRow]]:
    rows = list(contract.items.select_related("reviewed_by"))
    verdict = verdict_for(contract, rows)
    by_item = {row.item: row for row in rows}
    return verdict, [ChecklistRow(f, by_item.get(f.item.id)) for f in verdict.items]


def contract_page(contract: Contract) -> dict[str, Any]:
    verdict, rows = checklist(contract)
    return {
        "verdict": verdict,
        "checklist": rows,
        "changes": contract.changes.select_related("recorded_by"),
        "documents": contract.documents.select_related("uploaded_by"),
    }


def with_verdicts(contracts: Iterable[Contract]) -> list[tuple[Contract, ContractVerdict]]:
    """Each contract with its verdict (prefetch `items` to keep this to one query)."""
    return [(c, verdict_for(c, list(c.items.all()))) for c in contracts]


@dataclass(frozen=True)
class ProposalGroup:
    finding: ItemFinding
    proposals: list[ClauseProposal]


def document_page(document: ContractDocument) -> dict[str, Any]:
    """The document's proposals grouped by item, in checklist order, with each item's status."""
    contract = document.contract
    verdict, rows = checklist(contract)
    proposals: dict[str, list[ClauseProposal]] = {}
    for proposal in document.proposals.select_related("decided_by"):
        proposals.setdefault(proposal.item, []).append(proposal)
    return {
        "document": document,
        "contract": contract,
        "verdict": verdict,
        "groups": [
            ProposalGroup(row.finding, proposals.get(row.finding.item.id, [])) for row in rows
        ],
    }
