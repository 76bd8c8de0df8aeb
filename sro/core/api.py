"""Shared pieces of the JSON API: authentication and running the pages' forms on JSON input."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.db.models.functions import TruncDate
from django.forms import BaseForm, model_to_dict
from django.http import HttpRequest
from ninja import Schema
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from sro.core import clock

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TokenAuth(HttpBearer):
    """`Authorization: Bearer sro_…` with a per-user token from the Account page."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from sro.accounts.services import authenticate_token

        found = authenticate_token(token)
        if found is None:
            return None
        if found.scope != found.Scope.WRITE and request.method not in SAFE_METHODS:
            raise HttpError(403, "This token may only read: create a read-and-write token.")
        request.user = found.user
        return found.user


AUTH = [TokenAuth(), SessionAuth()]


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
