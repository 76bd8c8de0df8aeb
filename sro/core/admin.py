"""Django admin for staff: every save and delete goes through an audited service."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from sro.audittrail.services import audited, record_event, save_audited, snapshot
from sro.core.forms import CleanTextMixin


def guard_admin_forms(site: admin.AdminSite = admin.site) -> None:
    """Every form of the administration site (ours, Django's user and group forms, the
    libraries') refuses control characters and far dates as the pages' forms do: each
    registered admin's form gets ``CleanTextMixin`` (run once every admin is registered)."""
    for model_admin in site._registry.values():
        for attr in ("form", "add_form"):
            form = getattr(model_admin, attr, None)
            if form is not None and not issubclass(form, CleanTextMixin):
                guarded = type(form.__name__, (CleanTextMixin, form), {"__module__": __name__})
                setattr(model_admin, attr, guarded)


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
        # The admin view runs in one transaction; many-to-many changes get their own event.
        before = snapshot(form.instance)
        super().save_related(request, form, formsets, change)
        after = snapshot(form.instance)
        changed_keys = [k for k in after if before.get(k) != after[k]]
        if changed_keys:
            _record_related(form.instance, before, after, changed_keys, actor=request.user)

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        admin_delete(obj, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            admin_delete(obj, actor=request.user)


@audited
def _record_related(
    obj: Model, before: dict[str, Any], after: dict[str, Any], keys: list[str], *, actor: Any
) -> None:
    record_event(
        actor=actor,
        action=f"{obj._meta.model_name}.related",
        target=obj,
        old={k: before.get(k) for k in keys},
        new={k: after[k] for k in keys},
        reason="Changed in the admin site.",
    )
