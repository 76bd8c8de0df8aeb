"""The JSON API: one django-ninja router per app under /api/v1/, same access helpers and
services as the pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError

from sro.activity.api import router as activity_router
from sro.contracts.api import router as contracts_router
from sro.contracts.notice_api import router as notices_router
from sro.core import errors
from sro.core.api import AUTH, EditConflict, FormInvalid
from sro.incidents.api import router as incidents_router
from sro.roster.api import router as roster_router
from sro.safety.api import router as safety_router
from sro.scheduling.api import router as scheduling_router
from sro.schools.api import router as schools_router
from sro.use_of_force.api import router as use_of_force_router
from sro.use_of_force.bca_api import router as bca_router

api = NinjaAPI(
    title="SRO Program Manager API",
    version="1",
    description=(
        "Officers, assignments, districts, schools and contracts of a School Resource Officer "
        "program (Minn. Stat. 626.8482). Authenticate with the browser session or with "
        "`Authorization: Bearer <token>` (tokens are issued on the Account page)."
    ),
    auth=AUTH,
    urls_namespace="api",
)


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
def database_unavailable(request: HttpRequest, exc: Exception) -> HttpResponse:
    """The database cannot be reached: 503 with when to retry (nothing was saved)."""
    return errors.database_unavailable_response(request)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": "Your role does not allow this."}, status=403)


@api.exception_handler(ValidationError)
def malformed(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Input the schema refuses (a malformed date or id) is reported like a form's errors."""
    errors = [
        {"field": str(err.get("loc", ["", ""])[-1]), "message": err.get("msg", "Invalid value.")}
        for err in exc.errors
    ]
    return api.create_response(
        request, {"detail": "Some fields need fixing.", "errors": errors}, status=422
    )


@api.exception_handler(DjangoValidationError)
def refused(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    """A rule a service enforces (such as the training gate), reported on its field."""
    if hasattr(exc, "error_dict"):
        errors = [
            {"field": "" if field == "__all__" else field, "message": str(message)}
            for field, items in exc.message_dict.items()
            for message in items
        ]
    else:
        errors = [{"field": "", "message": str(message)} for message in exc.messages]
    return api.create_response(
        request, {"detail": "Some fields need fixing.", "errors": errors}, status=422
    )


@api.exception_handler(FormInvalid)
def invalid(request: HttpRequest, exc: FormInvalid) -> HttpResponse:
    return api.create_response(
        request, {"detail": str(exc), "errors": exc.errors}, status=exc.status_code
    )


@api.exception_handler(EditConflict)
def edit_conflict(request: HttpRequest, exc: EditConflict) -> HttpResponse:
    return api.create_response(request, exc.body(), status=412)


api.add_router("/", roster_router)
api.add_router("/", schools_router)
api.add_router("/", contracts_router)
api.add_router("/", notices_router)
api.add_router("/", scheduling_router)
api.add_router("/", incidents_router)
api.add_router("/", use_of_force_router)
api.add_router("/", bca_router)
api.add_router("/", safety_router)
api.add_router("/", activity_router)
