"""Force-report rows to the facts `sro.rules.force` judges."""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings

from sro.incidents.facts import incident_facts
from sro.rules.force import ForceFacts, ForceFinding, ForceUsed, judge_force
from sro.rules.incidents import school_rules_only
from sro.use_of_force.models import ForceReport


def report_facts(report: ForceReport) -> ForceFacts:
    incident = report.incident
    force = tuple(
        ForceUsed(id=t.code, label=t.label, restricted=t.restricted)
        for t in (report.force_used.all() if report.pk else [])
    )
    if report.force_other.strip():
        force += (ForceUsed(id="other", label=report.force_other.strip(), restricted=False),)
    return ForceFacts(
        school_rules_only=school_rules_only(incident_facts(incident, [])),
        force=force,
        deescalation=frozenset(report.deescalation or []),
        deescalation_other=report.deescalation_other,
        deadly_force_justification=report.deadly_force_justification,
        condition_assessed=report.condition_assessed,
        aid_by=report.aid_by,
        prone_start=report.prone_start,
        prone_end=report.prone_end,
        restored_at=report.restored_at,
        injury=cast(Any, report.injury or None),
        education_plan_known=report.education_plan_known,
        education_plan_considered=report.education_plan_considered,
    )


def finding_for(report: ForceReport) -> ForceFinding:
    return judge_force(
        report_facts(report), prone_threshold_minutes=settings.SRO_PRONE_HIGHLIGHT_MINUTES
    )
