"""Drills by school and school year against the yearly minimums of Minn. Stat. 121A.035,
subd. 2, and recording one (advice is clause (4): restricted officers only on an override)."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from sro.accounts.principal import agency_id_of
from sro.core import clock
from sro.core.access import require_list
from sro.core.forms import add_service_error
from sro.core.views import can_write, form_status, save_guarded
from sro.roster.models import Officer
from sro.rules.dates import school_year_of
from sro.safety import access, queries, services
from sro.safety.forms import DrillFilter, DrillForm
from sro.safety.models import Drill


@login_required
def drill_list(request: HttpRequest) -> HttpResponse:
    drills = access.drills_for_user(request.user)
    schools = access.safety_schools_for_user(request.user, "drill")
    today = clock.today()
    chosen = DrillFilter(request.GET or None, schools=schools)
    school_year = school_year_of(today)
    if chosen.is_valid():
        school_year = chosen.cleaned_data["school_year"] or school_year
        if chosen.cleaned_data["school"] is not None:
            schools = schools.filter(pk=chosen.cleaned_data["school"].pk)
    drills = drills.filter(school__in=schools, school_year=school_year)
    rows = queries.school_rows(schools, as_of=today, school_year=school_year)
    return render(
        request,
        "safety/drill_list.html",
        {
            "filter": chosen,
            "rows": sorted(rows, key=lambda r: r.school.name),
            "drills": drills.order_by("-held_on")[:300],
            "school_year": school_year,
            "may_write": can_write(request.user, "drill"),
        },
    )


def _form_page(request: HttpRequest, drill: Drill | None) -> HttpResponse:
    user = request.user
    today = clock.today()
    officers = Officer.objects.filter(agency_id=agency_id_of(user), active=True)

    def make_form(data: Any) -> DrillForm:
        return DrillForm(
            data,
            instance=drill,
            initial={"school": request.GET.get("school")} if drill is None else {},
            schools=access.safety_schools_for_user(user, "drill"),
            officers=officers,
            as_of=today,
            may_override=can_write(user, "safety_assignment"),
        )

    form = make_form(request.POST or None)
    conflict = None
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)

        def save() -> None:
            access.get_school(user, saved.school_id, "drill", write=True)
            services.record_drill(saved, actor=user, as_of=today)

        try:
            _, shown, conflict = save_guarded(request, drill, save, make_form)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if conflict is not None:
                form = shown
        if conflict is None and not form.errors:
            messages.success(request, f"Recorded the {saved}.")
            return redirect(f"{reverse('safety:drill_list')}?school={saved.school_id}")
    return render(
        request,
        "safety/drill_form.html",
        {"form": form, "drill": drill, "conflict": conflict},
        status=form_status(request, conflict),
    )


@login_required
def drill_new(request: HttpRequest) -> HttpResponse:
    require_list(request.user, "drill", write=True)
    return _form_page(request, None)


@login_required
def drill_edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    return _form_page(request, access.get_drill(request.user, pk, write=True))


@login_required
@require_POST
def drill_remove(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    drill = access.get_drill(request.user, pk, write=True)
    label = str(drill)
    services.remove_drill(drill, actor=request.user)
    messages.success(request, f"Removed the {label}.")
    return redirect("safety:drill_list")
