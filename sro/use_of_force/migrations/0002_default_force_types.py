"""The kinds of force the software ships with (a copy of force_types.DEFAULT_TYPES at the time),
with one audit event; the department edits the list afterwards."""

import uuid

from django.db import migrations
from django.utils import timezone

TYPES = (
    ("escort", "Escort or guiding hold", False),
    ("joint-lock", "Joint lock or pressure point", False),
    ("takedown", "Takedown to the ground", False),
    ("handcuffs", "Handcuffs", False),
    ("strikes", "Hand or foot strikes", False),
    ("chemical", "Chemical agent (OC spray)", False),
    ("cew", "Conducted energy weapon", False),
    ("impact", "Impact weapon", False),
    ("firearm-pointed", "Firearm pointed at a person", False),
    ("choke-hold", "Choke hold or neck restraint", True),
    ("limbs-tied", "All limbs tied together behind the back", True),
    ("face-down-transport", "Transported face down in a vehicle", True),
)


def load(apps, schema_editor):
    ForceType = apps.get_model("use_of_force", "ForceType")
    AuditEvent = apps.get_model("audittrail", "AuditEvent")
    ForceType.objects.bulk_create(
        [
            ForceType(id=uuid.uuid4(), code=code, label=label, restricted=restricted, order=n)
            for n, (code, label, restricted) in enumerate(TYPES)
        ]
    )
    AuditEvent.objects.create(
        at=timezone.now(),
        actor_username="system",
        action="force_type.load_defaults",
        target_type="use_of_force.forcetype",
        target_id="",
        new_values={"added": len(TYPES)},
        reason="The kinds of force the software ships with.",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("use_of_force", "0001_initial"),
        ("audittrail", "0002_append_only_triggers"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
