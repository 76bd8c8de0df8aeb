"""The audit trail, browsable and filterable by the chief and auditors (read-only)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from sro.accounts.principal import principal_for
from sro.audittrail import lookup, services
from sro.audittrail.models import AccessLogEntry, AuditEvent
from sro.core.access import require_list
from sro.core.forms import DateInput, Form


class EventFilter(Form):
    actor = forms.CharField(required=False, label="Who (user name)")
    action = forms.CharField(required=False, label="Action contains")
    target_type = forms.CharField(required=False, label="Record type")
    since = forms.DateField(required=False, widget=DateInput(), label="From")
    until = forms.DateField(required=False, widget=DateInput(), label="To")


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    require_list(request.user, "audit_event")
    events = AuditEvent.objects.filter(agency_id=principal_for(request.user).agency_id)
    form = EventFilter(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        if data["actor"]:
            events = events.filter(actor_username__iexact=data["actor"])
        if data["action"]:
            events = events.filter(action__icontains=data["action"])
        if data["target_type"]:
            events = events.filter(target_type__icontains=data["target_type"])
        if data["since"]:
            events = events.filter(at__date__gte=data["since"])
        if data["until"]:
            events = events.filter(at__date__lte=data["until"] or dt.date.max)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "audittrail/event_list.html", {"form": form, "page": page})


class AccessFilter(Form):
    user = forms.CharField(required=False, label="Who (user name)")
    student = forms.CharField(
        required=False,
        max_length=200,
        label="Student",
        help_text="A name or part of one: the records that name the student.",
    )
    officer: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label="Any officer",
        label="Officer",
        help_text="Entries by the officer, and about the officer's incidents and referrals.",
    )
    record = forms.CharField(
        required=False,
        label="Record id",
        help_text="An incident's or a person's id: everyone who opened it.",
    )
    since = forms.DateField(required=False, widget=DateInput(), label="From")
    until = forms.DateField(required=False, widget=DateInput(), label="To")

    def __init__(self, *args: Any, agency_id: Any, **kwargs: Any) -> None:
        from sro.roster.models import Officer

        super().__init__(*args, **kwargs)
        officers = Officer.objects.filter(agency_id=agency_id).order_by("last_name")
        self.fields["officer"].queryset = officers  # type: ignore[attr-defined]


@login_required
def access_list(request: HttpRequest) -> HttpResponse:
    """Every view, export and disclosure of student or juvenile data, with its purpose."""
    require_list(request.user, "access_log")
    agency_id = principal_for(request.user).agency_id
    entries = AccessLogEntry.objects.filter(agency_id=agency_id)
    form = AccessFilter(request.GET or None, agency_id=agency_id)
    if form.is_valid():
        data = form.cleaned_data
        if data["user"]:
            entries = entries.filter(username__iexact=data["user"])
        if data["student"].strip() and agency_id is not None:
            found = lookup.records_about_student(agency_id, data["student"])
            entries = entries.filter(record_id__in=found)
            services.note_access_search(actor=request.user, kind="student", matched=len(found))
        if data["officer"] is not None:
            officer = data["officer"]
            about = Q(record_id__in=lookup.records_of_officer(officer))
            by = Q(user_id=officer.user_id) if officer.user_id else Q(pk__in=[])
            entries = entries.filter(about | by)
        if data["record"]:
            entries = entries.filter(record_id=data["record"].strip())
        # The days in the site's time zone, as times (a range the index on agency and time
        # serves, where `at__date` would read every entry of the agency).
        if data["since"]:
            entries = entries.filter(at__gte=_midnight(data["since"]))
        if data["until"]:
            entries = entries.filter(at__lt=_midnight(data["until"] + dt.timedelta(days=1)))
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "audittrail/access_list.html", {"form": form, "page": page})


def _midnight(day: dt.date) -> dt.datetime:
    """The start of `day` in the current time zone (the one `at__date` would count in)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))
