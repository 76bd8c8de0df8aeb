"""Incident rows to the facts `sro.rules.incidents` judges."""

from __future__ import annotations

from collections.abc import Iterable
from typing import cast

from sro.core import clock
from sro.incidents.models import Incident, IncidentPerson, PersonKind
from sro.rules.incidents import (
    IncidentFacts,
    IncidentFinding,
    PersonFacts,
    RunBy,
    StaffNotice,
    judge_incident,
)


def person_facts(person: IncidentPerson) -> PersonFacts:
    return PersonFacts(
        id=str(person.pk),
        label=person.label,
        is_student=person.kind == PersonKind.STUDENT,
        role=person.role,
        date_of_birth=person.date_of_birth,
        disposition=person.disposition or None,
        program_run_by=cast(RunBy, person.program_run_by) if person.program_run_by else None,
        school_referral_considered=person.school_referral_considered,
        school_referral_reason=person.school_referral_reason,
        alternatives_considered=person.alternatives_considered,
        alternatives_note=person.alternatives_note,
        arrest_reason=person.arrest_reason,
        arrest_out_of_view=person.arrest_out_of_view,
        arrest_location_note=person.arrest_location_note,
        staff_notice=cast(StaffNotice, person.staff_notice) if person.staff_notice else None,
        staff_names=person.staff_names,
        staff_not_practicable_reason=person.staff_not_practicable_reason,
    )


def incident_facts(incident: Incident, people: Iterable[IncidentPerson]) -> IncidentFacts:
    return IncidentFacts(
        occurred_on=incident.occurred_at.astimezone(clock.agency_zone()).date(),
        offense=incident.offense.citation if incident.offense_id and incident.offense else None,
        violates_school_rules=incident.violates_school_rules,
        initiated_by=incident.initiated_by,
        persons=tuple(person_facts(p) for p in people),
    )


def finding_for(
    incident: Incident, people: Iterable[IncidentPerson] | None = None
) -> IncidentFinding:
    rows = list(people) if people is not None else list(incident.people.all())
    return judge_incident(incident_facts(incident, rows))
