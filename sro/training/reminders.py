"""`sro remind`: e-mail each officer and their sergeant before a training, refresher or policy
review date, and once it has passed (the schedule is `sro.rules.reminders`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string

from sro.accounts.models import Role, User
from sro.audittrail.services import audited, record_event
from sro.core import clock, text
from sro.roster.models import Assignment, Officer
from sro.rules import reminders as schedule
from sro.rules import training as rule
from sro.scheduling.plans import year_calendars
from sro.training.facts import officer_facts, with_training_records
from sro.training.models import ReminderSent
from sro.training.queries import current_policy

KIND_TEXT = {
    ReminderSent.Kind.TRAINING: "the required SRO course",
    ReminderSent.Kind.REFRESHER: "the SRO refresher course",
    ReminderSent.Kind.REVIEW: "the review of the SRO policy",
}
CITATIONS = {
    ReminderSent.Kind.TRAINING: "Minn. Stat. 626.8482, subd. 3",
    ReminderSent.Kind.REFRESHER: "Model policy G.5",
    ReminderSent.Kind.REVIEW: "Policy 436.9; Minn. Stat. 626.8482, subd. 3(c)",
}
NEW_VERSION = "new"  # a new policy version: one notice once it is in effect


@dataclass(frozen=True)
class Reminder:
    officer: Officer
    kind: str
    due_on: dt.date
    notice: str
    reasons: tuple[rule.Reason, ...]
    recipients: tuple[str, ...]

    @property
    def subject(self) -> str:
        what = KIND_TEXT[ReminderSent.Kind(self.kind)]
        # A header: a name saved with a line break (before forms refused one) would stop the
        # send, so control characters are taken out.
        name = text.strip(self.officer.full_name)
        if self.notice == NEW_VERSION:
            return f"SRO policy: a new version is in effect ({name})"
        if self.notice == schedule.PASSED:
            return f"SRO training: {what} was due {self.due_on} ({name})"
        return f"SRO training: {what} due {self.due_on}, in {self.notice} days ({name})"


def _dates(
    officer: Officer, facts: rule.OfficerFacts, verdict: rule.Verdict, as_of: dt.date
) -> list[tuple[str, dt.date]]:
    """The dates this officer is reminded of, by kind."""
    dates: list[tuple[str, dt.date]] = []
    if verdict.training_due:
        dates.append((ReminderSent.Kind.TRAINING, verdict.training_due))
    if verdict.refresher_due:
        dates.append((ReminderSent.Kind.REFRESHER, verdict.refresher_due))
    if verdict.policy_review == "missing":
        started = rule.assumed_duties(facts, as_of=as_of)
        if started:
            dates.append((ReminderSent.Kind.REVIEW, started))
    elif verdict.status == "not_assigned" and not facts.policy_reviews:
        upcoming = [a.start_date for a in officer.assignments.all() if a.start_date > as_of]
        if upcoming:  # review before assuming duties (policy 436.9)
            dates.append((ReminderSent.Kind.REVIEW, min(upcoming)))
    return dates


def _recipients(officer: Officer) -> tuple[str, ...]:
    addresses = [officer.email]
    if officer.supervisor and officer.supervisor.email:
        addresses.append(officer.supervisor.email)
    else:
        sergeants = User.objects.filter(
            membership__agency_id=officer.agency_id,
            membership__role=Role.SERGEANT,
            is_active=True,
        ).exclude(email="")
        addresses.extend(sergeants.values_list("email", flat=True))
    return tuple(dict.fromkeys(a for a in addresses if a))


def plan(as_of: dt.date) -> list[Reminder]:
    """Every reminder due on `as_of`, for active officers on or about to start an assignment."""
    on_duty = Assignment.objects.filter(Q(end_date__isnull=True) | Q(end_date__gte=as_of))
    officers = list(
        with_training_records(
            Officer.objects.filter(active=True, id__in=on_duty.values("officer_id"))
            .select_related("supervisor")
            .order_by("last_name", "first_name")
        )
    )
    calendars = year_calendars(officers, as_of)
    sent: dict[tuple[Any, str, dt.date], set[str]] = {}
    for row in ReminderSent.objects.filter(officer__in=officers):
        sent.setdefault((row.officer_id, row.kind, row.due_on), set()).add(row.notice)
    reminders = []
    for officer in officers:
        facts = officer_facts(officer, as_of=as_of, calendars=calendars)
        verdict = rule.evaluate(facts, as_of=as_of)
        recipients = _recipients(officer)
        for kind, due_on in _dates(officer, facts, verdict, as_of):
            notice = schedule.notice_due(due_on, as_of, sent.get((officer.pk, kind, due_on), set()))
            if notice:
                reminders.append(
                    Reminder(officer, kind, due_on, notice, verdict.reasons, recipients)
                )
        reminders.extend(_new_version(officer, verdict, as_of, sent, recipients))
    return reminders


def _new_version(
    officer: Officer,
    verdict: rule.Verdict,
    as_of: dt.date,
    sent: dict[tuple[Any, str, dt.date], set[str]],
    recipients: tuple[str, ...],
) -> list[Reminder]:
    """A policy version in effect that this officer on assignment has not reviewed."""
    if verdict.status == "not_assigned":
        return []
    policy = current_policy(officer.agency_id, as_of)
    if policy is None or any(
        r.policy_version_id == policy.pk for r in officer.policy_reviews.all()
    ):
        return []
    key = (officer.pk, ReminderSent.Kind.REVIEW, policy.effective_on)
    if sent.get(key) or verdict.policy_review == "missing":
        return []  # already told, or covered by the review reminder
    return [
        Reminder(
            officer,
            ReminderSent.Kind.REVIEW,
            policy.effective_on,
            NEW_VERSION,
            verdict.reasons,
            recipients,
        )
    ]


@audited
def send(reminder: Reminder, *, actor: Any) -> ReminderSent:
    """Send one reminder and record it in the same transaction: a failed send records nothing,
    so the next run tries again."""
    body = render_to_string(
        "training/email/reminder.txt",
        {
            "r": reminder,
            "what": KIND_TEXT[ReminderSent.Kind(reminder.kind)],
            "citation": CITATIONS[ReminderSent.Kind(reminder.kind)],
            "passed": reminder.notice == schedule.PASSED,
            "new_version": reminder.notice == NEW_VERSION,
        },
    )
    EmailMessage(subject=reminder.subject, body=body, to=list(reminder.recipients)).send()
    record = ReminderSent.objects.create(
        officer=reminder.officer,
        kind=reminder.kind,
        due_on=reminder.due_on,
        notice=reminder.notice,
        sent_at=clock.now(),
        recipients=", ".join(reminder.recipients),
    )
    record_event(
        actor=actor,
        action="reminder.sent",
        target=record,
        new={
            "kind": reminder.kind,
            "due_on": reminder.due_on.isoformat(),
            "notice": reminder.notice,
            "recipients": list(reminder.recipients),
        },
    )
    return record
