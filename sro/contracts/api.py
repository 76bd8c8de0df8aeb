"""API for contracts."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import transaction
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from sro.accounts.principal import principal_for
from sro.contracts import access, services
from sro.contracts.facts import verdict_for
from sro.contracts.forms import ContractForm
from sro.contracts.models import Contract
from sro.core.access import require_list
from sro.core.api import (
    EDIT_CONFLICT,
    ErrorOut,
    IfMatch,
    InputSchema,
    MultiLine,
    ValidationOut,
    VersionedOut,
    bind_form,
    lock_for_update,
)

router = Router(tags=["contracts"])
ERRORS = {403: ErrorOut, 404: ErrorOut}
WRITE_ERRORS = {403: ErrorOut, 404: ErrorOut, 422: ValidationOut}


class ContractOut(VersionedOut):
    id: uuid.UUID
    title: str
    education_agency_id: uuid.UUID
    start_date: dt.date
    end_date: dt.date | None
    signed_on: dt.date | None
    school_ids: list[uuid.UUID]
    notes: str

    @staticmethod
    def resolve_school_ids(obj: Contract) -> list[uuid.UUID]:
        return [s.pk for s in obj.schools.all()]


class ContractIn(InputSchema):
    """Fields to set; on create title, education_agency and start_date are required."""

    title: str | None = None
    education_agency: uuid.UUID | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    signed_on: dt.date | None = None
    schools: list[uuid.UUID] | None = None
    notes: MultiLine | None = None


@router.get("/contracts", response=list[ContractOut])
@paginate
def list_contracts(request: HttpRequest) -> object:
    return access.contracts_for_user(request.user).prefetch_related("schools")


@router.get("/contracts/{contract_id}", response={200: ContractOut, **ERRORS})
def get_contract(request: HttpRequest, contract_id: uuid.UUID) -> object:
    return access.get_contract_for_user(request.user, contract_id)


@router.post("/contracts", response={201: ContractOut, **WRITE_ERRORS})
def create_contract(request: HttpRequest, payload: ContractIn) -> object:
    require_list(request.user, "contract", write=True)
    form = bind_form(ContractForm, payload, agency_id=principal_for(request.user).agency_id)
    contract = services.save_contract(
        form.save(commit=False), actor=request.user, schools=form.cleaned_data["schools"]
    )
    return Status(201, contract)


@router.patch(
    "/contracts/{contract_id}", response={200: ContractOut, **WRITE_ERRORS, **EDIT_CONFLICT}
)
def update_contract(
    request: HttpRequest, contract_id: uuid.UUID, payload: ContractIn, if_match: IfMatch = None
) -> object:
    with transaction.atomic():
        contract = access.get_contract_for_user(request.user, contract_id, write=True)
        lock_for_update(contract, if_match)
        form = bind_form(
            ContractForm, payload, instance=contract, partial=True, agency_id=contract.agency_id
        )
        return services.save_contract(
            form.save(commit=False), actor=request.user, schools=form.cleaned_data["schools"]
        )


class ItemOut(Schema):
    item: str
    title: str
    required: str
    citation: str
    status: str
    section: str
    reason: str


class ChecklistOut(Schema):
    contract_id: uuid.UUID
    status: str
    summary: str
    rules_version: str
    missing: list[str]
    items: list[ItemOut]


@router.get("/contracts/{contract_id}/checklist", response={200: ChecklistOut, **ERRORS})
def get_checklist(request: HttpRequest, contract_id: uuid.UUID) -> object:
    """The required contents, item by item, and the verdict: every "must" item not confirmed."""
    contract = access.get_contract_for_user(request.user, contract_id)
    verdict = verdict_for(contract)
    return {
        "contract_id": contract.pk,
        "status": verdict.status,
        "summary": verdict.summary,
        "rules_version": verdict.rules_version,
        "missing": [f.item.id for f in verdict.missing],
        "items": [
            {
                "item": f.item.id,
                "title": f.item.title,
                "required": f.required,
                "citation": f.item.citation,
                "status": f.status,
                "section": f.section,
                "reason": f.reason,
            }
            for f in verdict.items
        ],
    }
