"""Access helpers for contracts."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from sro.accounts.permissions import ObjectScope, Reach, list_reach
from sro.accounts.principal import agency_id_of, principal_for
from sro.contracts.models import ClauseProposal, Contract, ContractDocument
from sro.core.access import enforce, require_list


def contract_scope(contract: Contract) -> ObjectScope:
    return ObjectScope(
        agency_id=contract.agency_id,
        school_ids=frozenset(contract.schools.values_list("id", flat=True)),
        education_agency_ids=frozenset({contract.education_agency_id}),
    )


def contracts_for_user(user: Any) -> QuerySet[Contract]:
    require_list(user, "contract")
    p = principal_for(user)
    qs = Contract.objects.select_related("education_agency").filter(agency_id=agency_id_of(user))
    if list_reach(p, "contract") is not Reach.AGENCY:
        qs = qs.filter(
            Q(education_agency_id__in=p.education_agency_ids) | Q(schools__id__in=p.school_ids)
        ).distinct()
    return qs


def get_contract_for_user(user: Any, pk: uuid.UUID, *, write: bool = False) -> Contract:
    contract = Contract.objects.select_related("education_agency").filter(pk=pk).first()
    if contract is None:
        raise Http404("No such contract.")
    enforce(user, "contract", contract_scope(contract), write=write)
    return contract


def get_document_for_user(user: Any, pk: uuid.UUID, *, write: bool = False) -> ContractDocument:
    document = ContractDocument.objects.select_related("contract").filter(pk=pk).first()
    if document is None:
        raise Http404("No such document.")
    enforce(user, "contract", contract_scope(document.contract), write=write)
    return document


def get_proposal_for_user(user: Any, pk: uuid.UUID, *, write: bool = False) -> ClauseProposal:
    proposal = ClauseProposal.objects.select_related("document__contract").filter(pk=pk).first()
    if proposal is None:
        raise Http404("No such proposal.")
    enforce(user, "contract", contract_scope(proposal.document.contract), write=write)
    return proposal
