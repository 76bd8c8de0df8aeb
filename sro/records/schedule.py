"""The retention schedule: which records the retention run removes, when, and what it removes.

Each item's period is a setting the agency fills in from the schedule it adopted under Minn.
Stat. 138.17 (years after the end of the record's school year). The sources give no periods, so
every default is 0: no period, nothing is removed. Removal keeps what the figures need (dates,
schools, kinds, dispositions, counts) and removes what identifies a student."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from sro.rules.activity import retain_until

REMOVED = "[removed under the retention schedule]"


@dataclass(frozen=True)
class ScheduleItem:
    code: str
    label: str
    setting: str  # the setting holding the period in years
    record_type: str  # as the access log and legal holds name it
    candidates: Callable[[], Iterable[Any]]  # the records not yet removed
    made_on: Callable[[Any], dt.date]  # the day the record's period counts from
    agency_id: Callable[[Any], Any]
    model_label: str  # app_label.ModelName, to find one record by its id

    def find(self, record_id: str) -> Any:
        from django.apps import apps
        from django.core.exceptions import ValidationError

        model = apps.get_model(self.model_label)
        try:
            return model._default_manager.filter(pk=record_id).first()
        except ValidationError:
            return None

    @property
    def years(self) -> int:
        return int(getattr(settings, self.setting))

    def due_on(self, record: Any) -> dt.date | None:
        """The first day the record may be removed (the day after it is kept until)."""
        kept_until = retain_until(self.made_on(record), years=self.years)
        return None if kept_until is None else kept_until + dt.timedelta(days=1)


def _referrals() -> Iterable[Any]:
    from sro.activity.models import SupportReferral

    return SupportReferral.objects.filter(identity_removed_at__isnull=True).select_related(
        "activity__officer"
    )


def _incidents() -> Iterable[Any]:
    from sro.incidents.models import Incident

    return Incident.objects.filter(identities_removed_at__isnull=True)


def _incident_day(incident: Any) -> dt.date:
    from sro.core import clock

    return incident.occurred_at.astimezone(clock.agency_zone()).date()


ITEMS: tuple[ScheduleItem, ...] = (
    ScheduleItem(
        code="support_referral",
        label="Referral to support: the student's name, the reason and the school's note",
        setting="SRO_SUPPORT_REFERRAL_RETENTION_YEARS",
        record_type="activity.supportreferral",
        candidates=_referrals,
        made_on=lambda r: r.activity.on,
        agency_id=lambda r: r.activity.officer.agency_id,
        model_label="activity.SupportReferral",
    ),
    ScheduleItem(
        code="incident",
        label="Incident: the people's names and contact details, the narrative and its versions",
        setting="SRO_INCIDENT_RETENTION_YEARS",
        record_type="incidents.incident",
        candidates=_incidents,
        made_on=_incident_day,
        agency_id=lambda i: i.agency_id,
        model_label="incidents.Incident",
    ),
)
