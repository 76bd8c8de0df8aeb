"""Force-report pages: the list with what waits for whom, filing a report from an incident, the
report with its flags and the two-level review. The narrative and the student's name are shown
only with the purpose stated for the incident, and each view is in the access log."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from sro.accounts.permissions import can_list
from sro.accounts.principal import principal_for
from sro.audittrail.services import log_access
from sro.core.views import can_write, flash_errors, form_status, may_write, save_guarded
from sro.incidents import access as incident_access
from sro.incidents import privacy
from sro.incidents.views import ask_purpose
from sro.rules.force import CONSIDERATIONS, DEESCALATION
from sro.use_of_force import access, services
from sro.use_of_force.facts import finding_for
from sro.use_of_force.forms import ForceReportForm, ReviewForm
from sro.use_of_force.models import ForceReport, ReportStatus, ReviewLevel


def _purpose(request: HttpRequest, report: ForceReport) -> str | None:
    return privacy.purpose_on(request.user, request.session, report.incident)


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    reports = access.reports_for_user(request.user)
    p = principal_for(request.user)
    reviews = can_write(request.user, "force_review")
    return render(
        request,
        "use_of_force/report_list.html",
        {
            "reports": reports[:200],
            "mine": reports.filter(
                officer_id=p.officer_id,
                status__in=[ReportStatus.DRAFT, ReportStatus.RETURNED],
            )
            if p.officer_id
            else [],
            "for_sergeant": reports.filter(status=ReportStatus.SUBMITTED) if reviews else [],
            "for_chief": reports.filter(status=ReportStatus.SERGEANT_REVIEWED) if reviews else [],
            "links": [
                (label, reverse(name))
                for resource, label, name in OVERSIGHT_LINKS
                if can_list(principal_for(request.user), resource)
            ],
        },
    )


OVERSIGHT_LINKS = [
    ("intervention_report", "Reports under the duty to intercede", "use_of_force:interventions"),
    ("bca_report", "Monthly BCA report", "use_of_force:bca"),
    ("early_intervention", "Early-intervention alerts", "use_of_force:alerts"),
    ("force_figures", "Figures", "use_of_force:figures"),
]


def _level(request: HttpRequest, report: ForceReport) -> str | None:
    """Which review the user may give this report now, if any."""
    if not access.may_review(request.user, report):
        return None
    role = principal_for(request.user).role
    if report.status == ReportStatus.SUBMITTED:
        return ReviewLevel.SERGEANT
    if report.status == ReportStatus.SERGEANT_REVIEWED and role == "chief":
        return ReviewLevel.CHIEF
    return None


@login_required
def report_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    report = access.get_report_for_user(request.user, pk)
    purpose = _purpose(request, report)
    if purpose:
        log_access(user=request.user, record=report, purpose=purpose)
        log_access(user=request.user, record=report.subject, purpose=purpose)
    saved = report.considerations or {}
    applied = set(saved.get("applied", []))
    return render(
        request,
        "use_of_force/report_detail.html",
        {
            "report": report,
            "finding": finding_for(report),
            "purpose": purpose,
            "may_see_identity": incident_access.may_see_identity(request.user, report.incident),
            "techniques": [(t, t.id in (report.deescalation or [])) for t in DEESCALATION],
            "considerations": [(c, c.id in applied) for c in CONSIDERATIONS],
            "considerations_note": saved.get("note", ""),
            "applied_count": len(applied),
            "can_edit": report.editable and may_write(request.user, pk, access.get_report_for_user),
            "level": _level(request, report),
            "review_form": ReviewForm(),
            "steps": report.steps.select_related("by"),
            "threshold": settings.SRO_PRONE_HIGHLIGHT_MINUTES,
        },
    )


def _form_page(request: HttpRequest, report: ForceReport | None, incident: Any) -> HttpResponse:
    def make_form(data: Any) -> ForceReportForm:
        return ForceReportForm(data, instance=report, incident=incident)

    form = make_form(request.POST or None)
    conflict = None
    if request.method == "POST" and form.is_valid():
        saved: ForceReport = form.save(commit=False)
        if report is None:
            saved.officer = incident.officer
            officer_id = principal_for(request.user).officer_id
            if officer_id is not None:
                saved.officer_id = officer_id

        def save() -> ForceReport:
            access.enforce_new(request.user, saved)
            services.save_report(
                saved, actor=request.user, force_used=form.cleaned_data["force_used"]
            )
            return saved

        try:
            done, shown, conflict = save_guarded(request, report, save, make_form)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if done is not None:
                messages.success(request, "Saved the force report.")
                return redirect(done)
            form = shown
    return render(
        request,
        "use_of_force/report_form.html",
        {"form": form, "incident": incident, "report": report, "conflict": conflict},
        status=form_status(request, conflict),
    )


@login_required
def report_new(request: HttpRequest, incident_pk: uuid.UUID) -> HttpResponse:
    """File a force report from an incident (the student is chosen among its students)."""
    incident = access.get_incident_for_new_report(request.user, incident_pk)
    return _form_page(request, None, incident)


@login_required
def report_edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    report = access.get_report_for_user(request.user, pk, write=True)
    purpose = _purpose(request, report)
    if not purpose:
        return ask_purpose(request, report.incident, request.get_full_path())
    if request.method != "POST":
        log_access(user=request.user, record=report, purpose=purpose)
    return _form_page(request, report, report.incident)


@login_required
@require_POST
def submit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    report = access.get_report_for_user(request.user, pk, write=True)
    try:
        services.submit_report(report, actor=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, "Submitted to the sergeant for review.")
    return redirect(report)


@login_required
@require_POST
def review(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    report = access.get_report_for_user(request.user, pk)
    level = _level(request, report)
    if level is None:
        raise Http404("This report is not waiting for your review.")
    form = ReviewForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
        return redirect(report)
    try:
        services.review_report(
            report,
            actor=request.user,
            level=level,
            approve=form.cleaned_data["decision"] == "approve",
            comment=form.cleaned_data["comment"],
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, f"Review recorded: {report.get_status_display().lower()}.")
    return redirect(report)
