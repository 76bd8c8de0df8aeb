"""The data-request register (records staff): log a request with the records that answer it,
read each record's release copy (PDF) with every withheld part's law, review it, and record the
release. Reading a release copy shows private data, so each view is in the access log."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sro.accounts.permissions import ObjectScope
from sro.accounts.principal import agency_id_of
from sro.audittrail.services import log_access
from sro.core import clock
from sro.core.access import enforce, require_list
from sro.core.forms import add_service_error
from sro.core.views import can_write, disposition, flash_errors
from sro.incidents.models import Incident, IncidentPerson
from sro.records import services
from sro.records.forms import DataRequestForm, EducationRecordForm, ReleaseForm
from sro.records.models import DataRequest
from sro.records.release import release_copy, release_pdf
from sro.rules.data_practices import Requester


def _get(user: object, pk: uuid.UUID, *, write: bool = False) -> DataRequest:
    found = DataRequest.objects.filter(pk=pk).first()
    if found is None:
        raise Http404("No such request.")
    enforce(user, "data_request", ObjectScope(agency_id=found.agency_id), write=write)
    return found


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    require_list(request.user, "data_request")
    rows = DataRequest.objects.filter(agency_id=agency_id_of(request.user))
    return render(
        request,
        "records/request_list.html",
        {"requests": rows[:300], "may_write": can_write(request.user, "data_request")},
    )


@login_required
def request_new(request: HttpRequest) -> HttpResponse:
    require_list(request.user, "data_request", write=True)
    agency_id = agency_id_of(request.user)
    incidents = Incident.objects.filter(agency_id=agency_id).select_related("school")
    form = DataRequestForm(
        request.POST or None,
        initial={"received_on": clock.today()},
        incidents=incidents.order_by("-occurred_at"),
        people=IncidentPerson.objects.filter(incident__in=incidents).select_related("incident"),
    )
    if request.method == "POST" and form.is_valid():
        entry = form.save(commit=False)
        entry.agency_id = agency_id
        try:
            services.register_request(
                entry, actor=request.user, incidents=list(form.cleaned_data["incidents"])
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "The request is logged. Read each release copy next.")
            return redirect(entry)
    return render(
        request,
        "records/request_form.html",
        {"form": form},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def request_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    entry = _get(request.user, pk)
    copies = [
        release_copy(
            incident,
            Requester(entry.requester_kind),
            about=entry.about,
            minor_withheld=entry.minor_withheld,
        )
        for incident in entry.incidents.select_related("school", "officer", "offense")
    ]
    return render(
        request,
        "records/request_detail.html",
        {
            "entry": entry,
            "copies": copies,
            "may_write": can_write(request.user, "data_request"),
            "release_form": ReleaseForm(),
        },
    )


@login_required
def copy_pdf(request: HttpRequest, pk: uuid.UUID, incident: uuid.UUID) -> HttpResponse:
    entry = _get(request.user, pk, write=True)  # the copy shows what staff are to release
    found = entry.incidents.filter(pk=incident).first()
    if found is None:
        raise Http404("That record does not answer this request.")
    copy = release_copy(
        found,
        Requester(entry.requester_kind),
        about=entry.about,
        minor_withheld=entry.minor_withheld,
    )
    log_access(
        user=request.user, record=found, purpose=f"Preparing the release for {entry}", kind="export"
    )
    pdf = release_pdf(copy, context={"draft": entry.released_at is None})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = disposition(f"release-{found.number}.pdf")
    return response


@login_required
@require_POST
def request_review(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    entry = _get(request.user, pk, write=True)
    try:
        services.review_request(entry, actor=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, "Reviewed: the copies are ready to release.")
    return redirect(entry)


@login_required
@require_POST
def request_release(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    entry = _get(request.user, pk, write=True)
    form = ReleaseForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
        return redirect(entry)
    try:
        services.release_request(entry, actor=request.user, how=form.cleaned_data["released_how"])
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, "The release is recorded, with each record in the access log.")
    return redirect(entry)


@login_required
def education_new(request: HttpRequest, incident: uuid.UUID) -> HttpResponse:
    """Record an education record the school shared for this incident."""
    from sro.incidents.access import incident_scope
    from sro.incidents.privacy import purposes_at

    found = Incident.objects.select_related("school").filter(pk=incident).first()
    if found is None:
        raise Http404("No such incident.")
    enforce(request.user, "education_record", incident_scope(found), write=True)
    today = clock.today()
    purposes = purposes_at(found.agency_id, found.school_id, today, police=False)
    form = EducationRecordForm(
        request.POST or None, initial={"received_on": today}, purposes=purposes
    )
    if request.method == "POST" and form.is_valid():
        record = form.save(commit=False)
        record.incident, record.school = found, found.school
        try:
            services.record_education_record(record, actor=request.user)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Recorded. It is never included in a release.")
            return redirect(found)
    return render(
        request,
        "records/education_form.html",
        {"form": form, "incident": found},
        status=422 if request.method == "POST" else 200,
    )
