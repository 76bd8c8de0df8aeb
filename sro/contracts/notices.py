"""Public notification that an SRO will be present (model policy IV.A.1.iv; policy 436.3.1(d)):
which schools have an SRO in a school year, the notices each was given, the schools still
without one, and the plain-language notice letter to families (HTML and PDF).

Read helpers only: every write goes through `sro.contracts.services`.
"""

from __future__ import annotations

import datetime as dt
import re
import string
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.template.loader import render_to_string

from sro.contracts.models import NoticeTemplate, Notification
from sro.core import clock, dates
from sro.roster.models import Agency, Assignment
from sro.rules.dates import school_year_bounds, school_year_of
from sro.schools.models import School

CITATION = "Model policy IV.A.1.iv; policy 436.3.1(d)"
DISCIPLINE_CITATION = "Minn. Stat. 626.8482, subd. 2(c)"

DEFAULT_SUBJECT = "A School Resource Officer at $school in $school_year"

# Plain language, short sentences (about a grade-8 reading level). Blank lines start paragraphs.
DEFAULT_BODY = "\n".join(
    [
        "Dear families and staff of $school,",
        "",
        "In the $school_year school year, a School Resource Officer (SRO) from the $agency will "
        "work at $school. We want you to know this ahead of time. This letter says who the "
        "officer is and what the officer does and does not do.",
        "",
        "Who the officer is",
        "Your school's officer: $officers. An SRO is a licensed Minnesota police officer with "
        "extra training for working in schools. The officer works at the school under a written "
        "agreement between $district and the $agency.",
        "",
        "What the officer does",
        "- Helps keep students, staff and visitors safe from crime.",
        "- Gets to know students and staff, and builds trust.",
        "- Works with school leaders on safety plans and drills.",
        "- Teaches students and staff about the law and safety.",
        "- Deals with crimes, as any police officer would.",
        "",
        "What the officer does not do",
        "The officer does not enforce school rules. The officer does not take part in school "
        "discipline, such as detention or suspension. School staff handle school rules and "
        "discipline. This is Minnesota law (Minnesota Statutes, section 626.8482, "
        "subdivision 2(c)).",
        "",
        "Questions",
        "About the school: contact $principal at $school.",
        "About the officer or the police department: contact the $agency through "
        "$agency_phone_or_website.",
        "",
        "Sincerely,",
        "",
        "$chief",
        "$agency",
    ]
)

# (placeholder, what it becomes): shown on the template form and in the documentation.
PLACEHOLDERS: list[tuple[str, str]] = [
    ("school", "the school's name"),
    ("district", "the school district or charter school"),
    ("school_year", "the school year, such as 2026-27"),
    ("officers", "the names and titles of the officers serving the school that year"),
    ("principal", "the school's principal, or “the principal” when none is on file"),
    ("agency", "the police department's name"),
    ("chief", "the chief law enforcement officer's name"),
    ("agency_phone_or_website", "the department's website, or its non-emergency phone line"),
    ("date", "the date the letter is printed"),
]
PLACEHOLDER_NAMES = frozenset(name for name, _ in PLACEHOLDERS)
_PLACEHOLDER_IN_TEXT = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))")

SAMPLE_VALUES = {
    "school": "Sample Elementary School",
    "district": "Sample School District",
    "officers": "Officer Sample Name (School resource officer)",
    "principal": "Principal Sample Name",
}


# --- Who serves a school in a school year --------------------------------------------------


def current_school_year() -> str:
    return school_year_of(clock.today())


def parse_school_year(text: str | None) -> str | None:
    """A school year label from user input (1900-01 to 2098-99), or None when it is not one."""
    return dates.parse_school_year(text)


def assignments_in_year(school_ids: Iterable[uuid.UUID], school_year: str) -> QuerySet[Assignment]:
    """SRO and substitute assignments to these schools that overlap the school year."""
    first, last = school_year_bounds(school_year)
    return (
        Assignment.objects.filter(school_id__in=list(school_ids), start_date__lte=last)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
        .select_related("officer")
        .order_by("role", "start_date", "officer__last_name")
    )


@dataclass(frozen=True)
class ServingOfficer:
    """An officer's name and title: public personnel data (Minn. Stat. 13.43, subd. 2)."""

    name: str
    title: str

    def __str__(self) -> str:
        return f"{self.name} ({self.title})"


def _serving(
    assignments: list[Assignment], school_year: str, today: dt.date
) -> list[ServingOfficer]:
    """The officers serving the school that year: in the current year, those not yet gone."""
    current = school_year == school_year_of(today)
    seen: dict[uuid.UUID, ServingOfficer] = {}
    for a in assignments:
        if current and a.end_date is not None and a.end_date < today:
            continue
        if a.officer_id not in seen:
            seen[a.officer_id] = ServingOfficer(a.officer.full_name, a.get_role_display())
    return list(seen.values())


@dataclass
class SchoolNotice:
    """One school's notification standing for one school year."""

    school: School
    school_year: str
    has_sro: bool
    officers: list[ServingOfficer] = field(default_factory=list)
    notifications: list[Notification] = field(default_factory=list)

    @property
    def needs_notice(self) -> bool:
        """An SRO serves the school that year, and no notice of it is recorded."""
        return self.has_sro and not self.notifications

    @property
    def officers_label(self) -> str:
        return officers_text(self.officers)


def officers_text(officers: list[ServingOfficer]) -> str:
    if not officers:
        return "an officer the department will name"
    names = [str(o) for o in officers]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def notice_status(
    schools: QuerySet[School], school_year: str, *, today: dt.date | None = None
) -> list[SchoolNotice]:
    """Each school's standing for the school year, in a fixed number of queries."""
    today = today or clock.today()
    rows = list(schools.select_related("education_agency").order_by("name"))
    ids = [s.pk for s in rows]
    by_school: dict[uuid.UUID, list[Assignment]] = {}
    for a in assignments_in_year(ids, school_year):
        by_school.setdefault(a.school_id, []).append(a)
    notices: dict[uuid.UUID, list[Notification]] = {}
    for n in Notification.objects.filter(school_id__in=ids, school_year=school_year).order_by(
        "sent_on", "created_at"
    ):
        notices.setdefault(n.school_id, []).append(n)
    return [
        SchoolNotice(
            school=s,
            school_year=school_year,
            has_sro=s.pk in by_school,
            officers=_serving(by_school.get(s.pk, []), school_year, today),
            notifications=notices.get(s.pk, []),
        )
        for s in rows
    ]


def schools_of_agency(agency_id: Any) -> QuerySet[School]:
    return School.objects.filter(education_agency__agency_id=agency_id)


def schools_needing_notice(
    agency_id: Any,
    school_year: str | None = None,
    *,
    school_ids: Iterable[uuid.UUID] | None = None,
) -> list[School]:
    """Schools of the agency (or only `school_ids`) with an SRO in the school year (the current
    one by default) and no notification recorded for it."""
    school_year = school_year or current_school_year()
    schools = schools_of_agency(agency_id)
    if school_ids is not None:
        schools = schools.filter(id__in=list(school_ids))
    return [row.school for row in notice_status(schools, school_year) if row.needs_notice]


def served_schools(agency_id: Any, school_year: str) -> list[SchoolNotice]:
    """The agency's schools with an SRO in the school year (the public pages' list)."""
    return [row for row in notice_status(schools_of_agency(agency_id), school_year) if row.has_sro]


# --- The notice letter ------------------------------------------------------------------------


@dataclass(frozen=True)
class Letter:
    agency_name: str
    agency_city: str
    dated: dt.date
    subject: str
    body: str
    school_name: str
    school_year: str


def template_text(agency_id: Any) -> tuple[str, str]:
    """The agency's letter subject and body, or the default text when it has not written one."""
    saved = NoticeTemplate.objects.filter(agency_id=agency_id).first()
    if saved is None:
        return DEFAULT_SUBJECT, DEFAULT_BODY
    return saved.subject, saved.body


def fill(text: str, values: Mapping[str, str]) -> str:
    """Put the values in the placeholders; an unknown or mistyped placeholder stays as typed."""
    return string.Template(text).safe_substitute(values)


def unknown_placeholders(text: str) -> list[str]:
    """Placeholders in the text that the letter does not fill (likely typing mistakes)."""
    found = {a or b for a, b in _PLACEHOLDER_IN_TEXT.findall(text.replace("$$", ""))}
    return sorted(found - PLACEHOLDER_NAMES)


def contact_of(agency: Agency) -> str:
    return agency.website or "the department's non-emergency phone line"


def letter_values(
    agency: Agency, school: School | None, school_year: str, *, today: dt.date | None = None
) -> dict[str, str]:
    """What each placeholder becomes for this school and year (sample values without a
    school, for a preview)."""
    today = today or clock.today()
    values = {
        "school_year": school_year,
        "agency": agency.name,
        "chief": agency.chief_name,
        "agency_phone_or_website": contact_of(agency),
        "date": f"{today:%B} {today.day}, {today.year}",
        **SAMPLE_VALUES,
    }
    if school is not None:
        officers = _serving(list(assignments_in_year([school.pk], school_year)), school_year, today)
        values.update(
            {
                "school": school.name,
                "district": school.education_agency.name,
                "officers": officers_text(officers),
                "principal": school.principal_name or "the principal",
            }
        )
    return values


def build_letter(
    agency: Agency,
    school: School | None,
    school_year: str,
    *,
    subject: str | None = None,
    body: str | None = None,
) -> Letter:
    """The letter for a school and year, from the agency's template (or the text given, for a
    preview of unsaved changes)."""
    saved_subject, saved_body = template_text(agency.pk)
    values = letter_values(agency, school, school_year)
    today = clock.today()
    return Letter(
        agency_name=agency.name,
        agency_city=agency.city,
        dated=today,
        subject=fill(saved_subject if subject is None else subject, values),
        body=fill(saved_body if body is None else body, values),
        school_name=values["school"],
        school_year=school_year,
    )


def letter_html(letter: Letter) -> str:
    """The letter as a standalone HTML document with its own print styles (no external URLs);
    the text is autoescaped and its line breaks kept."""
    return render_to_string("contracts/notice_letter.html", {"letter": letter})


def letter_pdf(letter: Letter) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # The letter loads nothing: no protocol is allowed, so no URL is ever fetched.
    fetcher = URLFetcher(allowed_protocols=frozenset())
    pdf: bytes = HTML(string=letter_html(letter), url_fetcher=fetcher).write_pdf()
    return pdf


def letter_filename(letter: Letter) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", letter.school_name.lower()).strip("-")[:60] or "school"
    return f"sro-notice-{slug}-{letter.school_year}.pdf"
