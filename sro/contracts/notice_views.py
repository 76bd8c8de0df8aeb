"""Pages for public notification that an SRO will be present (model policy IV.A.1.iv): each
school's notices for a school year, recording one, the notice letter as PDF, and the letter's
editable text."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from sro.contracts import notice_access as access
from sro.contracts import notices, services
from sro.contracts.models import Notification
from sro.contracts.notice_forms import (
    NoticeTemplateForm,
    NotificationForm,
    SchoolYearFilter,
    school_year_error,
)
from sro.core.views import can_write, disposition, form_status, save_guarded


def _list_url(school_year: str) -> str:
    return f"{reverse('notices:list')}?{urlencode({'school_year': school_year})}"


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    """Each school in scope for a school year (the current one by default): whether it has an
    SRO, the notices given, and a flag where none is recorded."""
    schools = access.notice_schools_for_user(request.user)
    school_year = notices.current_school_year()
    form = SchoolYearFilter(request.GET or None, initial={"school_year": school_year})
    if form.is_valid() and form.cleaned_data["school_year"]:
        school_year = form.cleaned_data["school_year"]
    rows = notices.notice_status(schools, school_year)
    writable = set()
    if can_write(request.user, "notification"):
        writable = set(
            access.notice_schools_for_user(request.user, write=True).values_list("id", flat=True)
        )
    return render(
        request,
        "contracts/notification_list.html",
        {
            "form": form,
            "rows": rows,
            "school_year": school_year,
            "is_current": school_year == notices.current_school_year(),
            "flagged": sum(1 for r in rows if r.needs_notice),
            "writable": writable,
            "can_edit_template": can_write(request.user, "notice_template"),
            "citation": notices.CITATION,
        },
    )


def _save_form(request: HttpRequest, notification: Notification | None) -> HttpResponse:
    schools = access.notice_schools_for_user(request.user, write=True)
    conflict = None

    def make_form(data: Any) -> NotificationForm:
        return NotificationForm(data, instance=notification, schools=schools)

    if request.method == "POST":
        form = make_form(request.POST)
        if form.is_valid():
            unsaved = form.save(commit=False)
            saved, shown, conflict = save_guarded(
                request,
                notification,
                lambda: services.save_notification(unsaved, actor=request.user),
                make_form,
            )
            if saved is not None:
                messages.success(
                    request, f"Saved: {saved.school.name}, {saved.school_year}, {saved.sent_on}."
                )
                return redirect(_list_url(saved.school_year))
            form = shown
    else:
        initial = {
            k: v for k, v in request.GET.items() if k in {"school", "school_year", "channel"}
        }
        form = NotificationForm(instance=notification, initial=initial, schools=schools)
    title = "Edit a notice" if notification else "Record a notice"
    return render(
        request,
        "contracts/notification_form.html",
        {
            "form": form,
            "title": title,
            "object": notification,
            "conflict": conflict,
            "citation": notices.CITATION,
            "cancel_url": _list_url(
                notification.school_year if notification else notices.current_school_year()
            ),
        },
        status=form_status(request, conflict),
    )


@login_required
def notification_create(request: HttpRequest) -> HttpResponse:
    return _save_form(request, None)


@login_required
def notification_edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    return _save_form(request, access.get_notification_for_user(request.user, pk, write=True))


def pdf_response(letter: notices.Letter, *, attachment: bool = True) -> HttpResponse:
    response = HttpResponse(notices.letter_pdf(letter), content_type="application/pdf")
    response["Content-Disposition"] = disposition(
        notices.letter_filename(letter), attachment=attachment
    )
    return response


@login_required
def letter(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """The notice letter for a school and school year (`?school_year=2026-27`), as PDF."""
    school = access.get_notice_school_for_user(request.user, pk)
    access.notice_template_for_user(request.user)
    given = request.GET.get("school_year", "").strip()
    school_year = notices.parse_school_year(given) or notices.current_school_year()
    if given and given != school_year:
        return HttpResponse(
            school_year_error(given), status=422, content_type="text/plain; charset=utf-8"
        )
    built = notices.build_letter(school.education_agency.agency, school, school_year)
    return pdf_response(built)


def _sample_school(user: Any, school_year: str) -> Any:
    """A school to preview the letter with: the first in scope with an SRO, else none."""
    rows = notices.notice_status(access.notice_schools_for_user(user), school_year)
    return next((r.school for r in rows if r.has_sro), None)


@login_required
def template_edit(request: HttpRequest) -> HttpResponse:
    """Edit the letter's text; "Preview" shows the unsaved text as PDF, without saving."""
    agency, template = access.notice_template_for_user(request.user, write=True)
    if template._state.adding:
        template.subject, template.body = notices.DEFAULT_SUBJECT, notices.DEFAULT_BODY

    def make_form(data: Any) -> NoticeTemplateForm:
        return NoticeTemplateForm(data, instance=template)

    form = make_form(request.POST or None)
    conflict = None
    if request.method == "POST" and form.is_valid():
        if request.POST.get("action") == "preview":
            school_year = notices.current_school_year()
            built = notices.build_letter(
                agency,
                _sample_school(request.user, school_year),
                school_year,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
            )
            return pdf_response(built, attachment=False)
        unsaved = form.save(commit=False)
        saved, shown, conflict = save_guarded(
            request,
            template,
            lambda: services.save_notice_template(unsaved, actor=request.user),
            make_form,
        )
        if saved is not None:
            messages.success(request, f"Saved the notice letter “{saved.subject}”.")
            return redirect("notices:template")
        form = shown
    return render(
        request,
        "contracts/notice_template_form.html",
        {
            "form": form,
            "placeholders": notices.PLACEHOLDERS,
            "is_default": template._state.adding,
            "conflict": conflict,
            "notice_template": template,
            "unknown": notices.unknown_placeholders(
                f"{form['subject'].value() or ''}\n{form['body'].value() or ''}"
            ),
        },
        status=form_status(request, conflict),
    )


@login_required
def template_preview(request: HttpRequest) -> HttpResponse:
    """The saved letter text filled in for a school in scope (or sample values), as PDF."""
    agency, _ = access.notice_template_for_user(request.user)
    school_year = notices.current_school_year()
    built = notices.build_letter(agency, _sample_school(request.user, school_year), school_year)
    return pdf_response(built, attachment=False)
