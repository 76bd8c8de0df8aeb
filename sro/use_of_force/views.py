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
from sro.core.forms import add_service_error
from sro.core.views import can_write, flash_errors, form_status, may_write, save_guarded
from sro.incidents import access as incident_access
from sro.incidents import privacy
from sro.incidents.views import ask_purpose
from sro.rules.force import CONSIDERATIONS, DEESCALATION
from sro.rules.force_review import ReviewOption
from sro.use_of_force import access, review, services
from sro.use_of_force.facts import finding_for
from sro.use_of_force.forms import ForceReportForm, ReviewForm, review_form_class
from sro.use_of_force.models import ForceReport, ReportStatus


def _purpose(request: HttpRequest, report: ForceReport) -> str | None:
    return privacy.purpose_on(request.user, request.session, report.incident)


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    reports = access.reports_for_user(request.user)
    p = principal_for(request.user)
    reviews = can_write(request.user, "force_review")
    pending = review.pending_for(request.user, reports) if reviews else []
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
            "reviews": reviews,
            "for_you": [w for w in pending if w.option.waiting_for_you],
            "for_others": [w for w in pending if not w.option.waiting_for_you],
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


@login_required
def report_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    report = access.get_report_for_user(request.user, pk)
    return _detail(request, report, review.option_for(request.user, report))


def _detail(
    request: HttpRequest,
    report: ForceReport,
    option: ReviewOption,
    form: ReviewForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The report's page; the review form is the one the reader may give now, if any."""
    purpose = _purpose(request, report)
    if purpose:
        log_access(user=request.user, record=report, purpose=purpose)
        log_access(user=request.user, record=report.subject, purpose=purpose)
    saved = report.considerations or {}
    applied = set(saved.get("applied", []))
    level = option.level if option.allowed else None
    if level is not None and form is None:
        form = review_form_class(level)(option=option)
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
            "can_edit": report.editable
            and may_write(request.user, report.pk, access.get_report_for_user),
            "level": level,
            "option": option,
            "review_form": form,
            "steps": report.steps.select_related("by", "report__officer"),
            "threshold": settings.SRO_PRONE_HIGHLIGHT_MINUTES,
        },
        status=status,
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
def review_step(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """Record the review the reader may give now (`review.option_for`); anything else is
    refused: a report not waiting for their level is "not found", one they wrote or submitted
    is refused with the reason."""
    report = access.get_report_for_user(request.user, pk)
    option = review.option_for(request.user, report)
    if option.level is None or option.refusal in {"role", "not_your_level"}:
        raise Http404("This report is not waiting for your review.")
    if not option.allowed:
        messages.error(request, option.message)
        return redirect(report)
    form = review_form_class(option.level)(request.POST, option=option)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.review_report(
                report,
                actor=request.user,
                level=option.level,
                approve=data["decision"] == "approve",
                comment=data["comment"],
                as_supervisor=bool(data.get("as_supervisor")),
                single_level=bool(data.get("single_level")),
                reason=data.get("reason") or "",
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Review recorded: {report.get_status_display().lower()}.")
            return redirect(report)
    return _detail(request, report, option, form, status=422)
