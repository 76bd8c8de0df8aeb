"""Thin page views shared by the domain apps: access helper, validate, one service, render.

Each app subclasses these and names its access helpers and service; nothing here switches on
the model.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Model, QuerySet
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url
from django.urls import reverse
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.views import View

from sro.accounts.principal import principal_for
from sro.core import concurrency
from sro.core.access import require_list


class ListPage(LoginRequiredMixin, View):
    template_name: ClassVar[str]
    list_for_user: ClassVar[Callable[[Any], QuerySet[Any]]]
    resource: ClassVar[str]
    per_page: ClassVar[int] = 50

    def filter(self, request: HttpRequest, qs: QuerySet[Any]) -> QuerySet[Any]:
        return qs

    def get(self, request: HttpRequest) -> HttpResponse:
        qs = self.filter(request, type(self).list_for_user(request.user))
        page = Paginator(qs, self.per_page).get_page(request.GET.get("page"))
        can_create = can_write(request.user, self.resource)
        return render(
            request,
            self.template_name,
            {"page": page, "objects": page.object_list, "can_create": can_create},
        )


class DetailPage(LoginRequiredMixin, View):
    template_name: ClassVar[str]
    get_for_user: ClassVar[Callable[..., Model]]
    resource: ClassVar[str]

    def extra_context(self, request: HttpRequest, obj: Any) -> dict[str, Any]:
        return {}

    def get(self, request: HttpRequest, pk: Any) -> HttpResponse:
        obj = type(self).get_for_user(request.user, pk)
        context = {
            "object": obj,
            "can_edit": may_write(request.user, obj.pk, type(self).get_for_user),
        }
        context.update(self.extra_context(request, obj))
        return render(request, self.template_name, context)


class FormPage(LoginRequiredMixin, View):
    """Create (no pk) or edit (pk) one record through its form and its service."""

    template_name: ClassVar[str] = "core/form_page.html"
    form_class: ClassVar[type[BaseForm]]
    resource: ClassVar[str]
    get_for_user: ClassVar[Callable[..., Model]]
    noun: ClassVar[str]
    list_url_name: ClassVar[str] = "home"

    def form_kwargs(self, request: HttpRequest) -> dict[str, Any]:
        return {"agency_id": principal_for(request.user).agency_id}

    def save(self, request: HttpRequest, form: Any) -> Model:
        raise NotImplementedError

    def _load(self, request: HttpRequest, pk: Any) -> Model | None:
        if pk is None:
            require_list(request.user, self.resource, write=True)
            return None
        return type(self).get_for_user(request.user, pk, write=True)

    def _form(self, request: HttpRequest, obj: Model | None, data: Any = None) -> Any:
        kwargs = self.form_kwargs(request)
        if obj is not None:
            kwargs["instance"] = obj
        elif data is None:
            kwargs["initial"] = request.GET.dict()
        return self.form_class(data, **kwargs)

    def _render(
        self,
        request: HttpRequest,
        form: Any,
        obj: Model | None,
        status: int = 200,
        conflict: concurrency.Conflict | None = None,
    ) -> HttpResponse:
        title = f"Edit {obj}" if obj is not None else f"New {self.noun}"
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "object": obj,
                "title": title,
                "noun": self.noun,
                "cancel_url": url_of(obj) if obj is not None else reverse(self.list_url_name),
                "conflict": conflict,
            },
            status=status,
        )

    def get(self, request: HttpRequest, pk: Any = None) -> HttpResponse:
        obj = self._load(request, pk)
        return self._render(request, self._form(request, obj), obj)

    def post(self, request: HttpRequest, pk: Any = None) -> HttpResponse:
        obj = self._load(request, pk)
        form = self._form(request, obj, request.POST)
        if not form.is_valid():
            return self._render(request, form, obj, status=422)
        try:
            if obj is None:
                with transaction.atomic():
                    saved = self.save(request, form)
            else:
                # Someone else saved since this form was loaded: keep both, write nothing.
                result = concurrency.save_unless_changed(
                    obj,
                    request.POST.get(concurrency.VERSION_FIELD),
                    lambda: self.save(request, form),
                )
                if isinstance(result, concurrency.Conflict):
                    form = concurrency.form_after_conflict(
                        obj, result, request.POST, lambda data: self._form(request, obj, data)
                    )
                    return self._render(request, form, obj, status=409, conflict=result)
                saved = result
        except ValidationError as error:  # a rule the service enforces, reported on its field
            form.add_error(None, error)
            return self._render(request, form, obj, status=422)
        messages.success(request, f"Saved {saved}.")
        return HttpResponseRedirect(url_of(saved))


def save_guarded[T](
    request: HttpRequest, obj: Model | None, save: Callable[[], T], make_form: Callable[[Any], Any]
) -> tuple[T | None, Any, concurrency.Conflict | None]:
    """For an edit page: run `save` unless someone saved `obj` since the posted form was
    loaded. Returns (saved, None, None), or (None, the form to show again, the conflict) with
    nothing written. A new record (obj None) has nothing to lose and is saved directly."""
    if obj is None or obj._state.adding:
        return save(), None, None
    result = concurrency.save_unless_changed(obj, request.POST.get(concurrency.VERSION_FIELD), save)
    if isinstance(result, concurrency.Conflict):
        form = concurrency.form_after_conflict(obj, result, request.POST, make_form)
        return None, form, result
    return result, None, None


def form_status(request: HttpRequest, conflict: concurrency.Conflict | None = None) -> int:
    """A form page's status: 200 shown, 409 someone else saved under it, 422 to fix."""
    if conflict is not None:
        return 409
    return 422 if request.method == "POST" else 200


def url_of(obj: Model) -> str:
    """The record's own page (every domain model defines get_absolute_url)."""
    return str(obj.get_absolute_url())  # type: ignore[attr-defined]


def can_write(user: Any, resource: str) -> bool:
    """Whether the user's role may create this kind of record (for showing the button)."""
    from sro.accounts.permissions import Access, can_list

    return can_list(principal_for(user), resource, Access.WRITE)


def may_write(user: Any, pk: Any, getter: Callable[..., Model]) -> bool:
    """Whether the access helper `getter` lets the user change this record (to show buttons)."""
    try:
        getter(user, pk, write=True)
    except (Http404, PermissionDenied):
        return False
    return True


def flash_errors(request: HttpRequest, errors: ValidationError | BaseForm) -> None:
    """Show a refused action's reasons (a service's ValidationError or a form's errors) as
    messages on the page the user is sent back to."""
    if isinstance(errors, BaseForm):
        texts = [str(m) for field_errors in errors.errors.values() for m in field_errors]
    else:
        texts = list(errors.messages)
    for text in texts:
        messages.error(request, text)


def asked_for[T](
    request: HttpRequest,
    name: str,
    *,
    label: str,
    parse: Callable[[str], T | None],
    error: Callable[[str], str],
) -> T | None:
    """A value from the query string (a day, a month, a school year) checked by ``parse``; a
    value it refuses is told on the page, which then shows its default, rather than failing."""
    text = request.GET.get(name, "").strip()
    if not text:
        return None
    value = parse(text)
    if value is None:
        messages.warning(request, f"{label}: {error(text[:40])} Showing the default instead.")
    return value


def disposition(filename: str, *, attachment: bool = True) -> str:
    """A Content-Disposition value built by Django, which encodes a name holding a line break,
    a quote or other than ASCII (``filename*=``) instead of putting it into the header raw."""
    kind = "attachment" if attachment else "inline"
    return content_disposition_header(attachment, filename) or kind


def local_next(request: HttpRequest, target: str | None, default: str) -> str:
    """Where to go after an action: ``target`` when it is a path on this site, else
    ``default`` (a path, or a view name resolved here). Only a path that starts with one "/"
    is taken: anything else would be read by ``redirect`` as a view's name (a 500 for a made-up
    one) or leave the site; control characters and spaces are never part of one."""
    value = target or ""
    is_path = value.startswith("/") and not value.startswith(("//", "/\\"))
    clean = value.isprintable() and not any(c.isspace() for c in value)
    safe = url_has_allowed_host_and_scheme(value, {request.get_host()}, request.is_secure())
    return value if is_path and clean and safe else resolve_url(default)
