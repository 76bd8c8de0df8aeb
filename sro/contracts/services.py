"""Every write to contracts: one transaction, one audit event each."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sro.audittrail.services import audited, save_audited
from sro.contracts.models import Contract
from sro.schools.models import School


@audited
def save_contract(contract: Contract, *, actor: Any, schools: Iterable[School]) -> Contract:
    save_audited(contract, actor=actor, noun="contract", m2m={"schools": list(schools)})
    return contract
