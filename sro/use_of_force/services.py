"""Every write to force reports and their review, intervention reports, the BCA months and
early-intervention alerts: one transaction each, with its audit events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError

from sro.audittrail.services import audited, record_event, save_audited
from sro.core import clock
from sro.use_of_force import review
from sro.use_of_force.facts import finding_for
from sro.use_of_force.models import (
    BcaSubmission,
    EarlyInterventionAlert,
    ForceReport,
    ForceReviewStep,
    ForceType,
    InterventionReport,
    ReportStatus,
    ReviewLevel,
)

PRIVATE_FIELDS = frozenset(
    {"narrative", "injury_description", "education_plan_note", "considerations", "aid_by"}
)


def _locked(report: ForceReport) -> None:
    if not report.editable:
        raise ValidationError(
            "This report is under review or approved: it changes only after it is returned."
        )


@audited
def save_report(
    report: ForceReport, *, actor: Any, force_used: Iterable[ForceType] | None = None
) -> ForceReport:
    """Create or change a draft or returned report (refused when it cannot be true:
    `ForceReport.clean`)."""
    report.clean()
    if report._state.adding:
        report.status = ReportStatus.DRAFT
        report.created_by = actor
    else:
        _locked(ForceReport.objects.get(pk=report.pk))
    m2m: dict[str, Iterable[Any]] | None = (
        {"force_used": list(force_used)} if force_used is not None else None
    )
    save_audited(report, actor=actor, noun="force_report", m2m=m2m, private=PRIVATE_FIELDS)
    return report


def _step(
    report: ForceReport,
    level: str,
    action: str,
    *,
    actor: Any,
    comment: str,
    as_supervisor: bool = False,
    single_level: bool = False,
    reason: str = "",
) -> None:
    old = ForceReport.objects.get(pk=report.pk).status
    report.save()
    ForceReviewStep.objects.create(
        report=report,
        level=level,
        action=action,
        by=actor,
        at=clock.now(),
        comment=comment,
        as_supervisor=as_supervisor,
        single_level=single_level,
        reason=reason,
    )
    new: dict[str, Any] = {"status": report.status}
    if as_supervisor:
        new["as_supervisor"] = True
    if single_level:
        new["single_level"] = True
    record_event(
        actor=actor,
        action=f"force_report.{action}",
        target=report,
        old={"status": old},
        new=new,
        reason="\n".join(part for part in (reason, comment) if part),
    )


@audited
def submit_report(report: ForceReport, *, actor: Any) -> ForceReport:
    """Send the report to the sergeant; refused while an answer the policy asks is missing."""
    _locked(report)
    problems = [f"{r.message} ({r.citation})" for r in finding_for(report).missing]
    if not report.narrative.strip():
        problems.insert(0, "Write what happened before submitting.")
    if problems:
        raise ValidationError(problems)
    report.status = ReportStatus.SUBMITTED
    report.submitted_by, report.submitted_at = actor, clock.now()
    _step(report, ReviewLevel.OFFICER, "submitted", actor=actor, comment="")
    return report


SUPERVISOR_NEEDED = (
    "This report waits for a sergeant's review. As chief you give it only as supervisor: choose "
    "“review as supervisor” and write why."
)
SINGLE_LEVEL_NEEDED = (
    "You gave the sergeant's review of this report as supervisor: another chief-level reviewer "
    "gives the chief's review, or record it as a single-level review and write why."
)


@audited
def review_report(
    report: ForceReport,
    *,
    actor: Any,
    level: str,
    approve: bool,
    comment: str,
    as_supervisor: bool = False,
    single_level: bool = False,
    reason: str = "",
) -> ForceReport:
    """The sergeant forwards the report to the chief or returns it; the chief approves it or
    returns it. Returning needs a comment. Who may give which review is
    `review.option_for` (`sro.rules.force_review`): two levels by two people, nobody reviewing
    a report they wrote or submitted, the chief giving the sergeant's review only as
    supervisor and then the chief's only as a single-level review, each with its reason."""
    # The row is locked so that two reviews given at once cannot both pass the check.
    current = (
        ForceReport.objects.select_for_update(of=("self",))
        .select_related("officer", "incident")
        .get(pk=report.pk)
    )
    option = review.option_for(actor, current)
    name = "the chief's" if level == ReviewLevel.CHIEF else "the sergeant's"
    if option.level != level:
        raise ValidationError(f"This report is not waiting for {name} review.")
    if not option.allowed:
        raise ValidationError(option.message)
    if not approve and not comment.strip():
        raise ValidationError({"comment": "Say what needs to change before returning it."})
    reason = reason.strip()
    if option.as_supervisor != as_supervisor:
        raise ValidationError(
            {"as_supervisor": SUPERVISOR_NEEDED}
            if option.as_supervisor
            else {"as_supervisor": "Only the chief reviews as supervisor, at the sergeant's step."}
        )
    if option.single_level != single_level:
        raise ValidationError(
            {"single_level": SINGLE_LEVEL_NEEDED}
            if option.single_level
            else {
                "single_level": "A single-level review is only for the chief who gave the "
                "sergeant's review as supervisor."
            }
        )
    if (as_supervisor or single_level) and not reason:
        what = "as supervisor" if as_supervisor else "as a single-level review"
        raise ValidationError({"reason": f"Write why you give this review {what}."})
    if not (as_supervisor or single_level):
        reason = ""
    if not approve:
        report.status, action = ReportStatus.RETURNED, "returned"
    elif level == ReviewLevel.SERGEANT:
        report.status, action = ReportStatus.SERGEANT_REVIEWED, "forwarded"
    else:
        report.status, action = ReportStatus.APPROVED, "approved"
    _step(
        report,
        level,
        action,
        actor=actor,
        comment=comment.strip(),
        as_supervisor=as_supervisor,
        single_level=single_level,
        reason=reason,
    )
    return report


@audited
def save_intervention(report: InterventionReport, *, actor: Any) -> InterventionReport:
    """Open or complete a report under the duty to intercede and report (626.8475); filing the
    written statement stamps the time it reached the chief."""
    if report._state.adding:
        report.created_by = actor
    else:
        before = InterventionReport.objects.get(pk=report.pk)
        if before.reported_at is not None:
            raise ValidationError("A filed report does not change; file a new one to add to it.")
    if report.observed_at > clock.now():
        raise ValidationError({"observed_at": "The time observed is in the future."})
    if report.statement.strip() and report.reported_at is None:
        report.reported_at = clock.now()
    save_audited(report, actor=actor, noun="intervention_report", private={"statement"})
    return report


@audited
def record_bca_submission(submission: BcaSubmission, *, actor: Any) -> BcaSubmission:
    """Record that the month's report (or its zero report) went to the BCA, on the day given
    and with the state's reference or a note: once a month, no zero report for a month with
    reportable force, and who recorded it and when (the audit trail keeps it too)."""
    from sro.use_of_force.oversight import check_bca_submission  # oversight reads use services

    check_bca_submission(submission)
    submission.submitted_by = actor
    submission.submitted_at = clock.now()
    save_audited(submission, actor=actor, noun="bca_submission")
    return submission


@audited
def raise_alert(
    *, actor: Any, officer: Any, window: tuple[dt.date, dt.date], reasons: str
) -> EarlyInterventionAlert | None:
    """Open an alert for the officer unless one for the same day exists."""
    existing = EarlyInterventionAlert.objects.filter(officer=officer, window_end=window[1])
    if existing.exists():
        record_event(
            actor=actor,
            action="early_intervention.already_raised",
            target=existing.first(),
        )
        return None
    alert = EarlyInterventionAlert(
        officer=officer,
        window_start=window[0],
        window_end=window[1],
        reasons=reasons,
        raised_at=clock.now(),
    )
    save_audited(alert, actor=actor, noun="early_intervention")
    return alert


@audited
def review_alert(
    alert: EarlyInterventionAlert, *, actor: Any, outcome: str
) -> EarlyInterventionAlert:
    if alert.reviewed_at is not None:
        raise ValidationError("This alert is already reviewed.")
    if not outcome.strip():
        raise ValidationError({"outcome": "Record what the review found and what follows."})
    alert.reviewed_by, alert.reviewed_at, alert.outcome = actor, clock.now(), outcome.strip()
    save_audited(alert, actor=actor, action="early_intervention.review")
    return alert


@audited
def save_force_type(force_type: ForceType, *, actor: Any) -> ForceType:
    save_audited(force_type, actor=actor, noun="force_type")
    return force_type
