"""Writing the audit trail and the access log. Every domain service is wrapped in `audited`."""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import uuid
from collections.abc import Callable, Iterable
from typing import Any, cast

from django.db import connections, models, router, transaction

from sro.audittrail.guard import MissingAuditEvent, Scope, current_scope, note_event
from sro.audittrail.models import AccessLogEntry, AuditEvent
from sro.core import clock
from sro.core.request_context import request_id


def audited[**P, R](fn: Callable[P, R]) -> Callable[P, R]:
    """Run a service in one transaction and insist that it wrote at least one audit event."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        if "actor" not in kwargs:
            raise TypeError(f"{fn.__qualname__}() needs actor= (who is doing this).")
        with transaction.atomic():
            scope = Scope(service=fn.__qualname__, parent=current_scope.get())
            token = current_scope.set(scope)
            try:
                result = fn(*args, **kwargs)
            finally:
                current_scope.reset(token)
            if scope.events == 0:
                raise MissingAuditEvent(f"{fn.__qualname__} wrote no audit event.")
        return result

    wrapper.__audited__ = True  # type: ignore[attr-defined]
    return wrapper


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The instance's concrete field values (and many-to-many ids once saved), as JSON values."""
    data: dict[str, Any] = {}
    opts = instance._meta
    for f in opts.concrete_fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            continue  # bookkeeping times, not changes anyone made
        if fields is None or f.name in fields:
            data[f.name] = _jsonable(getattr(instance, f.attname))
    if instance.pk is not None and not instance._state.adding:
        for m2m in opts.many_to_many:
            if fields is None or m2m.name in fields:
                data[m2m.name] = sorted(
                    str(pk) for pk in getattr(instance, m2m.name).values_list("pk", flat=True)
                )
    return data


def changed(old: dict[str, Any], new: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields whose values differ, from both sides."""
    keys = [k for k in new if old.get(k) != new.get(k)]
    return {k: old.get(k) for k in keys}, {k: new[k] for k in keys}


def _scope_ids(target: models.Model | None, school: Any, agency: Any) -> tuple[Any, Any]:
    school_id = getattr(school, "pk", school)
    agency_id = getattr(agency, "pk", agency)
    if target is not None:
        school_id = school_id or getattr(target, "audit_school_id", None)
        agency_id = agency_id or getattr(target, "audit_agency_id", None)
    return school_id, agency_id


def record_event(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str = "",
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
    reason: str = "",
    school: Any = None,
    agency: Any = None,
) -> AuditEvent:
    """Write one audit event; call it inside the service's transaction."""
    school_id, agency_id = _scope_ids(target, school, agency)
    user = actor if getattr(actor, "pk", None) else None
    event = AuditEvent.objects.create(
        at=clock.now(),
        actor=user,
        actor_username=getattr(actor, "username", "") or (str(actor) if actor else "system"),
        action=action,
        target_type=target_type or (target._meta.label_lower if target is not None else ""),
        target_id=target_id or (str(target.pk) if target is not None else ""),
        target_label=str(target)[:300] if target is not None else "",
        agency_id=agency_id,
        school_id=school_id,
        old_values=old or {},
        new_values=new or {},
        reason=reason,
        request_id=request_id.get(),
    )
    note_event()
    return event


def _field(name: str) -> models.Field[Any, Any]:
    """An AuditEvent column's field (its events have no reverse relations)."""
    return cast("models.Field[Any, Any]", AuditEvent._meta.get_field(name))


def record_created(*, actor: Any, instances: Iterable[models.Model], noun: str) -> int:
    """One ``<noun>.create`` event per instance just bulk-inserted: the same rows
    ``save_audited`` would write one by one (bulk imports, the demo).

    Written with one ``executemany`` of values converted here: the fields that are the same
    for every event (time, actor, action, type) are converted once, not once a row, which is
    most of the cost of ``bulk_create`` for 100,000 events."""
    user = actor if getattr(actor, "pk", None) else None
    username = getattr(actor, "username", "") or (str(actor) if actor else "system")
    at, request = clock.now(), request_id.get()
    conn = connections[router.db_for_write(AuditEvent)]
    agency, school, new_values = _field("agency_id"), _field("school_id"), _field("new_values")
    no_old_values = _field("old_values").get_db_prep_save({}, conn)
    constant_at = _field("at").get_db_prep_save(at, conn)
    constant_actor = _field("actor").get_db_prep_save(user.pk if user else None, conn)
    rows = []
    for instance in instances:
        school_id, agency_id = _scope_ids(instance, None, None)
        rows.append(
            (
                constant_at,
                constant_actor,
                username,
                f"{noun}.create",
                instance._meta.label_lower,
                str(instance.pk),
                str(instance)[:300],
                agency.get_db_prep_save(agency_id, conn),
                school.get_db_prep_save(school_id, conn),
                no_old_values,
                new_values.get_db_prep_save(snapshot(instance), conn),
                "",
                request,
            )
        )
    if rows:
        quote = conn.ops.quote_name
        columns = ", ".join(quote(str(_field(n).column)) for n in EVENT_COLUMNS)
        marks = ", ".join(["%s"] * len(EVENT_COLUMNS))
        table = quote(AuditEvent._meta.db_table)
        with conn.cursor() as cursor:
            for start in range(0, len(rows), 5000):
                cursor.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES ({marks})",  # noqa: S608
                    rows[start : start + 5000],
                )
    for _ in rows:
        note_event()
    return len(rows)


# The columns of an audit event as raw inserts write them (here and in sro/core/scale.py).
EVENT_COLUMNS = [
    "at",
    "actor",
    "actor_username",
    "action",
    "target_type",
    "target_id",
    "target_label",
    "agency_id",
    "school_id",
    "old_values",
    "new_values",
    "reason",
    "request_id",
]


PRIVATE_VALUE = "(private: changed)"


class PurposeRequired(ValueError):
    """Student data is shown only for a stated purpose."""


def log_access(
    *,
    user: Any,
    record: models.Model,
    purpose: str,
    kind: str = AccessLogEntry.Kind.VIEW,
    school: Any = None,
) -> AccessLogEntry:
    """Log one view, export or disclosure of student or juvenile data. No purpose, no data."""
    if not purpose or not purpose.strip():
        raise PurposeRequired("State the purpose for viewing this student's data.")
    school_id, agency_id = _scope_ids(record, school, None)
    return AccessLogEntry.objects.create(
        at=clock.now(),
        user=user,
        username=user.username,
        kind=kind,
        record_type=record._meta.label_lower,
        record_id=str(record.pk),
        record_label=str(record)[:300],
        agency_id=agency_id,
        school_id=school_id,
        purpose=purpose.strip(),
        request_id=request_id.get(),
    )


def save_audited[M: models.Model](
    instance: M,
    *,
    actor: Any,
    action: str = "",
    noun: str = "",
    m2m: dict[str, Iterable[Any]] | None = None,
    reason: str = "",
    private: Iterable[str] = (),
) -> M:
    """Save a validated instance (and its many-to-many sets) and record what changed.

    The action is `action`, or `<noun>.create` / `<noun>.update`. Call from inside an
    `@audited` service: that service owns the transaction. Fields named in `private` (a
    student's name, a narrative) are recorded as changed without their values, so the audit
    trail does not become a second copy of private data.
    """
    adding = instance._state.adding
    action = action or f"{noun}.{'create' if adding else 'update'}"
    old = {} if adding else snapshot(type(instance)._default_manager.get(pk=instance.pk))
    instance.save()
    for name, values in (m2m or {}).items():
        getattr(instance, name).set(values)
    old_changed, new_changed = changed(old, snapshot(instance))
    for name in set(private) & set(new_changed):
        new_changed[name] = PRIVATE_VALUE
        if name in old_changed:
            old_changed[name] = PRIVATE_VALUE
    record_event(
        actor=actor,
        action=action,
        target=instance,
        old=old_changed,
        new=new_changed,
        reason=reason,
    )
    return instance


def log_student_search(
    *, user: Any, agency_id: uuid.UUID, matched: int, purpose: str
) -> AccessLogEntry:
    """Log a search of the access log by a student's name: who, when, why and how many records
    matched, never the name (the log is read by auditors, who may not see students' names)."""
    if not purpose or not purpose.strip():
        raise PurposeRequired("State the purpose for searching by a student's name.")
    plural = "record" if matched == 1 else "records"
    return AccessLogEntry.objects.create(
        at=clock.now(),
        user=user,
        username=user.username,
        kind=AccessLogEntry.Kind.SEARCH,
        record_type="access_log",
        record_id="student-search",
        record_label=f"The access log, searched by a student's full name: {matched} {plural} "
        "matched",
        agency_id=agency_id,
        purpose=purpose.strip(),
        request_id=request_id.get(),
    )


@audited
def note_export(*, actor: Any, what: str, file_name: str, rows: int | None = None) -> None:
    """A download of figures or a list (CSV, PDF, HTML): who took which file, and when. Exports
    of student data are in the access log besides (with the purpose)."""
    record_event(
        actor=actor,
        action="export.download",
        target_type=what,
        target_id=file_name[-64:],
        new={"file": file_name, **({"rows": rows} if rows is not None else {})},
    )
