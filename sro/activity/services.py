"""Every write to the SRO's activity log, support referrals and the lesson library: one
transaction each, with its audit events. A referral's student identity and reason are recorded
in the audit trail as changed, never by value."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

from sro.activity import facts
from sro.activity.models import Activity, LessonOutline, SupportReferral
from sro.audittrail.services import audited, record_created, record_event, save_audited
from sro.core import clock
from sro.rules import activity as rule

PRIVATE_REFERRAL_FIELDS = ("first_name", "last_name", "reason", "acknowledgement_note")
CLASS_FIELDS = ("topic", "grade", "materials", "lesson")


def _check(activity: Activity, *, as_of: dt.date) -> None:
    """Refuse what the activity log must never hold; fill in what the officer left to default."""
    if activity.on > as_of:
        raise ValidationError({"on": "Log work once it is done: the date is in the future."})
    agency_id = activity.officer.agency_id
    if activity.school is not None and activity.school.audit_agency_id != agency_id:
        raise ValidationError({"school": "Choose a school this department serves."})
    if activity.lesson is not None and activity.lesson.agency_id != agency_id:
        raise ValidationError({"lesson": "Choose a lesson from this department's library."})
    if activity.kind not in rule.KINDS:
        raise ValidationError({"kind": "Choose what you did from the list."})
    if not activity.clause:
        activity.clause = rule.proposed_clause(activity.kind)
    if not activity.minutes:
        activity.minutes = facts.DEFAULT_MINUTES[activity.kind]
    clauses = {activity.clause, rule.proposed_clause(activity.kind)}
    # The training verdict is asked only for work it can refuse (clauses (4) and (5)).
    restricted, why = (
        facts.restricted_clauses(activity.officer, on=activity.on)
        if clauses & facts.RESTRICTED_CLAUSES
        else (frozenset(), "")
    )
    verdict = rule.may_log(activity.clause, restricted_clauses=restricted, kind=activity.kind)
    if not verdict.allowed:
        field = "kind" if rule.proposed_clause(activity.kind) in restricted else "clause"
        raise ValidationError({field: f"{verdict.message} ({verdict.citation}) {why}".strip()})
    if activity.kind == "class_taught":
        if activity.lesson is not None and not activity.topic.strip():
            activity.topic = activity.lesson.title
        if not activity.topic.strip():
            raise ValidationError({"topic": "Name the topic of the class or presentation."})
        if not activity.grade:
            raise ValidationError({"grade": "Choose the grade you taught."})
    else:
        activity.topic, activity.grade, activity.materials, activity.lesson = "", "", "", None


@audited
def log_activity(activity: Activity, *, actor: Any, as_of: dt.date) -> Activity:
    """Log (or correct) one activity. The clause and length default from the kind; an officer
    restricted from clauses (4) and (5) cannot log them as their own work (subd. 3)."""
    has_referral = (
        not activity._state.adding
        and SupportReferral.objects.filter(activity_id=activity.pk).exists()
    )
    if activity.kind == "support_referral" and not has_referral:
        raise ValidationError(
            {
                "kind": "Record a referral to support with the referral form: it needs the "
                "student and the service."
            }
        )
    if has_referral and activity.kind != "support_referral":
        raise ValidationError({"kind": "This activity is a referral to support; that stays."})
    _check(activity, as_of=as_of)
    if activity._state.adding:
        activity.logged_by = actor
    activity.full_clean()
    return save_audited(activity, actor=actor, noun="activity")


# Checked by _check (same agency) or by the database; not queried once per row in bulk.
BULK_UNCHECKED = ["officer", "school", "lesson", "logged_by"]


@audited
def log_activities(activities: Sequence[Activity], *, actor: Any, as_of: dt.date) -> int:
    """Log many activities at once (an import, the demo): each is checked as ``log_activity``
    checks it, then all are inserted together, each with its audit event. All or none."""
    for activity in activities:
        if activity.kind == "support_referral":
            raise ValidationError({"kind": "Record referrals to support one by one."})
        _check(activity, as_of=as_of)
        activity.logged_by = actor
        activity.full_clean(exclude=BULK_UNCHECKED, validate_constraints=False)
    Activity.objects.bulk_create(activities, batch_size=500)
    return record_created(actor=actor, instances=activities, noun="activity")


@audited
def remove_activity(activity: Activity, *, actor: Any) -> None:
    """Remove an activity logged by mistake; a referral stays under the retention schedule."""
    if SupportReferral.objects.filter(activity=activity).exists():
        raise ValidationError(
            "A referral to support is kept under the agency's retention schedule; it cannot be "
            "removed here."
        )
    record_event(
        actor=actor,
        action="activity.remove",
        target=activity,
        old={"kind": activity.kind, "on": str(activity.on), "minutes": activity.minutes},
    )
    activity.delete()


@audited
def record_referral(
    activity: Activity, referral: SupportReferral, *, actor: Any, as_of: dt.date
) -> SupportReferral:
    """Record a student's referral to a support service with its activity, together or not at
    all. The student's name and the reason never enter the audit trail by value."""
    if activity.school is None:
        raise ValidationError(
            {"school": "Choose the student's school: it acknowledges the referral."}
        )
    activity.kind = "support_referral"
    _check(activity, as_of=as_of)
    if activity._state.adding:
        activity.logged_by = actor
    activity.full_clean()
    save_audited(activity, actor=actor, noun="activity")
    referral.activity = activity
    referral.retain_until = rule.retain_until(
        activity.on, years=settings.SRO_SUPPORT_REFERRAL_RETENTION_YEARS
    )
    referral.full_clean()
    return save_audited(
        referral, actor=actor, noun="support_referral", private=PRIVATE_REFERRAL_FIELDS
    )


@audited
def acknowledge_referral(referral: SupportReferral, *, actor: Any, note: str) -> SupportReferral:
    """The school records that it has the referral (and may say what it will do)."""
    if referral.acknowledged_at is not None:
        raise ValidationError("The school has already acknowledged this referral.")
    referral.acknowledged_at = clock.now()
    referral.acknowledged_by = actor
    referral.acknowledgement_note = note.strip()
    referral.full_clean()
    return save_audited(
        referral,
        actor=actor,
        action="support_referral.acknowledge",
        private=PRIVATE_REFERRAL_FIELDS,
    )


@audited
def save_lesson(lesson: LessonOutline, *, actor: Any) -> LessonOutline:
    lesson.full_clean()
    return save_audited(lesson, actor=actor, noun="lesson_outline")
