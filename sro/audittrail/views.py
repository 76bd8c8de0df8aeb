"""The audit trail, browsable and filterable by the chief and auditors (read-only)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from sro.accounts.permissions import can_list
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


# Query parameters of a search by student: the old partial-name `student` and the full name.
STUDENT_PARAMS = ("student", "student_first", "student_last")


class AccessFilter(Form):
    user = forms.CharField(required=False, label="Who (user name)")
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

    def __init__(
        self, *args: Any, agency_id: Any, search_purposes: list[str], **kwargs: Any
    ) -> None:
        """``search_purposes``: the purposes of a search by a student's full name, for the roles
        that may see students' names; empty, the form has no search by student."""
        from sro.roster.models import Officer

        super().__init__(*args, **kwargs)
        officers = Officer.objects.filter(agency_id=agency_id).order_by("last_name")
        self.fields["officer"].queryset = officers  # type: ignore[attr-defined]
        if search_purposes:
            self.fields["student_first"] = forms.CharField(
                required=False, max_length=100, label="Student's first name"
            )
            self.fields["student_last"] = forms.CharField(
                required=False,
                max_length=100,
                label="Student's last name",
                help_text="The full first and last name, exactly (case and extra spaces do not "
                "matter): the records that name the student.",
            )
            self.fields["purpose"] = forms.ChoiceField(
                required=False,
                choices=[("", "Choose a purpose")] + [(p, p) for p in search_purposes],
                label="Why you are searching by name",
                help_text="Written to the access log with your name, the time and how many "
                "records matched (not the name).",
                error_messages={"invalid_choice": "Choose one of the listed purposes."},
            )
            self.order_fields(["user", "student_first", "student_last", "purpose"])

    @property
    def searches_student(self) -> bool:
        data = self.cleaned_data
        return bool(data.get("student_first") or data.get("student_last"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "student_first" not in self.fields:
            return data
        first = lookup.normalized_name(data.get("student_first") or "")
        last = lookup.normalized_name(data.get("student_last") or "")
        data["student_first"], data["student_last"] = first, last
        if first and not last:
            self.add_error(
                "student_last",
                "Give the student's last name too: the search matches a full name exactly.",
            )
        if last and not first:
            self.add_error(
                "student_first",
                "Give the student's first name too: the search matches a full name exactly.",
            )
        if (first or last) and not data.get("purpose") and "purpose" not in self.errors:
            self.add_error(
                "purpose",
                "Choose why you are searching by a student's name: the search is written to "
                "the access log.",
            )
        return data


@login_required
def access_list(request: HttpRequest) -> HttpResponse:
    """Every view, export and disclosure of student or juvenile data, with its purpose."""
    require_list(request.user, "access_log")
    principal = principal_for(request.user)
    agency_id = principal.agency_id
    purposes = (
        list(settings.SRO_ACCESS_LOG_SEARCH_PURPOSES)
        if can_list(principal, "access_log_student_search")
        else []
    )
    if not purposes and any(name in request.GET for name in STUDENT_PARAMS):
        # The same refusal whatever the name: no answer may depend on a name the reader may
        # not see (a count of matches spelled a student's name out letter by letter).
        raise PermissionDenied("Searching the access log by a student's name is not open to you.")
    entries = AccessLogEntry.objects.filter(agency_id=agency_id)
    form = AccessFilter(request.GET or None, agency_id=agency_id, search_purposes=purposes)
    status = 200
    if form.is_bound and not form.is_valid():
        entries, status = entries.none(), 422
    elif form.is_bound:
        data = form.cleaned_data
        if data["user"]:
            entries = entries.filter(username__iexact=data["user"])
        if form.searches_student and agency_id is not None:
            found = lookup.records_about_student(
                agency_id, data["student_first"], data["student_last"]
            )
            entries = entries.filter(record_id__in=found)
            services.log_student_search(
                user=request.user, agency_id=agency_id, matched=len(found), purpose=data["purpose"]
            )
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
    return render(
        request,
        "audittrail/access_list.html",
        {"form": form, "page": page, "searches_students": bool(purposes)},
        status=status,
    )


def _midnight(day: dt.date) -> dt.datetime:
    """The start of `day` in the current time zone (the one `at__date` would count in)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))
