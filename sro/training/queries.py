"""Read helpers shared by the compliance pages, exports, the assignment check and reminders."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from sro.roster.models import Assignment, Officer
from sro.rules import training as rule
from sro.scheduling.plans import year_calendars
from sro.training.facts import officer_facts, with_training_records
from sro.training.models import PolicyVersion

STATUS_LABELS = {
    "not_assigned": "Not assigned",
    "substitute_exempt": "Substitute, exempt",
    "compliant": "Compliant",
    "transition": "Transition",
    "grace_period": "Grace period",
    "training_required": "Training required",
    "training_overdue": "Training overdue",
    "refresher_overdue": "Refresher overdue",
}
REVIEW_LABELS = {
    "ok": "Reviewed before assuming duties",
    "late": "Reviewed late",
    "missing": "Missing",
    "not_applicable": "Not applicable",
}
CERTIFICATE_LABELS = {"ok": "On file", "missing": "Missing", "not_applicable": "Not applicable"}
STATUS_TONE = {
    "compliant": "ok",
    "substitute_exempt": "ok",
    "not_assigned": "ok",
    "transition": "warn",
    "grace_period": "warn",
    "training_required": "bad",
    "training_overdue": "bad",
    "refresher_overdue": "bad",
}


@dataclass(frozen=True)
class OfficerCompliance:
    officer: Officer
    verdict: rule.Verdict
    reviewed_current_policy: bool | None  # None: no current assignment or no policy version

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.verdict.status]

    @property
    def tone(self) -> str:
        return "bad" if self.may_not_serve else STATUS_TONE[self.verdict.status]

    @property
    def policy_review_label(self) -> str:
        return REVIEW_LABELS[self.verdict.policy_review]

    @property
    def certificate_label(self) -> str:
        return CERTIFICATE_LABELS[self.verdict.certificate]

    @property
    def restricted(self) -> bool:
        return bool(self.verdict.restricted_clauses)

    @property
    def may_not_serve(self) -> bool:
        """The verdict says the officer on an SRO assignment may not serve (an officer with no
        assignment is outside the training requirement, not barred by it)."""
        return not self.verdict.may_serve and self.verdict.status != "not_assigned"

    @property
    def not_serving_why(self) -> str:
        """Why the officer may not serve (the verdict's blocking reasons, each with its
        citation); empty when they may."""
        if not self.may_not_serve:
            return ""
        reasons = rule.blocking_reasons(self.verdict)
        if not reasons:
            return "see the officer's training record."
        return " ".join(f"{r.message} ({r.citation})" for r in reasons)


def current_policy(agency_id: Any, as_of: dt.date) -> PolicyVersion | None:
    return (
        PolicyVersion.objects.filter(agency_id=agency_id, effective_on__lte=as_of)
        .order_by("-effective_on", "-created_at")
        .first()
    )


def compliance(officers: QuerySet[Officer], *, as_of: dt.date) -> list[OfficerCompliance]:
    """Every officer's verdict on `as_of`, in a fixed number of queries."""
    rows = []
    policies: dict[Any, PolicyVersion | None] = {}
    batch = list(with_training_records(officers.order_by("last_name", "first_name")))
    calendars = year_calendars(batch, as_of)
    for officer in batch:
        verdict = rule.evaluate(
            officer_facts(officer, as_of=as_of, calendars=calendars), as_of=as_of
        )
        if officer.agency_id not in policies:
            policies[officer.agency_id] = current_policy(officer.agency_id, as_of)
        policy = policies[officer.agency_id]
        reviewed = None
        if policy is not None and verdict.status != "not_assigned":
            reviewed = any(r.policy_version_id == policy.pk for r in officer.policy_reviews.all())
        rows.append(OfficerCompliance(officer, verdict, reviewed))
    return rows


def compliance_for(officer: Officer, *, as_of: dt.date) -> OfficerCompliance:
    return compliance(Officer.objects.filter(pk=officer.pk), as_of=as_of)[0]


def verdict_with_proposal(assignment: Assignment, *, as_of: dt.date) -> rule.Verdict:
    """The officer's verdict as if this (unsaved or edited) assignment were on file, on the
    later of `as_of` and its start, so that a future assignment is judged when it begins."""
    officer = with_training_records(Officer.objects.filter(pk=assignment.officer_id)).get()
    day = max(as_of, assignment.start_date)
    facts = officer_facts(officer, as_of=day, extra_assignments=[assignment])
    return rule.evaluate(facts, as_of=day)
