"""The annual program report page and its downloads (PDF, HTML, CSV)."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from sro.accounts.permissions import Reach, list_reach
from sro.accounts.principal import principal_for
from sro.audittrail.services import note_export
from sro.contracts.access import get_contract_for_user
from sro.contracts.notices import current_school_year, parse_school_year
from sro.core.access import require_list
from sro.core.views import disposition
from sro.reports import render as rendering
from sro.reports.annual import AnnualReport, annual_report
from sro.reports.joint import JointReport, joint_report
from sro.roster.access import own_agency
from sro.rules.dates import recent_school_years

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}


def _report(request: HttpRequest, school_year: str) -> AnnualReport:
    """The agency-wide report: for roles that see the whole agency (a school administrator
    reads the joint report of their own contract instead)."""
    require_list(request.user, "report")
    if list_reach(principal_for(request.user), "report") != Reach.AGENCY:
        raise PermissionDenied("The annual report covers the whole department.")
    return annual_report(own_agency(request.user), school_year)


def _years(current: str) -> list[str]:
    return recent_school_years(current)


@login_required
@require_safe
def annual(request: HttpRequest) -> HttpResponse:
    current = current_school_year()
    asked = request.GET.get("school_year")
    school_year = parse_school_year(asked) or current
    report = _report(request, school_year)
    return render(
        request,
        "reports/annual.html",
        {
            "report": report,
            "years": _years(current),
            "bad_year": asked if asked and parse_school_year(asked) is None else "",
        },
    )


@login_required
@require_safe
def annual_download(request: HttpRequest, school_year: str, fmt: str) -> HttpResponse:
    if parse_school_year(school_year) is None or fmt not in CONTENT_TYPES:
        raise Http404("Ask for a school year such as 2025-26 as pdf, html or csv.")
    report = _report(request, school_year)
    body = rendering.annual_document(report, fmt)
    name = rendering.filename(report, fmt)
    note_export(actor=request.user, what="report.annual", file_name=name)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = disposition(name)
    return response


def _joint(request: HttpRequest, pk: uuid.UUID, school_year: str) -> JointReport:
    """A contract's joint report: for whoever may read both reports and this contract (a
    school administrator, their own district's contract). The contract's scope first (404),
    then the right to reports (403), so a role without it learns nothing of a contract it may
    not see."""
    contract = get_contract_for_user(request.user, pk)
    require_list(request.user, "report")
    return joint_report(contract, school_year)


@login_required
@require_safe
def joint(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    current = current_school_year()
    asked = request.GET.get("school_year")
    school_year = parse_school_year(asked) or current
    report = _joint(request, pk, school_year)
    return render(
        request,
        "reports/joint.html",
        {
            "report": report,
            "contract_id": pk,
            "years": _years(current),
            "bad_year": asked if asked and parse_school_year(asked) is None else "",
        },
    )


@login_required
@require_safe
def joint_download(request: HttpRequest, pk: uuid.UUID, school_year: str, fmt: str) -> HttpResponse:
    if parse_school_year(school_year) is None or fmt not in ("pdf", "csv"):
        raise Http404("Ask for a school year such as 2025-26 as pdf or csv.")
    report = _joint(request, pk, school_year)
    body = rendering.joint_pdf(report) if fmt == "pdf" else rendering.joint_csv(report)
    name = rendering.joint_filename(report, fmt)
    note_export(actor=request.user, what="report.joint", file_name=name)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = disposition(name)
    return response
