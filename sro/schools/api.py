"""API for districts, charter schools and schools."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from sro.accounts.principal import principal_for
from sro.core.access import require_list
from sro.core.api import (
    EDIT_CONFLICT,
    ErrorOut,
    IfMatch,
    InputSchema,
    ValidationOut,
    VersionedOut,
    bind_form,
    lock_for_update,
)
from sro.schools import access, services
from sro.schools.forms import EducationAgencyForm, SchoolForm

router = Router(tags=["districts and schools"])
ERRORS = {403: ErrorOut, 404: ErrorOut}
WRITE_ERRORS = {403: ErrorOut, 404: ErrorOut, 422: ValidationOut}


class EducationAgencyOut(VersionedOut):
    id: uuid.UUID
    name: str
    kind: str
    number: str
    contact_name: str
    contact_email: str


class EducationAgencyIn(InputSchema):
    """Fields to set; on create name and kind (district or charter) are required."""

    name: str | None = None
    kind: str | None = None
    number: str | None = None
    contact_name: str | None = None
    contact_email: str | None = None


class SchoolOut(VersionedOut):
    id: uuid.UUID
    name: str
    level: str
    education_agency_id: uuid.UUID
    address: str
    principal_name: str
    active: bool


class SchoolIn(InputSchema):
    """Fields to set; on create name, level and education_agency are required."""

    name: str | None = None
    level: str | None = None
    education_agency: uuid.UUID | None = None
    address: str | None = None
    principal_name: str | None = None
    active: bool | None = None


@router.get("/districts", response=list[EducationAgencyOut])
@paginate
def list_districts(request: HttpRequest) -> object:
    return access.education_agencies_for_user(request.user)


@router.get("/districts/{district_id}", response={200: EducationAgencyOut, **ERRORS})
def get_district(request: HttpRequest, district_id: uuid.UUID) -> object:
    return access.get_education_agency_for_user(request.user, district_id)


@router.post("/districts", response={201: EducationAgencyOut, **WRITE_ERRORS})
def create_district(request: HttpRequest, payload: EducationAgencyIn) -> object:
    require_list(request.user, "education_agency", write=True)
    form = bind_form(EducationAgencyForm, payload)
    lea = form.save(commit=False)
    lea.agency_id = principal_for(request.user).agency_id
    return Status(201, services.save_education_agency(lea, actor=request.user))


@router.patch(
    "/districts/{district_id}",
    response={200: EducationAgencyOut, **WRITE_ERRORS, **EDIT_CONFLICT},
)
def update_district(
    request: HttpRequest,
    district_id: uuid.UUID,
    payload: EducationAgencyIn,
    if_match: IfMatch = None,
) -> object:
    with transaction.atomic():
        lea = access.get_education_agency_for_user(request.user, district_id, write=True)
        lock_for_update(lea, if_match)
        form = bind_form(EducationAgencyForm, payload, instance=lea, partial=True)
        return services.save_education_agency(form.save(commit=False), actor=request.user)


@router.get("/schools", response=list[SchoolOut])
@paginate
def list_schools(request: HttpRequest) -> object:
    return access.schools_for_user(request.user)


@router.get("/schools/{school_id}", response={200: SchoolOut, **ERRORS})
def get_school(request: HttpRequest, school_id: uuid.UUID) -> object:
    return access.get_school_for_user(request.user, school_id)


@router.post("/schools", response={201: SchoolOut, **WRITE_ERRORS})
def create_school(request: HttpRequest, payload: SchoolIn) -> object:
    require_list(request.user, "school", write=True)
    agency_id = principal_for(request.user).agency_id
    form = bind_form(SchoolForm, payload, agency_id=agency_id)
    return Status(201, services.save_school(form.save(commit=False), actor=request.user))


@router.patch("/schools/{school_id}", response={200: SchoolOut, **WRITE_ERRORS, **EDIT_CONFLICT})
def update_school(
    request: HttpRequest, school_id: uuid.UUID, payload: SchoolIn, if_match: IfMatch = None
) -> object:
    with transaction.atomic():
        school = access.get_school_for_user(request.user, school_id, write=True)
        lock_for_update(school, if_match)
        agency_id = school.education_agency.agency_id
        form = bind_form(SchoolForm, payload, instance=school, partial=True, agency_id=agency_id)
        return services.save_school(form.save(commit=False), actor=request.user)
