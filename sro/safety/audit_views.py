"""Security audit pages (policy 436.3): the audits a user may see, starting one, choosing the
officer who conducts it (clause (5) of Minn. Stat. 626.8482, subd. 2(a)), walking the building
area by area on a phone, findings with their recommendations, completion and the report for the
principal, and the school's progress on the recommendations. Audits and their photos are
security information (Minn. Stat. 13.37, subd. 1(a)): every page goes through the access helpers.
Each view: access helper, validate, one service call, render or redirect."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from itertools import groupby
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from sro.accounts.principal import principal_for
from sro.core import clock
from sro.core.downloads import serve_upload
from sro.core.forms import add_service_error
from sro.core.views import (
    can_write,
    disposition,
    flash_errors,
    form_status,
    local_next,
    may_write,
    save_guarded,
)
from sro.safety import access, facts, queries, report_pdf, services
from sro.safety.audit_forms import (
    AreaForm,
    AssignForm,
    CompleteForm,
    FindingForm,
    ProgressForm,
    RecommendationForm,
)
from sro.safety.models import (
    CLOSED_STATUSES,
    AuditStatus,
    Finding,
    Rating,
    SecurityAudit,
)
from sro.safety.report_pdf import area_number_of, areas_of

UNFINISHED = [AuditStatus.OPEN, AuditStatus.IN_PROGRESS]


def _back(request: HttpRequest) -> str:
    """Where a refused action returns: the page it was posted from, else the audit list."""
    return local_next(request, request.POST.get("next"), "safety:audit_list")


def _not_in_progress(request: HttpRequest, audit: SecurityAudit) -> HttpResponse:
    messages.error(
        request,
        f"This audit is {audit.get_status_display().lower()}: its checklist is walked, and "
        "findings are recorded, only while it is in progress.",
    )
    return redirect(audit)


# --- The audits ---------------------------------------------------------------------------------


def _startable(request: HttpRequest) -> list[tuple[Any, Any]]:
    """The schools the user may audit that need an audit (the rules' answer: never audited,
    overdue, or the next opened with the school year) and have none open or in progress, with
    the state of their last audit. A school whose audit for the school year is done and
    current is not offered: a second audit is started from its page with a reason."""
    if not can_write(request.user, "security_audit"):
        return []
    busy = SecurityAudit.objects.filter(status__in=UNFINISHED).values("school_id")
    schools = list(
        access.safety_schools_for_user(request.user, "security_audit").exclude(id__in=busy)
    )
    statuses = facts.audit_statuses([s.pk for s in schools], as_of=clock.today())
    return [(s, statuses[s.pk]) for s in schools if statuses[s.pk].needed]


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    audits = access.audits_for_user(request.user).annotate(
        total=Count("answers"), answered=Count("answers", filter=~Q(answers__rating=""))
    )
    schools = sorted({(a.school_id, a.school.name) for a in audits}, key=lambda s: s[1])
    status = request.GET.get("status", "")
    if status in AuditStatus.values:
        audits = audits.filter(status=status)
    school = request.GET.get("school", "")
    if school:
        audits = audits.filter(school_id__in=[s[0] for s in schools if str(s[0]) == school])
    listed = list(audits.order_by("school__name", "-due_on")[:300])
    dues = facts.audit_dues(listed, as_of=clock.today())
    return render(
        request,
        "safety/audit_list.html",
        {
            "rows": [(a, dues[a.pk]) for a in listed],
            "statuses": AuditStatus.choices,
            "status": status,
            "schools": schools,
            "school": school,
            "startable": _startable(request),
            "is_officer": principal_for(request.user).officer_id is not None,
            "assigns": can_write(request.user, "safety_assignment"),
            "today": clock.today(),
        },
    )


@login_required
@require_POST
def audit_start(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """Open the school's audit if none is open, and start walking it."""
    school = access.get_school(request.user, pk, "security_audit", write=True)
    walking = queries.audit_in_progress(school)
    if walking is not None:
        # A second tap (or a second officer) on "Start the audit": carry on with the one started.
        messages.info(
            request, f"The {walking.school_year} audit of {school.name} is already in progress."
        )
        return redirect(walking)
    try:
        audit = services.start_audit_now(
            school,
            actor=request.user,
            as_of=clock.today(),
            repeat_reason=request.POST.get("repeat_reason", ""),
        )
    except ValidationError as error:
        flash_errors(request, error)
        return redirect(_back(request))
    messages.success(
        request, f"Started the {audit.school_year} audit of {school.name}: walk each area."
    )
    return redirect(audit)


@login_required
@require_POST
def audit_open(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """Open the school's next audit so that a supervisor can choose who conducts it."""
    school = access.get_school(request.user, pk, "security_audit", write=True)
    try:
        audit = services.open_audit(
            school,
            actor=request.user,
            as_of=clock.today(),
            repeat_reason=request.POST.get("repeat_reason", ""),
        )
    except ValidationError as error:
        flash_errors(request, error)
        return redirect(_back(request))
    messages.success(request, f"Opened the {audit.school_year} audit of {school.name}.")
    if can_write(request.user, "safety_assignment"):
        return redirect("safety:audit_assign", pk=audit.pk)
    return redirect(audit)


@login_required
def audit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    audit = access.get_audit(request.user, pk)
    areas = areas_of(audit)
    can_edit = may_write(request.user, pk, access.get_audit)
    return render(
        request,
        "safety/audit_detail.html",
        {
            "audit": audit,
            "areas": areas,
            "answered": sum(a.answered for a in areas),
            "total": sum(a.total for a in areas),
            "resume": next((a.number for a in areas if a.answered < a.total), 1),
            "findings": audit.findings.select_related("answer").prefetch_related("recommendations"),
            "can_edit": can_edit,
            "can_assign": audit.status != AuditStatus.COMPLETED
            and can_write(request.user, "safety_assignment"),
            "problems": services.completion_problems(audit) if audit.editable else [],
            "due": facts.audit_due(audit, as_of=clock.today()),
        },
    )


@login_required
def audit_assign(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """Choose the officer who conducts the audit; a restricted officer only with an override."""
    audit = access.get_audit(request.user, pk)
    access.get_school(request.user, audit.school_id, "safety_assignment", write=True)
    today = clock.today()
    form = AssignForm(request.POST or None, audit=audit, as_of=today)
    if request.method == "POST" and form.is_valid():
        try:
            services.assign_audit(
                audit,
                form.cleaned_data["officer"],
                actor=request.user,
                override_reason=form.cleaned_data["override_reason"],
                as_of=today,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"{audit.officer} conducts the audit.")
            return redirect(audit)
    return render(
        request,
        "safety/audit_assign.html",
        {"audit": audit, "form": form},
        status=422 if request.method == "POST" else 200,
    )


# --- Walking the building, one area at a time ---------------------------------------------------


def _after_save(request: HttpRequest, audit: SecurityAudit, number: int, count: int) -> str:
    if "next" not in request.POST:
        return reverse("safety:audit_area", args=[audit.pk, number])
    if number < count:
        return reverse("safety:audit_area", args=[audit.pk, number + 1])
    return f"{audit.get_absolute_url()}#complete"


@login_required
def audit_area(request: HttpRequest, pk: uuid.UUID, number: int) -> HttpResponse:
    """The phone page: every item of area `number` rated, with notes and photos, saved at once."""
    posting = request.method == "POST"
    audit = access.get_audit(request.user, pk, write=posting)
    if not audit.editable:
        return _not_in_progress(request, audit)
    areas = areas_of(audit, with_related=True)
    if not 1 <= number <= len(areas):
        raise Http404("No such area in this audit.")
    area = areas[number - 1]
    can_edit = posting or may_write(request.user, pk, access.get_audit)
    form = None
    if can_edit:
        data = (request.POST, request.FILES) if posting else (None, None)
        form = AreaForm.for_answers(area.answers, *data)
    if posting and form is not None and form.is_valid():
        try:
            services.save_area_walk(audit, form.rows(), form.photos(), actor=request.user)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Saved area {number}, {area.name}.")
            return redirect(_after_save(request, audit, number, len(areas)))
    return render(
        request,
        "safety/audit_area.html",
        {
            "audit": audit,
            "area": area,
            "count": len(areas),
            "previous": number - 1 if number > 1 else None,
            "next": number + 1 if number < len(areas) else None,
            "form": form,
            "items": form.items() if form is not None else area.answers,
            "fails": Rating.FAILS,
        },
        status=422 if posting else 200,
    )


@login_required
def photo(request: HttpRequest, pk: uuid.UUID) -> FileResponse:
    """A photo, only to those who may see its audit. Inline (the audit pages embed it) only as
    the image type its bytes are; anything else goes as an opaque download."""
    photo = access.get_photo(request.user, pk)
    return serve_upload(
        photo.file,
        name=f"audit-photo-{photo.created_at:%Y-%m-%d}",
        fallback="audit-photo",
        expected=services.PHOTO_TYPES,
        inline_images=True,
    )


@login_required
@require_POST
def photo_remove(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    photo = access.get_photo(request.user, pk)
    answer = photo.answer
    access.get_audit(request.user, answer.audit_id, write=True)
    back = reverse("safety:audit_area", args=[answer.audit_id, area_number_of(answer)])
    try:
        services.remove_photo(photo, actor=request.user)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, f"Removed the photo from “{answer.prompt}”.")
    return redirect(f"{back}#item-{answer.pk}")


# --- Findings and recommendations ---------------------------------------------------------------


def _finding_back(finding: Finding) -> str:
    """After a finding is saved: back to its item on the walk, or to the audit's findings."""
    if finding.answer is not None:
        number = area_number_of(finding.answer)
        url = reverse("safety:audit_area", args=[finding.audit_id, number])
        return f"{url}#item-{finding.answer_id}"
    return f"{finding.audit.get_absolute_url()}#findings"


def _finding_page(
    request: HttpRequest,
    make_form: Callable[[Any], FindingForm],
    audit: SecurityAudit,
    finding: Finding | None,
) -> HttpResponse:
    form = make_form(request.POST or None)
    conflict = None
    if request.method == "POST" and form.is_valid():
        saved: Finding = form.save(commit=False)
        recommendation = form.recommendation()
        try:
            done, shown, conflict = save_guarded(
                request,
                finding,
                lambda: services.save_finding(
                    saved, actor=request.user, recommendation=recommendation
                ),
                make_form,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if conflict is None:
                messages.success(request, f"Saved the finding “{saved.title}”.")
                return redirect(_finding_back(saved))
            form = shown
    return render(
        request,
        "safety/audit_finding_form.html",
        {"form": form, "audit": audit, "finding": finding, "conflict": conflict},
        status=form_status(request, conflict),
    )


def _answer_initial(request: HttpRequest, audit: SecurityAudit) -> dict[str, Any]:
    """?answer=<uuid> links a new finding to that checklist item of the audit."""
    try:
        answer_pk = uuid.UUID(request.GET.get("answer", ""))
    except ValueError:
        return {}
    return {"answer": answer_pk} if audit.answers.filter(pk=answer_pk).exists() else {}


@login_required
def finding_new(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    audit = access.get_audit(request.user, pk, write=True)
    if not audit.editable:
        return _not_in_progress(request, audit)
    initial = _answer_initial(request, audit)
    return _finding_page(
        request, lambda data: FindingForm(data, audit=audit, initial=initial), audit, None
    )


@login_required
def finding_edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    finding = access.get_finding(request.user, pk, write=True)
    audit = finding.audit
    if not audit.editable:
        return _not_in_progress(request, audit)
    return _finding_page(
        request, lambda data: FindingForm(data, instance=finding, audit=audit), audit, finding
    )


@login_required
def recommendation_new(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    finding = access.get_finding(request.user, pk, write=True)
    if not finding.audit.editable:
        return _not_in_progress(request, finding.audit)
    form = RecommendationForm(request.POST or None)
    form.instance.finding = finding
    if request.method == "POST" and form.is_valid():
        try:
            services.save_recommendation(form.save(commit=False), actor=request.user)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Added a recommendation to “{finding.title}”.")
            return redirect(f"{finding.audit.get_absolute_url()}#finding-{finding.pk}")
    return render(
        request,
        "safety/recommendation_form.html",
        {"form": form, "finding": finding, "recommendation": None, "audit_url": True},
        status=422 if request.method == "POST" else 200,
    )


# --- Completion and the report ------------------------------------------------------------------


@login_required
def audit_complete(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    audit = access.get_audit(request.user, pk, write=True)
    if not audit.editable:
        return _not_in_progress(request, audit)
    form = CompleteForm(request.POST or None, initial={"summary": audit.summary})
    if request.method == "POST" and form.is_valid():
        try:
            services.complete_audit(
                audit,
                actor=request.user,
                summary=form.cleaned_data["summary"],
                as_of=clock.today(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Completed the audit. The report for the principal is ready.")
            return redirect(audit)
    return render(
        request,
        "safety/audit_complete.html",
        {"audit": audit, "form": form, "problems": services.completion_problems(audit)},
        status=422 if request.method == "POST" else 200,
    )


@login_required
def audit_pdf(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """The report for the principal: anyone who may see the audit may print it."""
    audit = access.get_audit(request.user, pk)
    response = HttpResponse(report_pdf.audit_pdf(audit), content_type="application/pdf")
    response["Content-Disposition"] = disposition(report_pdf.pdf_filename(audit))
    response["Cache-Control"] = "private, no-store"
    return response


# --- The school's progress on the recommendations -----------------------------------------------


@login_required
def recommendation_list(request: HttpRequest) -> HttpResponse:
    """Open recommendations (or all) by school, overdue ones marked: the principal's page."""
    recommendations = access.recommendations_for_user(request.user).select_related(
        "finding__audit__school"
    )
    show = "all" if request.GET.get("show") == "all" else "open"
    if show == "open":
        recommendations = recommendations.exclude(status__in=CLOSED_STATUSES)
    rows = recommendations.order_by("finding__audit__school__name", "due_on", "created_at")[:500]
    return render(
        request,
        "safety/recommendation_list.html",
        {
            "groups": [
                (school, list(recs))
                for school, recs in groupby(rows, key=lambda r: r.finding.audit.school)
            ],
            "show": show,
            "today": clock.today(),
            "can_edit": can_write(request.user, "recommendation"),
        },
    )


def _may_read_audit(user: Any, pk: uuid.UUID) -> bool:
    try:
        access.get_audit(user, pk)
    except (Http404, PermissionDenied):
        return False
    return True


@login_required
def recommendation_edit(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """Record the school's progress on a recommendation: in progress, done or not taken."""
    recommendation = access.get_recommendation(request.user, pk, write=True)

    def make_form(data: Any) -> ProgressForm:
        return ProgressForm(data, instance=recommendation)

    form = make_form(request.POST or None)
    conflict = None
    if request.method == "POST" and form.is_valid():
        unsaved = form.save(commit=False)
        try:
            _, shown, conflict = save_guarded(
                request,
                recommendation,
                lambda: services.save_recommendation(unsaved, actor=request.user),
                make_form,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if conflict is not None:
                form = shown
        if conflict is None and not form.errors:
            messages.success(
                request, f"Saved: {recommendation.get_status_display()}, “{recommendation}”."
            )
            return redirect("safety:recommendation_list")
    return render(
        request,
        "safety/recommendation_form.html",
        {
            "form": form,
            "finding": recommendation.finding,
            "recommendation": recommendation,
            "audit_url": _may_read_audit(request.user, recommendation.finding.audit_id),
            "conflict": conflict,
        },
        status=form_status(request, conflict),
    )
