"""Synthetic data at statewide or national scale (`sro demo --scale state|national`), for the
benchmarks and for sizing a shared deployment.

Sizes (`SCALES`, one `Sizes` each; tests pass a tiny one):

- national: 5,500 agencies, 13,000 districts and charter schools, 100,000 schools (one
  contract per district covering its schools), 25,000 officers each with an assignment and two
  course completions, a school-year calendar per district (the 200 weekdays from 31 August to
  4 June: 2.6 million days), 2,000,000 incidents with about 1.3 students each, and 10,000,000
  access-log entries (views of those incidents) — about 21 million rows with the audit events;
- state: about 1/14 of that (400 agencies, 510 districts, 2,000 schools, 1,800 officers,
  140,000 incidents, 700,000 access-log entries).

Deterministic from the seed: every id and value comes from one `random.Random(seed)` and
fixed dates around `REFERENCE` (27 November 2026), never the clock, so two runs with the same
seed write the same rows — all but the two accounts to sign in as, which are made through the
account services (random ids and password salts, the clock's time in their events).

The one documented bulk path (the domain services write one record at a time; this writes
millions): rows go in without model instances — PostgreSQL's COPY in batches, `executemany` on
SQLite — inside one transaction under `unaudited_writes`, and the path writes what the real
imports write itself, in the same transaction: one `<noun>.create` audit event per record, of
the same shape as `save_audited`'s (the record's fields as new values, private fields such as
a student's name marked "(private: changed)", the record's label, agency and school), and one
`calendar.import` event per district for its calendar, as `import_calendar` writes. The actor
is the inactive user `synthetic-import` (no password, no role), the time `REFERENCE`.

On PostgreSQL the secondary indexes of the five big tables are dropped at the start of the
transaction and created again at its end (a sort is much faster than millions of random
inserts into a growing index); as that happens inside the transaction, a failed load leaves
the database as it was. ANALYZE runs at the end. National scale is meant for PostgreSQL (see
bench/RESULTS.md for the time it takes); SQLite takes the state scale.

Agency number 0, the benchmark agency, is the same ordinary mid-sized department at every
scale (`Sizes.first_*`) — three districts with 24 schools under contract, six officers with
courses and assignments, school calendars, 600 incidents with students this school year and
some 3,000 access-log entries — so that its pages hold the same rows at state and national
scale and only the rest of the database grows. It has a chief (`scale-chief`) and a records
clerk (`scale-records`) to sign in as (the demo password and authenticator key; `sro demo`
prints them).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import itertools
import json
import random
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction

from sro.audittrail.guard import unaudited_writes
from sro.audittrail.models import AccessLogEntry, AuditEvent
from sro.audittrail.services import EVENT_COLUMNS, PRIVATE_VALUE

ACTOR = "synthetic-import"
REFERENCE = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)  # "now" for the whole load
YEAR_START, YEAR_END = dt.date(2026, 8, 31), dt.date(2027, 6, 4)
BATCH = 20_000
BIG_TABLES: tuple[type[models.Model], ...] = (
    AuditEvent,
    AccessLogEntry,
)  # and the models named in _build


@dataclass(frozen=True)
class Sizes:
    agencies: int
    districts: int
    schools: int
    officers: int
    incidents: int
    access_log: int
    completions_per_officer: int = 2
    # The benchmark agency (number 0), the same department at every scale: its districts,
    # schools in each, officers and incidents; the totals above include them.
    first_districts: int = 3
    first_schools: int = 8
    first_officers: int = 6
    first_incidents: int = 600


# About 25,000 SROs at 5,500 agencies and 100,000 schools in the United States (federal
# statistics); Minnesota has some 330 districts, 180 charter schools and 400 agencies.
SCALES = {
    "national": Sizes(5_500, 13_000, 100_000, 25_000, 2_000_000, 10_000_000),
    "state": Sizes(400, 510, 2_000, 1_800, 140_000, 700_000),
}

FIRST = ["Alex", "Sam", "Jordan", "Casey", "Riley", "Morgan", "Avery", "Quinn", "Rowan", "Kai"]
LAST = ["Berg", "Olson", "Nguyen", "Larson", "Hassan", "Vang", "Johnson", "Lee", "Moua", "Kim"]
SUMMARIES = ["Fight in the hallway", "Theft from a locker", "Threat made online", "Vaping"]
LEVELS = ("elementary", "middle", "secondary")
Row = dict[str, Any]


def _jsonable(value: Any) -> Any:
    """As `sro.audittrail.services.snapshot` writes a value."""
    if isinstance(value, dt.date | uuid.UUID | decimal.Decimal):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    return value


def _bookkeeping(f: Any) -> bool:
    return bool(getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False))


def _text(value: Any) -> str:
    """A value in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, dt.date):
        return value.isoformat()
    return _escape(str(value))


def _escape(text: str) -> str:
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
        text = text.replace("\r", "\\r")
    return text


class Writer:
    """Writes rows given as {attname: value} (every row of a table with the same keys; the
    other fields take their defaults) and, for an audited model, one create event per row.
    Keys starting with "_" describe the event: `_agency`, `_school`, `_label`, `_extra`
    (further new values, such as a contract's schools).

    PostgreSQL gets COPY's text format built here (the fastest path from Python); SQLite gets
    `executemany` with Django's own conversions.
    """

    def __init__(self, progress: Callable[[str], None]) -> None:
        self.progress = progress
        self.postgres = connection.vendor == "postgresql"
        self.counts: dict[str, int] = {}
        self.actor_id: Any = None
        self.event_fields = [AuditEvent._meta.get_field(n) for n in EVENT_COLUMNS]

    def write(
        self,
        model: type[models.Model],
        rows: Iterable[Row],
        *,
        noun: str = "",
        private: frozenset[str] = frozenset(),
    ) -> int:
        """Insert the rows; with a noun, one `<noun>.create` event each."""
        started, total = time.monotonic(), 0
        fields = [
            f
            for f in model._meta.concrete_fields
            if not (f.primary_key and isinstance(f, models.AutoField | models.BigAutoField))
        ]
        iterator = iter(rows)
        first = next(iterator, None)
        if first is None:
            return 0
        position = {f.attname: i for i, f in enumerate(fields)}
        given = [(position[key], key) for key in first if not key.startswith("_")]
        template = [
            REFERENCE if _bookkeeping(f) else (None if f.primary_key else f.get_default())
            for f in fields
        ]
        template_text = [_text(v) for v in template]
        # The event's new values as `save_audited` writes them: the fields by name, without the
        # bookkeeping times or empty (None) values, private ones marked; the defaults once.
        names = {f.attname: f.name for f in fields if not _bookkeeping(f)}
        shown = [(key, names[key]) for _, key in given if key in names]
        constant = {
            names[f.attname]: (PRIVATE_VALUE if f.name in private else _jsonable(v))
            for f, v in zip(fields, template, strict=True)
            if f.attname in names and f.attname not in first and v is not None
        }
        constant_json = json.dumps(constant)[1:-1]
        target_type = model._meta.label_lower
        batch: list[Any] = []
        events: list[Any] = []
        for row in itertools.chain([first], iterator):
            if self.postgres:
                cells = template_text.copy()
                for i, key in given:
                    cells[i] = _text(row[key])
                batch.append("\t".join(cells) + "\n")
            else:
                values = template.copy()
                for i, key in given:
                    values[i] = row[key]
                batch.append(values)
            if noun:
                new = {
                    name: (PRIVATE_VALUE if name in private else _jsonable(row[key]))
                    for key, name in shown
                    if row[key] is not None
                }
                new.update(row.get("_extra", {}))
                varying = json.dumps(new)[1:-1]
                events.append(
                    self.event(
                        f"{noun}.create",
                        target_type,
                        row["id"],
                        "{" + ", ".join(p for p in (varying, constant_json) if p) + "}",
                        label=row.get("_label", ""),
                        agency=row.get("_agency"),
                        school=row.get("_school"),
                    )
                )
            if len(batch) >= BATCH:
                total += self._flush(model, fields, batch, events)
                batch, events = [], []
        total += self._flush(model, fields, batch, events)
        self.counts[model._meta.label] = self.counts.get(model._meta.label, 0) + total
        self.progress(
            f"  {model._meta.label:<28} {total:>10,} rows  {time.monotonic() - started:6.1f} s"
        )
        return total

    def event(
        self,
        action: str,
        target_type: str,
        target_id: Any,
        new_json: str,
        *,
        label: str = "",
        agency: Any = None,
        school: Any = None,
    ) -> Any:
        """One audit event, ready for `events` (a COPY line, or values for SQLite)."""
        if self.postgres:
            return (
                f"{REFERENCE.isoformat()}\t{self.actor_id}\t{ACTOR}\t{action}\t{target_type}\t"
                f"{target_id}\t{_escape(label[:300])}\t{_text(agency)}\t{_text(school)}\t{{}}\t"
                f"{_escape(new_json)}\t\t\n"
            )
        values = [REFERENCE, self.actor_id, ACTOR, action, target_type, str(target_id)]
        return [*values, label[:300], agency, school, "{}", new_json, "", ""]

    def events(self, events: list[Any]) -> None:
        self._copy(AuditEvent, self.event_fields, events)
        label = AuditEvent._meta.label
        self.counts[label] = self.counts.get(label, 0) + len(events)

    def _flush(
        self,
        model: type[models.Model],
        fields: list[Any],
        batch: list[Any],
        events: list[Any],
    ) -> int:
        if batch:
            self._copy(model, fields, batch)
        if events:
            self.events(events)
        return len(batch)

    def _copy(self, model: type[models.Model], fields: list[Any], rows: list[Any]) -> None:
        table = connection.ops.quote_name(model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
        with connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    copy.write("".join(rows))
                return
            # SQLite: Django's conversions, but JSON values arrive as JSON text already.
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({marks})",  # noqa: S608
                [
                    [
                        v if isinstance(f, models.JSONField) else f.get_db_prep_save(v, connection)
                        for f, v in zip(fields, row, strict=True)
                    ]
                    for row in rows
                ],
            )


@contextlib.contextmanager
def _checked_at_the_end(tables: list[str], progress: Callable[[str], None]) -> Iterator[None]:
    """PostgreSQL's bulk-load recipe ("Populating a Database" in its manual): drop these empty
    tables' secondary indexes (not those of primary keys and unique constraints) and their
    foreign keys, and add them again at the end, inside the caller's transaction — a sort and
    one join per key instead of millions of index inserts and row-by-row checks."""
    if connection.vendor != "postgresql":
        yield
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        # The other tables' keys checked at each statement's end, not queued to the commit.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
            "AND tablename = ANY(%s) AND indexname NOT IN "
            "(SELECT conname FROM pg_constraint WHERE conindid <> 0)",
            [tables],
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
            [tables],
        )
        keys = cursor.fetchall()
        for table, name, _definition in keys:
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
    yield
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for _name, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in keys:
            cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")
    progress(
        f"  {len(indexes)} indexes built and {len(keys)} foreign keys checked "
        f"in {time.monotonic() - started:.1f} s"
    )


def generate(
    scale: str, *, seed: int = 626, sizes: Sizes | None = None, progress: Callable[[str], None]
) -> dict[str, int]:
    """Fill an empty database; returns the rows written per model."""
    from sro.accounts.models import User
    from sro.roster.models import Agency

    if User.objects.exists() or Agency.objects.exists():
        raise ValueError(
            "The database already holds data: --scale fills an empty database only "
            "(make a new database and run `sro migrate` first)."
        )
    writer = Writer(progress)
    started = time.monotonic()
    tables = [m._meta.db_table for m in (*BIG_TABLES, *_big_models())]
    with (
        transaction.atomic(),
        unaudited_writes("sro demo --scale: the documented bulk path"),
        _checked_at_the_end(tables, progress),
    ):
        _build(writer, random.Random(seed), sizes or SCALES[scale])  # noqa: S311 - not secrets
    if writer.postgres:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    progress(f"{sum(writer.counts.values()):,} rows in {time.monotonic() - started:.0f} s.")
    return writer.counts


def _big_models() -> list[type[models.Model]]:
    from sro.incidents.models import Incident, IncidentPerson
    from sro.scheduling.models import CalendarDay

    return [CalendarDay, Incident, IncidentPerson]


def _spread(total: int, parts: int, first: list[int]) -> list[int]:
    """`total` items over `parts` owners: the first owners get `first`, the others the rest as
    evenly as possible (at least one each)."""
    rest = parts - len(first)
    base, extra = divmod(total - sum(first), max(rest, 1))
    return [*first, *(max(1, base + (1 if i < extra else 0)) for i in range(rest))]


def _build(w: Writer, rng: random.Random, s: Sizes) -> None:
    from sro.accounts.models import User
    from sro.accounts.second_factor import enrol_known_key
    from sro.accounts.services import create_member
    from sro.contracts.models import Contract
    from sro.core.demo import DEMO_PASSWORD, DEMO_TOTP_KEY
    from sro.incidents.models import PRIVATE_PERSON_FIELDS, Incident, IncidentPerson
    from sro.incidents.services import PRIVATE_INCIDENT_FIELDS
    from sro.roster.models import Agency, Assignment, Officer
    from sro.scheduling.models import CalendarDay
    from sro.schools.models import EducationAgency, School
    from sro.training.models import Completion

    def new_id() -> uuid.UUID:
        return uuid.UUID(int=rng.getrandbits(128), version=4)

    # The documented actor of the load: no password, no role, never signed in.
    creator = User.objects.create_user(
        username=ACTOR, is_active=False, id=new_id(), date_joined=REFERENCE
    )
    w.actor_id = creator.pk

    agencies: list[Row] = [
        {"id": new_id(), "name": f"Synthetic Police Department {i:05d}", "chief_name": "Chief"}
        for i in range(s.agencies)
    ]
    for a in agencies:
        a.update(_agency=a["id"], _label=a["name"])
    w.write(Agency, agencies, noun="agency")

    districts: list[Row] = []
    for agency, n in zip(
        agencies, _spread(s.districts, s.agencies, [s.first_districts]), strict=True
    ):
        for j in range(n):
            name = f"District {j} of {agency['name']}"
            districts.append(
                {
                    "id": new_id(),
                    "agency_id": agency["id"],
                    "name": name,
                    "kind": "district" if j % 4 < 3 else "charter",
                    "_agency": agency["id"],
                    "_label": name,
                }
            )
    w.write(EducationAgency, districts, noun="education_agency")

    schools: list[Row] = []
    schools_of: dict[uuid.UUID, list[Row]] = {}
    for district, n in zip(
        districts,
        _spread(s.schools, len(districts), [s.first_schools] * s.first_districts),
        strict=True,
    ):
        for k in range(n):
            school_id = new_id()
            school = {
                "id": school_id,
                "education_agency_id": district["id"],
                "name": f"School {k} of {district['name']}",
                "level": LEVELS[k % 3],
                "_agency": district["agency_id"],
                "_school": school_id,
            }
            school["_label"] = school["name"]
            schools.append(school)
            schools_of.setdefault(district["id"], []).append(school)
    w.write(School, schools, noun="school")

    contracts: list[Row] = []
    for d in districts:
        title = f"SRO agreement, {d['name']}"
        contracts.append(
            {
                "id": new_id(),
                "agency_id": d["agency_id"],
                "education_agency_id": d["id"],
                "title": title,
                "start_date": dt.date(2025, 7, 1),
                "end_date": dt.date(2028, 6, 30),
                "signed_on": dt.date(2025, 6, 15),
                "_agency": d["agency_id"],
                "_label": title,
                "_extra": {"schools": sorted(str(sc["id"]) for sc in schools_of[d["id"]])},
            }
        )
    w.write(Contract, contracts, noun="contract")
    contract_of = {c["education_agency_id"]: c["id"] for c in contracts}
    # The contract's schools are in the contract's own event, as save_audited records them.
    w.write(
        Contract.schools.through,
        (
            {"contract_id": contract_of[sc["education_agency_id"]], "school_id": sc["id"]}
            for sc in schools
        ),
    )

    districts_of: dict[uuid.UUID, list[Row]] = {}
    for d in districts:
        districts_of.setdefault(d["agency_id"], []).append(d)
    officers: list[Row] = []
    posts: list[tuple[Row, Row]] = []  # (officer, school)
    for agency, n in zip(
        agencies, _spread(s.officers, s.agencies, [s.first_officers]), strict=True
    ):
        agency_schools = [sc for d in districts_of[agency["id"]] for sc in schools_of[d["id"]]]
        for k in range(n):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            officer = {
                "id": new_id(),
                "agency_id": agency["id"],
                "first_name": first,
                "last_name": last,
                "badge_number": str(100 + k),
                "post_license_number": f"S{len(officers):07d}",
                "_agency": agency["id"],
                "_label": f"{first} {last} (#{100 + k})",
            }
            officers.append(officer)
            posts.append((officer, agency_schools[k % len(agency_schools)]))
    w.write(Officer, officers, noun="officer")
    w.write(
        Assignment,
        (
            {
                "id": new_id(),
                "officer_id": o["id"],
                "school_id": sc["id"],
                "contract_id": contract_of[sc["education_agency_id"]],
                "role": "sro",
                "start_date": dt.date(2025, 8, 25),
                "_agency": o["agency_id"],
                "_school": sc["id"],
                "_label": f"{o['first_name']} {o['last_name']} at {sc['name']} (SRO)",
            }
            for o, sc in posts
        ),
        noun="assignment",
    )

    def completions() -> Iterator[Row]:
        titles = {"required": "Required SRO course", "refresher": "Refresher course"}
        for o in officers:
            for n in range(s.completions_per_officer):
                course = "required" if n == 0 else "refresher"
                on = dt.date(2024, 6, 1) + dt.timedelta(days=rng.randrange(700))
                yield {
                    "id": new_id(),
                    "officer_id": o["id"],
                    "course": course,
                    "completed_on": on,
                    "hours": decimal.Decimal(40 if n == 0 else 8),
                    "provider": "Synthetic academy",
                    "_agency": o["agency_id"],
                    "_label": f"{titles[course]}, {on:%Y-%m-%d}",
                }

    w.write(Completion, completions(), noun="completion")

    # Each district's calendar as `import_calendar` writes it: the days, one event per import.
    school_days = [
        YEAR_START + dt.timedelta(days=i)
        for i in range((YEAR_END - YEAR_START).days + 1)
        if (YEAR_START + dt.timedelta(days=i)).weekday() < 5
    ]
    w.write(
        CalendarDay,
        (
            {
                "id": new_id(),
                "education_agency_id": d["id"],
                "day": day,
                "kind": "instructional",
                "source": "synthetic.csv",
            }
            for d in districts
            for day in school_days
        ),
    )
    summary = {
        "source": "synthetic.csv",
        "created": len(school_days),
        "updated": 0,
        "unchanged": 0,
        "from": school_days[0].isoformat(),
        "to": school_days[-1].isoformat(),
    }
    summary_json = json.dumps(summary)
    w.events(
        [
            w.event(
                "calendar.import",
                "schools.educationagency",
                d["id"],
                summary_json,
                label=d["name"],
                agency=d["agency_id"],
            )
            for d in districts
        ]
    )

    # Incidents over the school year so far: agency 0 gets a mid-sized department's number,
    # the other agencies share the rest.
    incident_rows: list[tuple[uuid.UUID, uuid.UUID, uuid.UUID, str]] = []
    first_posts = [p for p in posts if p[0]["agency_id"] == agencies[0]["id"]]
    other_posts = [p for p in posts if p[0]["agency_id"] != agencies[0]["id"]] or first_posts
    days = (REFERENCE.date() - YEAR_START).days
    numbers: dict[uuid.UUID, int] = {}

    def incidents() -> Iterator[Row]:
        for n in range(s.incidents):
            o, school = rng.choice(first_posts if n < s.first_incidents else other_posts)
            agency_id = o["agency_id"]
            numbers[agency_id] = numbers.get(agency_id, 0) + 1
            number = f"26-{numbers[agency_id]:05d}"
            when = dt.datetime.combine(
                YEAR_START + dt.timedelta(days=rng.randrange(days)),
                dt.time(8 + rng.randrange(7), rng.randrange(60)),
                dt.UTC,
            )
            status = ("draft", "submitted", "approved")[n % 3]
            row = {
                "id": new_id(),
                "agency_id": agency_id,
                "number": number,
                "school_id": school["id"],
                "officer_id": o["id"],
                "occurred_at": when,
                "summary": rng.choice(SUMMARIES),
                "initiated_by": "sro",
                "status": status,
                "created_by_id": creator.pk,
                "submitted_by_id": None if status == "draft" else creator.pk,
                "submitted_at": None if status == "draft" else when + dt.timedelta(hours=2),
                "reviewed_by_id": creator.pk if status == "approved" else None,
                "reviewed_at": when + dt.timedelta(days=1) if status == "approved" else None,
                "_agency": agency_id,
                "_school": school["id"],
                "_label": f"Incident {number}",
            }
            incident_rows.append((row["id"], agency_id, school["id"], number))
            yield row

    w.write(Incident, incidents(), noun="incident", private=PRIVATE_INCIDENT_FIELDS)

    def people() -> Iterator[Row]:
        for incident_id, agency_id, school_id, number in incident_rows:
            for position in (1, 2) if rng.random() < 0.3 else (1,):
                role = "suspect" if position == 1 else "victim"
                yield {
                    "id": new_id(),
                    "incident_id": incident_id,
                    "position": position,
                    "kind": "student",
                    "role": role,
                    "first_name": rng.choice(FIRST),
                    "last_name": rng.choice(LAST),
                    "grade": str(6 + rng.randrange(7)),
                    "date_of_birth": dt.date(2009, 1, 1) + dt.timedelta(days=rng.randrange(2500)),
                    "_agency": agency_id,
                    "_school": school_id,
                    "_label": f"Student {position} ({role}) in Incident {number}",
                }

    w.write(IncidentPerson, people(), noun="incident_person", private=PRIVATE_PERSON_FIELDS)

    def access_log() -> Iterator[Row]:
        for _ in range(s.access_log):
            incident_id, agency_id, school_id, number = rng.choice(incident_rows)
            yield {
                "at": REFERENCE - dt.timedelta(minutes=rng.randrange(130_000)),
                "user_id": creator.pk,
                "username": ACTOR,
                "kind": "view",
                "record_type": "incidents.incident",
                "record_id": str(incident_id),
                "record_label": f"Incident {number}",
                "purpose": "Following up the incident",
                "agency_id": agency_id,
                "school_id": school_id,
            }

    w.write(AccessLogEntry, access_log())

    # People to sign in as, in agency 0, through the usual services.
    agency0 = Agency.objects.get(pk=agencies[0]["id"])
    for username, role in (("scale-chief", "chief"), ("scale-records", "records")):
        user = create_member(
            actor=creator, username=username, password=DEMO_PASSWORD, role=role, agency=agency0
        )
        enrol_known_key(user, DEMO_TOTP_KEY, actor=creator)
