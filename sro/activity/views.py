"""The activity log: the SRO's own list, quick entry on a phone (defaults from the day's schedule),
one activity, correcting and removing it, and the time-by-duty figures with their chart."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sro.accounts.permissions import Reach, list_reach
from sro.accounts.principal import principal_for
from sro.activity import access, facts, queries, services
from sro.activity.forms import ActivityForm, FigureFilter
from sro.activity.models import Activity
from sro.core import clock, csvcells
from sro.core.access import require_list
from sro.core.forms import add_service_error
from sro.core.views import can_write, disposition, form_status, may_write, save_guarded
from sro.roster.models import Officer
from sro.rules.activity import KINDS


def _restricted_kinds(officer: Officer | None, day: dt.date) -> tuple[set[str], str]:
    if officer is None:
        return set(), ""
    clauses, why = facts.restricted_clauses(officer, on=day)
    return {k.code for k in KINDS.values() if k.clause in clauses}, why


def _now_rounded() -> dt.time:
    now = clock.now().astimezone(clock.agency_zone())
    return now.replace(minute=now.minute - now.minute % 5, second=0, microsecond=0).time()


def _uuid(text: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(text or "")
    except ValueError:
        return None


LIST_LIMIT = 300


@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    activities = access.activities_for_user(request.user)
    today = clock.today()
    own_only = list_reach(principal_for(request.user), "activity") is Reach.SELF
    form = FigureFilter(
        request.GET or None,
        officers=Officer.objects.none()
        if own_only
        else Officer.objects.filter(pk__in=activities.values("officer_id")),
        schools=access.schools_for_user(request.user),
    )
    month = ""
    if form.is_valid():
        month = form.cleaned_data["month"]
        if form.cleaned_data.get("officer") is not None:
            activities = activities.filter(officer=form.cleaned_data["officer"])
        if form.cleaned_data["school"] is not None:
            activities = activities.filter(school=form.cleaned_data["school"])
    first, last = queries.month_bounds(month, today)
    shown = activities.filter(on__range=(first, last)).order_by("-on", "-start_time")
    figures = queries.time_by_duty(shown, breakdowns=False)
    return render(
        request,
        "activity/activity_list.html",
        {
            "nav": access.nav(request.user),
            "form": form,
            "activities": shown[:LIST_LIMIT],
            "limited": figures.total.activities > LIST_LIMIT,
            "limit": LIST_LIMIT,
            "month": f"{first:%Y-%m}",
            "month_label": f"{first:%B %Y}",
            "previous": queries.month_of(first - dt.timedelta(days=1)),
            "following": queries.month_of(last + dt.timedelta(days=1)),
            "figures": figures,
            "may_log": can_write(request.user, "activity"),
            "may_refer": can_write(request.user, "support_referral"),
            "own_only": own_only,
        },
        status=200 if form.is_valid() or not request.GET else 422,
    )


def _form_page(request: HttpRequest, activity: Activity | None) -> HttpResponse:
    user = request.user
    today = clock.today()
    officers = access.officers_for_user(user)
    own = principal_for(user).officer_id
    officer = activity.officer if activity else (officers.filter(pk=own).first() if own else None)
    restricted_kinds, why = _restricted_kinds(officer, today)
    initial: dict[str, Any] = {}
    if activity is None:
        initial = {"on": today, "start_time": _now_rounded(), "students": 0}
        if officer is not None:
            schools = facts.current_school_ids(officer, today)
            initial["school"] = schools[0] if schools else None
            initial["officer"] = officer.pk
        if request.GET.get("kind") in KINDS:
            initial["kind"] = request.GET["kind"]
        lesson_id = _uuid(request.GET.get("lesson"))
        lesson = access.lessons_for_user(user).filter(pk=lesson_id).first() if lesson_id else None
        if lesson is not None:
            initial.update(lesson=lesson.pk, topic=lesson.title, minutes=lesson.minutes)

    def make_form(data: Any) -> ActivityForm:
        return ActivityForm(
            data,
            instance=activity,
            initial=initial,
            officers=officers,
            schools=access.schools_for_user(user),
            lessons=access.lessons_for_user(user).filter(active=True),
            restricted_kinds=restricted_kinds,
        )

    form = make_form(request.POST or None)
    conflict = None
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)

        def save() -> Activity:
            access.enforce_new(user, saved)
            services.log_activity(saved, actor=user, as_of=today)
            return saved

        try:
            done, shown, conflict = save_guarded(request, activity, save, make_form)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if done is not None:
                messages.success(
                    request,
                    f"Logged: {saved.get_kind_display()}, {saved.minutes} min, "
                    f"duty ({saved.clause}).",
                )
                return redirect("activity:list" if activity is None else saved.get_absolute_url())
            form = shown
    return render(
        request,
        "activity/activity_form.html",
        {
            "form": form,
            "activity": activity,
            "restricted_kinds": restricted_kinds,
            "restricted_why": why,
            "kinds": KINDS,
            "conflict": conflict,
        },
        status=form_status(request, conflict),
    )


@login_required
def activity_new(request: HttpRequest) -> HttpResponse:
    require_list(request.user, "activity", write=True)
    return _form_page(request, None)


@login_required
def activity_edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    return _form_page(request, access.get_activity(request.user, pk, write=True))


@login_required
def activity_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    activity = access.get_activity(request.user, pk)
    referral = getattr(activity, "referral", None) if activity.kind == "support_referral" else None
    return render(
        request,
        "activity/activity_detail.html",
        {
            "activity": activity,
            "referral": referral,
            "may_edit": may_write(request.user, activity.pk, access.get_activity),
        },
    )


@login_required
@require_POST
def activity_remove(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    activity = access.get_activity(request.user, pk, write=True)
    label = str(activity)
    try:
        services.remove_activity(activity, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(activity.get_absolute_url())
    messages.success(request, f"Removed: {label}.")
    return redirect("activity:list")


@login_required
def time_by_duty(request: HttpRequest) -> HttpResponse:
    """Hours and counts by duty clause and kind for a month, an officer, a school."""
    qs = access.figure_activities_for_user(request.user)
    p = principal_for(request.user)
    reach = list_reach(p, "activity_figures")
    officer_ids = qs.values("officer_id")
    officers = Officer.objects.filter(pk__in=officer_ids) if reach is not Reach.SELF else None
    school_ids = qs.exclude(school=None).values("school_id")
    schools = access.schools_for_user(request.user).filter(pk__in=school_ids)
    form = FigureFilter(
        request.GET or None,
        officers=officers if officers is not None else Officer.objects.none(),
        schools=schools,
    )
    today = clock.today()
    month = queries.month_of(today)
    if form.is_valid():
        month = form.cleaned_data["month"] or month
        if form.cleaned_data.get("officer") is not None:
            qs = qs.filter(officer=form.cleaned_data["officer"])
        if form.cleaned_data["school"] is not None:
            qs = qs.filter(school=form.cleaned_data["school"])
    first, last = queries.month_bounds(month, today)
    figures = queries.time_by_duty(qs.filter(on__range=(first, last)))
    if request.GET.get("format") == "csv" and form.is_valid():
        return _figures_csv(figures, f"{first:%Y-%m}")
    return render(
        request,
        "activity/time_by_duty.html",
        {
            "nav": access.nav(request.user),
            "form": form,
            "figures": figures,
            "chart": figures.chart,
            "month_label": f"{first:%B %Y}",
            "clauses": range(1, 8),
            "show_officers": reach is not Reach.SELF,
            "csv_query": _with_csv(request),
        },
        status=200 if form.is_valid() or not request.GET else 422,
    )


def _with_csv(request: HttpRequest) -> str:
    query = request.GET.copy()
    query["format"] = "csv"
    return query.urlencode()


def _figures_csv(figures: queries.TimeByDuty, month: str) -> HttpResponse:
    """The page's figures as CSV: one row per duty clause, then one per kind of work."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = disposition(f"time-by-duty-{month}.csv")
    writer = csvcells.writer(response)
    writer.writerow(["month", "group", "key", "label", "hours", "activities", "students"])
    for group, lines in (("clause", figures.by_clause), ("kind", figures.by_kind)):
        for line in [*lines, figures.total] if group == "kind" else lines:
            key = "all" if line is figures.total else line.key
            row = [month, group, key, line.label, line.hours, line.activities, line.students]
            writer.writerow(row)
    return response
