"""Demo daily work (fictional people): the lesson library, and November 2026 for each demo SRO,
a realistic mix by duty built from their schedule (patrol at arrival, positive contacts at lunch,
classes, staff consultations, family meetings, mentoring, liaison meetings, event security,
drill advice and a vulnerability walk-through) and a few referrals to support, some acknowledged
by the school. Marcus Okafor, in the training grace period, logs no clause (4) or (5) work.

The mix is drawn from a seeded random generator, so every load gives the same month."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sro.accounts.models import User
from sro.activity import facts, services
from sro.activity.models import Activity, LessonOutline, Service, SupportReferral
from sro.roster.models import Officer
from sro.scheduling.coverage import officer_days
from sro.schools.models import School

D = dt.date
T = dt.time
MONTH = (D(2026, 11, 1), D(2026, 11, 27))
SROS = ("Lindqvist", "Okafor", "Raman", "Haugen", "Whitebird", "Solberg")
GRADES: dict[str, tuple[str, ...]] = {
    School.Level.ELEMENTARY: ("3", "4", "5"),
    School.Level.MIDDLE: ("6", "7", "8"),
    School.Level.SECONDARY: ("9", "10", "11", "12"),
}

LESSONS = (
    (
        "Online safety and sharing images",
        "6-12",
        45,
        "What happens to a picture once it is sent, how to get help, and the law on images of "
        "minors, without scare stories.",
        "Students can say where to get help when an image is shared without consent.\n"
        "Students can name two ways to protect their accounts.",
        "1. Warm-up: what do you post, and who sees it? (5 min)\n"
        "2. Scenario cards in small groups (15 min)\n"
        "3. The law in plain words, and what an officer does and does not do (10 min)\n"
        "4. Where to get help: trusted adults, reporting tools, the school counselor (10 min)\n"
        "5. Questions, answered anonymously from cards (5 min)",
        "Scenario cards; slides; reporting-tools handout",
    ),
    (
        "Bike, pedestrian and bus safety",
        "K-5",
        30,
        "Seeing and being seen, crossing streets, and behaving at the bus stop.",
        "Students can show a safe crossing.\nStudents know what to do if a stranger approaches.",
        "1. Helmet check and reflectors (5 min)\n2. Crossing practice in the gym (15 min)\n"
        "3. Bus-stop rules as a story (10 min)",
        "Helmet; reflective vests; floor tape",
    ),
    (
        "Vaping, THC and your health",
        "6-12",
        45,
        "Facts on nicotine and THC products, the law for minors, and where to get help quitting.",
        "Students can name the health effects of vaping.\nStudents know the school's and the "
        "community's cessation resources.",
        "1. Myth or fact quiz (10 min)\n2. What is in the product (10 min)\n"
        "3. The law for minors and why the SRO's role is not school discipline (10 min)\n"
        "4. Getting help: the school nurse and a community program (15 min)",
        "Quiz cards; community cessation program flyers",
    ),
    (
        "Conflict and de-escalation",
        "6-12",
        50,
        "Recognising escalation in yourself and others, and ways out of a conflict.",
        "Students can describe the stages of escalation.\nStudents practise two calming skills.",
        "1. Stages of escalation (10 min)\n2. Role-play in pairs (20 min)\n"
        "3. Restorative questions (10 min)\n4. Reflection (10 min)",
        "Role-play cards",
    ),
    (
        "What does a police officer do?",
        "K-5",
        30,
        "Meeting the school's officer: who they are, how they help, and when to call 911.",
        "Students know when and how to call 911.\nStudents see the officer as a helper.",
        "1. Introductions and the officer's equipment (10 min)\n2. When to call 911 (10 min)\n"
        "3. Questions (10 min)",
        "None",
    ),
    (
        "Your rights and responsibilities with police",
        "9-12",
        50,
        "What the law says about stops, questioning and searches, for young people and for "
        "officers.",
        "Students can describe their rights in a police encounter.\nStudents can describe how to "
        "file a complaint about an officer.",
        "1. Scenarios (15 min)\n2. The law in plain words (20 min)\n"
        "3. How to file a complaint (5 min)\n4. Questions (10 min)",
        "Handout on rights and the complaint process",
    ),
)

# Fictional students referred to support: (officer, day, first, last, grade, service, provider,
# reason, instead of the justice system, acknowledged by the principal)
REFERRALS = (
    (
        "Lindqvist",
        D(2026, 11, 5),
        "Avery",
        "Testcase",
        "10",
        Service.COUNSELOR,
        "School counseling office",
        "Repeated conflict with peers after a family loss.",
        False,
        True,
    ),
    (
        "Lindqvist",
        D(2026, 11, 17),
        "Jamie",
        "Example",
        "11",
        Service.RESTORATIVE,
        "Douglas County restorative program (demo)",
        "Vandalism of a locker; the student and the owner agreed to a restorative circle.",
        True,
        False,
    ),
    (
        "Raman",
        D(2026, 11, 10),
        "Riley",
        "Sample",
        "7",
        Service.MENTORING,
        "Lakes Area mentoring (demo)",
        "Attendance falling; asked for an adult to check in with.",
        False,
        False,
    ),
    (
        "Okafor",
        D(2026, 11, 12),
        "Morgan",
        "Placeholder",
        "8",
        Service.MENTAL_HEALTH,
        "County children's mental health (demo)",
        "Threatening message to a classmate; assessed as no threat; support instead of a petition.",
        True,
        False,
    ),
    (
        "Haugen",
        D(2026, 11, 19),
        "Casey",
        "Fictional",
        "4",
        Service.SOCIAL_WORKER,
        "School social worker",
        "Arrives hungry and early most days.",
        False,
        False,
    ),
    (
        "Whitebird",
        D(2026, 11, 16),
        "Harper",
        "Invented",
        "3",
        Service.NURSE,
        "School nurse",
        "Headaches most afternoons; the family asked the SRO who to talk to.",
        False,
        False,
    ),
    (
        "Solberg",
        D(2026, 11, 6),
        "Quinn",
        "Demo",
        "9",
        Service.COUNSELOR,
        "School counselor",
        "Vaping at school; asked for help quitting.",
        True,
        False,
    ),
)


@dataclass(frozen=True)
class Slot:
    kind: str
    start: dt.time
    minutes: int | None = None
    students: tuple[int, int] = (0, 0)
    note: str = ""


DAILY = (
    Slot("patrol", T(7, 30), 30, note="Arrival: doors, lot and bus lane."),
    Slot("positive_contact", T(11, 45), 40, (8, 30), "Lunch in the cafeteria."),
    Slot("patrol", T(15, 0), 30, note="Dismissal: buses and the lot."),
)
# Two a day, in turn; (4) and (5) work is left out for a restricted officer.
ROTATION = (
    Slot("class_taught", T(9, 40)),
    Slot("staff_consultation", T(14, 0), 20),
    Slot("mentoring", T(13, 10), 30, (1, 1), "Weekly check-in."),
    Slot("liaison_meeting", T(15, 10), 45, note="Weekly meeting with the principal."),
    Slot("family_meeting", T(15, 45), 30, (1, 1), "At the family's request, with a counselor."),
    Slot("positive_contact", T(15, 20), 20, (10, 40), "Bus departure."),
    Slot("staff_consultation", T(10, 30), 15, note="Teacher asked about a parking-lot concern."),
)
MONTHLY = (
    (D(2026, 11, 10), Slot("drill_advice", T(10, 0), 30, note="Lockdown drill debrief.")),
    (
        D(2026, 11, 18),
        Slot("vulnerability_walk", T(13, 0), 45, note="Exterior doors at dismissal."),
    ),
)


def _lessons(agency_id: uuid.UUID, actor: User) -> list[LessonOutline]:
    made = []
    for title, grades, minutes, summary, objectives, outline, materials in LESSONS:
        lesson = LessonOutline(
            agency_id=agency_id,
            title=title,
            grades=grades,
            minutes=minutes,
            summary=summary,
            objectives=objectives,
            outline=outline,
            materials=materials,
            source="Demo department (fictional)",
        )
        made.append(services.save_lesson(lesson, actor=actor))
    return made


def _school_days(officer: Officer) -> list[tuple[dt.date, str]]:
    # The days the schedule booked the officer at school: the demo's officers who may not
    # serve were placed by a supervisor's override, and their logged work is what they did.
    return [
        (d.scheduled.day, d.scheduled.schools[0])
        for d in officer_days(officer, *MONTH)
        if d.scheduled.status == "school" and d.scheduled.schools and not d.scheduled.pulls
    ]


def _month(
    officer: Officer,
    schools: dict[str, School],
    lessons: Sequence[LessonOutline],
    actor: User,
    rng: random.Random,
) -> int:
    restricted, _ = facts.restricted_clauses(officer, on=MONTH[1])
    month: list[Activity] = []
    for index, (day, school_id) in enumerate(_school_days(officer)):
        school = schools[school_id]
        turn = index * 2 + rng.randrange(3)
        slots = [*DAILY, ROTATION[turn % len(ROTATION)], ROTATION[(turn + 1) % len(ROTATION)]]
        slots += [slot for when, slot in MONTHLY if when == day and not restricted]
        if day.weekday() == 4 and school.level != School.Level.ELEMENTARY:
            slots.append(Slot("event_security", T(18, 30), 150, note="Home game."))
        for slot in slots:
            activity = Activity(
                officer=officer,
                school=school,
                on=day,
                start_time=slot.start,
                minutes=slot.minutes or 0,
                kind=slot.kind,
                students=rng.randint(*slot.students) if slot.students[1] else 0,
                notes=slot.note,
            )
            if slot.kind == "class_taught":
                level_lessons = [
                    lesson
                    for lesson in lessons
                    if ("K" in lesson.grades) == (school.level == School.Level.ELEMENTARY)
                ]
                lesson = level_lessons[index % len(level_lessons)]
                activity.lesson = lesson
                activity.minutes = lesson.minutes
                activity.grade = rng.choice(GRADES[school.level])
                activity.students = rng.randint(18, 30)
                activity.materials = lesson.materials[:300]
            month.append(activity)
    return services.log_activities(month, actor=actor, as_of=MONTH[1])


def load_activity(*, officers: dict[str, Officer], users: dict[str, User], today: dt.date) -> int:
    """Load the demo month; returns how many activities were logged."""
    del today  # the demo month is fixed: November 2026
    sro_user, sergeant, principal = users["sro"], users["sergeant"], users["principal"]
    agency_id = officers[SROS[0]].agency_id
    lessons = _lessons(agency_id, users["chief"])
    schools = {str(s.pk): s for s in School.objects.filter(education_agency__agency_id=agency_id)}
    rng = random.Random(2026_11)  # noqa: S311 - demo data, not security
    logged = 0
    for last in SROS:
        officer = officers[last]
        actor = sro_user if officer.user_id == sro_user.pk else sergeant
        logged += _month(officer, schools, lessons, actor, rng)
    for last, day, first, family, grade, service, provider, reason, diverted, acked in REFERRALS:
        officer = officers[last]
        actor = sro_user if officer.user_id == sro_user.pk else sergeant
        school_id = _school_days(officer)[0][1]
        activity = Activity(
            officer=officer, school=schools[school_id], on=day, start_time=T(12, 30), minutes=0
        )
        referral = SupportReferral(
            first_name=first,
            last_name=family,
            grade=grade,
            service=service,
            provider=provider,
            reason=reason,
            instead_of_justice=diverted,
        )
        services.record_referral(activity, referral, actor=actor, as_of=MONTH[1])
        if acked:
            services.acknowledge_referral(
                referral, actor=principal, note="The counselor met the student the next day."
            )
        logged += 1
    return logged
