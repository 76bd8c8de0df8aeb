"""The department's library of lesson outlines for classes and presentations (duty (6);
model policy IV.C): everyone in the department and its schools reads it; supervisors keep it."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from sro.accounts.principal import agency_id_of
from sro.activity import access, services
from sro.activity.forms import LessonForm
from sro.activity.models import LessonOutline
from sro.core.access import require_list
from sro.core.forms import add_service_error
from sro.core.views import can_write, form_status, save_guarded


@login_required
def lesson_list(request: HttpRequest) -> HttpResponse:
    lessons = access.lessons_for_user(request.user).annotate(
        taught=Count("classes"), reached=Sum("classes__students")
    )
    return render(
        request,
        "activity/lesson_list.html",
        {
            "nav": access.nav(request.user),
            "lessons": lessons.filter(active=True),
            "retired": lessons.filter(active=False),
            "may_write": can_write(request.user, "lesson_outline"),
        },
    )


@login_required
def lesson_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    lesson = access.get_lesson(request.user, pk)
    return render(
        request,
        "activity/lesson_detail.html",
        {
            "lesson": lesson,
            "may_write": can_write(request.user, "lesson_outline"),
            "may_log": can_write(request.user, "activity"),
        },
    )


def _form_page(request: HttpRequest, lesson: LessonOutline | None) -> HttpResponse:
    def make_form(data: Any) -> LessonForm:
        return LessonForm(data, instance=lesson)

    form = make_form(request.POST or None)
    conflict = None
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        if lesson is None:
            saved.agency_id = agency_id_of(request.user)
        try:
            done, shown, conflict = save_guarded(
                request, lesson, lambda: services.save_lesson(saved, actor=request.user), make_form
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if conflict is None:
                messages.success(request, f"Saved the lesson “{saved.title}”.")
                return redirect(saved)
            form = shown
    return render(
        request,
        "activity/lesson_form.html",
        {"form": form, "lesson": lesson, "conflict": conflict},
        status=form_status(request, conflict),
    )


@login_required
def lesson_new(request: HttpRequest) -> HttpResponse:
    require_list(request.user, "lesson_outline", write=True)
    return _form_page(request, None)


@login_required
def lesson_edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    return _form_page(request, access.get_lesson(request.user, pk, write=True))
