"""Demo school safety (fictional people): yearly security audits in every state (current with
findings and recommendations at Central Lakes High, due in two days at Lakeview, overdue at
Northshore, in progress at Runestone, never done at the charter school), the 2026-27 drills
against the yearly minimums (with one supervisor's override of the clause (4) restriction),
safety plans (one overdue for review) and event security.

Everything goes through the services. Past steps pass their day as ``as_of``; the moments the
services stamp themselves (started, completed) are the time the demo is loaded."""

from __future__ import annotations

import base64
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from sro.accounts.models import User
from sro.core import clock
from sro.roster.models import Officer
from sro.safety import services
from sro.safety.models import (
    AuditAnswer,
    Drill,
    Finding,
    PlanContribution,
    Recommendation,
    SafetyPlan,
    SecurityAudit,
    SecurityEvent,
)
from sro.schools.models import School

D = dt.date

# The demo schools by their index (see sro.core.demo.SCHOOLS; 5 is the charter school).
LAKEVIEW, PRAIRIE_WIND, RUNESTONE, NORTHSHORE, CENTRAL_LAKES, GLACIAL_RIDGE = range(6)

# A 1 x 1 PNG standing in for a photo taken on the walk.
DEMO_PHOTO = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


@dataclass(frozen=True)
class Rec:
    action: str
    owner: str
    due_on: dt.date
    status: str = "open"
    note: str = ""
    closed_on: dt.date | None = None


@dataclass(frozen=True)
class Find:
    item: str  # the start of the checklist item's prompt
    title: str
    detail: str
    risk: str
    recs: tuple[Rec, ...]


@dataclass(frozen=True)
class Walk:
    """One audit walked from opening to completion (or left in progress)."""

    school: int
    officer: str  # last name
    opened: dt.date
    completed: dt.date | None
    summary: str = ""
    marks: dict[str, tuple[str, str]] = field(default_factory=dict)  # prompt start: rating, note
    findings: tuple[Find, ...] = ()
    areas: tuple[str, ...] = ()  # only these areas are rated (an audit in progress)
    override: str = ""  # the sergeant's override for an officer the verdict does not clear


CENTRAL_LAKES_2026 = Walk(
    CENTRAL_LAKES,
    "Lindqvist",
    opened=D(2026, 9, 14),
    completed=D(2026, 10, 6),
    summary="A well-run building with a controlled main entrance. The gym's east door and the "
    "B-wing classroom locks need attention before the next lockdown drill; visitor badges "
    "are not always collected.",
    marks={
        "Exterior doors other than": ("fails", "Gym east door propped open at lunch, twice."),
        "Visitors sign in": ("partial", "Badges handed out but not collected at sign-out."),
        "Classroom doors lock from": ("fails", "B wing: six doors lock only with a key outside."),
        "Exterior lighting covers": ("partial", "One fixture out over the north lot walkway."),
        "Reunification with families": ("na", "District-level plan; reviewed separately."),
    },
    findings=(
        Find(
            "Exterior doors other than",
            "Gym east door propped open during lunch",
            "Found propped with a chair on two visits; students use it to reach the fields.",
            "high",
            (
                Rec(
                    "Fit a door-prop alarm to the gym's east door and remind staff that exterior "
                    "doors stay shut.",
                    "Head custodian, Central Lakes High",
                    D(2026, 11, 15),
                    "in_progress",
                    "Alarm ordered; staff reminded at the October 14 meeting.",
                ),
            ),
        ),
        Find(
            "Classroom doors lock from",
            "B-wing classroom doors lock only from the hallway",
            "Six rooms: a teacher must step into the hallway with a key to lock the door.",
            "critical",
            (
                Rec(
                    "Replace the six B-wing locks with locks that work from inside; until then, "
                    "keep those rooms' doors locked and closed during class.",
                    "Principal Gloria Nygaard",
                    D(2027, 8, 15),
                    "in_progress",
                    "Interim practice in place since October 7; locks in the summer work order.",
                ),
            ),
        ),
        Find(
            "Visitors sign in",
            "Visitor badges not collected",
            "A visitor can keep a badge and return with it.",
            "moderate",
            (
                Rec(
                    "Collect each visitor's badge at sign-out and count the badges at the end "
                    "of the day.",
                    "Front office manager, Central Lakes High",
                    D(2026, 12, 18),
                ),
            ),
        ),
        Find(
            "Exterior lighting covers",
            "A light out over the north lot walkway",
            "",
            "low",
            (
                Rec(
                    "Replace the fixture.",
                    "District facilities, through the principal",
                    D(2026, 10, 30),
                    "closed",
                    "Fixture replaced on October 27.",
                    D(2026, 10, 27),
                ),
            ),
        ),
    ),
)

PAST_WALKS = (
    Walk(
        NORTHSHORE,
        "Whitebird",
        opened=D(2025, 9, 2),
        completed=D(2025, 9, 10),
        summary="Sound overall; radio coverage in the lower-level gym needs fixing.",
        marks={"Radios work throughout": ("fails", "No signal in the lower-level gym.")},
        findings=(
            Find(
                "Radios work throughout",
                "Radios drop out in the lower-level gym",
                "",
                "moderate",
                (
                    Rec(
                        "Add a repeater for the lower level.",
                        "District technology office",
                        D(2026, 1, 31),
                        "closed",
                        "Repeater installed; tested with the SRO.",
                        D(2026, 2, 10),
                    ),
                ),
            ),
        ),
    ),
    Walk(
        LAKEVIEW,
        "Berg",
        opened=D(2025, 10, 1),
        completed=D(2025, 11, 30),
        summary="No finding; parking supervision at dismissal could be tighter.",
        marks={"Parking areas are supervised": ("partial", "One adult for two lots.")},
    ),
    Walk(
        RUNESTONE,
        "Raman",
        opened=D(2025, 11, 3),
        completed=D(2025, 12, 3),
        summary="The bus loop crosses the main pedestrian path.",
        marks={"Bus loading, parent drop-off": ("fails", "Buses cross the front walkway.")},
        findings=(
            Find(
                "Bus loading, parent drop-off",
                "Bus loop crosses the pedestrian path",
                "At dismissal buses pull across the walkway students use to reach the street.",
                "high",
                (
                    Rec(
                        "Move bus loading to the west drive and fence the front walkway.",
                        "District transportation director",
                        D(2026, 8, 15),
                        "in_progress",
                        "Design approved; construction planned for the spring.",
                    ),
                ),
            ),
        ),
    ),
    Walk(
        PRAIRIE_WIND,
        "Whitebird",
        opened=D(2026, 9, 8),
        completed=D(2026, 9, 22),
        override="Demo: his refresher is booked; the school's own SRO knows the building best.",
        summary="Good practice throughout; the front door has no secure vestibule.",
        marks={"Staff can see and speak": ("partial", "Camera and intercom, no vestibule.")},
        findings=(
            Find(
                "Staff can see and speak",
                "No secure vestibule at the main entrance",
                "",
                "moderate",
                (
                    Rec(
                        "Build a secure vestibule at the main entrance.",
                        "Superintendent Lee Ahn",
                        D(2027, 6, 30),
                        "declined",
                        "Not in this year's budget; the district's capital plan lists it for 2028.",
                        D(2026, 10, 12),
                    ),
                ),
            ),
        ),
    ),
)

RUNESTONE_IN_PROGRESS = Walk(
    RUNESTONE,
    "Mohamed",
    opened=D(2026, 7, 1),
    completed=None,
    marks={
        "Vehicle barriers keep cars": ("partial", "Planters at the front; none by the gym doors."),
        "Keys and access cards": ("fails", "Three departed staff still have working cards."),
    },
    findings=(
        Find(
            "Keys and access cards",
            "Access cards of departed staff still work",
            "Three cards of staff who left in June opened the side door.",
            "high",
            (
                Rec(
                    "Disable the cards of staff who leave on their last day, and review the card "
                    "list each quarter.",
                    "Office manager, Runestone Middle School",
                    D(2026, 12, 15),
                ),
            ),
        ),
    ),
    areas=("Site perimeter and access control", "Entrances and visitor management"),
)

# (school, kind, held on, officer, observed, advice, supervisor's override, notes)
DRILLS: tuple[tuple[int, str, dt.date, str | None, bool, str, str, str], ...] = (
    (
        CENTRAL_LAKES,
        "lockdown",
        D(2026, 9, 17),
        "Lindqvist",
        True,
        "The B-wing rooms could not lock from inside; teachers wedged the doors. Add the B wing "
        "to the audit.",
        "",
        "",
    ),
    (CENTRAL_LAKES, "lockdown", D(2026, 11, 5), "Lindqvist", True, "", "", ""),
    (CENTRAL_LAKES, "fire", D(2026, 9, 10), None, False, "", "", ""),
    (CENTRAL_LAKES, "fire", D(2026, 10, 1), None, False, "", "", ""),
    (CENTRAL_LAKES, "fire", D(2026, 10, 22), None, False, "", "", "Evacuation in 4 minutes."),
    (RUNESTONE, "lockdown", D(2026, 9, 24), "Okafor", True, "", "", ""),
    (
        RUNESTONE,
        "lockdown",
        D(2026, 11, 12),
        "Okafor",
        True,
        "Clear the hallway outside the gym faster; one class stayed in the open.",
        "Officer Okafor ran lockdown drills on patrol for years; the sergeant reviewed his advice "
        "before he gave it, until his SRO course in January.",
        "",
    ),
    (RUNESTONE, "fire", D(2026, 9, 11), None, False, "", "", ""),
    (RUNESTONE, "fire", D(2026, 10, 8), None, False, "", "", ""),
    (RUNESTONE, "tornado", D(2026, 10, 28), "Mohamed", True, "", "", ""),
    (NORTHSHORE, "lockdown", D(2026, 9, 15), "Raman", True, "", "", ""),
    (
        NORTHSHORE,
        "lockdown",
        D(2026, 10, 13),
        "Raman",
        True,
        "Cover the door glass in the music room; it faces the main hallway.",
        "",
        "",
    ),
    (NORTHSHORE, "lockdown", D(2026, 11, 10), "Raman", True, "", "", ""),
    (NORTHSHORE, "fire", D(2026, 9, 9), None, False, "", "", ""),
    (NORTHSHORE, "fire", D(2026, 9, 30), None, False, "", "", ""),
    (NORTHSHORE, "fire", D(2026, 10, 21), None, False, "", "", ""),
    (NORTHSHORE, "fire", D(2026, 11, 18), None, False, "", "", ""),
    (NORTHSHORE, "tornado", D(2026, 10, 6), None, False, "", "", ""),
    (LAKEVIEW, "lockdown", D(2026, 9, 22), "Haugen", True, "", "", ""),
    (LAKEVIEW, "fire", D(2026, 9, 10), None, False, "", "", ""),
    (LAKEVIEW, "fire", D(2026, 10, 20), None, False, "", "", ""),
    (PRAIRIE_WIND, "lockdown", D(2026, 9, 16), "Whitebird", True, "", "", ""),
    (
        PRAIRIE_WIND,
        "lockdown",
        D(2026, 10, 28),
        "Whitebird",
        True,
        "Practise the lockdown at lunch recess too.",
        "Demo: his refresher is booked; the advice is recorded as given.",
        "",
    ),
    (PRAIRIE_WIND, "fire", D(2026, 9, 9), None, False, "", "", ""),
    (PRAIRIE_WIND, "fire", D(2026, 10, 7), None, False, "", "", ""),
    (PRAIRIE_WIND, "other", D(2026, 10, 12), None, False, "", "", "Reunification drill."),
    (GLACIAL_RIDGE, "fire", D(2026, 9, 18), "Solberg", True, "", "", ""),
)

# (school, name, kind, day, starts, ends (local times), expected attendance, officers)
EVENTS: tuple[tuple[int, str, str, dt.date, dt.time, dt.time, int, tuple[str, ...]], ...] = (
    (
        CENTRAL_LAKES,
        "Homecoming football game",
        "sports",
        D(2026, 10, 2),
        dt.time(19, 0),
        dt.time(22, 0),
        2500,
        ("Lindqvist", "Becker", "Raman"),
    ),
    (
        CENTRAL_LAKES,
        "Homecoming dance",
        "dance",
        D(2026, 10, 3),
        dt.time(19, 30),
        dt.time(22, 30),
        600,
        ("Lindqvist", "Becker"),
    ),
    (
        CENTRAL_LAKES,
        "Basketball home opener",
        "sports",
        D(2026, 11, 20),
        dt.time(18, 0),
        dt.time(21, 0),
        900,
        ("Okafor", "Lindqvist"),
    ),
    (
        CENTRAL_LAKES,
        "Graduation ceremony",
        "graduation",
        D(2027, 6, 5),
        dt.time(14, 0),
        dt.time(16, 30),
        3000,
        ("Lindqvist", "Raman", "Haugen"),
    ),
    (
        RUNESTONE,
        "Spring band concert",
        "assembly",
        D(2027, 3, 12),
        dt.time(18, 30),
        dt.time(20, 30),
        400,
        ("Whitebird",),
    ),
)


def load_safety(
    *,
    schools: Sequence[School],
    officers: dict[str, Officer],
    users: dict[str, User],
    today: dt.date,
) -> None:
    agency = schools[0].education_agency.agency
    services.ensure_default_checklist(agency, actor=users["chief"])
    for walk in PAST_WALKS:
        _walk(walk, schools, officers, users)
    _walk(CENTRAL_LAKES_2026, schools, officers, users)
    audit = _walk(RUNESTONE_IN_PROGRESS, schools, officers, users)
    answer = _answer(audit, "Keys and access cards")
    services.add_photo(
        answer,
        upload=SimpleUploadedFile("photo.png", DEMO_PHOTO, content_type="image/png"),
        content_type="image/png",
        caption="Side door opened with a departed teacher's card.",
        actor=users["sergeant"],
    )
    # Northshore's audit opened with the school year and is assigned, but not started: overdue.
    northshore = services.open_audit(schools[NORTHSHORE], actor=None, as_of=D(2026, 9, 1))
    services.assign_audit(
        northshore,
        officers["Raman"],
        actor=users["sergeant"],
        override_reason="",
        as_of=D(2026, 9, 1),
    )
    _drills(schools, officers, users, today)
    _plans(schools, officers, users)
    _events(schools, officers, users)
    # The daily `sro safety_open_audits`: Lakeview's next audit (due in two days) and the
    # charter school's first.
    services.open_due_audits(actor=None, as_of=today, agency=agency)


def _answer(audit: SecurityAudit, prompt_start: str) -> AuditAnswer:
    return audit.answers.get(prompt__startswith=prompt_start)


def _walk(
    walk: Walk, schools: Sequence[School], officers: dict[str, Officer], users: dict[str, User]
) -> SecurityAudit:
    # Only the SRO persona's officer (Dana Lindqvist) signs in; the sergeant records the rest.
    officer = officers[walk.officer]
    walker = users["sro"] if officer.user_id == users["sro"].pk else users["sergeant"]
    audit = services.open_audit(schools[walk.school], actor=None, as_of=walk.opened)
    services.assign_audit(
        audit, officer, actor=users["sergeant"], override_reason=walk.override, as_of=walk.opened
    )
    services.start_audit(audit, actor=walker, as_of=walk.opened)
    rows = []
    for answer in audit.answers.all():
        if walk.areas and answer.area not in walk.areas:
            continue
        mark = next((m for p, m in walk.marks.items() if answer.prompt.startswith(p)), None)
        rating, notes = mark or ("meets", "")
        rows.append((answer, rating, notes))
    services.save_answers(audit, rows, actor=walker)
    closing: list[tuple[Recommendation, Rec]] = []
    for spec in walk.findings:
        finding = Finding(
            audit=audit,
            answer=_answer(audit, spec.item),
            title=spec.title,
            detail=spec.detail,
            risk=spec.risk,
        )
        services.save_finding(finding, actor=walker)
        for r in spec.recs:
            open_status = "in_progress" if r.status == "in_progress" else "open"
            rec = Recommendation(finding=finding, action=r.action, owner=r.owner, due_on=r.due_on)
            rec.status = open_status
            rec.status_note = r.note if open_status == "in_progress" else ""
            services.save_recommendation(rec, actor=walker)
            if r.closed_on:
                closing.append((rec, r))
    if walk.completed is None:
        return audit
    services.complete_audit(audit, actor=walker, summary=walk.summary, as_of=walk.completed)
    # The school closes what it has done, or declines with a reason.
    for rec, r in closing:
        rec.status, rec.status_note, rec.closed_on = r.status, r.note, r.closed_on
        services.save_recommendation(rec, actor=users["sergeant"])
    return audit


def _drills(
    schools: Sequence[School],
    officers: dict[str, Officer],
    users: dict[str, User],
    today: dt.date,
) -> None:
    for school, kind, held_on, last, observed, advice, override, notes in DRILLS:
        officer = officers[last] if last else None
        if override:
            actor = users["sergeant"]
        elif last == "Lindqvist":
            actor = users["sro"]
        elif school == CENTRAL_LAKES:
            actor = users["principal"]
        else:
            actor = users["sergeant"]
        drill = Drill(
            school=schools[school],
            kind=kind,
            held_on=held_on,
            observed=observed,
            officer=officer,
            advice=advice,
            override_reason=override,
            notes=notes,
        )
        services.record_drill(drill, actor=actor, as_of=today)


def _plans(schools: Sequence[School], officers: dict[str, Officer], users: dict[str, User]) -> None:
    central = services.save_plan(
        SafetyPlan(
            school=schools[CENTRAL_LAKES],
            title="Central Lakes High School safety plan",
            adopted_on=D(2024, 8, 15),
            last_reviewed_on=D(2026, 8, 20),
            next_review_on=D(2027, 8, 20),
            notes="Kept in the main office and by the district's safety coordinator. "
            "Contact: Principal Gloria Nygaard (fictional).",
        ),
        actor=users["principal"],
    )
    for officer, day, summary in (
        (
            "Lindqvist",
            D(2026, 8, 12),
            "Walked the lockdown procedure with the assistant principal; suggested checking "
            "the B-wing doors.",
        ),
        (
            "Becker",
            D(2026, 10, 20),
            "Advised on staffing the evening-events section after the homecoming game.",
        ),
    ):
        services.add_contribution(
            PlanContribution(
                plan=central, officer=officers[officer], contributed_on=day, summary=summary
            ),
            actor=users["sergeant"],
        )
    # Northshore's plan was due for review in September: overdue.
    services.save_plan(
        SafetyPlan(
            school=schools[NORTHSHORE],
            adopted_on=D(2023, 9, 1),
            last_reviewed_on=D(2025, 9, 25),
            next_review_on=D(2026, 9, 25),
        ),
        actor=users["sergeant"],
    )
    # Runestone's principal attached a copy of the plan (a blank stand-in page).
    services.save_plan(
        SafetyPlan(
            school=schools[RUNESTONE],
            adopted_on=D(2025, 1, 10),
            last_reviewed_on=D(2026, 1, 15),
            next_review_on=D(2027, 1, 15),
        ),
        actor=users["sergeant"],
        upload=_blank_pdf("runestone-safety-plan.pdf"),
    )


def _blank_pdf(name: str) -> SimpleUploadedFile:
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def _events(
    schools: Sequence[School], officers: dict[str, Officer], users: dict[str, User]
) -> None:
    zone = clock.agency_zone()
    for school, name, kind, day, starts, ends, attendance, names in EVENTS:
        event = SecurityEvent(
            school=schools[school],
            name=name,
            kind=kind,
            starts_at=dt.datetime.combine(day, starts, tzinfo=zone),
            ends_at=dt.datetime.combine(day, ends, tzinfo=zone),
            expected_attendance=attendance,
        )
        services.save_event(event, actor=users["sergeant"], officers=[officers[n] for n in names])
