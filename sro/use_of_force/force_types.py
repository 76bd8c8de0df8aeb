"""The kinds of force an officer reports, as shipped; the department edits the list (admin).

The restraints marked restricted are those Minn. Stat. 609.06, subd. 3 allows only where deadly
force is authorized (609.066), as far as the project could read them: a choke hold, tying all of
a person's limbs together behind the back, and transporting a person face down in a vehicle.
The department's attorney confirms the list; it is data, not code, for that reason.
"""

from __future__ import annotations

from typing import Any

from sro.audittrail.services import audited, record_event
from sro.use_of_force.models import ForceType

# (code, label, restricted)
DEFAULT_TYPES: tuple[tuple[str, str, bool], ...] = (
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


@audited
def ensure_default_force_types(*, actor: Any) -> int:
    """Add the shipped kinds of force the database lacks; the department's edits stay."""
    have = set(ForceType.objects.values_list("code", flat=True))
    added = 0
    for order, (code, label, restricted) in enumerate(DEFAULT_TYPES):
        if code not in have:
            ForceType.objects.create(code=code, label=label, restricted=restricted, order=order)
            added += 1
    record_event(
        actor=actor,
        action="force_type.load_defaults",
        target_type="use_of_force.forcetype",
        new={"added": added},
    )
    return added
