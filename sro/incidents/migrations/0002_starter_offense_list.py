"""Ship the starter list of Minnesota offenses (sro/incidents/offenses.csv) with one audit event;
the department maintains the list afterwards in the application."""

import csv
import uuid
from pathlib import Path

from django.db import migrations
from django.utils import timezone

CSV = Path(__file__).resolve().parent.parent / "offenses.csv"


def load(apps, schema_editor):
    Offense = apps.get_model("incidents", "Offense")
    AuditEvent = apps.get_model("audittrail", "AuditEvent")
    with CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    Offense.objects.bulk_create(
        [
            Offense(
                id=uuid.uuid4(),
                citation=row["citation"].strip(),
                title=row["title"].strip(),
                category=row["category"].strip(),
                active=True,
            )
            for row in rows
        ]
    )
    AuditEvent.objects.create(
        at=timezone.now(),
        actor_username="system",
        action="offense.load_starter_list",
        target_type="incidents.offense",
        target_id="",
        new_values={"source": "sro/incidents/offenses.csv", "count": len(rows)},
        reason="The starter list of Minnesota offenses that ships with the software.",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0001_initial"),
        ("audittrail", "0002_append_only_triggers"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
