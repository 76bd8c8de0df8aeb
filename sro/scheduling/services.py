"""Writes to calendars and schedules: each in one transaction with its audit events."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.core.exceptions import ValidationError

from sro.audittrail.services import audited, record_event, save_audited, snapshot
from sro.core import clock
from sro.core.locks import transaction_lock
from sro.roster.models import Officer
from sro.scheduling.calendar_files import CHOICES, title_key
from sro.scheduling.conflicts import duty_conflicts, is_supervisor, school_day_message
from sro.scheduling.models import (
    Absence,
    CalendarDay,
    CalendarFeed,
    CalendarTitleChoice,
    Duty,
    PatrolPull,
)
from sro.scheduling.queries import ImportSummary, compare, feed_digest
from sro.schools.models import EducationAgency


@audited
def remember_title_choices(
    lea: EducationAgency, choices: dict[str, str], *, actor: Any
) -> list[CalendarTitleChoice]:
    """Keep what the person chose each title (as the file gives it) to mean, for the next
    import of the district's calendar; a title chosen before takes the new choice."""
    saved, written = [], 0
    for title, kind in choices.items():
        if kind not in CHOICES:
            raise ValidationError(f"“{kind}” is not a kind of day.")
        key = title_key(title)
        row = CalendarTitleChoice.objects.filter(education_agency=lea, title_key=key).first()
        row = row or CalendarTitleChoice(education_agency=lea, title_key=key)
        if row._state.adding or (row.kind, row.title) != (kind, title[:200]):
            row.kind, row.title = kind, title[:200]
            save_audited(row, actor=actor, noun="calendar_title_choice")
            written += 1
        saved.append(row)
    if not written:  # the same choices again: still who confirmed them
        record_event(
            actor=actor,
            action="calendar_title_choice.confirm",
            target=lea,
            new={"titles": sorted(choices)},
        )
    return saved


@audited
def import_calendar(
    lea: EducationAgency,
    days: dict[dt.date, tuple[str, str]],
    *,
    actor: Any,
    source: str,
    choices: dict[str, str] | None = None,
) -> ImportSummary:
    """Add or update each date; importing the same file again changes nothing. Imports into one
    district take turns (a confirmation sent twice, by a double click, must not meet itself
    adding the same days). `choices` (title as written -> kind) are what the person chose for
    titles that tell no kind, remembered in the same transaction."""
    transaction_lock(f"calendar-import:{lea.pk}")
    if choices:
        remember_title_choices(lea, choices, actor=actor)
    summary = compare(lea, days)
    existing = {
        d.day: d for d in CalendarDay.objects.filter(education_agency=lea, day__in=list(days))
    }
    for day, (kind, label) in days.items():
        row = existing.get(day)
        if row is None:
            CalendarDay.objects.create(
                education_agency=lea, day=day, kind=kind, label=label, source=source
            )
        elif (row.kind, row.label) != (kind, label):
            row.kind, row.label, row.source = kind, label, source
            row.save(update_fields=["kind", "label", "source", "updated_at"])
    record_event(
        actor=actor,
        action="calendar.import",
        target=lea,
        new={
            "source": source,
            "created": summary.created,
            "updated": summary.updated,
            "unchanged": summary.unchanged,
            "from": min(days).isoformat() if days else None,
            "to": max(days).isoformat() if days else None,
        },
    )
    return summary


@audited
def save_absence(absence: Absence, *, actor: Any) -> Absence:
    _refuse_overlap(absence)
    save_audited(absence, actor=actor, noun="absence")
    return absence


@audited
def save_duty(duty: Duty, *, actor: Any, double_booking_reason: str = "") -> Duty:
    """A sergeant's assignment of a non-school day or a summer period (policy 436.4.1). On days
    the officer is expected at school it is refused, unless a sergeant or the chief gives the
    reason, recorded in its own audit event."""
    _refuse_overlap(duty)
    conflicts = duty_conflicts(duty.officer, duty.first_day, duty.last_day)
    reason = double_booking_reason.strip()
    if conflicts and not reason:
        raise ValidationError({"last_day": school_day_message(duty.officer, conflicts)})
    if conflicts and not is_supervisor(actor):
        raise ValidationError(
            {
                "double_booking_reason": "Only a sergeant or the chief may book an officer in two "
                "places at once."
            }
        )
    if duty._state.adding and getattr(actor, "pk", None):
        duty.assigned_by = actor
    save_audited(duty, actor=actor, noun="duty", reason=_overridden(reason) if conflicts else "")
    if conflicts:
        record_event(
            actor=actor,
            action="duty.double_booking_override",
            target=duty,
            reason=reason,
            new={"conflicts": [str(c) for c in conflicts]},
        )
    return duty


def _refuse_overlap(entry: Absence | Duty) -> None:
    """One absence, and one duty, per officer and day: checked under a lock on the officer's
    entries, so two taps on Save (or two sergeants at once) cannot both add one."""
    transaction_lock(f"officer-entries:{entry.officer_id}")
    model = type(entry)
    clash = (
        model.objects.filter(
            officer_id=entry.officer_id,
            first_day__lte=entry.last_day,
            last_day__gte=entry.first_day,
        )
        .exclude(pk=entry.pk)
        .first()
    )
    if clash is None:
        return
    name = entry.officer.full_name
    if isinstance(clash, Duty):
        message = (
            f"{name} already has a duty from {clash.first_day} to {clash.last_day} "
            f"({clash.get_kind_display()}). Change that one instead."
        )
    else:
        message = (
            f"{name} already has an absence from {clash.first_day} to {clash.last_day}. "
            "Change that one, or choose other days."
        )
    raise ValidationError({"first_day": message})


def _overridden(reason: str) -> str:
    return f"Booked in two places at once by a supervisor: {reason}"


@audited
def save_patrol_pull(pull: PatrolPull, *, actor: Any) -> PatrolPull:
    if pull._state.adding and getattr(actor, "pk", None):
        pull.pulled_by = actor
    save_audited(pull, actor=actor, noun="patrol_pull", reason=pull.reason)
    return pull


@audited
def cancel(record: Absence | Duty | PatrolPull, *, actor: Any, reason: str = "") -> None:
    """Remove an absence, duty or pull entered in error or called off; the audit trail keeps
    what it was."""
    noun = {Absence: "absence", Duty: "duty", PatrolPull: "patrol_pull"}[type(record)]
    record_event(
        actor=actor, action=f"{noun}.delete", target=record, old=snapshot(record), reason=reason
    )
    record.delete()


@audited
def issue_feed(officer: Officer, *, actor: Any) -> str:
    """A new private feed address for the officer; earlier ones stop working. Returns the
    secret, which is shown once and never stored."""
    now = clock.now()
    for feed in CalendarFeed.objects.filter(officer=officer, revoked_at__isnull=True):
        feed.revoked_at = now
        save_audited(feed, actor=actor, action="calendar_feed.revoke")
    secret = secrets.token_urlsafe(32)
    feed = CalendarFeed(
        officer=officer,
        digest=feed_digest(secret),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    save_audited(feed, actor=actor, action="calendar_feed.create")
    return secret


@audited
def revoke_feeds(officer: Officer, *, actor: Any) -> int:
    now = clock.now()
    feeds = list(CalendarFeed.objects.filter(officer=officer, revoked_at__isnull=True))
    for feed in feeds:
        feed.revoked_at = now
        save_audited(feed, actor=actor, action="calendar_feed.revoke")
    return len(feeds)
