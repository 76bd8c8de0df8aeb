"""API for the agency, officers and assignments."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import transaction
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from sro.accounts.principal import principal_for
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
from sro.roster import access, services
from sro.roster.forms import AssignmentForm, OfficerForm
from sro.roster.models import Assignment

router = Router(tags=["officers and assignments"])
ERRORS = {403: ErrorOut, 404: ErrorOut}
WRITE_ERRORS = {403: ErrorOut, 404: ErrorOut, 422: ValidationOut}


class AgencyOut(Schema):
    id: uuid.UUID
    name: str
    ori: str
    chief_name: str
    city: str
    website: str


class OfficerOut(VersionedOut):
    id: uuid.UUID
    first_name: str
    last_name: str
    badge_number: str
    post_license_number: str
    email: str
    phone: str
    active: bool


class OfficerIn(InputSchema):
    """Fields to set; on create the required ones are first_name, last_name, badge_number and
    post_license_number."""

    first_name: str | None = None
    last_name: str | None = None
    badge_number: str | None = None
    post_license_number: str | None = None
    email: str | None = None
    phone: str | None = None
    active: bool | None = None


class AssignmentOut(VersionedOut):
    id: uuid.UUID
    officer_id: uuid.UUID
    school_id: uuid.UUID
    contract_id: uuid.UUID
    role: str
    start_date: dt.date
    end_date: dt.date | None
    employer_could_not_provide_training: bool
    notes: str


class AssignmentIn(InputSchema):
    """Fields to set; on create officer, school, contract, role and start_date are required."""

    officer: uuid.UUID | None = None
    school: uuid.UUID | None = None
    contract: uuid.UUID | None = None
    role: str | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    employer_could_not_provide_training: bool | None = None
    notes: MultiLine | None = None
    override_reason: MultiLine | None = None
    double_booking_reason: MultiLine | None = None


@router.get("/agency", response={200: AgencyOut, **ERRORS})
def get_agency(request: HttpRequest) -> object:
    """The signed-in user's agency."""
    return access.own_agency(request.user)


@router.get("/officers", response=list[OfficerOut])
@paginate
def list_officers(request: HttpRequest) -> object:
    return access.officers_for_user(request.user)


@router.get("/officers/{officer_id}", response={200: OfficerOut, **ERRORS})
def get_officer(request: HttpRequest, officer_id: uuid.UUID) -> object:
    return access.get_officer_for_user(request.user, officer_id)


@router.post("/officers", response={201: OfficerOut, **WRITE_ERRORS})
def create_officer(request: HttpRequest, payload: OfficerIn) -> object:
    require_list(request.user, "officer", write=True)
    agency_id = principal_for(request.user).agency_id
    form = bind_form(OfficerForm, payload, agency_id=agency_id)
    return Status(201, services.save_officer(form.save(commit=False), actor=request.user))


@router.patch("/officers/{officer_id}", response={200: OfficerOut, **WRITE_ERRORS, **EDIT_CONFLICT})
def update_officer(
    request: HttpRequest, officer_id: uuid.UUID, payload: OfficerIn, if_match: IfMatch = None
) -> object:
    with transaction.atomic():
        officer = access.get_officer_for_user(request.user, officer_id, write=True)
        lock_for_update(officer, if_match)
        form = bind_form(
            OfficerForm, payload, instance=officer, partial=True, agency_id=officer.agency_id
        )
        return services.save_officer(form.save(commit=False), actor=request.user)


@router.get("/assignments", response=list[AssignmentOut])
@paginate
def list_assignments(request: HttpRequest) -> object:
    return access.assignments_for_user(request.user)


@router.get("/assignments/{assignment_id}", response={200: AssignmentOut, **ERRORS})
def get_assignment(request: HttpRequest, assignment_id: uuid.UUID) -> object:
    return access.get_assignment_for_user(request.user, assignment_id)


@router.post("/assignments", response={201: AssignmentOut, **WRITE_ERRORS})
def create_assignment(request: HttpRequest, payload: AssignmentIn) -> object:
    require_list(request.user, "assignment", write=True)
    agency_id = principal_for(request.user).agency_id
    form = bind_form(AssignmentForm, payload, agency_id=agency_id)
    return Status(
        201,
        services.save_assignment(
            form.save(commit=False),
            actor=request.user,
            override_reason=form.cleaned_data["override_reason"],
            double_booking_reason=form.cleaned_data["double_booking_reason"],
        ),
    )


@router.patch(
    "/assignments/{assignment_id}",
    response={200: AssignmentOut, **WRITE_ERRORS, **EDIT_CONFLICT},
)
def update_assignment(
    request: HttpRequest,
    assignment_id: uuid.UUID,
    payload: AssignmentIn,
    if_match: IfMatch = None,
) -> object:
    with transaction.atomic():
        assignment: Assignment = access.get_assignment_for_user(
            request.user, assignment_id, write=True
        )
        lock_for_update(assignment, if_match)
        form = bind_form(
            AssignmentForm,
            payload,
            instance=assignment,
            partial=True,
            agency_id=assignment.officer.agency_id,
        )
        return services.save_assignment(
            form.save(commit=False),
            actor=request.user,
            override_reason=form.cleaned_data["override_reason"],
            double_booking_reason=form.cleaned_data["double_booking_reason"],
        )
