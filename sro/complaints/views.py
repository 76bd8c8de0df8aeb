"""The public complaint form (no sign-in) and the chief's pages: the list, a complaint with what
happened and how to reach the complainant, and the steps to identify, review and close it.
Auditors read; no one else sees complaints at all."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from sro.accounts.permissions import ObjectScope
from sro.accounts.principal import agency_id_of
from sro.complaints import queries, services, spam
from sro.complaints.forms import AssignForm, CloseForm, PublicComplaintForm
from sro.complaints.models import Complaint, Status
from sro.core import clock
from sro.core.access import enforce, require_list
from sro.core.client_ip import client_ip
from sro.core.forms import add_service_error
from sro.core.views import can_write
from sro.roster.models import Agency

HONEYPOT_FIELD = "leave_blank"
STAMP_FIELD = "started"

# --- The public form ------------------------------------------------------------------------


def _public_form(data: Any = None) -> PublicComplaintForm:
    agencies = Agency.objects.order_by("name")
    return PublicComplaintForm(
        data,
        agencies=agencies,
        schools=queries.served_schools(agencies.values_list("pk", flat=True)),
    )


def _render_public(
    request: HttpRequest, form: PublicComplaintForm, *, refused: str = "", status: int = 200
) -> HttpResponse:
    return render(
        request,
        "complaints/public_form.html",
        {
            "form": form,
            "refused": refused,
            "token": spam.issue_token(),
            "stamp_field": STAMP_FIELD,
            "honeypot_field": HONEYPOT_FIELD,
            "min_seconds": spam.MIN_SECONDS,
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def public_new(request: HttpRequest) -> HttpResponse:
    """Anyone may complain; the answer to a good submission is its reference number (rendered
    here, so no address can show another complaint's)."""
    if request.method != "POST":
        return _render_public(request, _public_form())
    form = _public_form(request.POST)
    address = client_ip(request) or "unknown"  # no address: all such requests share one limit
    try:
        spam.check_limit(address)
        spam.check_honeypot(request.POST.get(HONEYPOT_FIELD, ""))
        nonce = spam.check_stamp(request.POST.get(STAMP_FIELD, ""))
        if form.is_valid():
            complaint = form.save(commit=False)
            # One transaction: the count, the used stamp and the complaint are saved together.
            with transaction.atomic():
                spam.record_submission(nonce, address)
                services.submit_complaint(complaint, actor=None)
            return render(
                request,
                "complaints/public_thanks.html",
                {"reference": complaint.reference, "agency_name": complaint.agency.name},
            )
    except spam.Refused as refusal:
        return _render_public(request, form, refused=refusal.message, status=refusal.status)
    except ValidationError as error:
        add_service_error(form, error)
    return _render_public(request, form, status=422)


# --- The chief's pages ----------------------------------------------------------------------


def _get(user: Any, pk: uuid.UUID, *, write: bool = False) -> Complaint:
    found = Complaint.objects.select_related("agency", "school", "officer").filter(pk=pk).first()
    if found is None:
        raise Http404("No such complaint.")
    # Agency-wide on purpose: a complaint is not in an SRO's or a school's scope.
    enforce(user, "complaint", ObjectScope(agency_id=found.agency_id), write=write)
    return found


@login_required
def complaint_list(request: HttpRequest) -> HttpResponse:
    require_list(request.user, "complaint")
    status = request.GET.get("status", "")
    return render(
        request,
        "complaints/list.html",
        {
            "rows": queries.list_rows(agency_id_of(request.user), status),
            "statuses": Status.choices,
            "status": status,
            "public_form_url": request.build_absolute_uri(reverse("complaints:public_new")),
        },
    )


def _render_detail(
    request: HttpRequest,
    complaint: Complaint,
    *,
    assign_form: AssignForm | None = None,
    close_form: CloseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    may_write = can_write(request.user, "complaint")
    return render(
        request,
        "complaints/detail.html",
        {
            "complaint": complaint,
            "may_write": may_write,
            "days_open": queries.days_open(complaint, clock.today()),
            "assign_form": assign_form
            or AssignForm(
                agency_id=complaint.agency_id,
                initial={"officer": complaint.officer_id, "school": complaint.school_id},
            ),
            "close_form": close_form or CloseForm(initial={"outcome_on": clock.today()}),
        },
        status=status,
    )


def _refused(request: HttpRequest, complaint: Complaint, error: ValidationError) -> HttpResponse:
    """A step the complaint's state does not allow: say why on its page."""
    for text in error.messages:
        messages.error(request, text)
    return redirect(complaint)


@login_required
def complaint_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    return _render_detail(request, _get(request.user, pk))


@login_required
@require_POST
def review(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    complaint = _get(request.user, pk, write=True)
    try:
        services.start_review(complaint, actor=request.user)
    except ValidationError as error:
        return _refused(request, complaint, error)
    messages.success(request, f"{complaint} is under review.")
    return redirect(complaint)


@login_required
@require_POST
def close(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    complaint = _get(request.user, pk, write=True)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            services.close_complaint(
                complaint,
                actor=request.user,
                outcome=form.cleaned_data["outcome"],
                outcome_on=form.cleaned_data["outcome_on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            complaint.refresh_from_db()
            if not hasattr(error, "error_dict"):  # not a field's: the complaint's state
                return _refused(request, complaint, error)
            add_service_error(form, error)
        else:
            messages.success(request, f"{complaint} is closed: {complaint.get_outcome_display()}.")
            return redirect(complaint)
    return _render_detail(request, complaint, close_form=form, status=422)


@login_required
@require_POST
def assign(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    complaint = _get(request.user, pk, write=True)
    form = AssignForm(request.POST, agency_id=complaint.agency_id)
    if form.is_valid():
        try:
            services.assign_officer_and_school(
                complaint,
                actor=request.user,
                officer=form.cleaned_data["officer"],
                school=form.cleaned_data["school"],
            )
        except ValidationError as error:
            complaint.refresh_from_db()
            if not hasattr(error, "error_dict"):
                return _refused(request, complaint, error)
            add_service_error(form, error)
        else:
            messages.success(request, f"{complaint}: the officer and school are recorded.")
            return redirect(complaint)
    return _render_detail(request, complaint, assign_form=form, status=422)
