"""The release copy of an incident for a data request: every part of the record classified by
the data-practices rules (sro/rules/data_practices.py) for this requester, released or withheld
with the citation, and the copy as a PDF for records staff to review before anything leaves.

Facts the rules need, taken from the record: a person is a juvenile when under 18 on the day of
the incident by their date of birth, or a student with no date of birth (the conservative
reading); arrested when the disposition is a custodial arrest; protected when the officer marked
the identity protected (13.82, subd. 17)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string

from sro.core import clock
from sro.incidents.models import Incident, IncidentPerson, PersonKind
from sro.rules.data_practices import Decision, Item, Person, Requester, classify, may_release
from sro.rules.dates import add_years

ADULT_AGE = 18


@dataclass(frozen=True)
class Part:
    label: str
    value: str
    decision: Decision

    @property
    def shown(self) -> str:
        return self.value if self.decision.release else ""


@dataclass
class ReleasedPerson:
    label: str  # name-free, as "Student 1 (suspect)"
    parts: list[Part] = field(default_factory=list)


@dataclass
class ReleaseCopy:
    incident: Incident
    requester: Requester
    facts: list[Part]
    narrative: Part
    people: list[ReleasedPerson]
    prepared_on: dt.date
    education: list[Part] = field(default_factory=list)  # never released (34 CFR 99.33)

    @property
    def parts(self) -> list[Part]:
        people = (p for person in self.people for p in person.parts)
        return [*self.facts, self.narrative, *people, *self.education]

    @property
    def released(self) -> int:
        return sum(p.decision.release for p in self.parts)

    @property
    def withheld(self) -> int:
        return sum(not p.decision.release for p in self.parts)


def person_facts(person: IncidentPerson, day: dt.date) -> Person:
    if person.date_of_birth is not None:
        juvenile = add_years(person.date_of_birth, ADULT_AGE) > day
    else:
        juvenile = person.kind == PersonKind.STUDENT
    return Person(
        role=person.role,
        juvenile=juvenile,
        arrested=person.disposition == "custodial_arrest",
        protected=person.identity_protected,
    )


def _age(person: IncidentPerson, day: dt.date) -> str:
    if person.date_of_birth is None:
        return "age not recorded"
    born = person.date_of_birth
    years = day.year - born.year - ((day.month, day.day) < (born.month, born.day))
    return f"{years} years"


def release_copy(
    incident: Incident,
    requester: Requester,
    *,
    about: IncidentPerson | None = None,
    minor_withheld: bool = False,
) -> ReleaseCopy:
    """The incident as ``requester`` may receive it. ``about``: the person the requester is, or
    (for a parent) whose parent they are."""
    day = incident.occurred_at.astimezone(clock.agency_zone()).date()
    people = list(incident.people.order_by("position"))
    facts_of = {p.pk: person_facts(p, day) for p in people}
    active = incident.investigation_active

    def part(label: str, value: str, item: Item, person: IncidentPerson | None = None) -> Part:
        finding = classify(
            item,
            facts_of[person.pk] if person else None,
            investigation_active=active,
            people=tuple(facts_of.values()),
        )
        mine = person is not None and about is not None and person.pk == about.pk
        decision = may_release(
            finding, requester, about_requester=mine, minor_withheld=minor_withheld, item=item
        )
        return Part(label, value, decision)

    when = incident.occurred_at.astimezone(clock.agency_zone())
    facts = [
        part("Case number", incident.number, Item.INCIDENT_FACTS),
        part("Date and time", f"{when:%Y-%m-%d %H:%M}", Item.INCIDENT_FACTS),
        part("School", incident.school.name, Item.INCIDENT_FACTS),
        part("Place", incident.place or "—", Item.INCIDENT_FACTS),
        part(
            "Nature of the incident",
            str(incident.offense) if incident.offense else "No offense recorded",
            Item.INCIDENT_FACTS,
        ),
        part("Officer", str(incident.officer), Item.INCIDENT_FACTS),
    ]
    narrative = part(
        "Summary and narrative",
        f"{incident.summary}\n\n{incident.narrative}".strip(),
        Item.NARRATIVE,
    )
    released_people = []
    for person in people:
        contact = ", ".join(
            x
            for x in (
                person.full_name,
                f"born {person.date_of_birth}" if person.date_of_birth else "",
                person.address,
                person.phone,
                person.email,
            )
            if x
        )
        details = ", ".join(
            x
            for x in (
                person.get_grade_display() if person.grade else "",
                person.get_race_ethnicity_display() if person.race_ethnicity else "",
                person.get_disposition_display() if person.disposition else "",
            )
            if x
        )
        education = ", ".join(
            x
            for x in (
                person.get_disability_display() if person.disability else "",
                "English learner" if person.english_learner else "",
                person.education_plan,
            )
            if x
        )
        sex = person.get_sex_display() if person.sex else "sex not recorded"
        released_people.append(
            ReleasedPerson(
                person.label,
                [
                    part("Name and contact", contact, Item.PERSON_NAME, person),
                    part("Age and sex", f"{_age(person, day)}, {sex}", Item.PERSON_AGE_SEX, person),
                    part(
                        "Grade, race and ethnicity, disposition",
                        details or "—",
                        Item.PERSON_DETAILS,
                        person,
                    ),
                    part(
                        "Education data from the school",
                        education or "—",
                        Item.EDUCATION_DATA,
                        person,
                    ),
                ],
            )
        )
    school_records = [
        part(
            f"Education record from {record.school.name} ({record.received_on})",
            record.description,
            Item.EDUCATION_DATA,
            None,
        )
        for record in incident.education_records.select_related("school")
    ]
    return ReleaseCopy(
        incident, requester, facts, narrative, released_people, clock.today(), school_records
    )


def release_pdf(copy: ReleaseCopy, *, context: dict[str, Any] | None = None) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string("records/release_pdf.html", {"copy": copy, **(context or {})})
    fetcher = URLFetcher(allowed_protocols=frozenset({"data"}))  # nothing is fetched
    pdf: bytes = HTML(string=html, url_fetcher=fetcher).write_pdf()
    return pdf
