"""The annual program report: one agency's SRO program in one school year, in figures only.

Who served where, contract compliance, training standing at the end of the year (or today, for
the year under way), students' dispositions by school, referrals to school authorities against
arrests, force and prone restraint, security audits and their recommendations, and the public
notices given. No person but the officers (public personnel data, Minn. Stat. 13.43, subd. 2)
is named. Each figure is computed from the records here; the tests compute them from the demo.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q

from sro.contracts.models import Contract
from sro.contracts.notices import assignments_in_year, notice_status, schools_of_agency
from sro.contracts.queries import with_verdicts
from sro.core import clock
from sro.core.charts import BarChart, bar_chart
from sro.core.replica import replica_reads
from sro.incidents.queries import figures
from sro.roster.models import Agency, Assignment, Officer
from sro.rules.dates import school_year_bounds
from sro.safety.models import AuditStatus, Recommendation, SecurityAudit
from sro.training.queries import compliance
from sro.use_of_force.models import ForceReport


@dataclass(frozen=True)
class OfficerLine:
    name: str
    roles: str  # "School resource officer", "Substitute SRO" or both
    schools: str
    status: str  # the training verdict's label on the report's day
    may_serve: bool


@dataclass(frozen=True)
class SchoolLine:
    name: str
    district: str
    officers: str
    notices: int
    dispositions: list[int]
    students: int
    force: int
    prone: int
    audit: str  # completed on DATE, in progress, open, none
    recommendations: int
    recommendations_closed: int


@dataclass(frozen=True)
class ContractLine:
    title: str
    district: str
    term: str
    compliant: bool
    summary: str


@dataclass
class AnnualReport:
    agency: str
    agency_id: uuid.UUID
    school_year: str
    first_day: dt.date
    last_day: dt.date
    as_of: dt.date  # the last day, or today for the year under way
    officers: list[OfficerLine] = field(default_factory=list)
    schools: list[SchoolLine] = field(default_factory=list)
    contracts: list[ContractLine] = field(default_factory=list)
    dispositions: list[tuple[str, str]] = field(default_factory=list)
    disposition_totals: list[int] = field(default_factory=list)
    students: int = 0
    force: int = 0
    prone: int = 0
    audits_completed: int = 0
    schools_served: int = 0
    recommendations: int = 0
    recommendations_closed: int = 0
    schools_notified: int = 0

    @property
    def in_progress(self) -> bool:
        return self.as_of < self.last_day

    @property
    def officers_may_serve(self) -> int:
        return sum(o.may_serve for o in self.officers)

    @property
    def contracts_compliant(self) -> int:
        return sum(c.compliant for c in self.contracts)

    def total(self, disposition: str) -> int:
        ids = [d for d, _ in self.dispositions]
        return self.disposition_totals[ids.index(disposition)] if self.disposition_totals else 0

    @property
    def referrals(self) -> int:
        """Students referred to school authorities (policy 436.6)."""
        return self.total("referred_to_school")

    @property
    def alternatives(self) -> int:
        return self.total("diversion") + self.total("restorative_justice")

    @property
    def arrests(self) -> int:
        return self.total("custodial_arrest")

    def disposition_chart(self) -> BarChart:
        rows = [
            (label, float(n))
            for (_, label), n in zip(self.dispositions, self.disposition_totals, strict=True)
        ]
        return bar_chart("Students by disposition", rows, digits=0)

    def referrals_chart(self) -> BarChart:
        rows = [
            ("Referred to school authorities", float(self.referrals)),
            ("Diversion or restorative justice", float(self.alternatives)),
            ("Custodial arrest", float(self.arrests)),
        ]
        return bar_chart("Referrals and alternatives against arrests", rows, digits=0)


def _year_filter(prefix: str, first: dt.date, last: dt.date) -> Q:
    zone = clock.agency_zone()
    return Q(
        **{
            f"{prefix}__gte": dt.datetime.combine(first, dt.time.min, zone),
            f"{prefix}__lt": dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, zone),
        }
    )


@replica_reads
def annual_report(
    agency: Agency, school_year: str, *, today: dt.date | None = None, full: bool = True
) -> AnnualReport:
    """Build the report; ``school_year`` is a label such as "2025-26" (ValueError otherwise).
    ``full=False`` leaves out the officers' training and the contracts (the public page needs
    only the schools' lines and totals)."""
    first, last = school_year_bounds(school_year)
    today = today or clock.today()
    as_of = min(last, today)
    report = AnnualReport(agency.name, agency.pk, school_year, first, last, as_of)

    schools = schools_of_agency(agency.pk)
    assignments = list(
        assignments_in_year(schools.values_list("pk", flat=True), school_year).select_related(
            "school"
        )
    )
    served_ids = {a.school_id for a in assignments}

    # Officers: who served, where, and their training standing on the report's day.
    by_officer: dict[uuid.UUID, list[Assignment]] = {}
    for a in assignments:
        by_officer.setdefault(a.officer_id, []).append(a)
    officers = Officer.objects.filter(pk__in=by_officer)
    for standing in compliance(officers, as_of=as_of) if full else []:
        mine = by_officer[standing.officer.pk]
        roles = sorted({a.get_role_display() for a in mine})
        names = sorted({a.school.name for a in mine})
        report.officers.append(
            OfficerLine(
                name=standing.officer.full_name,
                roles=" and ".join(roles),
                schools=", ".join(names),
                status=standing.status_label,
                may_serve=standing.verdict.may_serve,
            )
        )

    # Contracts in force at any time in the year.
    contracts = (
        Contract.objects.filter(agency=agency, start_date__lte=last)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
        .select_related("education_agency")
        .order_by("education_agency__name", "start_date")
    )
    for contract, verdict in with_verdicts(contracts) if full else []:
        end = contract.end_date.isoformat() if contract.end_date else "open-ended"
        report.contracts.append(
            ContractLine(
                title=contract.title,
                district=contract.education_agency.name,
                term=f"{contract.start_date.isoformat()} to {end}",
                compliant=verdict.status == "compliant",
                summary=verdict.summary,
            )
        )

    # Students' dispositions, by school.
    incident_figures = figures(agency.pk, school_year)
    report.dispositions = incident_figures.dispositions
    report.disposition_totals = incident_figures.totals
    report.students = incident_figures.total
    dispositions_by_school = {name: counts for name, counts, _ in incident_figures.by_school}

    force = ForceReport.objects.filter(incident__agency=agency).filter(
        _year_filter("occurred_at", first, last)
    )
    force_by_school = Counter(force.values_list("incident__school_id", flat=True))
    prone_by_school = Counter(
        force.filter(prone_start__isnull=False).values_list("incident__school_id", flat=True)
    )
    report.force = sum(force_by_school.values())
    report.prone = sum(prone_by_school.values())

    audits = {
        a.school_id: a
        for a in SecurityAudit.objects.filter(school__in=schools, school_year=school_year)
    }
    recommendations = Recommendation.objects.filter(
        finding__audit__school__in=schools, finding__audit__school_year=school_year
    )
    made = Counter(recommendations.values_list("finding__audit__school_id", flat=True))
    closed = Counter(
        recommendations.filter(status__in=["closed", "declined"], closed_on__lte=as_of).values_list(
            "finding__audit__school_id", flat=True
        )
    )

    # Schools: those served that year, or with any record of the program in it.
    involved = served_ids | set(force_by_school) | set(audits)
    notices = {n.school.pk: n for n in notice_status(schools, school_year, today=today)}
    empty = [0] * len(report.dispositions)
    for school_id, row in notices.items():
        school = row.school
        if school_id not in involved and school.name not in dispositions_by_school:
            continue
        audit = audits.get(school_id)
        if audit is None:
            audit_text = "none"
        elif audit.status == AuditStatus.COMPLETED and audit.completed_on is not None:
            audit_text = f"completed {audit.completed_on.isoformat()}"
        else:
            audit_text = audit.get_status_display().lower()
        counts = dispositions_by_school.get(school.name, empty)
        report.schools.append(
            SchoolLine(
                name=school.name,
                district=school.education_agency.name,
                officers=", ".join(o.name for o in row.officers) or "none",
                notices=len(row.notifications),
                dispositions=list(counts),
                students=sum(counts),
                force=force_by_school[school_id],
                prone=prone_by_school[school_id],
                audit=audit_text,
                recommendations=made[school_id],
                recommendations_closed=closed[school_id],
            )
        )
    report.schools_served = len(served_ids)
    report.schools_notified = sum(
        1 for sid, row in notices.items() if sid in served_ids and row.notifications
    )
    report.audits_completed = sum(1 for a in audits.values() if a.status == AuditStatus.COMPLETED)
    report.recommendations = sum(made.values())
    report.recommendations_closed = sum(closed.values())
    return report
