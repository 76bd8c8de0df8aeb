"""The demo program: the Alexandria Police Department (fictional people), its partner district
and a charter school, six schools, six SROs and two substitutes, a contract each, and one user
per role. Everything is written through the same audited services as the application uses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sro.accounts.models import Role
from sro.accounts.services import create_member
from sro.audittrail.services import audited, record_event
from sro.contracts.models import Contract
from sro.contracts.services import save_contract
from sro.roster.models import Agency, Assignment, Officer
from sro.roster.services import save_agency, save_assignment, save_officer
from sro.schools.models import EducationAgency, School
from sro.schools.services import save_education_agency, save_school

DEMO_PASSWORD = "sro-demo-password"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    note: str


LOGINS = [
    DemoLogin("chief", Role.CHIEF, "Chief of police: everything in the agency"),
    DemoLogin("sergeant", Role.SERGEANT, "Patrol sergeant: supervises SROs, assigns"),
    DemoLogin("sro", Role.SRO, "SRO Dana Lindqvist: own assignments and schools"),
    DemoLogin("records", Role.RECORDS, "Records staff: read-only records"),
    DemoLogin("principal", Role.SCHOOL_ADMIN, "Principal of Central Lakes High School only"),
    DemoLogin("auditor", Role.AUDITOR, "Auditor: read-only, with the audit trail"),
]

SCHOOLS = [
    ("Lakeview Elementary School", School.Level.ELEMENTARY),
    ("Prairie Wind Elementary School", School.Level.ELEMENTARY),
    ("Runestone Middle School", School.Level.MIDDLE),
    ("Northshore Middle School", School.Level.MIDDLE),
    ("Central Lakes High School", School.Level.SECONDARY),
]

# (first, last, badge, licence, school index (5 = the charter school), role, start, employer
#  could not provide training, notes)
OFFICERS = [
    (
        "Dana",
        "Lindqvist",
        "412",
        "MN-10412",
        4,
        "sro",
        dt.date(2024, 8, 20),
        False,
        "Completed the NASRO basic course in 2019.",
    ),
    (
        "Marcus",
        "Okafor",
        "437",
        "MN-10437",
        2,
        "sro",
        dt.date(2026, 8, 31),
        True,
        "Newly assigned; the department could not schedule the SRO course before the start.",
    ),
    (
        "Priya",
        "Raman",
        "455",
        "MN-10455",
        3,
        "sro",
        dt.date(2025, 10, 1),
        False,
        "Completed the required SRO course on 2025-09-15.",
    ),
    (
        "Sofia",
        "Haugen",
        "468",
        "MN-10468",
        0,
        "sro",
        dt.date(2026, 9, 8),
        False,
        "Assigned without the required course.",
    ),
    (
        "Jordan",
        "Whitebird",
        "391",
        "MN-10391",
        1,
        "sro",
        dt.date(2022, 8, 22),
        False,
        "Long-serving SRO; refresher course due.",
    ),
    (
        "Erik",
        "Solberg",
        "402",
        "MN-10402",
        5,
        "sro",
        dt.date(2023, 8, 28),
        False,
        "Serves the charter school.",
    ),
    (
        "Tom",
        "Becker",
        "476",
        "MN-10476",
        4,
        "substitute",
        dt.date(2026, 9, 1),
        False,
        "Substitute when the high school's SRO is away.",
    ),
    (
        "Aisha",
        "Mohamed",
        "481",
        "MN-10481",
        2,
        "substitute",
        dt.date(2026, 10, 1),
        False,
        "Substitute for the middle schools.",
    ),
]


def is_loaded() -> bool:
    return Agency.objects.exists()


@audited
def load(*, actor: object = None) -> Agency:
    """Create the demo program in one transaction (all or nothing)."""
    record_event(
        actor=actor,
        action="demo.load",
        target_type="demo",
        target_id="demo",
        reason="Demo data loaded by `sro demo`.",
    )
    agency = save_agency(
        Agency(
            name="Alexandria Police Department",
            ori="MN0210100",
            chief_name="Chief Karen Ostrander (fictional)",
            city="Alexandria, Minnesota",
        ),
        actor=actor,
    )
    district = save_education_agency(
        EducationAgency(
            agency=agency,
            name="Alexandria Area Schools (demo district)",
            kind=EducationAgency.Kind.DISTRICT,
            number="9206-01",
            contact_name="Superintendent Lee Ahn (fictional)",
        ),
        actor=actor,
    )
    charter = save_education_agency(
        EducationAgency(
            agency=agency,
            name="Glacial Ridge Charter Academy",
            kind=EducationAgency.Kind.CHARTER,
            number="4321-07",
        ),
        actor=actor,
    )
    schools = [
        save_school(School(education_agency=district, name=name, level=level), actor=actor)
        for name, level in SCHOOLS
    ]
    schools.append(
        save_school(
            School(
                education_agency=charter,
                name="Glacial Ridge Charter Academy (grades 6-12)",
                level=School.Level.SECONDARY,
            ),
            actor=actor,
        )
    )
    district_contract = save_contract(
        Contract(
            agency=agency,
            education_agency=district,
            title="SRO agreement with Alexandria Area Schools, 2022-2027",
            start_date=dt.date(2022, 7, 1),
            end_date=dt.date(2027, 6, 30),
            signed_on=dt.date(2022, 6, 14),
        ),
        actor=actor,
        schools=schools[:5],
    )
    charter_contract = save_contract(
        Contract(
            agency=agency,
            education_agency=charter,
            title="SRO agreement with Glacial Ridge Charter Academy, 2023-2027",
            start_date=dt.date(2023, 7, 1),
            end_date=dt.date(2027, 6, 30),
            signed_on=dt.date(2023, 6, 20),
        ),
        actor=actor,
        schools=schools[5:],
    )
    officers = []
    for first, last, badge, lic, school_ix, role, start, unavailable, notes in OFFICERS:
        officer = save_officer(
            Officer(
                agency=agency,
                first_name=first,
                last_name=last,
                badge_number=badge,
                post_license_number=lic,
                email=f"{first.lower()}.{last.lower()}@example.org",
            ),
            actor=actor,
        )
        officers.append(officer)
        save_assignment(
            Assignment(
                officer=officer,
                school=schools[school_ix],
                contract=charter_contract if school_ix == 5 else district_contract,
                role=role,
                start_date=start,
                employer_could_not_provide_training=unavailable,
                notes=notes,
            ),
            actor=actor,
        )
    _load_users(agency, schools, officers, actor)
    return agency


def _load_users(
    agency: Agency, schools: list[School], officers: list[Officer], actor: object
) -> None:
    for login in LOGINS:
        first, last = {
            "chief": ("Karen", "Ostrander"),
            "sergeant": ("Ray", "Dahl"),
            "sro": ("Dana", "Lindqvist"),
            "records": ("Mei", "Larsen"),
            "principal": ("Gloria", "Nygaard"),
            "auditor": ("Sam", "Brekke"),
        }[login.username]
        user = create_member(
            actor=actor,
            username=login.username,
            password=DEMO_PASSWORD,
            role=login.role,
            agency=agency,
            first_name=first,
            last_name=last,
            email=f"{login.username}@example.org",
            schools=[schools[4]] if login.role == Role.SCHOOL_ADMIN else [],
        )
        if login.role == Role.SRO:
            officer = officers[0]
            officer.user = user
            save_officer(officer, actor=actor)


def login_table() -> str:
    rows = [f"  {login.username:<10} {DEMO_PASSWORD}   {login.note}" for login in LOGINS]
    return "Demo log-ins (user name, password, what they see):\n" + "\n".join(rows)


__all__ = ["DEMO_PASSWORD", "LOGINS", "is_loaded", "load", "login_table"]
