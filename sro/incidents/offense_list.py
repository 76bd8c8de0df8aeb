"""The starter list of Minnesota offenses that ships with the software (offenses.csv)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from sro.audittrail.services import audited, record_event
from sro.incidents.models import Offense

STARTER_CSV = Path(__file__).resolve().parent / "offenses.csv"


def starter_rows() -> list[dict[str, str]]:
    with STARTER_CSV.open(encoding="utf-8", newline="") as handle:
        return [{k: v.strip() for k, v in row.items()} for row in csv.DictReader(handle)]


@audited
def ensure_starter_offenses(*, actor: Any) -> int:
    """Add any offense of the starter list the database lacks (the migration loads the list
    on a new install; a test database that was emptied gets it back here). Returns how many
    were added; offenses the department changed or deactivated are left alone."""
    have = set(Offense.objects.values_list("citation", flat=True))
    missing = [row for row in starter_rows() if row["citation"] not in have]
    for row in missing:
        Offense.objects.create(
            citation=row["citation"], title=row["title"], category=row["category"]
        )
    record_event(
        actor=actor,
        action="offense.load_starter_list",
        target_type="incidents.offense",
        new={"source": STARTER_CSV.name, "added": len(missing)},
    )
    return len(missing)
