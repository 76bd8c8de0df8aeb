"""The demo program: the Alexandria Police Department (fictional people), its partner district
and a charter school, six schools, seven SROs (one no longer assigned) and two substitutes in
every training situation, a contract each, the SRO policy, and one user per role. Everything is
written through the same audited services the application uses.
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.base import ContentFile

from sro.accounts.models import Role, User
from sro.accounts.second_factor import enrol_known_key
from sro.accounts.services import create_member
from sro.activity.demo_activity import load_activity
from sro.audittrail.services import audited, record_event
from sro.complaints.demo_complaints import load_complaints
from sro.contracts.demo_contracts import load_contract_reviews
from sro.contracts.demo_notices import load_notices
from sro.contracts.models import ChangeKind, Contract, ContractChange
from sro.contracts.services import record_change, save_contract
from sro.core import clock
from sro.core.demo_people import (
    ABSENCES,
    COVERS,
    DEMO_CERTIFICATE,
    DISTRICT_CALENDAR_CSV,
    DUTIES,
    OFFICERS,
    POLICY_TEXT,
    PULLS,
    DemoOfficer,
)
from sro.incidents.demo_incidents import load_incidents
from sro.public.releases import publish_due
from sro.records.demo_records import load_records
from sro.roster.models import Agency, Assignment, Officer
from sro.roster.services import save_agency, save_assignment, save_officer
from sro.safety.demo_safety import load_safety
from sro.scheduling.calendar_files import expand, parse_csv
from sro.scheduling.models import Absence, Duty, PatrolPull
from sro.scheduling.services import import_calendar, save_absence, save_duty, save_patrol_pull
from sro.schools.models import EducationAgency, School
from sro.schools.services import save_education_agency, save_school
from sro.training.models import Completion, PolicyVersion
from sro.training.services import (
    attach_certificate,
    record_policy_review,
    save_completion,
    save_policy_version,
)
from sro.use_of_force.demo_force import load_force

DEMO_PASSWORD = "sro-demo-password"
# Every demo account's authenticator key (published: the demo is fictional). Add it to an
# authenticator app, or read the current code on the verify page while DEBUG is on.
DEMO_TOTP_BASE32 = "SRODEMO2SRODEMO2SRODEMO2SRODEMO2"
DEMO_TOTP_KEY = base64.b32decode(DEMO_TOTP_BASE32).hex()


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
    DemoLogin("state", Role.STATE_AUDITOR, "State auditor: reads any agency, read-only"),
]

SCHOOLS = [
    ("Lakeview Elementary School", School.Level.ELEMENTARY),
    ("Prairie Wind Elementary School", School.Level.ELEMENTARY),
    ("Runestone Middle School", School.Level.MIDDLE),
    ("Northshore Middle School", School.Level.MIDDLE),
    ("Central Lakes High School", School.Level.SECONDARY),
]


# What the demo contracts list as the purposes for sharing student data (model policy IV.H.1).
DATA_PURPOSES = (
    "Investigating an incident at school that involves the student\n"
    "Protecting the health or safety of the student or others in an emergency\n"
    "Coordinating a referral to school authorities or a support service"
)


DEMO_RELEASE = "Published when the demo was loaded (`sro demo`), as the daily job would."


def is_loaded() -> bool:
    return Agency.objects.exists()


# The demo tells the story of 2026-11-28. Loaded later, an officer's training verdict may have
# moved on (a substitute reaching 60 contact days): the supervisor's override keeps the story
# loadable, and is recorded only where the verdict on the real day refuses the assignment.
LATE_OVERRIDE = "Demo: loaded after the demo's date (2026-11-28); the officer's situation moved on."


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
            data_purposes=DATA_PURPOSES,
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
            data_purposes=DATA_PURPOSES,
        ),
        actor=actor,
        schools=schools[5:],
    )
    days = expand(parse_csv(DISTRICT_CALENDAR_CSV).entries)
    for lea in (district, charter):
        import_calendar(lea, days, actor=actor, source="demo-2026-27.csv")
    users = _load_users(agency, schools, actor)
    # The version the officers reviewed from 2021 on: its label is the month it took effect
    # (it was labelled "2024-11", so the demo showed a 2024 policy reviewed in 2021 and 2022).
    policy = save_policy_version(
        PolicyVersion(
            agency=agency, version="2021-01", effective_on=dt.date(2021, 1, 1), text=POLICY_TEXT
        ),
        actor=actor,
    )
    officers: dict[str, Officer] = {}
    for index, spec in enumerate(OFFICERS):
        officer = officers[spec.last] = save_officer(
            Officer(
                agency=agency,
                first_name=spec.first,
                last_name=spec.last,
                badge_number=spec.badge,
                post_license_number=f"MN-10{spec.badge}",
                email=f"{spec.first.lower()}.{spec.last.lower()}@example.org",
                supervisor=users["sergeant"],
                user=users["sro"] if index == 0 else None,
            ),
            actor=actor,
        )
        _load_training(officer, spec, policy, actor)
        save_assignment(
            Assignment(
                officer=officer,
                school=schools[spec.school],
                contract=charter_contract if spec.school == 5 else district_contract,
                role=spec.role,
                start_date=spec.start,
                end_date=spec.end,
                employer_could_not_provide_training=spec.unavailable,
                notes=spec.situation,
            ),
            # The chief approves the demo's overrides, as a supervisor would.
            actor=users["chief"],
            override_reason=spec.override or LATE_OVERRIDE,
        )
    _load_schedule(officers, schools, district_contract, users, actor)
    # The charter school's agreement was amended to end with its last school day, after
    # Erik Solberg was assigned to June 30 (a schedule problem the sergeants see).
    record_change(
        ContractChange(
            contract=charter_contract,
            kind=ChangeKind.AMENDMENT,
            effective_on=dt.date(2026, 11, 2),
            signed_on=dt.date(2026, 11, 2),
            start_date=charter_contract.start_date,
            end_date=dt.date(2027, 6, 11),
            summary="The term ends with the last school day.",
        ),
        actor=users["chief"],
    )
    load_contract_reviews(
        district=district_contract, charter=charter_contract, chief=users["chief"]
    )
    load_notices(agency=agency, schools=schools, actor=users["chief"])
    load_incidents(officers=officers, schools=schools, users=users)
    load_force(officers=officers, users=users)
    load_safety(schools=schools, officers=officers, users=users, today=clock.today())
    load_activity(officers=officers, users=users, today=clock.today())
    load_records(users=users)
    load_complaints(agency=agency, schools=schools, officers=officers, users=users)
    # The school years whose release day has come are published, as the daily job would.
    publish_due(actor=actor, agencies=[agency], why=DEMO_RELEASE)
    return agency


def _load_schedule(
    officers: dict[str, Officer],
    schools: list[School],
    contract: Contract,
    users: dict[str, User],
    actor: object,
) -> None:
    sergeant = users["sergeant"]
    for last, kind, first_day, last_day, details in DUTIES:
        duty = Duty(
            officer=officers[last],
            kind=kind,
            first_day=first_day,
            last_day=last_day,
            details=details,
        )
        save_duty(duty, actor=sergeant)
    for last, kind, first_day, last_day, note in ABSENCES:
        absence = Absence(
            officer=officers[last], kind=kind, first_day=first_day, last_day=last_day, note=note
        )
        save_absence(absence, actor=sergeant)
    for last, day, start, end, reason, public in PULLS:
        pull = PatrolPull(
            officer=officers[last],
            day=day,
            start_time=start,
            end_time=end,
            reason=reason,
            reason_public=public,
        )
        save_patrol_pull(pull, actor=sergeant)
    for last, school, first_day, last_day, note, booked_anyway in COVERS:
        save_assignment(
            Assignment(
                officer=officers[last],
                school=schools[school],
                contract=contract,
                role=Assignment.Role.SUBSTITUTE,
                start_date=first_day,
                end_date=last_day,
                notes=note,
            ),
            actor=sergeant,
            override_reason=LATE_OVERRIDE,
            double_booking_reason=booked_anyway,
        )


# Hours as a demo certificate would print them: fictional demo values, not a rule.
DEMO_COURSE_HOURS = {
    "required": Decimal("40"),
    "supplemental": Decimal("8"),
    "refresher": Decimal("8"),
    "ssc_basic": Decimal("24"),
    "nasro_basic": Decimal("40"),
}


def _load_training(
    officer: Officer, spec: DemoOfficer, policy: PolicyVersion, actor: object
) -> None:
    for course, completed_on, certificate in spec.courses:
        completion = save_completion(
            Completion(
                officer=officer,
                course=course,
                completed_on=completed_on,
                provider="Demo training provider",
                hours=DEMO_COURSE_HOURS.get(course),
            ),
            actor=actor,
        )
        if certificate:
            upload = ContentFile(DEMO_CERTIFICATE, name="certificate.pdf")
            attach_certificate(completion, upload, actor=actor)
    if spec.review:
        record_policy_review(officer, policy, actor=actor, reviewed_on=spec.review)


def _load_users(agency: Agency, schools: list[School], actor: object) -> dict[str, User]:
    names = {
        "chief": ("Karen", "Ostrander"),
        "sergeant": ("Ray", "Dahl"),
        "sro": ("Dana", "Lindqvist"),
        "records": ("Mei", "Larsen"),
        "principal": ("Gloria", "Nygaard"),
        "auditor": ("Sam", "Brekke"),
        "state": ("Jordan", "Vang"),
    }
    users = {
        login.username: create_member(
            actor=actor,
            username=login.username,
            password=DEMO_PASSWORD,
            role=login.role,
            agency=agency,
            first_name=names[login.username][0],
            last_name=names[login.username][1],
            email=f"{login.username}@example.org",
            schools=[schools[4]] if login.role == Role.SCHOOL_ADMIN else [],
        )
        for login in LOGINS
    }
    for user in users.values():
        enrol_known_key(user, DEMO_TOTP_KEY, actor=actor)
    return users


def login_table() -> str:
    rows = [f"  {login.username:<10} {DEMO_PASSWORD}   {login.note}" for login in LOGINS]
    return (
        "Demo log-ins (user name, password, what they see):\n"
        + "\n".join(rows)
        + f"\nSecond factor: every demo account's authenticator key is {DEMO_TOTP_BASE32}\n"
        "(with DEBUG on, the verify page also shows the current code)."
    )


__all__ = ["DEMO_PASSWORD", "DEMO_TOTP_KEY", "LOGINS", "is_loaded", "load", "login_table"]
