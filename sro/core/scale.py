"""Synthetic data at statewide or national scale (`sro demo --scale state|national`), for the
benchmarks and for sizing a shared deployment.

Deterministic from the seed (every id and value comes from one random generator and fixed
dates, never the clock). Written in bulk — PostgreSQL's COPY, or Django's bulk_create on
SQLite — through this one documented path, which still writes what a real import writes: one
`<noun>.create` audit event per record (actor "synthetic-import", the record's agency and
school, the time of the load), in the same transaction as the records. The event's values are
abbreviated to the record's source (`{"source": "sro demo --scale …", "seed": N}`) rather than
a copy of every field, to keep a national load to minutes.

Agency number 0 is an ordinary department — a district with schools under contract, officers
with courses and assignments, a school calendar, incidents with students, an access log — with
a chief (`scale-chief`) and a records clerk (`scale-records`) to sign in as (the demo
password; `sro demo` prints it).
"""

from __future__ import annotations

import datetime as dt
import random
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.db import connection, models, transaction

from sro.audittrail.guard import unaudited_writes
from sro.audittrail.models import AccessLogEntry, AuditEvent

ACTOR = "synthetic-import"
REFERENCE = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)  # "now" for the whole load
YEAR_START, YEAR_END = dt.date(2026, 8, 31), dt.date(2027, 6, 4)
BATCH = 20_000


@dataclass(frozen=True)
class Sizes:
    agencies: int
    districts: int
    schools: int
    officers: int
    incidents: int
    access_log: int
    completions_per_officer: int = 2


# About 25,000 SROs at 5,500 agencies and 100,000 schools in the United States (federal
# statistics); Minnesota has some 330 districts, 180 charter schools and 400 agencies.
SCALES = {
    "national": Sizes(5_500, 13_000, 100_000, 25_000, 1_000_000, 10_000_000),
    "state": Sizes(400, 510, 2_000, 1_800, 70_000, 700_000),
}

FIRST = ["Alex", "Sam", "Jordan", "Casey", "Riley", "Morgan", "Avery", "Quinn", "Rowan", "Kai"]
LAST = ["Berg", "Olson", "Nguyen", "Larson", "Hassan", "Vang", "Johnson", "Lee", "Moua", "Kim"]
SUMMARIES = ["Fight in the hallway", "Theft from a locker", "Threat made online", "Vaping"]


class Generator:
    def __init__(self, sizes: Sizes, seed: int, scale: str, progress: Callable[[str], None]):
        self.sizes, self.seed, self.scale = sizes, seed, scale
        self.rng = random.Random(seed)  # noqa: S311 - synthetic data, not secrets
        self.progress = progress
        self.source = {"source": f"sro demo --scale {scale}", "seed": seed}
        self.postgres = connection.vendor == "postgresql"
        self.counts: dict[str, int] = {}

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    # Writing -------------------------------------------------------------------------------

    def write(
        self, model: type[models.Model], rows: Iterable[models.Model], *, audited: bool = True
    ) -> None:
        """Insert the rows (and, for an audited model, one create event each) in batches."""
        started, total = time.monotonic(), 0
        batch: list[models.Model] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                total += self._flush(model, batch, audited)
                batch = []
        total += self._flush(model, batch, audited)
        self.counts[model._meta.label] = self.counts.get(model._meta.label, 0) + total
        self.progress(
            f"  {model._meta.label:<28} {total:>10,} rows  {time.monotonic() - started:6.1f} s"
        )

    def _flush(self, model: type[models.Model], rows: list[models.Model], audited: bool) -> int:
        if not rows:
            return 0
        self._insert(model, rows)
        if audited:
            label = model._meta.label_lower
            noun = model._meta.model_name or label
            events = [
                AuditEvent(
                    at=REFERENCE,
                    actor_username=ACTOR,
                    action=f"{NOUNS.get(label, noun)}.create",
                    target_type=label,
                    target_id=str(row.pk),
                    target_label="",
                    agency_id=getattr(row, "_agency_id", None),
                    school_id=getattr(row, "_school_id", None),
                    new_values=self.source,
                )
                for row in rows
            ]
            self._insert(AuditEvent, events)
        return len(rows)

    def _insert(self, model: type[models.Model], rows: Sequence[models.Model]) -> None:
        if not self.postgres:
            model._default_manager.bulk_create(list(rows), batch_size=2000)
            return
        # Serial keys (audit events, access-log rows) are left to the database's sequence.
        fields = [
            f
            for f in model._meta.concrete_fields
            if not (f.primary_key and isinstance(f, models.AutoField | models.BigAutoField))
        ]
        columns = ", ".join(connection.ops.quote_name(f.column or f.name) for f in fields)
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            raw = cursor.cursor  # psycopg's own cursor, for COPY
            with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(
                        [f.get_db_prep_save(f.pre_save(row, True), connection) for f in fields]
                    )


NOUNS = {
    "schools.educationagency": "education_agency",
    "incidents.incidentperson": "incident_person",
    "scheduling.calendarday": "calendar_day",
}


def generate(
    scale: str, *, seed: int = 626, sizes: Sizes | None = None, progress: Callable[[str], None]
) -> dict[str, int]:
    """Fill an empty database; returns the rows written per model."""
    from sro.accounts.models import User

    if User.objects.exists():
        raise ValueError(
            "The database already holds data: --scale fills an empty database only "
            "(use a new database, then `sro migrate`)."
        )
    gen = Generator(sizes or SCALES[scale], seed, scale, progress)
    started = time.monotonic()
    with transaction.atomic(), unaudited_writes("sro demo --scale: bulk synthetic data"):
        _build(gen)
    if gen.postgres:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    progress(f"Done in {time.monotonic() - started:.0f} s.")
    return gen.counts


def _spread(total: int, parts: int) -> list[int]:
    """`total` items over `parts` owners, as evenly as possible (owner 0 first)."""
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def _build(gen: Generator) -> None:
    from sro.contracts.models import Contract
    from sro.incidents.models import Incident, IncidentPerson
    from sro.roster.models import Agency, Assignment, Officer
    from sro.scheduling.models import CalendarDay
    from sro.schools.models import EducationAgency, School
    from sro.training.models import Completion

    s, rng = gen.sizes, gen.rng
    agencies = [
        Agency(id=gen.uuid(), name=f"Synthetic Police Department {i:05d}", chief_name="Chief")
        for i in range(s.agencies)
    ]
    for agency in agencies:
        agency._agency_id = agency.id  # type: ignore[attr-defined]
    gen.write(Agency, agencies)

    districts: list[EducationAgency] = []
    for agency, n in zip(agencies, _spread(s.districts, s.agencies), strict=True):
        for j in range(max(n, 1)):
            d = EducationAgency(
                id=gen.uuid(),
                agency_id=agency.id,
                name=f"District {j} of {agency.name}",
                kind="district",
            )
            d._agency_id = agency.id  # type: ignore[attr-defined]
            districts.append(d)
    gen.write(EducationAgency, districts)

    schools: list[School] = []
    for district, n in zip(districts, _spread(s.schools, len(districts)), strict=True):
        for k in range(max(n, 1)):
            school = School(
                id=gen.uuid(),
                education_agency_id=district.id,
                name=f"School {k} of {district.name}",
                level=("elementary", "middle", "secondary")[k % 3],
            )
            school._agency_id = district._agency_id  # type: ignore[attr-defined]
            school._school_id = school.id  # type: ignore[attr-defined]
            schools.append(school)
    gen.write(School, schools)
    schools_of: dict[uuid.UUID, list[School]] = {}
    for school in schools:
        schools_of.setdefault(school.education_agency_id, []).append(school)

    contracts = []
    for d in districts:
        c = Contract(
            id=gen.uuid(),
            agency_id=d.agency_id,
            education_agency_id=d.id,
            title=f"SRO agreement, {d.name}",
            start_date=dt.date(2025, 7, 1),
            end_date=dt.date(2028, 6, 30),
        )
        c._agency_id = d.agency_id  # type: ignore[attr-defined]
        contracts.append(c)
    gen.write(Contract, contracts)
    through = Contract.schools.through
    contract_of = {c.education_agency_id: c for c in contracts}
    gen.write(
        through,
        (
            through(contract_id=contract_of[sc.education_agency_id].id, school_id=sc.id)
            for sc in schools
        ),
        audited=False,  # part of the contract's own event, as in the service
    )

    districts_of: dict[uuid.UUID, list[EducationAgency]] = {}
    for d in districts:
        districts_of.setdefault(d.agency_id, []).append(d)
    officers: list[Officer] = []
    posts: list[tuple[Officer, School]] = []
    for agency, n in zip(agencies, _spread(s.officers, s.agencies), strict=True):
        agency_schools = [sc for d in districts_of[agency.id] for sc in schools_of[d.id]]
        for k in range(max(n, 1)):
            o = Officer(
                id=gen.uuid(),
                agency_id=agency.id,
                first_name=rng.choice(FIRST),
                last_name=rng.choice(LAST),
                badge_number=str(100 + k),
                post_license_number=f"S{len(officers):07d}",
            )
            o._agency_id = agency.id  # type: ignore[attr-defined]
            officers.append(o)
            posts.append((o, agency_schools[k % len(agency_schools)]))
    gen.write(Officer, officers)
    assignments = []
    for o, school in posts:
        a = Assignment(
            id=gen.uuid(),
            officer_id=o.id,
            school_id=school.id,
            contract_id=contract_of[school.education_agency_id].id,
            role="sro",
            start_date=dt.date(2025, 8, 25),
        )
        a._agency_id, a._school_id = o.agency_id, school.id  # type: ignore[attr-defined]
        assignments.append(a)
    gen.write(Assignment, assignments)

    def completions() -> Iterator[Completion]:
        for o in officers:
            for n in range(s.completions_per_officer):
                c = Completion(
                    id=gen.uuid(),
                    officer_id=o.id,
                    course=("required", "refresher")[n % 2],
                    completed_on=dt.date(2024, 6, 1) + dt.timedelta(days=rng.randrange(700)),
                    hours=40 if n == 0 else 8,
                    provider="Synthetic academy",
                )
                c._agency_id = o.agency_id  # type: ignore[attr-defined]
                yield c

    gen.write(Completion, completions())

    school_days = [
        YEAR_START + dt.timedelta(days=i)
        for i in range((YEAR_END - YEAR_START).days + 1)
        if (YEAR_START + dt.timedelta(days=i)).weekday() < 5
    ]

    def calendar() -> Iterator[CalendarDay]:
        for d in districts:
            for day in school_days:
                row = CalendarDay(
                    id=gen.uuid(), education_agency_id=d.id, day=day, kind="instructional"
                )
                row._agency_id = d.agency_id  # type: ignore[attr-defined]
                yield row

    gen.write(CalendarDay, calendar())

    # Incidents over the school year so far, spread over the officers; people in each.
    from sro.accounts.models import User

    creator = User.objects.create_user(username=ACTOR, is_active=False)
    incident_ids: list[tuple[uuid.UUID, uuid.UUID, uuid.UUID]] = []  # id, agency, school

    def incidents() -> Iterator[Incident]:
        days = (REFERENCE.date() - YEAR_START).days
        for n in range(s.incidents):
            o, school = (
                posts[rng.randrange(len(posts))]
                if n >= 200
                else posts[n % max(1, len(posts) // s.agencies)]
            )
            when = dt.datetime.combine(
                YEAR_START + dt.timedelta(days=rng.randrange(days)),
                dt.time(8 + rng.randrange(7)),
                dt.UTC,
            )
            status = ("draft", "submitted", "approved")[n % 3]
            row = Incident(
                id=gen.uuid(),
                agency_id=o.agency_id,
                number=f"26-{n:07d}",
                school_id=school.id,
                officer_id=o.id,
                occurred_at=when,
                summary=rng.choice(SUMMARIES),
                initiated_by="sro",
                status=status,
                created_by_id=creator.pk,
                submitted_by_id=None if status == "draft" else creator.pk,
                submitted_at=None if status == "draft" else when + dt.timedelta(hours=2),
                reviewed_by_id=creator.pk if status == "approved" else None,
                reviewed_at=when + dt.timedelta(days=1) if status == "approved" else None,
            )
            row._agency_id, row._school_id = o.agency_id, school.id  # type: ignore[attr-defined]
            incident_ids.append((row.id, o.agency_id, school.id))
            yield row

    gen.write(Incident, incidents())

    def people() -> Iterator[IncidentPerson]:
        for incident_id, agency_id, school_id in incident_ids:
            for position in range(1 + (rng.random() < 0.3)):
                p = IncidentPerson(
                    id=gen.uuid(),
                    incident_id=incident_id,
                    position=position + 1,
                    kind="student",
                    role="suspect" if position == 0 else "victim",
                    first_name=rng.choice(FIRST),
                    last_name=rng.choice(LAST),
                    grade=str(6 + rng.randrange(7)),
                    date_of_birth=dt.date(2009, 1, 1) + dt.timedelta(days=rng.randrange(2500)),
                )
                p._agency_id, p._school_id = agency_id, school_id  # type: ignore[attr-defined]
                yield p

    gen.write(IncidentPerson, people())

    def access_log() -> Iterator[AccessLogEntry]:
        for _ in range(s.access_log):
            incident_id, agency_id, school_id = incident_ids[rng.randrange(len(incident_ids))]
            yield AccessLogEntry(
                at=REFERENCE - dt.timedelta(minutes=rng.randrange(400_000)),
                user_id=creator.pk,
                username=ACTOR,
                kind="view",
                record_type="incidents.incident",
                record_id=str(incident_id),
                purpose="Following up the incident",
                agency_id=agency_id,
                school_id=school_id,
            )

    gen.write(AccessLogEntry, access_log(), audited=False)

    # People to sign in as, in agency 0, through the usual service.
    from sro.accounts.second_factor import enrol_known_key
    from sro.accounts.services import create_member
    from sro.core.demo import DEMO_PASSWORD, DEMO_TOTP_KEY

    for username, role in (("scale-chief", "chief"), ("scale-records", "records")):
        user = create_member(
            actor=None,
            username=username,
            password=DEMO_PASSWORD,
            role=role,
            agency=agencies[0],
        )
        enrol_known_key(user, DEMO_TOTP_KEY, actor=None)
