"""Oversight pages: reports under the duty to intercede and report (Minn. Stat. 626.8475), the
monthly report to the BCA (626.5534) with its file, early-intervention alerts (department
practice) and the force figures. Each view: access helper, form, one service call, render."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from sro.accounts.permissions import Reach, Role, list_reach
from sro.accounts.principal import agency_id_of, principal_for
from sro.audittrail.models import AccessLogEntry
from sro.audittrail.services import log_access
from sro.core import clock
from sro.core.access import require_list
from sro.core.forms import add_service_error
from sro.core.views import can_write, disposition, flash_errors, may_write
from sro.incidents.forms import FigureFilter
from sro.roster.models import Agency
from sro.use_of_force import access, oversight, services
from sro.use_of_force.forms import AlertReviewForm, BcaSubmissionForm, InterventionForm
from sro.use_of_force.models import BcaSubmission, InterventionReport

# --- Duty to intercede and report ---------------------------------------------------------------


@login_required
def interventions(request: HttpRequest) -> HttpResponse:
    reports = access.interventions_for_user(request.user)
    rows = oversight.intervention_rows(reports[:500], now=clock.now())
    p = principal_for(request.user)
    return render(
        request,
        "use_of_force/interventions.html",
        {
            "rows": rows,
            "overdue": [r for r in rows if r.overdue],
            "agency_wide": list_reach(p, "intervention_report") is Reach.AGENCY,
            "can_file": p.officer_id is not None and can_write(request.user, "intervention_report"),
        },
    )


@login_required
def intervention_new(request: HttpRequest) -> HttpResponse:
    """The officer who saw the force opens a report, with or without the written statement."""
    require_list(request.user, "intervention_report", write=True)
    officer_id = principal_for(request.user).officer_id
    if officer_id is None:
        raise PermissionDenied("The officer who saw the force files the report.")
    form = InterventionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        report: InterventionReport = form.save(commit=False)
        report.agency_id = agency_id_of(request.user)
        report.reporting_officer_id = officer_id
        try:
            services.save_intervention(report, actor=request.user)
        except ValidationError as error:  # the service's rules, on the fields they name
            add_service_error(form, error)
        else:
            messages.success(
                request,
                "Filed with the chief." if report.reported_at else "Opened: write the report.",
            )
            return redirect("use_of_force:intervention", pk=report.pk)
    return render(
        request,
        "use_of_force/intervention_form.html",
        {"form": form, "report": None},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def intervention(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """One report; its officer completes the written statement of a report still open. The
    statement is shown only to the chief and the reporting officer."""
    posting = request.method == "POST"
    report = access.get_intervention_for_user(request.user, pk, write=posting)
    p = principal_for(request.user)
    own = p.officer_id is not None and p.officer_id == report.reporting_officer_id
    form = None
    if own and report.reported_at is None:
        form = InterventionForm(request.POST if posting else None, instance=report)
        form.fields["observed_at"].disabled = True
        form.fields["observed_officer"].disabled = True
        form.fields["statement"].required = True
    if posting and form is None:
        raise PermissionDenied(
            "This report is filed and does not change."
            if own
            else "Only the reporting officer writes the report."
        )
    if posting and form is not None and form.is_valid():
        try:
            services.save_intervention(form.save(commit=False), actor=request.user)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Filed with the chief.")
            return redirect("use_of_force:intervention", pk=report.pk)
    return render(
        request,
        "use_of_force/intervention_form.html",
        {
            "form": form,
            "report": report,
            "row": oversight.intervention_rows([report], now=clock.now())[0],
            "show_statement": own or p.role is Role.CHIEF,
        },
        status=422 if posting else 200,
    )


# --- The monthly report to the BCA --------------------------------------------------------------


@login_required
def bca(request: HttpRequest) -> HttpResponse:
    require_list(request.user, "bca_report")
    return render(
        request,
        "use_of_force/bca.html",
        {
            "rows": oversight.bca_status(agency_id_of(request.user), clock.today()),
            "can_submit": can_write(request.user, "bca_report"),
            "due_day": settings.SRO_BCA_DUE_DAY,
            "remind_days": settings.SRO_BCA_REMIND_DAYS,
            "columns": oversight.COLUMNS,
            "not_held": oversight.NOT_HELD,
        },
    )


@login_required
def bca_csv(request: HttpRequest, month: dt.date) -> HttpResponse:
    """The month's file for the BCA; each student in it is written to the access log."""
    require_list(request.user, "bca_report")
    if month > clock.today().replace(day=1):
        raise Http404("That month has not begun.")
    agency = Agency.objects.get(pk=agency_id_of(request.user))
    export = oversight.month_csv(agency, month)
    for person in export.subjects:
        log_access(
            user=request.user,
            record=person,
            purpose=oversight.BCA_PURPOSE,
            kind=AccessLogEntry.Kind.EXPORT,
        )
    response = HttpResponse(export.text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = disposition(f"bca-use-of-force-{month:%Y-%m}.csv")
    return response


@login_required
def bca_submit(request: HttpRequest, month: dt.date) -> HttpResponse:
    """Record that the month's report, or its zero report, went to the BCA, in two steps: the
    form (the day it was sent, the BCA's reference or a note), then what will be recorded,
    on time or late, to confirm. Nothing is saved before the confirmation."""
    require_list(request.user, "bca_report", write=True)
    agency_id = agency_id_of(request.user)
    today = clock.today()
    row = oversight.month_row(agency_id, month, today)
    if row is None:
        why = (
            "it has not ended"
            if month >= today.replace(day=1)
            else "it is before the months this page tracks; see the list for the first one"
        )
        messages.error(request, f"{month:%B %Y} is not a month to report here: {why}.")
        return redirect("use_of_force:bca")
    if row.submission is not None:
        messages.info(request, f"The report for {month:%B %Y} is already recorded.")
        return redirect(f"{reverse('use_of_force:bca')}#month-{month:%Y-%m}")
    context: dict[str, object] = {"row": row, "today": today}
    if request.method != "POST":
        initial = {
            "month": row.month.month,
            "zero_report": row.reportable == 0,
            "incidents_reported": row.incidents,
        }
        context["form"] = BcaSubmissionForm(initial=initial)
        return render(request, "use_of_force/bca_submit.html", context)
    data = request.POST.copy()
    data["month"] = row.month.month.isoformat()
    form = BcaSubmissionForm(data, instance=BcaSubmission(agency_id=agency_id))
    context["form"] = form
    submission: BcaSubmission = form.instance
    if form.is_valid():
        try:
            oversight.check_bca_submission(submission)
        except ValidationError as error:
            add_service_error(form, error)
    if not form.is_valid() or "change" in request.POST:
        return render(
            request,
            "use_of_force/bca_submit.html",
            context,
            status=422 if form.errors else 200,
        )
    if request.POST.get("confirm") != "yes":
        context["verdict"] = oversight.if_sent(row.month.month, submission.sent_on, today)
        return render(request, "use_of_force/bca_confirm.html", context)
    try:
        services.record_bca_submission(submission, actor=request.user)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("use_of_force:bca")
    what = "zero report" if submission.zero_report else "report"
    verdict = oversight.if_sent(submission.month, submission.sent_on, today)
    messages.success(
        request,
        f"Recorded the {what} for {submission.month:%B %Y}, sent to the BCA on "
        f"{submission.sent_on} ({oversight.timeliness(verdict)}).",
    )
    return redirect(f"{reverse('use_of_force:bca')}#month-{submission.month:%Y-%m}")


# --- Early intervention -------------------------------------------------------------------------


@login_required
def alerts(request: HttpRequest) -> HttpResponse:
    found = access.alerts_for_user(request.user)
    count, days = oversight.thresholds()
    return render(
        request,
        "use_of_force/alerts.html",
        {"alerts": found[:200], "threshold": count, "days": days},
    )


@login_required
def alert(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """One alert with the officer's reports in its window; the chief records the outcome."""
    posting = request.method == "POST"
    found = access.get_alert_for_user(request.user, pk, write=posting)
    form = None
    if found.reviewed_at is None and may_write(request.user, pk, access.get_alert_for_user):
        form = AlertReviewForm(request.POST if posting else None)
    if posting and form is None:
        messages.error(request, "This alert is already reviewed.")
        return redirect("use_of_force:alert", pk=pk)
    if posting and form is not None and form.is_valid():
        try:
            services.review_alert(found, actor=request.user, outcome=form.cleaned_data["outcome"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Recorded the outcome of the review.")
            return redirect("use_of_force:alert", pk=pk)
    count, days = oversight.thresholds()
    return render(
        request,
        "use_of_force/alert.html",
        {
            "alert": found,
            "reports": oversight.window_reports(found),
            "form": form,
            "threshold": count,
            "days": days,
        },
        status=422 if posting else 200,
    )


# --- Figures ------------------------------------------------------------------------------------


@login_required
def figures(request: HttpRequest) -> HttpResponse:
    require_list(request.user, "force_figures")
    form, year = FigureFilter.chosen(request.GET)
    return render(
        request,
        "use_of_force/figures.html",
        {"form": form, "figures": oversight.figures(agency_id_of(request.user), year)},
    )
