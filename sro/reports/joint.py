"""The joint annual report of one contract: what the district and the department report together
for the schools the contract covers in one school year.

Who initiated the SRO's involvement in incidents, students' outcomes (referrals to school
authorities, to the prosecutor or juvenile court, arrests), complaints about the SROs and their
outcomes, the training hours of the officers who served under the contract, and the SROs' time by
the duties of Minn. Stat. 626.8482, subd. 2(a). Figures only; officers are named (public
personnel data, Minn. Stat. 13.43, subd. 2).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from sro.activity.models import Activity
from sro.activity.queries import TimeByDuty, time_by_duty
from sro.contracts.models import Contract
from sro.core import clock
from sro.core.charts import BarChart, bar_chart
from sro.core.replica import replica_reads
from sro.incidents.models import Incident, IncidentPerson, Initiation, PersonKind
from sro.roster.models import Assignment
from sro.rules.dates import school_year_bounds
from sro.rules.incidents import DISPOSITIONS
from sro.training.models import Completion


@dataclass(frozen=True)
class OfficerTraining:
    name: str
    role: str
    courses: int
    hours: Decimal
    courses_without_hours: int


@dataclass(frozen=True)
class ComplaintFigures:
    received: int
    closed: int
    outcomes: list[tuple[str, int]]


@dataclass
class JointReport:
    contract: str
    district: str
    agency: str
    school_year: str
    first_day: dt.date
    last_day: dt.date
    as_of: dt.date
    schools: list[str] = field(default_factory=list)
    incidents: int = 0
    initiated: list[tuple[str, int]] = field(default_factory=list)
    outcomes: list[tuple[str, str, int]] = field(default_factory=list)  # id, label, students
    training: list[OfficerTraining] = field(default_factory=list)
    complaints: ComplaintFigures | None = None  # None until built
    activity: TimeByDuty | None = None

    @property
    def in_progress(self) -> bool:
        return self.as_of < self.last_day

    def outcome(self, disposition: str) -> int:
        return next(n for d, _, n in self.outcomes if d == disposition)

    @property
    def training_hours(self) -> Decimal:
        return sum((t.hours for t in self.training), Decimal(0))

    def initiated_chart(self) -> BarChart:
        return bar_chart(
            "Who initiated the SRO's involvement",
            [(label, float(n)) for label, n in self.initiated],
            digits=0,
        )


def _complaints(contract: Contract, first: dt.date, last: dt.date) -> ComplaintFigures:
    """Complaints about the SROs received in the year at the contract's schools (a complaint
    filed without a school counts where the chief later records one)."""
    from sro.complaints.queries import counts

    found = counts(
        contract.agency_id, first, last, school_ids=contract.schools.values_list("pk", flat=True)
    )
    return ComplaintFigures(found.received, found.closed, list(found.outcomes))


@replica_reads
def joint_report(
    contract: Contract, school_year: str, *, today: dt.date | None = None
) -> JointReport:
    first, last = school_year_bounds(school_year)
    today = today or clock.today()
    as_of = min(last, today)
    report = JointReport(
        contract=contract.title,
        district=contract.education_agency.name,
        agency=contract.agency.name,
        school_year=school_year,
        first_day=first,
        last_day=last,
        as_of=as_of,
    )
    schools = list(contract.schools.order_by("name"))
    report.schools = [s.name for s in schools]
    zone = clock.agency_zone()
    incidents = Incident.objects.filter(
        agency_id=contract.agency_id,
        school__in=schools,
        occurred_at__gte=dt.datetime.combine(first, dt.time.min, zone),
        occurred_at__lt=dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, zone),
    )
    report.incidents = incidents.count()
    started = Counter(incidents.values_list("initiated_by", flat=True))
    report.initiated = [(label, started[value]) for value, label in Initiation.choices]
    outcomes = Counter(
        IncidentPerson.objects.filter(incident__in=incidents, kind=PersonKind.STUDENT)
        .exclude(disposition="")
        .values_list("disposition", flat=True)
    )
    report.outcomes = [(d.id, d.label, outcomes[d.id]) for d in DISPOSITIONS]

    # The officers assigned under this contract at any time in the year, and their courses
    # completed in the year (hours as on their certificates).
    assignments = (
        Assignment.objects.filter(contract=contract, start_date__lte=last)
        .exclude(end_date__lt=first)
        .select_related("officer")
        .order_by("officer__last_name", "officer__first_name", "role")
    )
    roles: dict[uuid.UUID, tuple[str, set[str]]] = {}
    for a in assignments:
        roles.setdefault(a.officer_id, (a.officer.full_name, set()))[1].add(a.get_role_display())
    completions = Completion.objects.filter(
        officer_id__in=roles, completed_on__gte=first, completed_on__lte=as_of
    )
    by_officer: dict[uuid.UUID, list[Completion]] = {}
    for c in completions:
        by_officer.setdefault(c.officer_id, []).append(c)
    for officer_id, (name, kinds) in roles.items():
        done = by_officer.get(officer_id, [])
        report.training.append(
            OfficerTraining(
                name=name,
                role=" and ".join(sorted(kinds)),
                courses=len(done),
                hours=sum((c.hours for c in done if c.hours is not None), Decimal(0)),
                courses_without_hours=sum(c.hours is None for c in done),
            )
        )
    report.complaints = _complaints(contract, first, as_of)
    report.activity = time_by_duty(
        Activity.objects.filter(school__in=schools, on__gte=first, on__lte=as_of),
        breakdowns=False,
    )
    return report
