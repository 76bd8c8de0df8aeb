"""Django admin for staff: every save and delete goes through an audited service."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from sro.audittrail.services import audited, record_event, save_audited, snapshot


@audited
def admin_save(obj: Model, *, actor: Any, changed_fields: list[str]) -> Model:
    action = f"{obj._meta.model_name}.{'create' if obj._state.adding else 'update'}"
    save_audited(obj, actor=actor, action=action, reason="Changed in the admin site.")
    return obj


@audited
def admin_delete(obj: Model, *, actor: Any) -> None:
    old = snapshot(obj)
    record_event(
        actor=actor,
        action=f"{obj._meta.model_name}.delete",
        target=obj,
        old=old,
        reason="Deleted in the admin site.",
    )
    obj.delete()


class AuditedAdmin(admin.ModelAdmin):
    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        admin_save(obj, actor=request.user, changed_fields=list(form.changed_data))

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # Many-to-many changes are saved inside their own audited step.
        _save_related(self, request, form, formsets, change, actor=request.user)

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        admin_delete(obj, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            admin_delete(obj, actor=request.user)


@audited
def _save_related(
    model_admin: AuditedAdmin,
    request: HttpRequest,
    form: Any,
    formsets: Any,
    change: bool,
    *,
    actor: Any,
) -> None:
    before = snapshot(form.instance)
    admin.ModelAdmin.save_related(model_admin, request, form, formsets, change)
    after = snapshot(form.instance)
    record_event(
        actor=actor,
        action=f"{form.instance._meta.model_name}.related",
        target=form.instance,
        old={k: before.get(k) for k in after if before.get(k) != after[k]},
        new={k: after[k] for k in after if before.get(k) != after[k]},
        reason="Changed in the admin site.",
    )
