"""Demo incidents (fictional people): one of every disposition, in every review state, with a
referral the Central Lakes principal sees and a school-rules-only matter flagged for review; and
a few reviewed incidents of the school year before, whose public figures are published."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sro.accounts.models import User
from sro.core import clock
from sro.incidents import services
from sro.incidents.models import Incident, IncidentPerson, Offense
from sro.incidents.offense_list import ensure_starter_offenses
from sro.roster.models import Officer
from sro.schools.models import School


@dataclass(frozen=True)
class P:
    kind: str
    role: str
    first: str
    last: str
    born: dt.date | None = None
    grade: str = ""
    answers: dict[str, Any] = field(default_factory=dict)
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DemoIncident:
    officer: str  # last name
    school: int  # index into the demo schools
    at: dt.datetime
    summary: str
    place: str
    offense: str | None
    school_rules: bool | None
    initiated_by: str
    narrative: str
    people: tuple[P, ...]
    status: str  # draft, submitted, returned, approved
    review_comment: str = ""


def _at(y: int, m: int, d: int, hh: int, mm: int) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=clock.agency_zone())


REFERRAL = {
    "school_referral_reason": "A first incident; the school's behaviour plan and restitution "
    "answer it better than a criminal referral.",
    "school_summary": "Took a classmate's phone from a locker on 15 September; the phone was "
    "returned. Referred to the school for its own response; no criminal referral.",
}

INCIDENTS: tuple[DemoIncident, ...] = (
    DemoIncident(
        "Lindqvist",
        4,
        _at(2026, 9, 15, 10, 40),
        "Phone taken from a locker",
        "B-wing lockers",
        "609.52",
        True,
        "school_staff",
        "The assistant principal asked me to look into a phone missing from a locker. Avery "
        "Lund (grade 10) said Noah Brandt had taken it; Noah returned it when asked.",
        (
            P("student", "suspect", "Noah", "Brandt", dt.date(2010, 4, 2), "10", REFERRAL),
            P("student", "victim", "Avery", "Lund", dt.date(2010, 1, 19), "10"),
        ),
        "approved",
    ),
    DemoIncident(
        "Lindqvist",
        4,
        _at(2026, 10, 2, 12, 5),
        "Fight in the cafeteria",
        "Cafeteria",
        "609.224",
        True,
        "officer",
        "I saw Jonah Evers and Marcus Tveit exchange punches at lunch. Neither needed medical "
        "care. Both families agreed to the programs below.",
        (
            P(
                "student",
                "suspect",
                "Jonah",
                "Evers",
                dt.date(2009, 7, 30),
                "11",
                {
                    "program_run_by": "other",
                    "school_referral_considered": True,
                    "school_referral_reason": "The school suspended both for a day; the county "
                    "restorative justice circle repairs the harm between them.",
                },
            ),
            P(
                "student",
                "suspect",
                "Marcus",
                "Tveit",
                dt.date(2009, 11, 3),
                "11",
                {
                    "program_run_by": "department",
                    "school_referral_considered": True,
                    "school_referral_reason": "Considered; the department's diversion program "
                    "fits a second fight this year.",
                },
                {"disability": "section_504"},
            ),
        ),
        "approved",
    ),
    DemoIncident(
        "Solberg",
        5,
        _at(2026, 10, 14, 13, 20),
        "Threat to bring a weapon to school",
        "Main office",
        "609.713",
        True,
        "school_staff",
        "Staff reported a written threat to shoot classmates. The student, Leo Marsh, admitted "
        "writing it and said he had access to a rifle at home.",
        (
            P(
                "student",
                "suspect",
                "Leo",
                "Marsh",
                dt.date(2011, 2, 11),
                "9",
                {
                    "school_referral_considered": True,
                    "school_referral_reason": "Not enough: a specific threat with access to a "
                    "firearm is a public-safety matter.",
                    "alternatives_considered": True,
                    "alternatives_note": "Diversion considered and refused given the firearm; "
                    "the county attorney may offer it later.",
                    "arrest_reason": "Specific threat to shoot classmates with a rifle the "
                    "student said he could reach: public safety.",
                    "arrest_out_of_view": True,
                    "arrest_location_note": "In the principal's office, during class time.",
                    "staff_notice": "before_and_present",
                    "staff_names": "Principal Hanna Vik; counselor Omar Diaz",
                },
            ),
            P(
                "parent",
                "other",
                "Ruth",
                "Marsh",
                details={"phone": "320-555-0142", "address": "14 Elm Street, Alexandria"},
            ),
        ),
        "submitted",
    ),
    DemoIncident(
        "Lindqvist",
        4,
        _at(2026, 11, 5, 9, 15),
        "Vaping in a restroom",
        "North restroom",
        None,
        True,
        "school_staff",
        "A teacher asked me to deal with Eli Sand vaping in the restroom. I warned him and "
        "called his mother to pick him up.",
        (P("student", "suspect", "Eli", "Sand", dt.date(2011, 5, 6), "9"),),
        "submitted",
    ),
    DemoIncident(
        "Raman",
        3,
        _at(2026, 10, 21, 14, 0),
        "Graffiti on the gym wall",
        "Gymnasium",
        "609.595",
        False,
        "officer",
        "Paint on the outside gym wall after school; Mia Halvorsen admitted it in front of her "
        "father. Damage estimated at $600.",
        (
            P(
                "student",
                "suspect",
                "Mia",
                "Halvorsen",
                dt.date(2012, 8, 14),
                "8",
                {
                    "alternatives_considered": True,
                    "alternatives_note": "Restorative justice offered; the family declined it.",
                },
                {"english_learner": False},
            ),
        ),
        "approved",
    ),
    DemoIncident(
        "Okafor",
        2,
        _at(2026, 11, 10, 15, 30),
        "Adult refused to leave the school grounds",
        "Front entrance",
        "609.605",
        False,
        "call_for_service",
        "An adult visitor was asked to leave by the principal and refused; he left after a "
        "warning.",
        (P("other", "suspect", "Carl", "Dekker", dt.date(1985, 3, 9)),),
        "approved",
    ),
    DemoIncident(
        "Lindqvist",
        4,
        _at(2026, 11, 20, 11, 45),
        "Pills found in a backpack",
        "Nurse's office",
        "152.025",
        True,
        "student_or_parent",
        "A parent called about pills her son Sam Oyelaran had been given. The nurse found them "
        "in his backpack.",
        (
            P(
                "student",
                "suspect",
                "Sam",
                "Oyelaran",
                dt.date(2010, 12, 1),
                "10",
                {"school_referral_considered": False},
            ),
        ),
        "draft",
    ),
)

# The school year before (2025-26), all reviewed: its public figures are published (the demo
# loads the release, sro.public.releases), so the public pages show a published year.
PAST_INCIDENTS: tuple[DemoIncident, ...] = (
    DemoIncident(
        "Lindqvist",
        4,
        _at(2026, 2, 11, 10, 20),
        "Classmate shoved into the lockers",
        "C-wing hallway",
        None,
        True,
        "school_staff",
        "A teacher asked me to step in when Owen Vestby shoved a classmate into the lockers. "
        "Nobody was hurt.",
        (
            P(
                "student",
                "suspect",
                "Owen",
                "Vestby",
                dt.date(2009, 9, 14),
                "10",
                {
                    "program_run_by": "other",
                    "school_referral_considered": True,
                    "school_referral_reason": "The school's conduct plan was considered; the "
                    "county's restorative circle repairs the harm to the classmate.",
                },
                {"sex": "male"},
            ),
        ),
        "approved",
    ),
    DemoIncident(
        "Lindqvist",
        4,
        _at(2026, 3, 18, 13, 5),
        "Vape pen found in class",
        "Room 214",
        None,
        True,
        "school_staff",
        "A teacher found a vape pen on Lily Moen's desk. I spoke with her and her father.",
        (P("student", "suspect", "Lily", "Moen", dt.date(2010, 6, 2), "10"),),
        "approved",
    ),
    DemoIncident(
        "Solberg",
        5,
        _at(2026, 5, 6, 15, 10),
        "Skateboard taken from the bike rack",
        "Bike rack",
        None,
        True,
        "student_or_parent",
        "A parent reported her son's skateboard taken. Theo Lunde and Ruby Strand had it and "
        "gave it back.",
        (
            P("student", "suspect", "Theo", "Lunde", dt.date(2011, 1, 23), "9"),
            P("student", "suspect", "Ruby", "Strand", dt.date(2011, 4, 30), "9"),
        ),
        "approved",
    ),
)

DISPOSITION_OF = {
    ("Phone taken from a locker", "Noah"): "referred_to_school",
    ("Fight in the cafeteria", "Jonah"): "restorative_justice",
    ("Fight in the cafeteria", "Marcus"): "diversion",
    ("Threat to bring a weapon to school", "Leo"): "custodial_arrest",
    ("Vaping in a restroom", "Eli"): "handled_in_department",
    ("Graffiti on the gym wall", "Mia"): "citation",
    ("Adult refused to leave the school grounds", "Carl"): "handled_in_department",
    ("Pills found in a backpack", "Sam"): "referred_to_court",
}
PAST_DISPOSITION_OF = {
    ("Classmate shoved into the lockers", "Owen"): "restorative_justice",
    ("Vape pen found in class", "Lily"): "handled_in_department",
    ("Skateboard taken from the bike rack", "Theo"): "handled_in_department",
    ("Skateboard taken from the bike rack", "Ruby"): "handled_in_department",
}


def load_incidents(
    *, officers: dict[str, Officer], schools: Sequence[School], users: dict[str, User]
) -> None:
    ensure_starter_offenses(actor=users["chief"])
    offenses = {o.citation: o for o in Offense.objects.all()}
    for spec in (*INCIDENTS, *PAST_INCIDENTS):
        officer = officers[spec.officer]
        # Dana Lindqvist signs in as "sro"; the sergeant records the others' incidents.
        writer = users["sro"] if officer.user_id else users["sergeant"]
        reviewer = users["sergeant"] if writer != users["sergeant"] else users["chief"]
        incident = services.create_incident(
            Incident(
                agency_id=officer.agency_id,
                school=schools[spec.school],
                officer=officer,
                occurred_at=spec.at,
                summary=spec.summary,
                place=spec.place,
                offense=offenses.get(spec.offense) if spec.offense else None,
                violates_school_rules=spec.school_rules,
                initiated_by=spec.initiated_by,
                narrative=spec.narrative,
            ),
            actor=writer,
        )
        for p in spec.people:
            _add_person(incident, spec, p, writer)
        if spec.status in {"submitted", "approved"}:
            services.submit_incident(incident, actor=writer)
        if spec.status == "approved":
            services.review_incident(incident, actor=reviewer, approve=True, comment="")


def _add_person(incident: Incident, spec: DemoIncident, p: P, writer: User) -> None:
    key = (spec.summary, p.first)
    disposition = DISPOSITION_OF.get(key) or PAST_DISPOSITION_OF.get(key, "")
    services.save_person(
        IncidentPerson(
            incident=incident,
            kind=p.kind,
            role=p.role,
            first_name=p.first,
            last_name=p.last,
            date_of_birth=p.born,
            grade=p.grade,
            disposition=disposition,
            **p.answers,
            **p.details,
        ),
        actor=writer,
    )
