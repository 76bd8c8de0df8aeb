"""A school's safety plan: its dates and the SRO's contributions (policy 436.3(b)). The plan's
content stays with the school unless the school attaches a copy."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from sro.accounts.principal import agency_id_of
from sro.core.downloads import serve_upload
from sro.core.forms import add_service_error
from sro.core.views import form_status, save_guarded
from sro.safety import access, services
from sro.safety.forms import PLAN_TYPES, ContributionForm, PlanForm
from sro.safety.models import PlanContribution, SafetyPlan


@login_required
def plan_edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    school = access.get_school(request.user, pk, "safety_plan", write=True)
    plan = SafetyPlan.objects.filter(school=school).first() or SafetyPlan(school=school)

    def make_form(data: Any) -> PlanForm:
        return PlanForm(data, request.FILES or None, instance=plan)

    form = make_form(request.POST or None)
    conflict = None
    if request.method == "POST" and form.is_valid():
        unsaved = form.save(commit=False)
        upload = form.cleaned_data.get("attachment")
        try:
            _, shown, conflict = save_guarded(
                request,
                plan,
                lambda: services.save_plan(unsaved, actor=request.user, upload=upload),
                make_form,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if conflict is not None:
                form = shown
        if conflict is None and not form.errors:
            messages.success(request, f"Saved the safety plan of {school}.")
            return redirect("safety:school", pk=school.pk)
    return render(
        request,
        "safety/plan_form.html",
        {"form": form, "school": school, "plan": plan, "conflict": conflict},
        status=form_status(request, conflict),
    )


@login_required
def plan_file(request: HttpRequest, pk: uuid.UUID) -> FileResponse:
    plan = access.get_plan(request.user, pk)
    if not plan.file:
        raise Http404("No plan is attached.")
    return serve_upload(plan.file, name=plan.file_name, fallback="safety-plan", expected=PLAN_TYPES)


@login_required
def contribution_new(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    plan = access.get_plan(request.user, pk, write=True)
    contribution = PlanContribution(plan=plan)
    form = ContributionForm(
        request.POST or None, instance=contribution, agency_id=agency_id_of(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_contribution(form.save(commit=False), actor=request.user)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Recorded the SRO's contribution to the plan.")
            return redirect("safety:school", pk=plan.school_id)
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "title": f"The SRO's contribution to the safety plan of {plan.school}",
            "noun": "contribution",
            "cancel_url": reverse("safety:school", args=[plan.school_id]),
        },
        status=422 if request.method == "POST" else 200,
    )
