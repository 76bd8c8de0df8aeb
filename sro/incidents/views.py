"""Incident pages: the list and the SRO's open items, quick entry, the record with its people
and dispositions, the review, and the figures. A person's identity appears only after the reader
states a purpose, and each view of it is written to the access log."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from sro.accounts.permissions import can_list
from sro.accounts.principal import agency_id_of, principal_for
from sro.core import concurrency
from sro.core.access import require_list
from sro.core.views import can_write, flash_errors, form_status, local_next, may_write
from sro.incidents import access, privacy, queries, services
from sro.incidents.facts import finding_for
from sro.incidents.forms import (
    AcknowledgeForm,
    DispositionForm,
    FigureFilter,
    IncidentForm,
    PersonForm,
    PurposeForm,
    QuickIncidentForm,
    ReviewForm,
)
from sro.incidents.models import Incident, IncidentPerson, PersonKind, Status
from sro.rules.incidents import BY_ID


def _purpose(request: HttpRequest, incident: Incident) -> str | None:
    return privacy.purpose_on(request.user, request.session, incident)


def ask_purpose(request: HttpRequest, incident: Incident, next_url: str) -> HttpResponse:
    """The page that asks why the reader opens the incident's private data, then goes on."""
    form = PurposeForm(purposes=privacy.purposes_for(incident))
    return render(
        request,
        "incidents/purpose.html",
        {"incident": incident, "form": form, "next": next_url, "action": "incidents:purpose"},
    )


REVIEW_SHOWN = 20  # records waiting for review listed (newest first); the rest counted


@login_required
def incident_list(request: HttpRequest) -> HttpResponse:
    incidents = access.incidents_for_user(request.user)
    status = request.GET.get("status", "")
    if status in Status.values:
        incidents = incidents.filter(status=status)
    school = request.GET.get("school", "")
    # The schools to filter by, from the database (not by reading every incident).
    schools = sorted(
        set(incidents.order_by().values_list("school_id", "school__name").distinct()),
        key=lambda s: s[1],
    )
    if school:
        incidents = incidents.filter(school_id__in=[s[0] for s in schools if str(s[0]) == school])
    p = principal_for(request.user)
    to_review = None
    if can_write(request.user, "incident_review"):
        waiting = access.incidents_for_user(request.user).filter(status=Status.SUBMITTED)
        to_review = {"first": waiting[:REVIEW_SHOWN], "count": waiting.count()}
    return render(
        request,
        "incidents/incident_list.html",
        {
            "page": Paginator(incidents, 50).get_page(request.GET.get("page")),
            "open_items": queries.open_items(access.incidents_for_user(request.user), p.officer_id),
            "statuses": Status.choices,
            "status": status,
            "schools": schools,
            "school": school,
            "can_create": can_write(request.user, "incident"),
            "to_review": to_review,
            "filters": urlencode({"status": status, "school": school}),
        },
    )


@login_required
def incident_new(request: HttpRequest) -> HttpResponse:
    """Quick entry: school, time, one line and who called the SRO in; details later."""
    require_list(request.user, "incident", write=True)
    p = principal_for(request.user)
    kwargs: dict[str, Any] = {"agency_id": agency_id_of(request.user), "officer_id": p.officer_id}
    form = QuickIncidentForm(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        incident = form.save(commit=False)
        try:
            access.enforce_new(request.user, incident)
            services.create_incident(incident, actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Recorded {incident}. Add the people and details next.")
            return redirect(incident)
    status = 422 if request.method == "POST" else 200
    return render(request, "incidents/incident_new.html", {"form": form}, status=status)


@login_required
def incident_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    incident = access.get_incident_for_user(request.user, pk)
    people = list(incident.people.select_related("guardian_of"))
    purpose = _purpose(request, incident)
    if purpose:
        privacy.log_people_view(request.user, incident, people, purpose)
    finding = finding_for(incident, people)
    person_findings = {f.person_id: f for f in finding.persons}
    return render(
        request,
        "incidents/incident_detail.html",
        {
            "incident": incident,
            "rows": [(p, person_findings[str(p.pk)], BY_ID.get(p.disposition)) for p in people],
            "finding": finding,
            "purpose": purpose,
            "may_see_identity": access.may_see_identity(request.user, incident),
            "purpose_form": PurposeForm(purposes=privacy.purposes_for(incident))
            if access.may_see_identity(request.user, incident) and not purpose
            else None,
            "can_edit": incident.editable
            and may_write(request.user, pk, access.get_incident_for_user),
            "can_review": incident.status == Status.SUBMITTED
            and access.may_review(request.user, incident),
            "review_form": ReviewForm(),
            "steps": incident.steps.select_related("by"),
            "access_log_url": f"{reverse('audittrail:access_list')}?record={incident.pk}"
            if can_list(principal_for(request.user), "access_log")
            else "",
            "versions": incident.narratives.count(),
            "force_reports": incident.force_reports.select_related("subject", "officer")
            if can_list(principal_for(request.user), "force_report")
            else None,
            "can_file_force": can_write(request.user, "force_report")
            and access.may_see_identity(request.user, incident),
        },
    )


@login_required
@require_POST
def state_purpose(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """Record why the reader opens the record; the next view logs it with each person shown."""
    incident = access.get_incident_for_user(request.user, pk)
    if not access.may_see_identity(request.user, incident):
        messages.error(request, "Your role does not show people's identities.")
        return redirect(incident)
    next_url = local_next(request, request.POST.get("next"), incident.get_absolute_url())
    form = PurposeForm(request.POST, purposes=privacy.purposes_for(incident))
    if not form.is_valid():
        return render(
            request,
            "incidents/purpose.html",
            {"incident": incident, "form": form, "next": next_url, "action": "incidents:purpose"},
            status=422,
        )
    privacy.remember_purpose(request.session, str(incident.pk), form.cleaned_data["purpose"])
    return redirect(next_url)


@login_required
def incident_edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    incident = access.get_incident_for_user(request.user, pk, write=True)
    purpose = _purpose(request, incident)
    if not purpose:
        return ask_purpose(request, incident, request.get_full_path())
    form = IncidentForm(
        request.POST or None, instance=incident, agency_id=incident.agency_id, officer_id=None
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            result = concurrency.save_unless_changed(
                incident,
                request.POST.get(concurrency.VERSION_FIELD),
                lambda: services.update_incident(form.save(commit=False), actor=request.user),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if not isinstance(result, concurrency.Conflict):
                messages.success(request, f"Saved {incident}.")
                return redirect(incident)
            conflict = result
            form = concurrency.form_after_conflict(
                incident,
                conflict,
                request.POST,
                lambda data: IncidentForm(
                    data, instance=incident, agency_id=incident.agency_id, officer_id=None
                ),
            )
    elif request.method != "POST":
        privacy.log_people_view(request.user, incident, [], purpose)
    return render(
        request,
        "incidents/incident_form.html",
        {"form": form, "incident": incident, "conflict": conflict},
        status=form_status(request, conflict),
    )


@login_required
def narrative_history(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    incident = access.get_incident_for_user(request.user, pk)
    purpose = _purpose(request, incident)
    if not purpose:
        if not access.may_see_identity(request.user, incident):
            return render(request, "incidents/no_identity.html", {"incident": incident}, status=403)
        return ask_purpose(request, incident, request.get_full_path())
    privacy.log_people_view(request.user, incident, [], purpose)
    return render(
        request,
        "incidents/narrative_history.html",
        {"incident": incident, "versions": incident.narratives.select_related("written_by")},
    )


def _person_page(
    request: HttpRequest, person: IncidentPerson | None, incident: Incident, form_class: Any
) -> HttpResponse:
    if person is not None:
        purpose = _purpose(request, incident)
        if not purpose:
            return ask_purpose(request, incident, request.get_full_path())
        if request.method != "POST":
            privacy.log_people_view(request.user, incident, [person], purpose, with_narrative=False)
    kwargs: dict[str, Any] = {"instance": person}
    if form_class is PersonForm:
        kwargs["incident"] = incident
    form = form_class(request.POST or None, **kwargs)
    conflict = None
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        action = "incident_person.disposition" if form_class is DispositionForm else ""
        try:
            result = concurrency.save_unless_changed(
                saved,
                request.POST.get(concurrency.VERSION_FIELD) if person is not None else None,
                lambda: services.save_person(saved, actor=request.user, action=action),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if not isinstance(result, concurrency.Conflict):
                messages.success(request, f"Saved {saved.label}.")
                return redirect(incident)
            conflict = result
            form = concurrency.form_after_conflict(
                saved, conflict, request.POST, lambda data: form_class(data, **kwargs)
            )
    template = (
        "incidents/disposition_form.html"
        if form_class is DispositionForm
        else "incidents/person_form.html"
    )
    return render(
        request,
        template,
        {"form": form, "incident": incident, "person": person, "conflict": conflict},
        status=form_status(request, conflict),
    )


@login_required
def person_new(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    incident = access.get_incident_for_user(request.user, pk, write=True)
    return _person_page(request, None, incident, PersonForm)


@login_required
def person_edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    person = access.get_person_for_user(request.user, pk, write=True)
    return _person_page(request, person, person.incident, PersonForm)


@login_required
def disposition_edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    person = access.get_person_for_user(request.user, pk, write=True)
    return _person_page(request, person, person.incident, DispositionForm)


@login_required
@require_POST
def submit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    incident = access.get_incident_for_user(request.user, pk, write=True)
    try:
        services.submit_incident(incident, actor=request.user)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect(incident)
    messages.success(request, f"Submitted {incident} for review.")
    return redirect(incident)


@login_required
@require_POST
def review(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    incident = access.get_incident_for_user(request.user, pk)
    if not access.may_review(request.user, incident):
        return render(request, "incidents/no_identity.html", {"incident": incident}, status=403)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
        return redirect(incident)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        services.review_incident(
            incident, actor=request.user, approve=approve, comment=form.cleaned_data["comment"]
        )
    except ValidationError as error:
        flash_errors(request, error)
        return redirect(incident)
    messages.success(request, f"{incident} {'approved' if approve else 'returned for changes'}.")
    return redirect(incident)


@login_required
def figures(request: HttpRequest) -> HttpResponse:
    require_list(request.user, "incident_figures")
    form, year = FigureFilter.chosen(request.GET)
    return render(
        request,
        "incidents/figures.html",
        {"form": form, "figures": queries.figures(agency_id_of(request.user), year)},
    )


@login_required
def referral_list(request: HttpRequest) -> HttpResponse:
    referrals = access.referrals_for_user(request.user)
    return render(
        request,
        "incidents/referral_list.html",
        {"referrals": referrals[:200], "kind_student": PersonKind.STUDENT},
    )


@login_required
def referral_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """What the school is told about a student referred to it, after the reader states why."""
    person = access.get_referral_for_user(request.user, pk)
    incident = person.incident
    key = f"referral:{person.pk}"
    purposes = privacy.referral_purposes(incident)
    form = PurposeForm(request.POST or None, purposes=purposes)
    if request.method == "POST" and form.is_valid():
        privacy.remember_purpose(request.session, key, form.cleaned_data["purpose"])
        return redirect("incidents:referral", pk=person.pk)
    purpose = privacy.stated_purpose(request.session, key)
    if purpose:
        privacy.log_people_view(request.user, incident, [person], purpose, with_narrative=False)
    return render(
        request,
        "incidents/referral_detail.html",
        {
            "person": person,
            "incident": incident,
            "purpose": purpose,
            "form": form,
            "acknowledge_form": AcknowledgeForm()
            if purpose
            and person.acknowledged_at is None
            and may_write(request.user, pk, access.get_referral_for_user)
            else None,
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def referral_acknowledge(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    person = access.get_referral_for_user(request.user, pk, write=True)
    form = AcknowledgeForm(request.POST)
    if form.is_valid():
        try:
            services.acknowledge_referral(
                person, actor=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "The referral is acknowledged; the SRO will see it.")
    else:
        messages.error(request, "The note is too long: keep it under 2,000 characters.")
    return redirect(reverse("incidents:referral", args=[person.pk]))
