"""Read helpers for the oversight of force: the reports under the duty to intercede with their
deadlines, the months of the state report with their status, the month's file for the Bureau of
Criminal Apprehension, the early-intervention scan and the force figures (counts only).

The month's file (``month_csv``)
--------------------------------
Minn. Stat. 626.5534 has the chief report, each month, the information the FBI's National
Use-of-Force Data Collection asks for every incident in which force caused serious bodily injury
or death. That collection has three parts: the incident, each subject and each officer. The file
is one CSV whose ``part`` column says which part a row belongs to (``incident``, ``subject`` or
``officer``); ``agency_ori`` and ``incident_number`` join the rows of one incident. A column that
does not belong to a row's part is empty.

An incident is in the month's file when one of its force reports caused serious bodily injury or
death in that month (the local month of the report's date and time). Every student on whom force
was used in that incident is a subject row, and every officer who used it an officer row, as the
collection counts everyone involved, not only the injured.

Columns, by part (``NOT_HELD`` ones are named but always empty: the product does not record
them, and whoever files the report fills them in on the BCA's form):

- every row: ``part``, ``agency_ori`` (the agency's ORI), ``incident_number`` (the department's
  case number);
- incident: ``incident_date`` and ``incident_time`` (local, of the incident), ``location_type``
  (always a school, with its level), ``location_name`` and ``location_address`` (the school),
  ``officers`` and ``subjects`` (how many used force / had force used on them),
  ``reason_for_contact`` (who initiated the SRO's involvement, in the department's terms),
  ``offense`` (the incident's offense, citation and title); not held: ``firearm_discharged``;
- subject: ``subject_number`` (the student's number within the incident, not a name),
  ``subject_age`` (whole years on the day of the force, from the date of birth),
  ``subject_sex`` and ``subject_race_ethnicity`` (as recorded on the incident),
  ``subject_injury`` (the most serious of the student's force reports), ``subject_force_types``
  (every kind of force used on the student, separated by "; "), ``subject_prone_restraint``
  (yes or no); not held: ``subject_resistance``, ``subject_armed``, ``subject_impairment``,
  ``subject_height``, ``subject_weight``;
- officer: ``officer_badge``, ``officer_post_license``, ``officer_force_types`` (the kinds of
  force the officer used in the incident); not held: ``officer_age``, ``officer_sex``,
  ``officer_race_ethnicity``, ``officer_years_of_service``, ``officer_injury``,
  ``officer_on_duty``.

No name is in the file. A cell that starts like a spreadsheet formula is prefixed with an
apostrophe.
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from sro.core import clock, csvcells
from sro.incidents.models import IncidentPerson
from sro.roster.models import Agency, Officer
from sro.rules.dates import add_months, school_year_bounds, school_year_of
from sro.rules.force import (
    STATE_REPORT_INJURIES,
    Alert,
    BcaMonth,
    ForceEvent,
    IntercedeStatus,
    bca_months,
    early_intervention,
    intercede_status,
)
from sro.use_of_force import services
from sro.use_of_force.models import (
    BcaSubmission,
    EarlyInterventionAlert,
    ForceReport,
    Injury,
    InterventionReport,
)

BCA_PURPOSE = "Monthly use-of-force report to the BCA (Minn. Stat. 626.5534)"


# --- Local days and months ----------------------------------------------------------------------


def _midnight(day: dt.date) -> dt.datetime:
    """The start of a local day where the agency is."""
    return dt.datetime.combine(day, dt.time.min, clock.agency_zone())


def _local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(clock.agency_zone())


def _days(first: dt.date, last: dt.date) -> dict[str, dt.datetime]:
    """Lookups for moments on the local days ``first`` through ``last``."""
    return {"gte": _midnight(first), "lt": _midnight(last + dt.timedelta(days=1))}


def _within(prefix: str, first: dt.date, last: dt.date) -> dict[str, dt.datetime]:
    return {f"{prefix}__{op}": moment for op, moment in _days(first, last).items()}


def _month_end(month: dt.date) -> dt.date:
    return add_months(month.replace(day=1), 1) - dt.timedelta(days=1)


def is_prone(report: ForceReport) -> bool:
    """Any prone time recorded makes the report one of a prone restraint, as in the rules."""
    return any(m is not None for m in (report.prone_start, report.prone_end, report.restored_at))


def age_on(born: dt.date | None, day: dt.date) -> int | None:
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


# --- Duty to intercede and report (Minn. Stat. 626.8475) ----------------------------------------


@dataclass(frozen=True)
class InterventionRow:
    report: InterventionReport
    status: IntercedeStatus

    @property
    def overdue(self) -> bool:
        return self.status.status in ("late", "missing")

    @property
    def label(self) -> str:
        s = self.status
        if s.status == "on_time":
            return "Filed on time"
        if s.status == "late":
            return f"Filed {_hours(s.hours_late)} late"
        if s.status == "due":
            return f"Due: {_hours(s.hours_left)} left" if s.hours_left else "Due within the hour"
        return f"Missing: {_hours(s.hours_late)} past due"

    @property
    def css(self) -> str:
        return {"on_time": "ok", "due": "warn"}.get(self.status.status, "bad")


def _hours(n: int | None) -> str:
    return "1 hour" if n == 1 else f"{n or 0} hours"


def intervention_rows(
    reports: Iterable[InterventionReport], *, now: dt.datetime
) -> list[InterventionRow]:
    return [
        InterventionRow(r, intercede_status(r.observed_at, r.reported_at, now=now)) for r in reports
    ]


# --- The monthly report to the BCA (Minn. Stat. 626.5534) ---------------------------------------


def reportable(agency_id: uuid.UUID) -> QuerySet[ForceReport]:
    """Force reports whose force caused serious bodily injury or death, whatever their review
    status (the force happened whether or not the report is approved)."""
    return ForceReport.objects.filter(
        incident__agency_id=agency_id, injury__in=sorted(STATE_REPORT_INJURIES)
    )


def reportable_in(agency_id: uuid.UUID, month: dt.date) -> QuerySet[ForceReport]:
    month = month.replace(day=1)
    return reportable(agency_id).filter(**_within("occurred_at", month, _month_end(month)))


@dataclass(frozen=True)
class MonthRow:
    month: BcaMonth
    submission: BcaSubmission | None
    reportable: int  # force reports causing serious bodily injury or death
    incidents: int  # the incidents they belong to

    @property
    def state(self) -> str:
        """submitted, zero (a zero report), missing, remind (due, within the reminder window)
        or due. Whether a sent report was on time is `late` (the rules' answer)."""
        if self.submission is not None:
            return "zero" if self.submission.zero_report else "submitted"
        if self.month.status == "missing":
            return "missing"
        return "remind" if self.month.remind else "due"

    @property
    def late(self) -> bool:
        """Sent after its due date (however long ago it was sent)."""
        return self.month.status == "late"

    @property
    def open(self) -> bool:
        return self.submission is None

    @property
    def conflict(self) -> bool:
        """A zero report recorded for a month that now has reportable force on file."""
        return self.submission is not None and self.submission.zero_report and self.reportable > 0


def first_month(agency_id: uuid.UUID, today: dt.date) -> dt.date:
    """The month of the agency's first force report or first recorded state report, whichever
    is earlier; with neither, July of the current school year."""
    starts: list[dt.date] = []
    first = ForceReport.objects.filter(incident__agency_id=agency_id).order_by("occurred_at")
    moment = first.values_list("occurred_at", flat=True).first()
    if moment is not None:
        starts.append(_local(moment).date().replace(day=1))
    earliest = (
        BcaSubmission.objects.filter(agency_id=agency_id)
        .order_by("month")
        .values_list("month", flat=True)
        .first()
    )
    if earliest is not None:
        starts.append(earliest)
    if not starts:
        starts.append(school_year_bounds(school_year_of(today))[0].replace(day=1))
    return min(starts)


def bca_status(agency_id: uuid.UUID, today: dt.date) -> list[MonthRow]:
    """Every month from the first through last month, newest first."""
    submissions = {s.month: s for s in BcaSubmission.objects.filter(agency_id=agency_id)}
    first = first_month(agency_id, today)
    months = bca_months(
        first,
        today=today,
        sent={month: s.sent_on for month, s in submissions.items()},
        due_day=settings.SRO_BCA_DUE_DAY,
        remind_days_before=settings.SRO_BCA_REMIND_DAYS,
    )
    reports: Counter[dt.date] = Counter()
    incidents: dict[dt.date, set[uuid.UUID]] = {}
    rows = reportable(agency_id).filter(occurred_at__gte=_midnight(first))
    for at, incident_id in rows.values_list("occurred_at", "incident_id"):
        month = _local(at).date().replace(day=1)
        reports[month] += 1
        incidents.setdefault(month, set()).add(incident_id)
    return [
        MonthRow(m, submissions.get(m.month), reports[m.month], len(incidents.get(m.month, ())))
        for m in reversed(months)
    ]


def month_row(agency_id: uuid.UUID, month: dt.date, today: dt.date) -> MonthRow | None:
    """One month's row of `bca_status`, or None when the month is not one to report yet."""
    first = month.replace(day=1)
    return next((r for r in bca_status(agency_id, today) if r.month.month == first), None)


def if_sent(month: dt.date, sent_on: dt.date, today: dt.date) -> BcaMonth:
    """How the month would stand with its report sent on `sent_on` (on time or late): the
    rules' answer, for the confirmation before it is recorded."""
    first = month.replace(day=1)
    return bca_months(
        first,
        today=max(today, add_months(first, 1)),
        sent={first: sent_on},
        due_day=settings.SRO_BCA_DUE_DAY,
        remind_days_before=settings.SRO_BCA_REMIND_DAYS,
    )[0]


def timeliness(verdict: BcaMonth) -> str:
    """ "on time", or "late: N days after its due date, YYYY-MM-DD"."""
    if verdict.status != "late":
        return "on time"
    days = verdict.days_late
    return f"late: {days} day{'' if days == 1 else 's'} after its due date, {verdict.due_on}"


def check_submission(submission: BcaSubmission) -> None:
    """Refuse a second report for a month, and a zero report for a month with reportable
    force on file. (What cannot be true of any report, such as a day sent before the month
    ended, is the model's `clean`.)"""
    month = submission.month.replace(day=1)
    if BcaSubmission.objects.filter(agency_id=submission.agency_id, month=month).exists():
        raise ValidationError({"month": f"The report for {month:%B %Y} is already recorded."})
    found = reportable_in(submission.agency_id, month).count()
    if submission.zero_report and found:
        noun = "report" if found == 1 else "reports"
        raise ValidationError(
            {
                "zero_report": f"A zero report for {month:%B %Y} is refused: {found} force "
                f"{noun} that month caused serious bodily injury or death. Report them to the "
                "BCA."
            }
        )


# The columns of the month's file, and those the product does not hold (always empty).
NOT_HELD: tuple[str, ...] = (
    "firearm_discharged",
    "subject_resistance",
    "subject_armed",
    "subject_impairment",
    "subject_height",
    "subject_weight",
    "officer_age",
    "officer_sex",
    "officer_race_ethnicity",
    "officer_years_of_service",
    "officer_injury",
    "officer_on_duty",
)
COLUMNS: tuple[str, ...] = (
    "part",
    "agency_ori",
    "incident_number",
    "incident_date",
    "incident_time",
    "location_type",
    "location_name",
    "location_address",
    "officers",
    "subjects",
    "reason_for_contact",
    "offense",
    "firearm_discharged",
    "subject_number",
    "subject_age",
    "subject_sex",
    "subject_race_ethnicity",
    "subject_injury",
    "subject_force_types",
    "subject_prone_restraint",
    "subject_resistance",
    "subject_armed",
    "subject_impairment",
    "subject_height",
    "subject_weight",
    "officer_badge",
    "officer_post_license",
    "officer_force_types",
    "officer_age",
    "officer_sex",
    "officer_race_ethnicity",
    "officer_years_of_service",
    "officer_injury",
    "officer_on_duty",
)
_SEVERITY: list[str] = [Injury.NONE, Injury.MINOR, Injury.SERIOUS, Injury.DEATH]


def _force_labels(reports: Iterable[ForceReport]) -> str:
    labels: list[str] = []
    for report in reports:
        for kind in report.force_used.all():
            if kind.label not in labels:
                labels.append(kind.label)
        other = report.force_other.strip()
        if other and other not in labels:
            labels.append(other)
    return "; ".join(labels)


def _worst(reports: list[ForceReport]) -> str:
    injuries = [r.injury for r in reports if r.injury]
    if not injuries:
        return ""
    return Injury(max(injuries, key=_SEVERITY.index)).label


@dataclass
class MonthFile:
    month: dt.date
    text: str
    incidents: int
    subjects: list[IncidentPerson] = field(default_factory=list)  # for the access log


def month_csv(agency: Agency, month: dt.date) -> MonthFile:
    """The month's file for the BCA, laid out as the module docstring says."""
    month = month.replace(day=1)
    incident_ids = set(reportable_in(agency.pk, month).values_list("incident_id", flat=True))
    reports = list(
        ForceReport.objects.filter(incident_id__in=incident_ids)
        .select_related("incident__school", "incident__offense", "subject", "officer")
        .prefetch_related("force_used")
        .order_by("incident__occurred_at", "incident__number", "subject__position", "occurred_at")
    )
    by_incident: dict[uuid.UUID, list[ForceReport]] = {}
    for report in reports:
        by_incident.setdefault(report.incident_id, []).append(report)
    out = io.StringIO()
    writer = csvcells.DictWriter(out, fieldnames=COLUMNS, restval="")
    writer.writeheader()
    subjects: list[IncidentPerson] = []
    for group in by_incident.values():
        incident = group[0].incident
        at = _local(incident.occurred_at)
        people: dict[uuid.UUID, list[ForceReport]] = {}
        officers: dict[uuid.UUID, list[ForceReport]] = {}
        for report in group:
            people.setdefault(report.subject_id, []).append(report)
            officers.setdefault(report.officer_id, []).append(report)
        keys = {"agency_ori": agency.ori, "incident_number": incident.number}
        offense = incident.offense
        writer.writerow(
            {
                "part": "incident",
                **keys,
                "incident_date": at.date().isoformat(),
                "incident_time": at.strftime("%H:%M"),
                "location_type": f"School ({incident.school.get_level_display().lower()})",
                "location_name": incident.school.name,
                "location_address": incident.school.address,
                "officers": len(officers),
                "subjects": len(people),
                "reason_for_contact": incident.get_initiated_by_display(),
                "offense": f"{offense.citation} {offense.title}" if offense else "",
            }
        )
        for person_reports in people.values():
            person = person_reports[0].subject
            subjects.append(person)
            day = _local(person_reports[0].occurred_at).date()
            writer.writerow(
                {
                    "part": "subject",
                    **keys,
                    "subject_number": person.position,
                    "subject_age": age_on(person.date_of_birth, day),
                    "subject_sex": person.get_sex_display(),
                    "subject_race_ethnicity": person.get_race_ethnicity_display(),
                    "subject_injury": _worst(person_reports),
                    "subject_force_types": _force_labels(person_reports),
                    "subject_prone_restraint": "yes"
                    if any(is_prone(r) for r in person_reports)
                    else "no",
                }
            )
        for officer_reports in officers.values():
            officer = officer_reports[0].officer
            writer.writerow(
                {
                    "part": "officer",
                    **keys,
                    "officer_badge": officer.badge_number,
                    "officer_post_license": officer.post_license_number,
                    "officer_force_types": _force_labels(officer_reports),
                }
            )
    return MonthFile(month, out.getvalue(), len(by_incident), subjects)


# --- Early intervention (department practice, not law) ------------------------------------------


def thresholds() -> tuple[int, int]:
    """The number of force reports and the window in days that raise an alert."""
    return settings.SRO_EARLY_INTERVENTION_REPORTS, settings.SRO_EARLY_INTERVENTION_DAYS


def force_events(agency_id: uuid.UUID, first: dt.date, last: dt.date) -> list[ForceEvent]:
    """Each force report of the agency on the local days ``first`` through ``last``: a prone
    restraint when a prone time is recorded, else force. Complaints are not recorded yet."""
    rows = ForceReport.objects.filter(
        incident__agency_id=agency_id, **_within("occurred_at", first, last)
    ).only("officer_id", "occurred_at", "prone_start", "prone_end", "restored_at")
    return [
        ForceEvent(
            str(r.officer_id), _local(r.occurred_at).date(), "prone" if is_prone(r) else "force"
        )
        for r in rows
    ]


def scan(
    agency: Agency, as_of: dt.date, *, actor: Any = None, dry_run: bool = False
) -> list[Alert]:
    """Raise an alert for each officer whose reports in the window ending ``as_of`` reach the
    threshold. An officer already alerted is alerted again only for a report newer than the
    last alert's window: a daily run does not repeat the same pattern. Returns the alerts
    raised (with ``dry_run``, the alerts that would be)."""
    count, days = thresholds()
    start = as_of - dt.timedelta(days=days - 1)
    events = force_events(agency.pk, start, as_of)
    found = early_intervention(events, as_of=as_of, window_days=days, report_threshold=count)
    if not found:
        return []
    latest: dict[str, dt.date] = {}
    for event in events:
        latest[event.officer_id] = max(event.day, latest.get(event.officer_id, event.day))
    ids = [uuid.UUID(a.officer_id) for a in found]
    officers = Officer.objects.in_bulk(ids)
    alerted: dict[str, dt.date] = {}
    for officer_id, window_end in EarlyInterventionAlert.objects.filter(
        officer_id__in=ids
    ).values_list("officer_id", "window_end"):
        key = str(officer_id)
        alerted[key] = max(window_end, alerted.get(key, window_end))
    raised: list[Alert] = []
    for alert in found:
        seen = alerted.get(alert.officer_id)
        if seen is not None and seen >= latest[alert.officer_id]:
            continue
        if not dry_run:
            services.raise_alert(
                actor=actor,
                officer=officers[uuid.UUID(alert.officer_id)],
                window=(alert.window_start, alert.window_end),
                reasons="; ".join(alert.reasons),
            )
        raised.append(alert)
    return raised


def window_reports(alert: EarlyInterventionAlert) -> QuerySet[ForceReport]:
    """The officer's force reports in the alert's window, oldest first."""
    return (
        ForceReport.objects.filter(
            officer_id=alert.officer_id,
            **_within("occurred_at", alert.window_start, alert.window_end),
        )
        .select_related("incident__school", "subject")
        .prefetch_related("force_used")
        .order_by("occurred_at")
    )


# --- Figures (counts only, never a name) --------------------------------------------------------

AGE_BANDS: tuple[str, ...] = ("Under 10", "10 to 13", "14 to 17", "18 and over", "Unknown")


def age_band(age: int | None) -> str:
    if age is None or age < 0:
        return AGE_BANDS[4]
    if age < 10:
        return AGE_BANDS[0]
    if age < 14:
        return AGE_BANDS[1]
    if age < 18:
        return AGE_BANDS[2]
    return AGE_BANDS[3]


@dataclass
class ForceFigures:
    school_year: str
    total: int = 0
    by_school: list[tuple[str, int]] = field(default_factory=list)
    by_type: list[tuple[str, int]] = field(default_factory=list)
    by_age: list[tuple[str, int]] = field(default_factory=list)
    prone: int = 0

    @property
    def not_prone(self) -> int:
        return self.total - self.prone


def figures(agency_id: uuid.UUID, school_year: str) -> ForceFigures:
    """Force reports in one school year by school, kind of force, the student's age band on
    the day, and prone restraint. One report is one officer's force on one student; a report
    naming several kinds of force counts once under each."""
    first, last = school_year_bounds(school_year)
    reports = (
        ForceReport.objects.filter(
            incident__agency_id=agency_id, **_within("occurred_at", first, last)
        )
        .select_related("incident__school", "subject")
        .prefetch_related("force_used")
    )
    result = ForceFigures(school_year)
    schools: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    order: dict[str, tuple[int, str]] = {}
    ages: Counter[str] = Counter()
    for report in reports:
        result.total += 1
        schools[report.incident.school.name] += 1
        for kind in report.force_used.all():
            kinds[kind.label] += 1
            order[kind.label] = (kind.order, kind.label)
        if report.force_other.strip():
            kinds["Other force (described in the report)"] += 1
        day = _local(report.occurred_at).date()
        ages[age_band(age_on(report.subject.date_of_birth, day))] += 1
        result.prone += is_prone(report)
    last_place = (10**6, "")
    result.by_school = sorted(schools.items())
    result.by_type = sorted(kinds.items(), key=lambda item: order.get(item[0], last_place))
    result.by_age = [(band, ages[band]) for band in AGE_BANDS]
    return result


def check_bca_submission(submission: BcaSubmission) -> None:
    """Everything recording the month's report checks, without writing: the page's
    confirmation step asks this before it shows what will be recorded, the API and the save
    ask it again."""
    if submission.month.day != 1:
        submission.month = submission.month.replace(day=1)
    if submission.month >= clock.today().replace(day=1):
        raise ValidationError({"month": "A month is reported once it has ended."})
    submission.reference = submission.reference.strip()
    submission.note = submission.note.strip()
    if submission.sent_on is None:
        raise ValidationError({"sent_on": "Give the day the report was sent to the BCA."})
    submission.clean()
    check_submission(submission)
