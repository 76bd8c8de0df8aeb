"""School calendars with their import, officers' duty schedules, school coverage by day, the
days sergeants must assign, schedule problems, and each officer's private calendar feed."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from sro.accounts.principal import agency_id_of, principal_for
from sro.core import clock, dates
from sro.core.access import require_list
from sro.core.views import asked_for, can_write, disposition, flash_errors, may_write
from sro.roster.models import Officer
from sro.rules.dates import school_year_bounds, school_year_of
from sro.scheduling import (
    access,
    attention,
    calendar_files,
    coverage,
    feeds,
    queries,
    services,
)
from sro.scheduling.calendar_files import KINDS, STUDENTS_ATTEND
from sro.scheduling.forms import (
    AbsenceForm,
    CalendarConfirmForm,
    CalendarUploadForm,
    CancelForm,
    CheckedFile,
    DutyForm,
    OfficerEntryForm,
    PatrolPullForm,
)
from sro.scheduling.models import Absence, CalendarDay, Duty, PatrolPull
from sro.training.marks import RESTRICTED_MARK, restricted_ids


@login_required
def calendar(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    lea = access.get_calendar_for_user(request.user, pk)
    year = asked_for(
        request,
        "school_year",
        label="School year",
        parse=dates.parse_school_year,
        error=dates.school_year_error,
    ) or school_year_of(clock.today())
    first_day, last_day = school_year_bounds(year)
    days = CalendarDay.objects.filter(education_agency=lea, day__gte=first_day, day__lte=last_day)
    counts = Counter(d.kind for d in days)
    return render(
        request,
        "scheduling/calendar.html",
        {
            "lea": lea,
            "school_year": year,
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
    """First post: check the file and show the preview. Second post: save it. Both run the one
    check (`calendar_files.check`) on the same text, so what the preview accepts is imported;
    the confirmation adds only the kinds the person chose for the titles the preview asked."""
    lea = access.get_calendar_for_user(request.user, pk, write=True)
    if "confirm" in request.POST:
        confirm = CalendarConfirmForm(request.POST, lea_id=lea.pk)
        valid = confirm.is_valid()
        if "checked" in confirm.errors:  # altered on the way back, or sent without a preview
            messages.error(request, CalendarConfirmForm.NOT_CHECKED)
            return redirect("scheduling:calendar", pk=lea.pk)
        checked: CheckedFile = confirm.cleaned_data["checked"]
        if not valid:  # a title asked about without its choice: the preview again
            return _preview(request, lea, checked, confirm=confirm)
        chosen = confirm.choices()
        remembered = queries.title_choices(lea)
        choices = {**remembered, **{calendar_files.title_key(t): k for t, k in chosen.items()}}
        parsed = calendar_files.check(checked.text, checked.file_format, choices)
        if parsed.errors or parsed.unknown:  # only if the check or a choice changed meanwhile
            return _preview(request, lea, checked, status=422)
        summary = services.import_calendar(
            lea, parsed.days(), actor=request.user, source=checked.filename[:20], choices=chosen
        )
        remembered_note = (
            f" The kinds chosen for {len(chosen)} title{'s' if len(chosen) != 1 else ''} are "
            "remembered for this calendar's next import."
            if chosen
            else ""
        )
        messages.success(
            request,
            f"Calendar imported: {summary.created} days added, {summary.updated} "
            f"changed, {summary.unchanged} already as in the file.{remembered_note}",
        )
        return redirect("scheduling:calendar", pk=lea.pk)
    upload = CalendarUploadForm(request.POST, request.FILES)
    if not upload.is_valid():
        return render(
            request, "scheduling/import_preview.html", {"lea": lea, "upload": upload}, status=422
        )
    file = upload.cleaned_data["file"]
    file_format = "ics" if file.name.lower().endswith(".ics") else "csv"
    text, unreadable = calendar_files.decode(file.read())
    name = file.name[:200]
    if unreadable is not None:
        context = {
            "lea": lea,
            "upload": upload,
            "parsed": calendar_files.Parsed(errors=[unreadable]),
            "filename": name,
        }
        return render(request, "scheduling/import_preview.html", context, status=422)
    return _preview(request, lea, CheckedFile(text, file_format, name), upload=upload)


def _preview(
    request: HttpRequest,
    lea: Any,
    checked: CheckedFile,
    *,
    upload: CalendarUploadForm | None = None,
    confirm: CalendarConfirmForm | None = None,
    status: int | None = None,
) -> HttpResponse:
    """The file's problems by line, or what importing it would do: each date it adds or changes
    (now and after), the events that change no day, and a choice for each title that tells no
    kind (titles chosen before are classified by that choice)."""
    parsed = calendar_files.check(checked.text, checked.file_format, queries.title_choices(lea))
    context: dict[str, Any] = {
        "lea": lea,
        "upload": upload,
        "parsed": parsed,
        "filename": checked.filename,
    }
    if parsed.errors:
        return render(request, "scheduling/import_preview.html", context, status=422)
    days = parsed.days()  # expanded only once it checks out
    confirm = confirm or CalendarConfirmForm.for_file(checked, lea_id=lea.pk, asked=parsed.asked)
    unknown_days = {
        e.first + dt.timedelta(days=n)
        for e in parsed.unknown
        for n in range((e.last - e.first).days + 1)
    }
    now = {
        d.day: d.get_kind_display()
        for d in CalendarDay.objects.filter(education_agency=lea, day__in=list(unknown_days))
    }
    for index, (key, _title) in enumerate(confirm.asked):
        dates = sorted(
            e.first + dt.timedelta(days=n)
            for e in parsed.unknown
            if calendar_files.title_key(e.label) == key
            for n in range((e.last - e.first).days + 1)
        )
        confirm.fields[f"kind_{index}"].help_text = "; ".join(
            f"{d:%a %Y-%m-%d} (now: {now.get(d, 'not in the calendar')})" for d in dates
        )
    context.update(
        {
            "summary": queries.compare(lea, days),
            "changes": queries.changes(lea, days),
            "counts": Counter(KINDS[kind] for kind, _ in days.values()).most_common(),
            "first": min(days) if days else None,
            "last": max(days) if days else None,
            "chosen": [
                (e.label, calendar_files.CHOICES[parsed.chosen[k]])
                for k in parsed.chosen
                for e in [_first_titled(parsed, k)]
                if e is not None
            ],
            "confirm": confirm,
        }
    )
    code = status or (422 if confirm.is_bound else 200)
    return render(request, "scheduling/import_preview.html", context, status=code)


def _first_titled(parsed: calendar_files.Parsed, key: str) -> calendar_files.Entry | None:
    return next(
        (e for e in [*parsed.entries, *parsed.ignored] if calendar_files.title_key(e.label) == key),
        None,
    )


# --- Duty schedules (policy 436.4.1) ----------------------------------------------------------

ENTRY_MODELS: dict[str, type[Absence | Duty | PatrolPull]] = {
    "absence": Absence,
    "duty": Duty,
    "pull": PatrolPull,
}
ENTRY_FORMS: dict[str, type[OfficerEntryForm]] = {
    "absence": AbsenceForm,
    "duty": DutyForm,
    "pull": PatrolPullForm,
}
ENTRY_TITLES = {
    "absence": "Record an absence",
    "duty": "Assign a duty",
    "pull": "Pull to patrol",
}
HORIZON_DAYS = attention.HORIZON_DAYS


def _day_param(request: HttpRequest, name: str = "day") -> dt.date:
    day = asked_for(request, name, label="Day", parse=dates.parse_day, error=dates.day_error)
    return day or clock.today()


@login_required
def day(request: HttpRequest) -> HttpResponse:
    """Which schools have an SRO on a day, and why not where one is missing."""
    school_ids = access.coverage_school_ids(request.user)
    on = _day_param(request)
    agency_id = agency_id_of(request.user)
    rows = coverage.coverage_on(agency_id, on, school_ids=school_ids)
    return render(
        request,
        "scheduling/day.html",
        {
            "day": on,
            "previous": on - dt.timedelta(days=1),
            "next": on + dt.timedelta(days=1),
            "rows": rows,
            "show_reasons": access.sees_private_reasons(request.user),
            "sees_training": access.sees_training(request.user),
            "own_officer": principal_for(request.user).officer_id,
            "can_plan": can_write(request.user, "schedule"),
        },
    )


@login_required
def my_schedule(request: HttpRequest) -> HttpResponse:
    officer_id = principal_for(request.user).officer_id
    if officer_id is None:
        raise Http404("Your account is not linked to an officer.")
    url = reverse("scheduling:officer_month", args=[officer_id])
    return redirect(f"{url}?{request.GET.urlencode()}" if request.GET else url)


def _month_param(request: HttpRequest) -> dt.date:
    first = asked_for(
        request, "month", label="Month", parse=dates.parse_month, error=dates.month_error
    )
    return first or clock.today().replace(day=1)


@login_required
def officer_month(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    officer = access.get_schedule_for_user(request.user, pk)
    first = _month_param(request)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    days = coverage.officer_days(officer, first, last)
    can_plan = may_write(request.user, officer.pk, access.get_schedule_for_user)
    feeds = may_write(request.user, officer.pk, access.get_feed_owner_for_user)
    return render(
        request,
        "scheduling/officer_month.html",
        {
            "officer": officer,
            "month": first,
            "previous": (first - dt.timedelta(days=1)).replace(day=1),
            "next": last + dt.timedelta(days=1),
            "days": days,
            "today": clock.today(),
            "counts": Counter(d.plan.status for d in days),
            "contact_days": sum(1 for d in days if d.plan.contact_day),
            "can_plan": can_plan,
            "absences": officer.absences.filter(first_day__lte=last, last_day__gte=first),
            "duties": officer.duties.filter(first_day__lte=last, last_day__gte=first),
            "pulls": officer.patrol_pulls.filter(day__gte=first, day__lte=last),
            "feed_manage": feeds,
            "feed_active": officer.calendar_feeds.filter(revoked_at__isnull=True).exists(),
        },
    )


@login_required
def new_entry(request: HttpRequest, pk: uuid.UUID, kind: str) -> HttpResponse:
    if kind not in ENTRY_FORMS:
        raise Http404("No such kind of entry.")
    officer = access.get_schedule_for_user(request.user, pk, write=True)
    form_class = ENTRY_FORMS[kind]
    if request.method == "POST":
        form = form_class(request.POST, officer=officer)
        if form.is_valid():
            try:
                saved = _save_entry(
                    form.save(commit=False),
                    request.user,
                    form.cleaned_data.get("double_booking_reason", ""),
                )
            except ValidationError as error:  # a rule the service enforces, on its field
                form.add_error(None, error)
            else:
                messages.success(request, f"Saved for {officer.full_name}: {saved}.")
                month = saved.day if isinstance(saved, PatrolPull) else saved.first_day
                return redirect(
                    f"{reverse('scheduling:officer_month', args=[officer.pk])}?month={month:%Y-%m}"
                )
    else:
        initial = {k: v for k, v in request.GET.items() if k in form_class.base_fields}
        form = form_class(initial=initial, officer=officer)
    return render(
        request,
        "scheduling/entry_form.html",
        {
            "form": form,
            "officer": officer,
            "kind": kind,
            "title": f"{ENTRY_TITLES[kind]}: {officer.full_name}",
        },
        status=422 if request.method == "POST" else 200,
    )


def _save_entry(
    entry: Absence | Duty | PatrolPull, actor: Any, double_booking_reason: str
) -> Absence | Duty | PatrolPull:
    if isinstance(entry, Absence):
        return services.save_absence(entry, actor=actor)
    if isinstance(entry, Duty):
        return services.save_duty(entry, actor=actor, double_booking_reason=double_booking_reason)
    return services.save_patrol_pull(entry, actor=actor)


@login_required
@require_POST
def cancel_entry(request: HttpRequest, pk: uuid.UUID, kind: str) -> HttpResponse:
    if kind not in ENTRY_MODELS:
        raise Http404("No such kind of entry.")
    record = access.get_entry_for_user(request.user, ENTRY_MODELS[kind], pk, write=True)
    officer_id, label = record.officer_id, str(record)
    form = CancelForm(request.POST)
    if not form.is_valid():
        flash_errors(request, form)
        return redirect("scheduling:officer_month", pk=officer_id)
    services.cancel(record, actor=request.user, reason=form.cleaned_data["reason"])
    messages.success(request, f"Removed: {label}.")
    return redirect("scheduling:officer_month", pk=officer_id)


@login_required
def to_assign(request: HttpRequest) -> HttpResponse:
    """Non-school weekdays and summer days still without a duty, for the sergeants."""
    require_list(request.user, "schedule", write=True)
    first = _day_param(request, "from")
    runs = coverage.days_to_assign(
        agency_id_of(request.user), first, first + dt.timedelta(days=HORIZON_DAYS)
    )
    listed = Officer.objects.filter(pk__in={r.officer.pk for r in runs})
    return render(
        request,
        "scheduling/to_assign.html",
        {
            "runs": runs,
            "first": first,
            "last": first + dt.timedelta(days=HORIZON_DAYS),
            "restricted": restricted_ids(listed, as_of=clock.today()),
            "restricted_mark": RESTRICTED_MARK,
        },
    )


@login_required
def problems(request: HttpRequest) -> HttpResponse:
    require_list(request.user, "schedule", write=True)
    today = clock.today()
    agency_id = agency_id_of(request.user)
    w = coverage.window(agency_id, today, today + dt.timedelta(days=HORIZON_DAYS))
    return render(
        request,
        "scheduling/problems.html",
        {
            "problems": attention.problems(agency_id, today, HORIZON_DAYS, w=w),
            "flags": attention.substitutes_nearing_limit(agency_id, today, w=w),
            "today": today,
            "last": today + dt.timedelta(days=HORIZON_DAYS),
            "warn_at": settings.SRO_SUBSTITUTE_WARNING_DAYS,
        },
    )


# --- The private calendar feed ----------------------------------------------------------------


@login_required
@require_POST
def feed(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    officer = access.get_feed_owner_for_user(request.user, pk, write=True)
    if request.POST.get("action") == "revoke":
        count = services.revoke_feeds(officer, actor=request.user)
        messages.success(request, f"Calendar address turned off ({count}).")
        return redirect("scheduling:officer_month", pk=officer.pk)
    secret = services.issue_feed(officer, actor=request.user)
    url = request.build_absolute_uri(reverse("scheduling:feed_ics", args=[secret]))
    return render(request, "scheduling/feed_created.html", {"officer": officer, "url": url})


def feed_ics(request: HttpRequest, secret: str) -> HttpResponse:
    """The feed itself: no sign-in (calendar programs cannot), the secret is the key."""
    officer = queries.officer_for_feed(secret, request)
    if officer is None:
        raise Http404("No such calendar.")
    today = clock.today()
    body = feeds.officer_calendar(
        officer,
        coverage.officer_days(
            officer, today - dt.timedelta(days=31), today + dt.timedelta(days=180)
        ),
        stamp=clock.now(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    response["Content-Disposition"] = disposition(
        f"sro-schedule-{officer.badge_number}.ics", attachment=False
    )
    return response
