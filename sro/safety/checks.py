"""Checks the safety services apply before a write: who may be given a clause (4)/(5) duty, and
what stands between an audit and its completion. They read, never write."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError

from sro.accounts.permissions import Access, can_list
from sro.accounts.principal import principal_for
from sro.roster.models import Officer
from sro.rules import safety as rule
from sro.safety import facts
from sro.safety.models import Rating, SecurityAudit


def check_assignment(
    officer: Officer | None,
    duty: rule.Duty,
    *,
    override_reason: str,
    actor: Any,
    as_of: dt.date,
    field: str = "officer",
) -> rule.AssignmentVerdict | None:
    """Refuse a clause (4)/(5) duty to a restricted officer unless a supervisor overrides it
    with a written reason. Returns the verdict (None when no officer is named)."""
    if officer is None:
        return None
    verdict = facts.assignment_verdict(officer, duty, override_reason=override_reason, as_of=as_of)
    if not verdict.allowed:
        raise ValidationError(
            {field: f"{officer}: {verdict.reason.message} ({verdict.reason.citation})"}
        )
    if verdict.overridden and not can_list(principal_for(actor), "safety_assignment", Access.WRITE):
        raise ValidationError(
            {"override_reason": "Only the chief or a sergeant may override the restriction."}
        )
    return verdict


def completion_problems(audit: SecurityAudit) -> list[str]:
    """What stands between an audit in progress and its completion."""
    answers = list(audit.answers.prefetch_related("findings"))
    problems = []
    unanswered = [a for a in answers if not a.rating]
    if unanswered:
        problems.append(
            f"Rate every checklist item: {len(unanswered)} of {len(answers)} are not rated yet."
        )
    for answer in answers:
        if answer.rating == Rating.FAILS and not answer.findings.all():
            problems.append(f"Record a finding for “{answer.prompt}” (rated does not meet).")
    for finding in audit.findings.prefetch_related("recommendations"):
        if not finding.recommendations.all():
            problems.append(f"Add a recommendation to the finding “{finding.title}”.")
    return problems
