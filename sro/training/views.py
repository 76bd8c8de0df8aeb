"""Pages for training compliance, course records and certificates, contact days and the SRO
policy with its reviews."""

from __future__ import annotations

import uuid
from collections import Counter
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sro.accounts.permissions import Reach, list_reach
from sro.accounts.principal import agency_id_of, principal_for
from sro.audittrail.services import note_export
from sro.core import clock
from sro.core.access import require_list
from sro.core.downloads import serve_upload
from sro.core.views import FormPage, can_write, disposition, flash_errors, may_write
from sro.roster.access import own_agency
from sro.roster.models import Agency, Officer
from sro.rules.dates import school_year_of
from sro.scheduling.plans import contact_days_through
from sro.training import access, exports, queries, services
from sro.training.forms import (
    CERTIFICATE_TYPES,
    AcknowledgeForm,
    CertificateForm,
    CompletionForm,
    ComplianceFilter,
    ImportForm,
    PolicyVersionForm,
)
from sro.training.models import PolicyVersion


def _filtered(request: HttpRequest) -> tuple[ComplianceFilter, list[queries.OfficerCompliance]]:
    rows = queries.compliance(
        access.officers_for_training(request.user).filter(active=True), as_of=clock.today()
    )
    form = ComplianceFilter(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        if data["status"]:
            rows = [r for r in rows if r.verdict.status == data["status"]]
        if data["may_serve"]:
            rows = [r for r in rows if r.verdict.may_serve == (data["may_serve"] == "yes")]
        if data["restricted"]:
            rows = [r for r in rows if r.restricted == (data["restricted"] == "yes")]
    return form, rows


@login_required
def compliance(request: HttpRequest) -> HttpResponse:
    form, rows = _filtered(request)
    counts = Counter(r.status_label for r in rows)
    return render(
        request,
        "training/compliance.html",
        {
            "form": form,
            "rows": rows,
            "counts": sorted(counts.items()),
            "today": clock.today(),
            "query": request.GET.urlencode(),
            "can_import": can_write(request.user, "training"),
        },
    )


@login_required
def compliance_csv(request: HttpRequest) -> HttpResponse:
    _, rows = _filtered(request)
    today = clock.today()
    response = HttpResponse(
        exports.compliance_csv(rows, as_of=today), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = disposition(f"sro-training-{today}.csv")
    note_export(
        actor=request.user,
        what="training.compliance",
        file_name=f"sro-training-{today}.csv",
        rows=len(rows),
    )
    return response


@login_required
def compliance_pdf(request: HttpRequest) -> HttpResponse:
    _, rows = _filtered(request)
    today = clock.today()
    pdf = exports.compliance_pdf(rows, as_of=today, agency_name=own_agency(request.user).name)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = disposition(f"sro-training-{today}.pdf")
    note_export(
        actor=request.user,
        what="training.compliance",
        file_name=f"sro-training-{today}.pdf",
        rows=len(rows),
    )
    return response


@login_required
def my_training(request: HttpRequest) -> HttpResponse:
    officer_id = principal_for(request.user).officer_id
    if officer_id is None:
        raise Http404("Your account is not linked to an officer.")
    return redirect("training:officer", pk=officer_id)


@login_required
def import_records(request: HttpRequest) -> HttpResponse:
    """The bulk path for course records (chief, sergeants): all rows checked, then all or none."""
    require_list(request.user, "training", write=True)
    posted = request.method == "POST"
    form = ImportForm(request.POST if posted else None, request.FILES if posted else None)
    refused: list[Any] = []
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        agency = Agency.objects.get(pk=agency_id_of(request.user))
        try:
            parsed = services.import_completions(
                agency, upload.read(), actor=request.user, source=upload.name, today=clock.today()
            )
        except services.ImportRefused as exc:
            refused = exc.errors
        else:
            messages.success(
                request,
                f"Added {len(parsed.rows)} course record(s); {parsed.already_on_file} already "
                f"on file and {parsed.repeated_in_file} repeated in the file were skipped.",
            )
            return redirect("training:compliance")
    return render(
        request,
        "training/import.html",
        {"form": form, "refused": refused[:200], "refused_count": len(refused)},
    )


@login_required
def officer_training(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    officer = access.get_officer_training_for_user(request.user, pk)
    can_edit = may_write(request.user, officer.pk, access.get_officer_training_for_user)
    return render(
        request,
        "training/officer.html",
        {
            "officer": officer,
            "row": queries.compliance_for(officer, as_of=clock.today()),
            "completions": officer.completions.all(),
            "reviews": officer.policy_reviews.select_related("policy_version"),
            "contact_days": contact_days_through(officer, clock.today()).get(
                school_year_of(clock.today()), 0
            ),
            "school_year": school_year_of(clock.today()),
            "can_edit": can_edit,
            "certificate_form": CertificateForm() if can_edit else None,
        },
    )


@login_required
def add_completion(request: HttpRequest, officer_pk: uuid.UUID) -> HttpResponse:
    """Record a course an officer completed, with its certificate if at hand."""
    officer = access.get_officer_training_for_user(request.user, officer_pk, write=True)
    form = CompletionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        completion = services.record_completion(
            officer,
            form.save(commit=False),
            actor=request.user,
            certificate=form.cleaned_data["certificate"],
        )
        messages.success(request, f"Saved {completion} for {officer.full_name}.")
        return redirect("training:officer", pk=officer.pk)
    return render(
        request,
        "training/completion_form.html",
        {"form": form, "officer": officer, "title": f"New course for {officer.full_name}"},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def upload_certificate(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    completion = access.get_completion_for_user(request.user, pk, write=True)
    form = CertificateForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors.get("certificate", []):
            messages.error(request, f"Certificate not saved: {error}")
        return redirect("training:officer", pk=completion.officer_id)
    services.attach_certificate(completion, form.cleaned_data["certificate"], actor=request.user)
    messages.success(request, f"Certificate saved for {completion}.")
    return redirect("training:officer", pk=completion.officer_id)


@login_required
def certificate(request: HttpRequest, pk: uuid.UUID) -> FileResponse:
    completion = access.get_completion_for_user(request.user, pk)
    if not completion.certificate:
        raise Http404("No certificate on file.")
    return serve_upload(
        completion.certificate,
        name=f"certificate-{completion.officer.badge_number}-{completion.completed_on}",
        fallback="certificate",
        expected=CERTIFICATE_TYPES,
    )


@login_required
def policy(request: HttpRequest) -> HttpResponse:
    """The current SRO policy to read, and to acknowledge for an officer who has not yet."""
    require_list(request.user, "policy")
    current = queries.current_policy(agency_id_of(request.user), clock.today())
    officer_id = principal_for(request.user).officer_id
    reviewed = None
    if current is not None and officer_id is not None:
        reviewed = current.reviews.filter(officer_id=officer_id).first()
    return render(
        request,
        "training/policy.html",
        {
            "policy": current,
            "reviewed": reviewed,
            "is_officer": officer_id is not None,
            "form": AcknowledgeForm(),
            "can_publish": can_write(request.user, "policy"),
        },
    )


@login_required
@require_POST
def acknowledge(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    version = access.get_policy_version_for_user(request.user, pk)
    officer_id = principal_for(request.user).officer_id
    if officer_id is None:
        raise PermissionDenied("Only an officer acknowledges the policy for themself.")
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        messages.error(request, str(form.errors["confirm"][0]))
        return redirect("training:policy")
    officer = Officer.objects.get(pk=officer_id)
    try:
        services.record_policy_review(
            officer, version, actor=request.user, reviewed_on=clock.today()
        )
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("training:policy")
    messages.success(request, f"Thank you. Your review of version {version.version} is recorded.")
    return redirect("training:policy")


@login_required
def policy_versions(request: HttpRequest) -> HttpResponse:
    versions = access.policy_versions_for_user(request.user)
    return render(
        request,
        "training/policy_versions.html",
        {
            "versions": versions,
            "can_create": can_write(request.user, "policy"),
        },
    )


@login_required
def policy_version(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    version = access.get_policy_version_for_user(request.user, pk)
    rows = queries.compliance(
        Officer.objects.filter(agency_id=version.agency_id, active=True), as_of=clock.today()
    )
    reviewed = {r.officer_id: r for r in version.reviews.all()}
    assigned = [
        (row.officer, reviewed.get(row.officer.pk))
        for row in rows
        if row.verdict.status != "not_assigned"
    ]
    return render(
        request,
        "training/policy_version.html",
        {
            "version": version,
            "assigned": assigned,
            "show_officers": list_reach(principal_for(request.user), "training") is Reach.AGENCY,
        },
    )


class PolicyVersionCreate(FormPage):
    form_class = PolicyVersionForm
    resource = "policy"
    get_for_user = access.get_policy_version_for_user
    noun = "policy version"
    list_url_name = "training:policy_versions"

    def save(self, request: HttpRequest, form: Any) -> PolicyVersion:
        return services.save_policy_version(form.save(commit=False), actor=request.user)
