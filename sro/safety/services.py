"""Every write to the safety records: one transaction each, with its audit events."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from sro.audittrail.services import audited, record_event, save_audited
from sro.core import clock, filecheck
from sro.roster.models import Agency, Officer
from sro.rules.dates import school_year_of
from sro.safety import facts
from sro.safety.checks import check_assignment, completion_problems
from sro.safety.default_checklist import DEFAULT_CHECKLIST
from sro.safety.models import (
    AuditAnswer,
    AuditPhoto,
    AuditStatus,
    ChecklistArea,
    ChecklistItem,
    Drill,
    Finding,
    PlanContribution,
    Rating,
    Recommendation,
    RecommendationStatus,
    SafetyPlan,
    SecurityAudit,
    SecurityEvent,
)
from sro.schools.models import School

# --- The checklist ------------------------------------------------------------------------------


@audited
def ensure_default_checklist(agency: Agency, *, actor: Any) -> int:
    """Give an agency without a checklist the default one; returns how many items were added."""
    if ChecklistArea.objects.filter(agency=agency).exists():
        record_event(actor=actor, action="checklist.kept", agency=agency)
        return 0
    added = 0
    for area_order, (name, source, items) in enumerate(DEFAULT_CHECKLIST, start=1):
        area = ChecklistArea(agency=agency, name=name, order=area_order * 10, source=source)
        area.full_clean()
        area.save()
        for order, (prompt, guidance) in enumerate(items, start=1):
            ChecklistItem.objects.create(
                area=area, prompt=prompt, guidance=guidance, order=order * 10
            )
            added += 1
    record_event(
        actor=actor, action="checklist.default_loaded", agency=agency, new={"items": added}
    )
    return added


@audited
def save_area(area: ChecklistArea, *, actor: Any) -> ChecklistArea:
    area.full_clean()
    return save_audited(area, actor=actor, noun="checklist_area")


@audited
def save_item(item: ChecklistItem, *, actor: Any) -> ChecklistItem:
    item.full_clean()
    return save_audited(item, actor=actor, noun="checklist_item")


# --- Who may be given clause (4) and (5) duties -------------------------------------------------


# --- The yearly security audit ------------------------------------------------------------------


def _unfinished(school: School) -> SecurityAudit | None:
    return SecurityAudit.objects.filter(school=school).exclude(status=AuditStatus.COMPLETED).first()


def _repeat_refusal(school: School, status: Any, as_of: dt.date) -> str:
    """Why a school whose audit for the school year is done and current gets no other audit
    without a stated reason."""
    return (
        f"The {school_year_of(as_of)} security audit of {school.name} is done and current: "
        f"{status.reason.message} One audit a school year is the rule (policy 436.3): to audit "
        "the school again, give the reason for a second audit this school year."
    )


@audited
def open_audit(
    school: School, *, actor: Any, as_of: dt.date, repeat_reason: str = ""
) -> SecurityAudit:
    """Open the school's next audit (status "open"), due when the rules say it is. A school
    the rules say needs no audit (its audit for the school year is done and current) gets a
    second one only with a stated reason, kept with the audit and in its event."""
    if _unfinished(school) is not None:
        raise ValidationError("This school already has an audit open or in progress.")
    status = facts.audit_status_for(school, as_of=as_of)
    repeat_reason = repeat_reason.strip()
    if status.needed:
        repeat_reason = ""
    elif not repeat_reason:
        raise ValidationError({"repeat_reason": _repeat_refusal(school, status, as_of)})
    audit = SecurityAudit(
        school=school,
        school_year=school_year_of(as_of),
        status=AuditStatus.OPEN,
        due_on=status.due_on if status.due_on and status.due_on >= as_of else as_of,
        repeat_reason=repeat_reason,
    )
    if repeat_reason:
        return save_audited(
            audit,
            actor=actor,
            action="security_audit.repeat",
            reason=f"Second audit this school year: {repeat_reason}",
        )
    return save_audited(audit, actor=actor, noun="security_audit", reason=status.reason.message)


@audited
def open_due_audits(
    *, actor: Any, as_of: dt.date, agency: Agency | None = None
) -> list[SecurityAudit]:
    """A new school year opens the next audit: every active school whose next audit may begin
    (or which was never audited, or is overdue) and has none open gets one."""
    schools = School.objects.filter(active=True).select_related("education_agency")
    if agency is not None:
        schools = schools.filter(education_agency__agency=agency)
    busy = set(
        SecurityAudit.objects.exclude(status=AuditStatus.COMPLETED).values_list(
            "school_id", flat=True
        )
    )
    candidates = [s for s in schools if s.pk not in busy]
    statuses = facts.audit_statuses([s.pk for s in candidates], as_of=as_of)
    opened = []
    for school in candidates:
        if statuses[school.pk].needed:
            opened.append(open_audit(school, actor=actor, as_of=as_of))
    record_event(
        actor=actor,
        action="security_audit.open_due",
        agency=agency,
        new={"opened": len(opened), "as_of": as_of.isoformat()},
    )
    return opened


@audited
def assign_audit(
    audit: SecurityAudit,
    officer: Officer | None,
    *,
    actor: Any,
    override_reason: str,
    as_of: dt.date,
) -> SecurityAudit:
    """Name the officer who conducts the audit (clause (5)); a restricted officer only on a
    supervisor's override with a reason, which is kept with the audit and in the trail."""
    if audit.status == AuditStatus.COMPLETED:
        raise ValidationError("A completed audit keeps the officer who conducted it.")
    if officer is not None and officer.agency_id != audit.school.audit_agency_id:
        raise ValidationError({"officer": "Choose an officer of this department."})
    verdict = check_assignment(
        officer, "audit", override_reason=override_reason, actor=actor, as_of=as_of
    )
    audit.officer = officer
    overridden = verdict is not None and verdict.overridden
    audit.override_reason = override_reason.strip() if overridden else ""
    audit.override_by = actor if overridden else None
    return save_audited(
        audit,
        actor=actor,
        action="security_audit.override" if overridden else "security_audit.assign",
        reason=verdict.reason.message if verdict else "",
    )


def _snapshot_checklist(audit: SecurityAudit) -> int:
    agency_id = audit.school.audit_agency_id
    items = ChecklistItem.objects.filter(
        area__agency_id=agency_id, area__active=True, active=True
    ).select_related("area")
    answers = [
        AuditAnswer(
            audit=audit,
            item=item,
            area=item.area.name,
            area_order=item.area.order,
            prompt=item.prompt,
            guidance=item.guidance,
            order=item.order,
        )
        for item in items
    ]
    for answer in answers:
        answer.save()
    return len(answers)


@audited
def start_audit(audit: SecurityAudit, *, actor: Any, as_of: dt.date) -> SecurityAudit:
    """Begin walking the building: the checklist as it stands today is copied into the audit.
    An SRO who starts an unassigned audit conducts it (and must not be restricted)."""
    if audit.status != AuditStatus.OPEN:
        raise ValidationError("This audit has already been started.")
    if audit.officer is None:
        actor_id = getattr(actor, "pk", None)
        own = Officer.objects.filter(user_id=actor_id).first() if actor_id else None
        if own is None:
            raise ValidationError(
                {"officer": "Choose the officer who conducts the audit before starting it."}
            )
        check_assignment(own, "audit", override_reason="", actor=actor, as_of=as_of)
        audit.officer = own
    ensure_default_checklist(audit.school.education_agency.agency, actor=actor)
    audit.status = AuditStatus.IN_PROGRESS
    audit.started_by, audit.started_at = actor, clock.now()
    save_audited(audit, actor=actor, action="security_audit.start")
    _snapshot_checklist(audit)
    return audit


@audited
def start_audit_now(
    school: School, *, actor: Any, as_of: dt.date, repeat_reason: str = ""
) -> SecurityAudit:
    """Open (when none is open) and start the school's audit in one step; a second audit in a
    school year whose audit is done and current needs `repeat_reason` (see `open_audit`). An
    audit already in progress is refused here (the view sends the walker to it): a service
    that changes nothing writes no event."""
    audit = _unfinished(school) or open_audit(
        school, actor=actor, as_of=as_of, repeat_reason=repeat_reason
    )
    return start_audit(audit, actor=actor, as_of=as_of)


def _editable(audit: SecurityAudit) -> None:
    if audit.status != AuditStatus.IN_PROGRESS:
        raise ValidationError("Only an audit in progress can be changed.")


@audited
def save_answers(
    audit: SecurityAudit, rows: Sequence[tuple[AuditAnswer, str, str]], *, actor: Any
) -> int:
    """Save ratings and notes for several items at once (one area of the walk): all or none."""
    _editable(audit)
    errors: dict[str, str] = {}
    valid = set(Rating.values)
    for answer, rating, _notes in rows:
        if answer.audit_id != audit.pk:
            raise ValidationError("An answer from another audit was sent.")
        if rating and rating not in valid:
            errors[f"rating_{answer.pk}"] = f"Choose one of the ratings for “{answer.prompt}”."
    if errors:
        raise ValidationError(errors)
    saved = 0
    now = clock.now()
    for answer, rating, notes in rows:
        if answer.rating == rating and answer.notes == notes.strip():
            continue
        answer.rating, answer.notes = rating, notes.strip()
        answer.answered_by, answer.answered_at = actor, now
        save_audited(answer, actor=actor, noun="audit_answer")
        saved += 1
    if not saved:
        record_event(actor=actor, action="audit_answer.unchanged", target=audit)
    return saved


PHOTO_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


@audited
def add_photo(
    answer: AuditAnswer, *, upload: UploadedFile, content_type: str, caption: str, actor: Any
) -> AuditPhoto:
    _editable(answer.audit)
    if content_type not in PHOTO_TYPES:
        raise ValidationError({"photo": "Attach a JPEG, PNG or WebP photo."})
    photo = AuditPhoto(
        answer=answer,
        content_type=content_type,
        size=upload.size or 0,
        caption=caption.strip(),
        uploaded_by=actor,
    )
    upload.name = f"photo.{PHOTO_TYPES[content_type]}"
    photo.file = upload
    save_audited(photo, actor=actor, noun="audit_photo")
    return photo


@audited
def save_area_walk(
    audit: SecurityAudit,
    rows: Sequence[tuple[AuditAnswer, str, str]],
    photos: Iterable[tuple[AuditAnswer, UploadedFile, str]],
    *,
    actor: Any,
) -> int:
    """One area of the walk: its ratings and notes and the photos taken, all or none."""
    saved = save_answers(audit, rows, actor=actor)
    for answer, upload, caption in photos:
        add_photo(
            answer,
            upload=upload,
            content_type=upload.content_type or "",
            caption=caption,
            actor=actor,
        )
    return saved


@audited
def remove_photo(photo: AuditPhoto, *, actor: Any) -> None:
    _editable(photo.answer.audit)
    record_event(actor=actor, action="audit_photo.remove", target=photo)
    stored = photo.file.name
    storage = photo.file.storage
    photo.delete()
    if stored:
        # Only once the removal is committed: a rolled-back removal keeps its photo.
        transaction.on_commit(lambda: storage.delete(stored))


@audited
def save_finding(
    finding: Finding, *, actor: Any, recommendation: Recommendation | None = None
) -> Finding:
    """Record a finding (and, optionally, its first recommendation) on an audit in progress."""
    _editable(finding.audit)
    if finding.answer is not None and finding.answer.audit_id != finding.audit_id:
        raise ValidationError({"answer": "Choose an item of this audit."})
    finding.full_clean()
    save_audited(finding, actor=actor, noun="finding")
    if recommendation is not None:
        recommendation.finding = finding
        save_recommendation(recommendation, actor=actor)
    return finding


@audited
def save_recommendation(rec: Recommendation, *, actor: Any) -> Recommendation:
    """Create a recommendation or record its progress; closing it stamps the day."""
    if rec._state.adding and rec.finding.audit.status == AuditStatus.COMPLETED:
        raise ValidationError("Recommendations are added while the audit is in progress.")
    if rec.status in (RecommendationStatus.CLOSED, RecommendationStatus.DECLINED):
        rec.closed_on = rec.closed_on or clock.today()
        if rec.status == RecommendationStatus.DECLINED and not rec.status_note.strip():
            raise ValidationError({"status_note": "Say why the recommendation is not being taken."})
    else:
        rec.closed_on = None
    rec.full_clean(exclude=["finding"])
    return save_audited(rec, actor=actor, noun="recommendation")


@audited
def complete_audit(
    audit: SecurityAudit, *, actor: Any, summary: str, as_of: dt.date
) -> SecurityAudit:
    """Complete the audit: every item rated, every failed item a finding, every finding a
    recommendation. The completion day starts the next year's clock (policy 436.3)."""
    _editable(audit)
    problems = completion_problems(audit)
    if problems:
        raise ValidationError(problems)
    audit.summary = summary.strip()
    audit.status = AuditStatus.COMPLETED
    audit.completed_by, audit.completed_at, audit.completed_on = actor, clock.now(), as_of
    return save_audited(audit, actor=actor, action="security_audit.complete")


# --- Safety plans, drills and events ------------------------------------------------------------


@audited
def save_plan(plan: SafetyPlan, *, actor: Any, upload: UploadedFile | None = None) -> SafetyPlan:
    """Record the plan's dates; the plan itself is kept only when the school attaches it."""
    if upload is not None:
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        plan.file_name = (upload.name or "plan")[:255]
        # Stored under the extension of what the content is (checked by the form), never the
        # uploader's name: a PDF named "x.html" is kept as a .pdf.
        checked = filecheck.sniff_file(upload) or filecheck.UNKNOWN
        upload.name = f"plan.{filecheck.EXTENSIONS[checked]}"
        plan.file = upload
        plan.attached_by = actor
    plan.full_clean(exclude=["file"])
    return save_audited(plan, actor=actor, noun="safety_plan")


@audited
def add_contribution(contribution: PlanContribution, *, actor: Any) -> PlanContribution:
    if contribution.contributed_on > clock.today():
        raise ValidationError({"contributed_on": "Record a contribution once it is made."})
    contribution.full_clean()
    return save_audited(contribution, actor=actor, noun="plan_contribution")


@audited
def record_drill(drill: Drill, *, actor: Any, as_of: dt.date) -> Drill:
    """Record a drill. Advice given by a restricted officer (clause (4)) needs a supervisor's
    override with a reason; observing alone is not advising."""
    if drill.held_on > as_of:
        raise ValidationError({"held_on": "Record a drill once it has been held."})
    if drill.officer is not None and drill.officer.agency_id != drill.school.audit_agency_id:
        raise ValidationError({"officer": "Choose an officer of this department."})
    if drill.advice.strip() and drill.officer is None:
        raise ValidationError({"officer": "Name the officer who gave the advice."})
    verdict = None
    if drill.advice.strip():
        verdict = check_assignment(
            drill.officer,
            "drill_advice",
            override_reason=drill.override_reason,
            actor=actor,
            as_of=drill.held_on,  # whether they could advise on the day of the drill
        )
    if verdict is None or not verdict.overridden:
        drill.override_reason = ""
    drill.school_year = school_year_of(drill.held_on)
    drill.full_clean()
    return save_audited(
        drill,
        actor=actor,
        noun="drill",
        reason=verdict.reason.message if verdict and verdict.overridden else "",
    )


@audited
def remove_drill(drill: Drill, *, actor: Any) -> None:
    record_event(
        actor=actor, action="drill.remove", target=drill, old={"held_on": str(drill.held_on)}
    )
    drill.delete()


@audited
def save_event(event: SecurityEvent, *, actor: Any, officers: Iterable[Officer]) -> SecurityEvent:
    chosen = list(officers)
    agency_id = event.school.audit_agency_id
    if any(o.agency_id != agency_id for o in chosen):
        raise ValidationError({"officers": "Choose officers of this department."})
    event.full_clean()
    return save_audited(event, actor=actor, noun="security_event", m2m={"officers": chosen})
