"""Shared pieces of the JSON API: authentication and running the pages' forms on JSON input."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, cast, get_args, get_origin

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.db.models.functions import TruncDate
from django.forms import BaseForm, model_to_dict
from django.http import HttpRequest
from ninja import P, Schema
from ninja.errors import HttpError
from ninja.params import HeaderEx
from ninja.security import HttpBearer, SessionAuth
from pydantic import AfterValidator, ValidationInfo, field_validator
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError

from sro.core import clock, concurrency, dates, text

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TokenAuth(HttpBearer):
    """`Authorization: Bearer sro_…` with a per-user token from the Account page."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from sro.accounts.services import authenticate_token

        found = authenticate_token(token, request)
        if found is None:
            return None
        if found.scope != found.Scope.WRITE and request.method not in SAFE_METHODS:
            raise HttpError(403, "This token may only read: create a read-and-write token.")
        request.user = found.user
        return found.user


AUTH = [TokenAuth(), SessionAuth()]


# --- Input -------------------------------------------------------------------------------------


class _Lines:
    """Marks a text field of an input schema as multi-line (tabs and line breaks allowed)."""


LINES = _Lines()
MultiLine = Annotated[str, LINES]


def _marked_multiline(annotation: Any) -> bool:
    if get_origin(annotation) is Annotated and LINES in annotation.__metadata__:
        return True
    return any(_marked_multiline(arg) for arg in get_args(annotation))


def is_multiline(field: FieldInfo) -> bool:
    """Whether a schema's field is ``MultiLine`` (also inside ``MultiLine | None``)."""
    return LINES in field.metadata or _marked_multiline(field.annotation)


def _label(name: str) -> str:
    return name.replace("_", " ").strip().capitalize()


def _refused(kind: str, message: str) -> PydanticCustomError:
    # A custom error keeps the message as written (a ValueError would be prefixed).
    return PydanticCustomError(kind, message)


def _check(value: Any, label: str, multiline: bool) -> Any:
    if isinstance(value, str):
        limit = text.MAX_MULTI_LINE if multiline else None
        message = text.problem(value, label=label, multiline=multiline, limit=limit)
        if message:
            raise _refused("control_character", message)
    elif isinstance(value, dt.date) and not dates.in_range(value):
        raise _refused("date_range", f"{label}: {dates.out_of_range(value)}")
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            _check(item, label, multiline)
    return value


class InputSchema(Schema):
    """The base of every API input (bodies and query filters): each text field refuses
    control characters, and a one-line field line breaks (``sro.core.text``; mark a multi-line
    field ``MultiLine``); each date lies in 1900-2099 (``sro.core.dates``). The same rules, in
    the same words, as the pages' forms."""

    @field_validator("*", mode="after")
    @classmethod
    def _clean(cls, value: Any, info: ValidationInfo) -> Any:
        name = info.field_name or ""
        field = cls.model_fields.get(name)
        multiline = field is not None and is_multiline(field)
        label = (field.title if field is not None and field.title else None) or _label(name)
        return _check(value, label, multiline)


def _month(value: str) -> str:
    if value.strip() and dates.parse_month(value) is None:
        raise _refused("month", f"Month: {dates.month_error(value)}")
    return value.strip()


def _school_year(value: str) -> str:
    if value.strip() and dates.parse_school_year(value) is None:
        raise _refused("school_year", f"School year: {dates.school_year_error(value)}")
    return value.strip()


def _day(value: dt.date) -> dt.date:
    if not dates.in_range(value):
        raise _refused("date_range", dates.out_of_range(value))
    return value


# A day, a month (YYYY-MM) and a school year (2026-27) within 1900-2099, for query parameters
# outside an InputSchema; an empty month or school year is not given (the page's default).
Day = Annotated[dt.date, AfterValidator(_day)]
Month = Annotated[str, AfterValidator(_month)]
SchoolYear = Annotated[str, AfterValidator(_school_year)]


class FieldError(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    detail: str


class ValidationOut(Schema):
    detail: str
    errors: list[FieldError]


class FormInvalid(HttpError):
    def __init__(self, form: BaseForm) -> None:
        super().__init__(422, "Some fields need fixing.")
        self.errors = [
            {"field": name if name != "__all__" else "", "message": str(message)}
            for name, messages in form.errors.items()
            for message in messages
        ]


class VersionedOut(Schema):
    """A record that can be changed: `version` is what to send as If-Match when updating it."""

    version: str

    @staticmethod
    def resolve_version(obj: Model) -> str:
        return concurrency.version_of(obj)


class ChangeOut(Schema):
    who: str
    at: dt.datetime
    field: str
    before: Any
    after: Any


class ConflictOut(Schema):
    detail: str
    version: str
    changes: list[ChangeOut]


EDIT_CONFLICT = {412: ConflictOut}

IfMatch = HeaderEx[
    str | None,
    P(
        alias="If-Match",
        description=(
            "The record's `version` as you read it. When someone has saved the record since, "
            "nothing is written and the answer is 412 with their changes; read it again and "
            "resend. Without the header the update is applied to the record as it is now."
        ),
    ),
]


class EditConflict(HttpError):
    """412: the record changed since the version the client sent in If-Match."""

    def __init__(self, conflict: concurrency.Conflict) -> None:
        super().__init__(
            412,
            f"Nothing was saved: {conflict.who} changed this record after the version you "
            "sent. Their changes are listed; read the record again and resend your update.",
        )
        self.conflict = conflict

    def body(self) -> dict[str, Any]:
        return {
            "detail": str(self),
            "version": self.conflict.version,
            "changes": [
                {"who": c.who, "at": c.at, "field": f.name, "before": f.before, "after": f.after}
                for c in self.conflict.changes
                for f in c.fields
            ],
        }


def lock_for_update(obj: Model, if_match: str | None) -> None:
    """Call first inside a PATCH's transaction, before reading the record's values: locks its
    row, refuses with 412 when If-Match names another version, and reloads the record so a
    partial update builds on the values as stored now (no lost update either way)."""
    if if_match:
        conflict = concurrency.check(obj, if_match.strip().removeprefix("W/").strip('"'))
        if conflict is not None:
            raise EditConflict(conflict)
    else:
        concurrency.lock_row(obj)
    obj.refresh_from_db()


def bind_form(
    form_class: type[BaseForm],
    payload: Schema,
    *,
    instance: Model | None = None,
    partial: bool = False,
    **form_kwargs: Any,
) -> Any:
    """Validate JSON input with the same form the page uses (same rules, same messages).

    For a partial update the fields not sent keep their current values.
    """
    sent = payload.model_dump(exclude_unset=partial)
    data: dict[str, Any] = {}
    if instance is not None and partial:
        fields = list(form_class.base_fields)  # type: ignore[attr-defined]
        current = model_to_dict(instance, fields=fields)
        data.update({k: _form_value(v) for k, v in current.items()})
    data.update({k: _form_value(v) for k, v in sent.items()})
    form = form_class(data, instance=instance, **form_kwargs)  # type: ignore[call-arg]
    if not form.is_valid():
        raise FormInvalid(form)
    return form


def _form_value(value: Any) -> Any:
    if isinstance(value, Model):
        return str(value.pk)
    if isinstance(value, list):
        return [_form_value(v) for v in value]
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    return str(value)


def on_days[M: Model](
    qs: QuerySet[M], field: str, first: dt.date | None, last: dt.date | None
) -> QuerySet[M]:
    """Rows whose `field` (a time) falls on the days from `first` to `last`, inclusive, counted
    in the agency's time zone; a range that ends before it starts is refused on `to`."""
    if first and last and last < first:
        raise ValidationError({"to": "The last day is before the first."})
    if first or last:
        qs = cast("QuerySet[M]", qs.annotate(day=TruncDate(field, tzinfo=clock.agency_zone())))
        if first:
            qs = qs.filter(day__gte=first)
        if last:
            qs = qs.filter(day__lte=last)
    return qs
