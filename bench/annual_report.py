"""Benchmark the annual program report for a 100-school agency (target: under 5 seconds).

    .venv/bin/python bench/annual_report.py [--schools 100] [--repeat 5]

Builds a throw-away database (SQLite in a temporary folder, or DATABASE_URL) with the demo
program (6 schools), times the 2026-27 report there (the baseline), then grows the same agency
to `--schools` schools by copying each demo school's records onto new schools of the district:
its SROs (with their courses, policy reviews and school calendar), assignments, public notices,
incidents (`--copies` times, earlier in the school year) with everyone in them and their
force reports, and its security audit with findings
and recommendations. Times the report again (built in full: officers' training standing,
contracts, dispositions, force, audits, notices) and its PDF, and prints the medians, the
ratio to the demo, and the verdict.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.database import setup  # noqa: E402

TODAY = dt.datetime(2026, 11, 28, 15, 0, tzinfo=dt.UTC)
YEAR = "2026-27"
TARGET_S = 5.0


def _copy(rows: list[Any], **changes: Callable[..., Any]) -> dict[Any, Any]:
    """Bulk-insert a copy of each row with a new id and the given fields changed; returns the
    map from each old id to its copy's id."""
    if not rows:
        return {}
    model = type(rows[0])
    copies, ids = [], {}
    for row in rows:
        old = row.pk
        copy = model(**{f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields})
        copy.pk = uuid.uuid4()
        for name, change in changes.items():
            setattr(copy, name, change(row))
        ids[old] = copy.pk
        copies.append(copy)
    model.objects.bulk_create(copies, batch_size=1000)
    return ids


def grow(agency: Any, schools_wanted: int, copies: int) -> int:
    """Copy the demo schools' records onto new schools until the agency has `schools_wanted`,
    each school's incidents `copies` times (a benchmark fixture, written outside the audited
    services)."""
    from sro.audittrail.guard import unaudited_writes
    from sro.contracts.models import Contract, Notification
    from sro.incidents.models import Incident, IncidentPerson
    from sro.roster.models import Assignment, Officer
    from sro.safety.models import Finding, Recommendation, SecurityAudit
    from sro.schools.models import School
    from sro.training.models import Completion, PolicyReview
    from sro.use_of_force.models import ForceReport

    templates = list(School.objects.filter(education_agency__agency=agency).order_by("name"))
    made = 0
    with unaudited_writes("benchmark fixture"):
        while len(templates) + made < schools_wanted:
            round_ = made // len(templates) + 1
            officers = list(Officer.objects.filter(agency=agency, badge_number__regex=r"^\d+$"))
            officer_ids = _copy(
                officers,
                badge_number=lambda o, r=round_: f"{o.badge_number}-{r}",
                post_license_number=lambda o, r=round_: f"{o.post_license_number}-{r}",
                user_id=lambda o: None,
            )
            _copy(
                list(Completion.objects.filter(officer__in=officers)),
                officer_id=lambda c, ids=officer_ids: ids[c.officer_id],
            )
            _copy(
                list(PolicyReview.objects.filter(officer__in=officers)),
                officer_id=lambda p, ids=officer_ids: ids[p.officer_id],
            )
            for template in templates:
                if len(templates) + made >= schools_wanted:
                    break
                made += 1
                school_ids = _copy([template], name=lambda s, r=round_: f"{s.name} ({r})")
                new_school = school_ids[template.pk]
                for contract in Contract.objects.filter(schools=template):
                    contract.schools.add(new_school)

                def officer(row: Any, ids: dict[Any, Any] = officer_ids) -> Any:
                    return ids.get(row.officer_id, row.officer_id)

                def school(row: Any, new: Any = new_school) -> Any:
                    return new

                _copy(
                    list(Assignment.objects.filter(school=template)),
                    school_id=school,
                    officer_id=officer,
                )
                _copy(list(Notification.objects.filter(school=template)), school_id=school)
                incidents = list(Incident.objects.filter(school=template))
                people = list(IncidentPerson.objects.filter(incident__in=incidents))
                reports = list(ForceReport.objects.filter(incident__in=incidents))
                through = ForceReport.force_used.through
                for copy in range(copies):
                    # Earlier in the same school year, a few days apart for each copy.
                    back = dt.timedelta(days=(copy * 3) % 80)
                    incident_ids = _copy(
                        incidents,
                        school_id=school,
                        officer_id=officer,
                        number=lambda i, n=made, c=copy: f"{i.number}-{n}-{c}",
                        occurred_at=lambda i, b=back: i.occurred_at - b,
                    )
                    person_ids = _copy(
                        people,
                        incident_id=lambda p, ids=incident_ids: ids[p.incident_id],
                        guardian_of_id=lambda p: None,
                    )
                    report_ids = _copy(
                        reports,
                        incident_id=lambda f, ids=incident_ids: ids[f.incident_id],
                        subject_id=lambda f, ids=person_ids: ids.get(f.subject_id),
                        officer_id=officer,
                        occurred_at=lambda f, b=back: f.occurred_at - b,
                    )
                    through.objects.bulk_create(
                        through(forcereport_id=report_ids[r.pk], forcetype_id=t.pk)
                        for r in reports
                        for t in r.force_used.all()
                    )
                audits = list(SecurityAudit.objects.filter(school=template))
                audit_ids = _copy(audits, school_id=school, officer_id=officer)
                findings = list(Finding.objects.filter(audit__in=audits))
                finding_ids = _copy(
                    findings,
                    audit_id=lambda f, ids=audit_ids: ids[f.audit_id],
                    answer_id=lambda f: None,
                )
                _copy(
                    list(Recommendation.objects.filter(finding__in=findings)),
                    finding_id=lambda r, ids=finding_ids: ids[r.finding_id],
                )
    return len(templates) + made


def _median(case: Callable[[], Any], repeat: int) -> float:
    case()  # warm-up
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        case()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--copies", type=int, default=20, help="Copies of each demo school's incidents."
    )
    args = parser.parse_args()
    import time_machine

    with tempfile.TemporaryDirectory() as tmp, time_machine.travel(TODAY, tick=True):
        setup(tmp)
        from django.db import connection

        from sro.core import demo
        from sro.incidents.models import IncidentPerson
        from sro.reports.annual import annual_report
        from sro.reports.render import annual_pdf

        agency = demo.load(actor=None)

        def report() -> Any:
            return annual_report(agency, YEAR, full=True)

        def pdf() -> bytes:
            return annual_pdf(report())

        base = _median(report, args.repeat)
        base_students = report().students
        started = time.perf_counter()
        schools = grow(agency, args.schools, args.copies)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        built = time.perf_counter() - started
        big = report()
        if len(big.schools) < schools * 0.8:
            raise SystemExit(f"the report lists {len(big.schools)} of {schools} schools")
        full = _median(report, args.repeat)
        full_pdf = _median(pdf, max(1, args.repeat // 2))
        verdict = "met" if full < TARGET_S else "MISSED"
        people = IncidentPerson.objects.filter(incident__agency=agency).count()
        print(
            f"| {connection.vendor} | demo: 6 schools, {base_students} students | "
            f"{base * 1000:.0f} ms | baseline |"
        )
        print(
            f"| {connection.vendor} | {schools} schools, {len(big.officers)} officers, "
            f"{big.students} students ({people} people in incidents), {big.force} force "
            f"reports, {big.recommendations} recommendations (built in {built:.0f} s) | "
            f"{full * 1000:.0f} ms; PDF {full_pdf:.1f} s | {full / base:.1f}x the demo; "
            f"{verdict} (< {TARGET_S:.0f} s) |"
        )


if __name__ == "__main__":
    main()
