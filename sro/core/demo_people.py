"""The demo department's officers, each set up to show one training situation, and its policy."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

POLICY_TEXT = """School Resource Officers (policy 436), demo version.

Purpose. The department runs a School Resource Officer program under Minn. Stat. 626.8482, by
contract with school districts and charter schools.

Duties. An SRO fosters a positive school climate through relationships and open communication;
protects students, staff and visitors from criminal activity; serves as liaison to school
officials; advises on safety drills; identifies vulnerabilities in facilities and safety
protocols; educates and advises students and staff on law-enforcement topics; and enforces
criminal laws.

Use of force. SROs use age- and developmentally appropriate practices and de-escalation, and do
not use force or their authority solely to enforce school rules or take part in school discipline.

Arrests. Referral to school authorities, diversion and restorative justice are considered before
formal criminal referral; custodial arrests in school are avoided where reasonably practical.

Training and review. SROs complete the required POST-approved training within the required
timeframes and review this policy before assuming SRO duties.
"""

# A tiny, valid PDF standing in for a scanned certificate.
DEMO_CERTIFICATE = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass(frozen=True)
class DemoOfficer:
    """One demo officer and the facts that put them in a particular training situation."""

    first: str
    last: str
    badge: str
    school: int  # index into the demo schools; 5 is the charter school
    role: str
    start: dt.date
    situation: str
    end: dt.date | None = None
    unavailable: bool = False
    courses: tuple[tuple[str, dt.date, bool], ...] = ()  # (course, completed on, certificate)
    review: dt.date | None = None
    override: str = ""


D = dt.date
OFFICERS = [
    DemoOfficer(
        "Dana",
        "Lindqvist",
        "412",
        4,
        "sro",
        D(2024, 8, 20),
        "Transition: NASRO basic course in 2019; the required course is due by 2027-05-31.",
        courses=(("nasro_basic", D(2019, 6, 10), True),),
        review=D(2024, 8, 15),
    ),
    DemoOfficer(
        "Marcus",
        "Okafor",
        "437",
        2,
        "sro",
        D(2026, 8, 31),
        "Grace period: the department could not provide the course before the start.",
        unavailable=True,
        review=D(2026, 8, 25),
    ),
    DemoOfficer(
        "Priya",
        "Raman",
        "455",
        3,
        "sro",
        D(2025, 10, 1),
        "Compliant: required course on 2025-09-15, certificate on file.",
        courses=(("required", D(2025, 9, 15), True),),
        review=D(2025, 9, 20),
    ),
    DemoOfficer(
        "Sofia",
        "Haugen",
        "468",
        0,
        "sro",
        D(2026, 9, 8),
        "Training required: assigned without the course or a record that the department "
        "could not provide it.",
        review=D(2026, 9, 1),
        override="Demo: the chief assigned her while the course is being scheduled.",
    ),
    DemoOfficer(
        "Jordan",
        "Whitebird",
        "391",
        1,
        "sro",
        D(2022, 8, 22),
        "Refresher overdue: last course 2023-06-15, its certificate not on file. Transfers to "
        "investigations after 2026-12-18, leaving Prairie Wind without an SRO.",
        end=D(2026, 12, 18),
        courses=(("nasro_basic", D(2021, 3, 2), False), ("required", D(2023, 6, 15), False)),
        review=D(2022, 8, 10),
        override="Demo: refresher booked for the next available class.",
    ),
    DemoOfficer(
        "Erik",
        "Solberg",
        "402",
        5,
        "sro",
        D(2023, 8, 28),
        "Training overdue: serving since before 2025-09-01 with no basic course; reviewed "
        "the policy late. Assigned to 2027-06-30, past the amended contract's term.",
        end=D(2027, 6, 30),
        review=D(2023, 9, 15),
        override="Demo: the charter school's SRO until a trained officer is available.",
    ),
    DemoOfficer(
        "Tom",
        "Becker",
        "476",
        4,
        "substitute",
        D(2026, 9, 1),
        "Substitute since September 1: 55 student contact days by the end of November, so "
        "exempt with clauses (4) and (5) restricted, and flagged to the sergeant (60 ends the "
        "exemption).",
        review=D(2026, 8, 30),
    ),
    DemoOfficer(
        "Aisha",
        "Mohamed",
        "481",
        2,
        "substitute",
        D(2026, 10, 1),
        "Substitute who has the required course: exempt, no restriction.",
        courses=(("required", D(2026, 9, 20), True),),
        review=D(2026, 9, 25),
    ),
    DemoOfficer(
        "Nils",
        "Berg",
        "377",
        0,
        "sro",
        # From the district agreement's first school year (it began on 2022-07-01: an assignment
        # cannot start before its contract).
        D(2022, 8, 22),
        "Not assigned: served Lakeview Elementary until June 2026.",
        end=D(2026, 6, 12),
        courses=(("ssc_basic", D(2020, 7, 14), True),),
        review=D(2022, 8, 15),
    ),
]

# The demo district's 2026-27 calendar, in the CSV import format (it goes through the importer).
DISTRICT_CALENDAR_CSV = """start,end,kind,label
2026-07-01,2026-09-07,summer,Summer
2026-09-08,2027-06-10,instructional,School day
2026-10-14,,late_start,Late start (staff development)
2026-10-15,2026-10-16,no_school,No school: Education Minnesota conference
2026-11-25,,early_release,Early release before Thanksgiving
2026-11-26,2026-11-27,break,Thanksgiving break
2026-12-23,2027-01-01,break,Winter break
2027-01-12,,no_school,Snow day
2027-01-18,,no_school,No school: Martin Luther King Jr. Day
2027-02-15,,no_school,No school: Presidents' Day
2027-03-22,2027-03-26,break,Spring break
2027-06-11,2027-06-30,summer,Summer
"""


# The demo schedule around "today" (2026-11-28), one entry per case the schedule handles.
# (officer's last name, kind, first day, last day, kind of entry, details)
DUTIES = [
    ("Lindqvist", "patrol_shift", D(2026, 7, 6), D(2026, 8, 28), "Summer patrol, days 07:00-15:00"),
    ("Lindqvist", "patrol_shift", D(2026, 10, 15), D(2026, 10, 16), "Days 07:00-15:00"),
    ("Lindqvist", "patrol_shift", D(2026, 12, 23), D(2026, 12, 24), "Days 07:00-15:00"),
    ("Raman", "training", D(2026, 12, 28), D(2026, 12, 28), "Firearms qualification"),
    ("Raman", "patrol_shift", D(2027, 6, 14), D(2027, 8, 13), "Summer patrol, days 07:00-15:00"),
]
ABSENCES = [
    ("Haugen", "training", D(2026, 12, 3), D(2026, 12, 3), "Crisis intervention course"),
    ("Okafor", "leave", D(2026, 12, 3), D(2026, 12, 4), ""),
    ("Raman", "leave", D(2026, 12, 7), D(2026, 12, 11), ""),
]
# (officer, day, start, end, reason, reason public)
PULLS = [
    (
        "Lindqvist",
        D(2026, 11, 30),
        dt.time(9, 0),
        dt.time(11, 30),
        "Patrol short-handed: crash on Highway 29 (demo)",
        False,
    ),
    (
        "Whitebird",
        D(2026, 12, 1),
        None,
        None,
        "Patrol staffing: two officers out sick (demo)",
        False,
    ),
    (
        "Raman",
        D(2026, 12, 2),
        dt.time(13, 0),
        dt.time(15, 0),
        "Traffic control for the district's evacuation drill",
        True,
    ),
]
# Substitutes covering absences: (officer, school index, first, last, note, the sergeant's
# reason for booking the officer in two places at once, if the cover does)
COVERS = [
    (
        "Berg",
        3,
        D(2026, 12, 7),
        D(2026, 12, 11),
        "Covers Northshore while Priya Raman is on leave.",
        "",
    ),
    (
        "Becker",
        2,
        D(2026, 12, 3),
        D(2026, 12, 4),
        "Covers Runestone while Marcus Okafor is on leave; still on the Central Lakes roster, "
        "so he is booked at two schools at once (shown under schedule problems).",
        "Demo: Runestone must not be left without an SRO; Central Lakes keeps Dana Lindqvist.",
    ),
]
