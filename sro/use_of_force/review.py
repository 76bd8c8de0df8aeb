"""Which review of a force report a person may give now: the one owner of that answer. The
review form, the service that records a review, the API, the report list and the home cards all
ask `option_for` (or `waiting_for`, which asks it for many reports at once); the rule itself is
`sro.rules.force_review`.

The facts come from the report and its history: who created it, who submitted it (every
submission, as a returned report may be submitted again by someone else), who changed it (the
audit trail's create and update events, the record of every write), the reporting officer's
user, and who gave the sergeant's review the report now carries."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from sro.accounts.models import Membership, Role
from sro.accounts.principal import agency_id_of, principal_for
from sro.audittrail.models import AuditEvent
from sro.rules.force_review import ReviewFacts, ReviewOption, review_option
from sro.use_of_force import access
from sro.use_of_force.models import ForceReport, ForceReviewStep, ReportStatus, ReviewLevel

IN_REVIEW = (ReportStatus.SUBMITTED, ReportStatus.SERGEANT_REVIEWED)
WRITES = ("force_report.create", "force_report.update")
NOT_ALLOWED = ReviewOption(
    None, False, refusal="role", message="Your role does not review force reports."
)


def _editors(report_ids: Iterable[uuid.UUID]) -> dict[str, set[str]]:
    """Report id -> ids of the users who created or changed it, from the audit trail."""
    found: dict[str, set[str]] = defaultdict(set)
    rows = AuditEvent.objects.filter(
        target_type=ForceReport._meta.label_lower,
        target_id__in=[str(pk) for pk in report_ids],
        action__in=WRITES,
        actor__isnull=False,
    ).values_list("target_id", "actor_id")
    for target_id, actor_id in rows:
        found[target_id].add(str(actor_id))
    return found


def _facts(report: ForceReport, steps: list[ForceReviewStep], editors: set[str]) -> ReviewFacts:
    writers = {str(report.created_by_id), *editors}
    submitters = {str(report.submitted_by_id)} if report.submitted_by_id else set()
    sergeant_review_by: str | None = None
    for step in steps:  # oldest first
        if step.action == "submitted":
            submitters.add(str(step.by_id))
        if step.level == ReviewLevel.SERGEANT:
            sergeant_review_by = str(step.by_id) if step.action == "forwarded" else None
        elif step.level == ReviewLevel.OFFICER:
            sergeant_review_by = None
    if report.status != ReportStatus.SERGEANT_REVIEWED:
        sergeant_review_by = None
    return ReviewFacts(
        status=str(report.status),
        officer=str(report.officer.user_id) if report.officer.user_id else None,
        writers=frozenset(writers),
        submitters=frozenset(submitters),
        sergeant_review_by=sergeant_review_by,
    )


def facts_for(report: ForceReport) -> ReviewFacts:
    steps = list(ForceReviewStep.objects.filter(report=report).order_by("at", "created_at"))
    return _facts(report, steps, _editors([report.pk]).get(str(report.pk), set()))


def _decide(user: Any, report: ForceReport, facts: ReviewFacts) -> ReviewOption:
    if not access.may_review(user, report):
        return NOT_ALLOWED
    role = principal_for(user).role
    return review_option(facts, person=str(user.pk), role=str(role) if role else None)


def option_for(user: Any, report: ForceReport) -> ReviewOption:
    """What ``user`` may do with ``report`` now (the caller has checked it may see it)."""
    return _decide(user, report, facts_for(report))


@dataclass(frozen=True)
class Pending:
    """A report under review, what the reader may do with it, and whether any sergeant of the
    agency may give its sergeant's review (none may when every sergeant wrote or submitted
    it: then only the chief, as supervisor)."""

    report: ForceReport
    option: ReviewOption
    no_sergeant: bool = False

    @property
    def note(self) -> str:
        """Why the report is not waiting for the reader, in plain words."""
        if self.option.as_supervisor:
            text = "Waiting for a sergeant; you may give the sergeant's review as supervisor."
            if self.no_sergeant:
                text += " No sergeant other than its authors can review it."
            return text
        if self.option.refusal == "not_your_level":
            return "Waiting for the chief."
        return self.option.message


def pending_for(user: Any, reports: QuerySet[ForceReport]) -> list[Pending]:
    """`option_for` for every report under review in ``reports``, oldest first, in four
    queries however many reports there are."""
    rows = list(
        reports.filter(status__in=IN_REVIEW)
        .select_related("officer", "incident__school", "subject")
        .order_by("occurred_at", "pk")
    )
    steps: dict[uuid.UUID, list[ForceReviewStep]] = defaultdict(list)
    for step in ForceReviewStep.objects.filter(report__in=[r.pk for r in rows]).order_by(
        "at", "created_at"
    ):
        steps[step.report_id].append(step)
    editors = _editors(r.pk for r in rows)
    sergeants = {
        str(pk)
        for pk in Membership.objects.filter(
            agency_id=agency_id_of(user), role=Role.SERGEANT, user__is_active=True
        ).values_list("user_id", flat=True)
    }
    found = []
    for r in rows:
        facts = _facts(r, steps[r.pk], editors.get(str(r.pk), set()))
        no_sergeant = r.status == ReportStatus.SUBMITTED and sergeants <= facts.authors
        found.append(Pending(r, _decide(user, r, facts), no_sergeant))
    return found


def waiting_for(user: Any, reports: QuerySet[ForceReport]) -> list[ForceReport]:
    """The reports among ``reports`` waiting for ``user``'s review: those the person may act on
    now through their own level (`ReviewOption.waiting_for_you`)."""
    return [p.report for p in pending_for(user, reports) if p.option.waiting_for_you]
