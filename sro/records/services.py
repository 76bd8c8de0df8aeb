"""The retention run and legal holds. The run removes what the schedule says is due, all in one
transaction, with an audit event per record naming the schedule item; a dry run lists the same
without changing anything. A record under a legal hold is left alone."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError

from sro.audittrail.services import audited, record_event, save_audited
from sro.core import clock
from sro.records.models import DataRequest, LegalHold, RequestStatus
from sro.records.queries import Removal, due
from sro.records.schedule import ITEMS, REMOVED, ScheduleItem

# What identifies a person in an incident (the figures keep kind, role, grade, sex, race and
# ethnicity, disability, English learner and the disposition).
PERSON_IDENTITY = (
    "first_name",
    "last_name",
    "phone",
    "email",
    "address",
    "education_plan",
    "staff_names",
)
PERSON_NOTES = (
    "school_referral_reason",
    "alternatives_note",
    "arrest_reason",
    "arrest_location_note",
    "staff_not_practicable_reason",
    "school_summary",
    "acknowledgement_note",
)


def _reason(item: ScheduleItem) -> str:
    return f"Retention schedule item “{item.code}” ({item.label}); {item.years} year(s)."


def _remove_referral(item: ScheduleItem, referral: Any, actor: Any) -> None:
    referral.first_name = referral.last_name = "Removed"
    referral.reason = REMOVED
    referral.acknowledgement_note = ""
    referral.identity_removed_at = clock.now()
    save_audited(
        referral,
        actor=actor,
        action="retention.remove",
        reason=_reason(item),
        private=("first_name", "last_name", "reason", "acknowledgement_note"),
    )


def _remove_incident(item: ScheduleItem, incident: Any, actor: Any) -> None:
    from sro.incidents.models import PRIVATE_PERSON_FIELDS, NarrativeVersion

    for number, person in enumerate(incident.people.order_by("position"), start=1):
        for name in PERSON_IDENTITY:
            if hasattr(person, name):
                setattr(person, name, "")
        person.first_name, person.last_name = "Person", str(number)
        person.date_of_birth = None
        for name in PERSON_NOTES:
            if getattr(person, name, ""):
                setattr(person, name, REMOVED)
        save_audited(
            person,
            actor=actor,
            action="retention.remove",
            reason=_reason(item),
            private=PRIVATE_PERSON_FIELDS | set(PERSON_NOTES),
        )
    NarrativeVersion.objects.filter(incident=incident).update(text=REMOVED)
    incident.narrative = REMOVED if incident.narrative else ""
    incident.summary = "Removed under the retention schedule"
    incident.identities_removed_at = clock.now()
    save_audited(
        incident,
        actor=actor,
        action="retention.remove",
        reason=_reason(item),
        private=("narrative", "summary"),
    )


REMOVERS = {"support_referral": _remove_referral, "incident": _remove_incident}


@audited
def run_retention(*, actor: Any, as_of: dt.date, dry_run: bool) -> list[Removal]:
    """Remove what is due (unless held), all or nothing; returns what was (or would be) done."""
    removals = due(as_of)
    if not dry_run:
        for removal in removals:
            if not removal.held:
                REMOVERS[removal.item.code](removal.item, removal.record, actor)
    record_event(
        actor=actor,
        action="retention.dry_run" if dry_run else "retention.run",
        target_type="retention",
        target_id=str(as_of),
        new={
            "as_of": str(as_of),
            "removed": 0 if dry_run else sum(not r.held for r in removals),
            "due": sum(not r.held for r in removals),
            "held": sum(r.held for r in removals),
            "periods": {item.code: item.years for item in ITEMS},
        },
    )
    return removals


@audited
def place_hold(record_type: str, record_id: str, *, actor: Any, reason: str) -> LegalHold:
    items = {item.record_type: item for item in ITEMS}
    if record_type not in items:
        raise ValidationError({"record_type": f"Choose one of: {', '.join(sorted(items))}."})
    record = items[record_type].find(record_id)
    if record is None:
        raise ValidationError({"record_id": f"No {record_type} has the id {record_id!r}."})
    if not reason.strip():
        raise ValidationError({"reason": "Say why the record is held."})
    hold = LegalHold(
        agency_id=items[record_type].agency_id(record),
        record_type=record_type,
        record_id=str(record.pk),
        reason=reason,
        placed_by=actor,
    )
    hold.full_clean()
    return save_audited(hold, actor=actor, noun="legal_hold")


@audited
def release_hold(hold: LegalHold, *, actor: Any, reason: str) -> LegalHold:
    if not reason.strip():
        raise ValidationError({"reason": "Say why the hold is released."})
    hold.released_at = clock.now()
    return save_audited(hold, actor=actor, action="legal_hold.release", reason=reason)


# --- Data requests -------------------------------------------------------------------------------


@audited
def register_request(request: DataRequest, *, actor: Any, incidents: list[Any]) -> DataRequest:
    """Log a request with the records that answer it. A subject's or parent's request names the
    person in the records; a minor's request to withhold needs its reason."""
    if request.requester_kind in {"subject", "parent"} and request.about is None:
        raise ValidationError({"about": "Choose the person in the records the data are about."})
    if request.about is not None and request.about.incident_id not in {i.pk for i in incidents}:
        raise ValidationError({"about": "Choose a person in one of the chosen records."})
    if request.minor_withheld and not request.minor_withheld_reason.strip():
        raise ValidationError(
            {"minor_withheld_reason": "Record why withholding is in the minor's best interest."}
        )
    if any(i.agency_id != request.agency_id for i in incidents):
        raise ValidationError({"incidents": "Choose this department's records."})
    request.full_clean()
    return save_audited(
        request,
        actor=actor,
        noun="data_request",
        m2m={"incidents": incidents},
        private=("requester_name", "requester_contact", "minor_withheld_reason"),
    )


@audited
def review_request(request: DataRequest, *, actor: Any) -> DataRequest:
    """Records staff have read the release copy and found it right."""
    if request.status != RequestStatus.RECEIVED:
        raise ValidationError("Only a request not yet reviewed can be reviewed.")
    if not request.incidents.exists():
        raise ValidationError("Choose the records that answer the request first.")
    request.status = RequestStatus.REVIEWED
    request.reviewed_by, request.reviewed_at = actor, clock.now()
    return save_audited(request, actor=actor, action="data_request.review")


@audited
def release_request(request: DataRequest, *, actor: Any, how: str) -> int:
    """Record the release: what went, to whom, when. Each released record is a disclosure in the
    access log; returns how many entries were written."""
    from sro.audittrail.models import AccessLogEntry
    from sro.audittrail.services import log_access
    from sro.records.release import release_copy
    from sro.rules.data_practices import Requester

    if request.status != RequestStatus.REVIEWED:
        raise ValidationError("Review the release copy before releasing it.")
    if not how.strip():
        raise ValidationError(
            {"released_how": "Say how it was released (mail, e-mail, in person)."}
        )
    purpose = f"Released for a data request received {request.received_on}"
    written = 0
    for incident in request.incidents.all():
        copy = release_copy(
            incident,
            Requester(request.requester_kind),
            about=request.about,
            minor_withheld=request.minor_withheld,
        )
        if copy.released:
            log_access(
                user=actor, record=incident, purpose=purpose, kind=AccessLogEntry.Kind.DISCLOSE
            )
            written += 1
    request.status = RequestStatus.RELEASED
    request.released_at = clock.now()
    request.released_how = how.strip()[:200]
    save_audited(request, actor=actor, action="data_request.release")
    return written


@audited
def record_education_record(record: Any, *, actor: Any) -> Any:
    """Record an education record the school shared, tagged with the school and a purpose its
    contract lists on the day it was received."""
    from sro.incidents.privacy import purposes_at

    allowed = purposes_at(
        record.incident.agency_id, record.school_id, record.received_on, police=False
    )
    if record.purpose not in allowed:
        raise ValidationError(
            {"purpose": "Choose a purpose the school's contract lists for sharing student data."}
        )
    if record.received_on > clock.today():
        raise ValidationError({"received_on": "The day it was received cannot be in the future."})
    record.recorded_by = actor
    record.full_clean()
    return save_audited(record, actor=actor, noun="education_record")


@audited
def note_backup(*, actor: Any, archive: str, step: str, detail: str = "") -> None:
    """Record a backup in the audit trail: ``started`` is written before the database is copied
    (so the archive holds the record of its own making), ``failed`` if it did not finish."""
    record_event(
        actor=actor,
        action="backup.create" if step == "started" else "backup.fail",
        target_type="backup",
        target_id=archive[-64:],
        new={"archive": archive, "step": step},
        reason=detail,
    )


@audited
def note_restore(
    *, actor: Any, archive: str, digest: str, created_at: str, key_id: str = ""
) -> None:
    """Record, in the restored database, which archive it came from and which key signed it."""
    record_event(
        actor=actor,
        action="backup.restore",
        target_type="backup",
        target_id=archive[-64:],
        new={
            "archive": archive,
            "sha256": digest,
            "backup_created_at": created_at,
            "key_id": key_id,
        },
        reason=f"Restored from a backup made {created_at}.",
    )
