"""Security for sports events, dances and large gatherings, with the officers assigned
(policy 436.3(h))."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from sro.accounts.principal import agency_id_of
from sro.core import clock
from sro.core.access import require_list
from sro.core.forms import add_service_error
from sro.core.views import can_write, form_status, save_guarded
from sro.safety import access, services
from sro.safety.forms import EventForm
from sro.safety.models import SecurityEvent


@login_required
def event_list(request: HttpRequest) -> HttpResponse:
    events = access.events_for_user(request.user)
    today = clock.today()
    past = request.GET.get("when") == "past"
    if past:
        events = events.filter(ends_at__date__lt=today).order_by("-starts_at")
    else:
        events = events.filter(ends_at__date__gte=today).order_by("starts_at")
    return render(
        request,
        "safety/event_list.html",
        {
            "events": events[:200],
            "past": past,
            "may_write": can_write(request.user, "security_event"),
        },
    )


def _form_page(request: HttpRequest, event: SecurityEvent | None) -> HttpResponse:
    user = request.user

    def make_form(data: Any) -> EventForm:
        return EventForm(
            data,
            instance=event,
            initial={"school": request.GET.get("school")} if event is None else {},
            schools=access.safety_schools_for_user(user, "security_event"),
            agency_id=agency_id_of(user),
            as_of=clock.today(),
        )

    form = make_form(request.POST or None)
    conflict = None
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        officers = form.cleaned_data["officers"]

        def save() -> None:
            access.get_school(user, saved.school_id, "security_event", write=True)
            services.save_event(saved, actor=user, officers=officers)

        try:
            _, shown, conflict = save_guarded(request, event, save, make_form)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if conflict is not None:
                form = shown
        if conflict is None and not form.errors:
            messages.success(request, f"Saved the event “{saved.name}”.")
            return redirect("safety:event_list")
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "title": f"Edit {event.name}" if event else "New event",
            "noun": "event",
            "cancel_url": reverse("safety:event_list"),
            "object": event,
            "conflict": conflict,
        },
        status=form_status(request, conflict),
    )


@login_required
def event_new(request: HttpRequest) -> HttpResponse:
    require_list(request.user, "security_event", write=True)
    return _form_page(request, None)


@login_required
def event_edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    return _form_page(request, access.get_event(request.user, pk, write=True))
