"""What the public pages show, and nothing else: the schools an SRO serves this school year, the
officers' names and titles (public personnel data, Minn. Stat. 13.43, subd. 2), the notices given
(date and channel: model policy IV.A.1.iv), the department's SRO policy in effect with its
earlier versions (Minn. R. 6700.1615, subp. 2), and counts of force used on students by school
from the latest school year published, with small counts not published (SRO_PUBLIC_MIN_COUNT;
sro.public.transparency; sro.public.releases).

Each helper copies only those facts into plain records, so a template cannot reach a note, a
user, a reason or any other field of the underlying rows.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sro.contracts import notices
from sro.contracts.models import Channel
from sro.core import clock
from sro.public.releases import Release, latest_due_year, public_releases
from sro.roster.models import Agency
from sro.rules.dates import school_year_of
from sro.schools.models import School
from sro.training.models import PolicyVersion


@dataclass(frozen=True)
class PublicAgency:
    id: uuid.UUID
    name: str
    city: str


@dataclass(frozen=True)
class PublicOfficer:
    name: str
    title: str


@dataclass(frozen=True)
class PublicNotice:
    given_on: dt.date
    channel: str


@dataclass(frozen=True)
class PublicSchool:
    id: uuid.UUID
    name: str
    district: str
    agency: PublicAgency
    school_year: str
    officers: list[PublicOfficer]
    notices: list[PublicNotice]


@dataclass(frozen=True)
class AgencyServed:
    agency: PublicAgency
    schools: list[PublicSchool]
    has_policy: bool
    release: Release | None  # the latest school year published (its use-of-force table)


@dataclass(frozen=True)
class PublicPolicyVersion:
    version: str
    title: str
    effective_on: dt.date
    text: str


@dataclass(frozen=True)
class PolicyPage:
    agency: PublicAgency
    shown: PublicPolicyVersion | None  # the version on the page
    current: PublicPolicyVersion | None  # the version in effect today
    history: list[PublicPolicyVersion]  # every version in effect today or before, newest first


def _agency(agency: Agency) -> PublicAgency:
    return PublicAgency(id=agency.pk, name=agency.name, city=agency.city)


def _school(row: notices.SchoolNotice, agency: PublicAgency) -> PublicSchool:
    labels = dict(Channel.choices)
    return PublicSchool(
        id=row.school.pk,
        name=row.school.name,
        district=row.school.education_agency.name,
        agency=agency,
        school_year=row.school_year,
        officers=[PublicOfficer(o.name, o.title) for o in row.officers],
        notices=[
            PublicNotice(n.sent_on, str(labels.get(n.channel, n.channel)))
            for n in row.notifications
        ],
    )


def this_school_year() -> str:
    return school_year_of(clock.today())


def agencies_served() -> list[AgencyServed]:
    """Every agency with the schools its SROs serve this school year, and the latest school
    year's release."""
    school_year = this_school_year()
    today = clock.today()
    agencies = list(Agency.objects.order_by("name"))
    released = public_releases(agencies, latest_due_year())
    result = []
    for agency in agencies:
        public = _agency(agency)
        rows = notices.served_schools(agency.pk, school_year)
        result.append(
            AgencyServed(
                agency=public,
                schools=[_school(r, public) for r in rows],
                has_policy=PolicyVersion.objects.filter(
                    agency=agency, effective_on__lte=today
                ).exists(),
                release=released.get(agency.pk),
            )
        )
    return result


def served_school(pk: uuid.UUID) -> tuple[PublicSchool, School] | None:
    """A school an SRO serves this school year (None for any other school)."""
    school = School.objects.select_related("education_agency__agency").filter(pk=pk).first()
    if school is None:
        return None
    rows = notices.notice_status(School.objects.filter(pk=pk), this_school_year())
    if not rows or not rows[0].has_sro:
        return None
    return _school(rows[0], _agency(school.education_agency.agency)), school


def school_letter(pk: uuid.UUID) -> notices.Letter | None:
    """The notice letter of a school an SRO serves this school year."""
    found = served_school(pk)
    if found is None:
        return None
    _, school = found
    return notices.build_letter(school.education_agency.agency, school, this_school_year())


def _version(v: PolicyVersion) -> PublicPolicyVersion:
    return PublicPolicyVersion(
        version=v.version, title=v.title, effective_on=v.effective_on, text=v.text
    )


def policy_page(agency_pk: uuid.UUID, version: str | None = None) -> PolicyPage | None:
    """The agency's policy in effect today (or the version asked for, if it has taken effect)
    and the history of versions. A version that takes effect later is not shown at all."""
    agency = Agency.objects.filter(pk=agency_pk).first()
    if agency is None:
        return None
    in_effect = PolicyVersion.objects.filter(
        agency=agency, effective_on__lte=clock.today()
    ).order_by("-effective_on", "-created_at")
    history = [_version(v) for v in in_effect]
    current = history[0] if history else None
    if version is None:
        return PolicyPage(_agency(agency), current, current, history)
    shown = next((v for v in history if v.version == version), None)
    if shown is None:
        return None
    return PolicyPage(_agency(agency), shown, current, history)
