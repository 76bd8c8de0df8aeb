"""No lost updates when two people edit the same record: each edit form carries the version
(the record's `updated_at`) it was loaded at; saving re-reads the row under a lock, and if
someone saved in between, nothing is written and the editor is shown who changed what (from
the audit trail) with their own entries still in the form, to check and save again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model

from sro.audittrail.services import PRIVATE_VALUE

VERSION_FIELD = "_version"
SAME_SAVE = dt.timedelta(seconds=1)


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    before: Any
    after: Any


@dataclass(frozen=True)
class Change:
    who: str
    at: dt.datetime
    fields: list[FieldChange] = field(default_factory=list)


@dataclass(frozen=True)
class Conflict:
    version: str  # the record's version now: saving again with it keeps the editor's entries
    changes: list[Change]

    @property
    def who(self) -> str:
        return ", ".join(sorted({c.who for c in self.changes})) or "Someone"

    @property
    def message(self) -> str:
        who = self.who
        return (
            f"Nothing was saved: {who} changed this record while you were editing. Their "
            "changes are listed below and your entries are still in the form: check them, "
            "then save again to keep yours."
        )


def version_of(obj: Model | None) -> str:
    stamp = getattr(obj, "updated_at", None)
    return stamp.isoformat() if stamp is not None else ""


def lock_row(obj: Model) -> str:
    """Inside a transaction: lock the record's row (PostgreSQL; SQLite's IMMEDIATE
    transactions already hold the write lock) and return its version as stored now."""
    current = (
        type(obj)
        ._default_manager.select_for_update()
        .filter(pk=obj.pk)
        .values_list("updated_at", flat=True)
        .first()
    )
    return current.isoformat() if current is not None else ""


def check(obj: Model, submitted: str | None) -> Conflict | None:
    """Call inside the saving transaction: locks the row and compares its version with the
    form's. A form without a version (an older page, a script) is not checked."""
    if not submitted or not hasattr(obj, "updated_at"):
        return None
    current = lock_row(obj)
    if not current or current == submitted:
        return None
    changes = _changes_since(obj, submitted)
    if changes and not any(change.fields for change in changes):
        # Only saves that changed no field (someone pressed Save on an unchanged form): the
        # record holds what the editor loaded, so there is nothing to lose.
        return None
    return Conflict(version=current, changes=[change for change in changes if change.fields])


def _changes_since(obj: Model, submitted: str) -> list[Change]:
    from sro.audittrail.models import AuditEvent

    try:
        since = dt.datetime.fromisoformat(submitted)
    except ValueError:
        return []
    # The save that made the loaded version wrote its events just after setting updated_at;
    # a second save by someone who loaded, read and sent a form comes later than that.
    after = since + SAME_SAVE
    events = AuditEvent.objects.filter(
        target_type=obj._meta.label_lower, target_id=str(obj.pk), at__gt=after
    ).order_by("at", "id")
    return [
        Change(
            who=event.actor_username,
            at=event.at,
            fields=[
                FieldChange(name, _label(obj, name), event.old_values.get(name, ""), value)
                for name, value in event.new_values.items()
                if name != "updated_at"
            ],
        )
        for event in events
    ]


def _label(obj: Model, name: str) -> str:
    try:
        return str(getattr(obj._meta.get_field(name), "verbose_name", name))
    except Exception:  # a value the audit trail records that is not a field
        return name


def merge(
    data: Any, conflict: Conflict, form_fields: Any, current: Model | None = None
) -> tuple[Any, dict[str, str]]:
    """The editor's form data brought up to date: a field the other person changed and the
    editor left as it was takes the new value; a field both changed keeps the editor's entry
    and gets a message naming both values. Values are compared as the form field reads them
    (a time as posted and as recorded are the same time). A private field's values are not in
    the audit trail: it clashes when the editor's entry differs from the record as stored now
    (`current`). Returns the new data and those messages."""
    merged = data.copy()
    clashes: dict[str, str] = {}
    for change in conflict.changes:
        for fc in change.fields:
            form_field = form_fields.get(fc.name) if hasattr(form_fields, "get") else None
            if form_field is None:
                continue
            entered = _entered(merged, fc.name, form_field)
            if fc.after == PRIVATE_VALUE:
                stored = getattr(current, fc.name, None) if current is not None else None
                if not _same(form_field, stored, entered):
                    clashes[fc.name] = (
                        f"{change.who} changed this while you were editing; it is private, so "
                        "the change is not listed. Their text is on the record's page and yours "
                        "is here: keep one and save again."
                    )
                continue
            if _same(form_field, fc.before, entered):
                _set(merged, fc.name, fc.after)
                clashes.pop(fc.name, None)
            elif not _same(form_field, fc.after, entered):
                clashes[fc.name] = (
                    f"{change.who} saved “{_shown(fc.after)}” here while you were editing; you "
                    f"entered “{_shown(entered)}”. Keep one and save again."
                )
    return merged, clashes


def _entered(data: Any, name: str, form_field: Any) -> Any:
    if isinstance(form_field, forms.MultipleChoiceField) and hasattr(data, "getlist"):
        return data.getlist(name)
    return data.get(name, "")


def _set(data: Any, name: str, value: Any) -> None:
    if isinstance(value, list) and hasattr(data, "setlist"):
        data.setlist(name, [_form_value(v) for v in value])
    else:
        data[name] = _form_value(value)


def _python(form_field: Any, raw: Any) -> Any:
    """A value as the form field reads it, in a form that compares (a record by its key)."""
    if isinstance(raw, bool | int | float) and not isinstance(form_field, forms.CharField):
        value: Any = raw
    else:
        value = form_field.to_python(_form_value(raw) if not isinstance(raw, list) else raw)
        coerce = getattr(form_field, "_coerce", None)
        if coerce is not None:
            value = coerce(value)
    if isinstance(value, Model):
        return str(value.pk)
    if isinstance(value, list | tuple) or hasattr(value, "values_list"):
        return sorted(str(getattr(v, "pk", v)) for v in value)
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").strip()
    return value


def _same(form_field: Any, recorded: Any, entered: Any) -> bool:
    try:
        return bool(_python(form_field, recorded) == _python(form_field, entered))
    except (ValidationError, ValueError, TypeError):
        return _form_value(recorded) == _form_value(entered)


def _form_value(value: Any) -> str:
    """How a value recorded in the audit trail is posted by a form."""
    if value is True:
        return "on"
    if value is None or value is False:
        return ""
    return str(value)


def _shown(value: Any) -> str:
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    return str(value) if value not in (None, "", []) else "nothing"


def save_unless_changed[T](
    obj: Model, submitted: str | None, save: Callable[[], T]
) -> T | Conflict:
    """Run `save` in one transaction with the version check: the saved result, or the
    Conflict (and nothing written) when someone saved the record since the form was loaded."""
    with transaction.atomic():
        conflict = check(obj, submitted)
        if conflict is not None:
            return conflict
        return save()


def form_after_conflict[F](
    obj: Model, conflict: Conflict, data: Any, make_form: Callable[[Any], F]
) -> F:
    """The editor's form again, on the record as it is now, their entries merged with the
    other person's changes and each clash marked on its field (see `merge`). `make_form`
    builds the page's form from posted data with `obj` as its instance."""
    obj.refresh_from_db()
    fields = make_form(data).fields  # type: ignore[attr-defined]
    merged, clashes = merge(data, conflict, fields, current=obj)
    form = make_form(merged)
    form.is_valid()  # type: ignore[attr-defined]
    for name, message in clashes.items():
        form.add_error(name, message)  # type: ignore[attr-defined]
    return form
