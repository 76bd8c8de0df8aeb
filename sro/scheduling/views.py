"""A district's school calendar: the year at a glance, and importing a file with a preview."""

from __future__ import annotations

import uuid
from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sro.core import clock
from sro.core.views import may_write
from sro.rules.dates import school_year_of
from sro.scheduling import access, queries, services
from sro.scheduling.calendar_files import KINDS, STUDENTS_ATTEND, expand
from sro.scheduling.forms import CalendarConfirmForm, CalendarUploadForm, parse_upload
from sro.scheduling.models import CalendarDay


@login_required
def calendar(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    lea = access.get_calendar_for_user(request.user, pk)
    year = request.GET.get("school_year") or school_year_of(clock.today())
    first = int(year[:4]) if year[:4].isdigit() else clock.today().year
    days = CalendarDay.objects.filter(
        education_agency=lea, day__gte=f"{first}-07-01", day__lte=f"{first + 1}-06-30"
    )
    counts = Counter(d.kind for d in days)
    return render(
        request,
        "scheduling/calendar.html",
        {
            "lea": lea,
            "school_year": f"{first}-{(first + 1) % 100:02d}",
            "counts": [(KINDS[k], counts.get(k, 0)) for k in KINDS],
            "student_days": sum(counts.get(k, 0) for k in STUDENTS_ATTEND),
            "exceptions": [d for d in days if d.kind != "instructional"],
            "upload": CalendarUploadForm()
            if may_write(request.user, pk, access.get_calendar_for_user)
            else None,
        },
    )


@login_required
@require_POST
def import_calendar(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """First post: check the file and show the preview. Second post: save it."""
    lea = access.get_calendar_for_user(request.user, pk, write=True)
    if "confirm" in request.POST:
        confirm = CalendarConfirmForm(request.POST)
        if not confirm.is_valid():
            messages.error(request, "The confirmation was incomplete; upload the file again.")
            return redirect("scheduling:calendar", pk=lea.pk)
        data = confirm.cleaned_data
        parsed = parse_upload(data["content"], data["format"])
        if parsed.errors:  # the content was altered on the way back
            messages.error(request, "The file no longer checks out; upload it again.")
            return redirect("scheduling:calendar", pk=lea.pk)
        summary = services.import_calendar(
            lea, expand(parsed.entries), actor=request.user, source=data["filename"][:20]
        )
        messages.success(
            request,
            f"Calendar imported: {summary.created} days added, {summary.updated} "
            f"changed, {summary.unchanged} already as in the file.",
        )
        return redirect("scheduling:calendar", pk=lea.pk)
    upload = CalendarUploadForm(request.POST, request.FILES)
    if not upload.is_valid():
        return render(
            request, "scheduling/import_preview.html", {"lea": lea, "upload": upload}, status=422
        )
    file = upload.cleaned_data["file"]
    content = file.read().decode("utf-8", "replace")
    file_format = "ics" if file.name.lower().endswith(".ics") else "csv"
    parsed = parse_upload(content, file_format)
    days = expand(parsed.entries)
    context = {"lea": lea, "upload": upload, "parsed": parsed, "filename": file.name}
    if not parsed.errors:
        context.update(
            {
                "summary": queries.compare(lea, days),
                "counts": Counter(KINDS[kind] for kind, _ in days.values()).most_common(),
                "first": min(days) if days else None,
                "last": max(days) if days else None,
                "confirm": CalendarConfirmForm(
                    initial={
                        "content": content,
                        "format": file_format,
                        "filename": file.name,
                    }
                ),
            }
        )
    return render(
        request, "scheduling/import_preview.html", context, status=422 if parsed.errors else 200
    )
