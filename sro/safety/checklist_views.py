"""The department's audit checklist: its areas and items, the default one to start from, and the
chief's edits. Items are deactivated, not deleted, and an edit never changes an audit already
started (its answers copied the words when it started)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Model, Prefetch
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from sro.accounts.permissions import ObjectScope
from sro.accounts.principal import agency_id_of
from sro.core.access import enforce, require_list
from sro.core.forms import add_service_error
from sro.core.views import can_write, form_status, save_guarded
from sro.roster.access import own_agency
from sro.safety import access, services
from sro.safety.audit_forms import ChecklistAreaForm, ChecklistItemForm
from sro.safety.models import ChecklistArea, ChecklistItem

RESOURCE = "audit_checklist"


def _get_area(user: Any, pk: uuid.UUID, *, write: bool = False) -> ChecklistArea:
    area = ChecklistArea.objects.filter(pk=pk).first()
    if area is None:
        raise Http404("No such checklist area.")
    enforce(user, RESOURCE, ObjectScope(agency_id=area.agency_id), write=write)
    return area


def _get_item(user: Any, pk: uuid.UUID, *, write: bool = False) -> ChecklistItem:
    item = ChecklistItem.objects.select_related("area").filter(pk=pk).first()
    if item is None:
        raise Http404("No such checklist item.")
    enforce(user, RESOURCE, ObjectScope(agency_id=item.area.agency_id), write=write)
    return item


@login_required
def checklist(request: HttpRequest) -> HttpResponse:
    items = access.checklist_items_for_user(request.user).order_by("order", "prompt")
    areas = ChecklistArea.objects.filter(agency_id=agency_id_of(request.user)).prefetch_related(
        Prefetch("items", queryset=items)
    )
    return render(
        request,
        "safety/checklist.html",
        {"areas": areas, "can_edit": can_write(request.user, RESOURCE)},
    )


@login_required
@require_POST
def checklist_default(request: HttpRequest) -> HttpResponse:
    """Give a department without a checklist the default one to edit."""
    require_list(request.user, RESOURCE, write=True)
    added = services.ensure_default_checklist(own_agency(request.user), actor=request.user)
    if added:
        messages.success(request, f"Loaded the default checklist: {added} items. Edit it freely.")
    else:
        messages.error(request, "The checklist already has areas: it was left as it is.")
    return redirect("safety:checklist")


def _form_page(
    request: HttpRequest,
    make_form: Callable[[Any], BaseForm],
    obj: Model | None,
    noun: str,
    save: Any,
) -> HttpResponse:
    form = make_form(request.POST or None)
    conflict = None
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)  # type: ignore[attr-defined]
        try:
            _, shown, conflict = save_guarded(
                request, obj, lambda: save(saved, actor=request.user), make_form
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if conflict is not None:
                form = shown
        if conflict is None and not form.errors:
            messages.success(request, f"Saved the {noun} “{saved}”.")
            anchor = f"area-{saved.pk}" if isinstance(saved, ChecklistArea) else f"item-{saved.pk}"
            return redirect(f"{reverse('safety:checklist')}#{anchor}")
    return render(
        request,
        "safety/checklist_form.html",
        {
            "form": form,
            "object": obj,
            "noun": noun,
            "title": f"Edit the {noun}" if obj is not None else f"New {noun}",
            "conflict": conflict,
        },
        status=form_status(request, conflict),
    )


@login_required
def area_form(request: HttpRequest, pk: uuid.UUID | None = None) -> HttpResponse:
    area = _get_area(request.user, pk, write=True) if pk is not None else None
    if area is None:
        require_list(request.user, RESOURCE, write=True)
    agency_id = agency_id_of(request.user)
    return _form_page(
        request,
        lambda data: ChecklistAreaForm(data, instance=area, agency_id=agency_id),
        area,
        "checklist area",
        services.save_area,
    )


@login_required
def item_form(request: HttpRequest, pk: uuid.UUID | None = None) -> HttpResponse:
    item = _get_item(request.user, pk, write=True) if pk is not None else None
    if item is None:
        require_list(request.user, RESOURCE, write=True)
    initial = {"area": request.GET["area"]} if "area" in request.GET and item is None else {}
    agency_id = agency_id_of(request.user)
    return _form_page(
        request,
        lambda data: ChecklistItemForm(data, instance=item, initial=initial, agency_id=agency_id),
        item,
        "checklist item",
        services.save_item,
    )
