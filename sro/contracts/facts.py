"""Where the contract rule is called: a contract's recorded findings to the rule's facts."""

from __future__ import annotations

from django.conf import settings

from sro.contracts.models import Contract, ContractItem
from sro.rules.contracts import ContractVerdict, ItemFact, judge_contract


def item_facts(rows: list[ContractItem]) -> dict[str, ItemFact]:
    return {
        row.item: ItemFact(
            row.item, "present" if row.status == "present" else "missing", row.section
        )
        for row in rows
    }


def verdict_for(contract: Contract, rows: list[ContractItem] | None = None) -> ContractVerdict:
    """The contract's verdict from what people have confirmed (rows may be prefetched)."""
    if rows is None:
        rows = list(contract.items.all())
    return judge_contract(
        item_facts(rows),
        discipline_statement_required=settings.SRO_CONTRACT_DISCIPLINE_STATEMENT_REQUIRED,
    )
