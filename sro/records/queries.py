"""What the retention schedule makes due on a day, with the records under a legal hold marked
(read only: the run itself is sro.records.services.run_retention)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sro.records.models import LegalHold
from sro.records.schedule import ITEMS, ScheduleItem


@dataclass(frozen=True)
class Removal:
    item: ScheduleItem
    record: Any
    due_on: dt.date
    held: bool


def due(as_of: dt.date) -> list[Removal]:
    """What the schedule makes due on ``as_of``, with the records under a legal hold marked."""
    held = set(
        LegalHold.objects.filter(released_at__isnull=True).values_list("record_type", "record_id")
    )
    found = []
    for item in ITEMS:
        if item.years <= 0:
            continue
        for record in item.candidates():
            due_on = item.due_on(record)
            if due_on is not None and due_on <= as_of:
                hold = (item.record_type, str(record.pk)) in held
                found.append(Removal(item, record, due_on, hold))
    return found
