"""Oversight of force through the pages, the queries and the daily command: reports under the
duty to intercede and report with their 24-hour deadline (Minn. Stat. 626.8475), the months of
the report to the BCA with the month's file (626.5534), early-intervention alerts (department
practice) and the figures by age band. The demo is fixed on 2026-11-28: its cafeteria fight
(2 October) broke a student's wrist, so October's BCA report is missing; July to September have
zero reports (September's sent late, on 20 November); Lindqvist has three force reports since
2 October."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from conftest import Demo
from sro.audittrail.guard import unaudited_writes
from sro.audittrail.models import AccessLogEntry
from sro.core import clock
from sro.incidents.models import IncidentPerson
from sro.use_of_force import oversight, services
from sro.use_of_force.force_types import ensure_default_force_types
from sro.use_of_force.models import (
    BcaSubmission,
    EarlyInterventionAlert,
    ForceReport,
    ForceType,
    InterventionReport,
)

TODAY = dt.date(2026, 11, 28)
OCTOBER = dt.date(2026, 10, 1)


def _at(y: int, m: int, d: int, hh: int = 10, mm: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=clock.agency_zone())


def _force(
    demo: Demo, first_name: str, officer: str, at: dt.datetime, **fields: Any
) -> ForceReport:
    """A draft force report on the demo student with that first name."""
    ensure_default_force_types(actor=demo.users["chief"])
    types = fields.pop("types", ["escort"])
    person = IncidentPerson.objects.select_related("incident").get(first_name=first_name)
    report = ForceReport(
        incident=person.incident,
        subject=person,
        officer=demo.officers[officer],
        occurred_at=at,
        **fields,
    )
    used = list(ForceType.objects.filter(code__in=types))
    return services.save_report(report, actor=demo.users["chief"], force_used=used)


def _intervention(demo: Demo, observed: dt.datetime, reported: dt.datetime | None) -> Any:
    report = InterventionReport(
        agency=demo.agency,
        reporting_officer=demo.officers["Raman"],
        observed_at=observed,
        observed_officer="A patrol officer (fictional)",
        statement="Kept hitting after the student was down." if reported else "",
        reported_at=reported,
    )
    return services.save_intervention(report, actor=demo.users["chief"])


# --- Duty to intercede and report ---------------------------------------------------------------


def test_the_list_shows_each_report_on_time_late_due_or_missing(
    demo: Demo, clients: dict[str, Any]
) -> None:
    late = _intervention(demo, _at(2026, 11, 1, 9), _at(2026, 11, 3, 9))
    due = _intervention(demo, clock.now() - dt.timedelta(hours=5), None)
    page = clients["chief"].get(reverse("use_of_force:interventions"))
    assert page.status_code == 200
    rows = {row.report.pk: row for row in page.context["rows"]}
    okafor = InterventionReport.objects.get(reporting_officer=demo.officers["Okafor"])
    lindqvist = InterventionReport.objects.get(reporting_officer=demo.officers["Lindqvist"])
    assert rows[lindqvist.pk].status.status == "on_time"
    assert rows[late.pk].status.status == "late"
    assert rows[late.pk].label == "Filed 24 hours late"
    assert rows[due.pk].status.status == "due"
    assert rows[due.pk].label == "Due: 18 hours left"
    assert rows[okafor.pk].status.status == "missing"
    # Seen 2026-11-20 19:45, due 2026-11-21 19:45 Central; now 2026-11-28 09:00 Central.
    assert rows[okafor.pk].label == "Missing: 158 hours past due"
    html = page.content.decode()
    assert 'id="overdue"' in html
    assert "2 reports late or missing" in html
    assert "2026-11-21 19:45" in html  # the due time
    # The statement is private: no list shows it.
    assert "Kept hitting" not in html


def test_only_the_chief_and_the_reporting_officer_read_the_statement(
    demo: Demo, clients: dict[str, Any]
) -> None:
    report = InterventionReport.objects.get(reporting_officer=demo.officers["Lindqvist"])
    url = reverse("use_of_force:intervention", args=[report.pk])
    for persona, shown in [("chief", True), ("sro", True), ("sergeant", False), ("auditor", False)]:
        page = clients[persona].get(url)
        assert page.status_code == 200, persona
        assert ("knee on the student" in page.content.decode()) is shown, persona
    assert clients["principal"].get(url).status_code == 404
    assert clients["records"].get(url).status_code == 403
    assert clients["outsider"].get(url).status_code == 404
    okafor = InterventionReport.objects.get(reporting_officer=demo.officers["Okafor"])
    assert (
        clients["sro"].get(reverse("use_of_force:intervention", args=[okafor.pk])).status_code
        == 404
    )


def test_an_sro_opens_a_report_then_files_the_statement(
    demo: Demo, clients: dict[str, Any]
) -> None:
    sro = clients["sro"]
    new = reverse("use_of_force:intervention_new")
    assert sro.get(new).status_code == 200
    assert clients["chief"].get(new).status_code == 403  # not an officer: the officer files
    assert clients["sergeant"].get(new).status_code == 403
    assert clients["principal"].get(new).status_code == 403
    response = sro.post(
        new,
        {"observed_at": "2026-11-28T07:30", "observed_officer": "A deputy (fictional)"},
    )
    assert response.status_code == 302
    report = InterventionReport.objects.get(observed_officer="A deputy (fictional)")
    assert report.reporting_officer == demo.officers["Lindqvist"]
    assert report.reported_at is None
    url = reverse("use_of_force:intervention", args=[report.pk])
    assert "Due:" in sro.get(url).content.decode()
    # Nobody else writes the officer's report, and an empty statement files nothing.
    assert clients["chief"].post(url, {"statement": "x"}).status_code == 403
    assert clients["sergeant"].post(url, {"statement": "x"}).status_code == 403
    assert sro.post(url, {"statement": " "}).status_code == 422
    # The time it was seen stays as opened.
    response = sro.post(
        url, {"statement": "He struck a handcuffed man.", "observed_at": "2026-11-28T14:00"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.reported_at is not None
    assert report.observed_at == _at(2026, 11, 28, 7, 30)
    assert "Filed on time" in sro.get(url).content.decode()
    assert sro.post(url, {"statement": "Changed."}).status_code == 403  # filed: it stays


# --- The monthly report to the BCA --------------------------------------------------------------


def test_the_bca_months_show_the_missing_october_and_the_zero_reports(
    demo: Demo, clients: dict[str, Any]
) -> None:
    page = clients["chief"].get(reverse("use_of_force:bca"))
    assert page.status_code == 200
    rows = {row.month.month: row for row in page.context["rows"]}
    assert list(rows) == [OCTOBER, dt.date(2026, 9, 1), dt.date(2026, 8, 1), dt.date(2026, 7, 1)]
    october = rows[OCTOBER]
    assert october.state == "missing"
    assert october.month.due_on == dt.date(2026, 11, 10)
    assert (october.reportable, october.incidents) == (1, 1)
    assert {rows[m].state for m in rows if m != OCTOBER} == {"zero"}
    # September's zero report went on 20 November, 41 days after its due date: late, not green.
    september = rows[dt.date(2026, 9, 1)]
    assert (september.late, september.month.status) == (True, "late")
    assert september.month.days_late == 41
    assert not rows[dt.date(2026, 8, 1)].late
    text = page.content.decode()
    assert "Missing" in text
    assert "Zero report sent 2026-11-20: late, 41 days after the due date" in text
    assert "Zero report sent 2026-09-09, on time" in text
    assert "BCA reference UOF-2026-08-0211" in text
    assert oversight.first_month(demo.agency.pk, TODAY) == dt.date(2026, 7, 1)
    # A month in the reminder window: November, as seen on 5 December.
    december = oversight.bca_status(demo.agency.pk, dt.date(2026, 12, 5))
    assert (december[0].month.month, december[0].state) == (dt.date(2026, 11, 1), "remind")
    # Without force reports or reports recorded: from July of the school year.
    assert oversight.first_month(demo.other_agency.pk, TODAY) == dt.date(2026, 7, 1)


SENT = {"incidents_reported": "1", "sent_on": "2026-11-09", "reference": "UOF-2026-10-0577"}


def test_a_zero_report_is_refused_when_force_is_reportable(
    demo: Demo, clients: dict[str, Any]
) -> None:
    url = reverse("use_of_force:bca_submit", args=[OCTOBER])
    assert url == "/force/bca/2026-10/submit/"
    zero = {**SENT, "zero_report": "on", "incidents_reported": "0", "confirm": "yes"}
    response = clients["chief"].post(url, zero)
    assert response.status_code == 422
    assert "A zero report for October 2026 is refused" in response.content.decode()
    assert not BcaSubmission.objects.filter(month=OCTOBER).exists()
    # Sergeants, records staff and auditors read; the chief records.
    for persona in ("sergeant", "records", "auditor"):
        assert clients[persona].post(url, {**SENT, "confirm": "yes"}).status_code == 403
    response = clients["chief"].post(url, {**SENT, "confirm": "yes"})
    assert response.status_code == 302
    submission = BcaSubmission.objects.get(agency=demo.agency, month=OCTOBER)
    assert (submission.zero_report, submission.incidents_reported) == (False, 1)
    assert submission.submitted_by == demo.users["chief"]
    # Once is enough; and a month is reported once it has ended.
    clients["chief"].post(url, {**SENT, "confirm": "yes"})
    assert BcaSubmission.objects.filter(month=OCTOBER).count() == 1
    november = reverse("use_of_force:bca_submit", args=[dt.date(2026, 11, 1)])
    clients["chief"].post(november, {**zero, "sent_on": "2026-11-28"})
    assert not BcaSubmission.objects.filter(month=dt.date(2026, 11, 1)).exists()
    rows = clients["chief"].get(reverse("use_of_force:bca")).context["rows"]
    assert rows[0].state == "submitted"
    assert not rows[0].late


def test_the_months_file_has_the_three_parts_and_no_names(
    demo: Demo, clients: dict[str, Any]
) -> None:
    IncidentPerson.objects.filter(first_name="Marcus").update(sex="male", race_ethnicity="white")
    url = reverse("use_of_force:bca_csv", args=[OCTOBER])
    assert url == "/force/bca/2026-10.csv"
    response = clients["records"].get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "bca-use-of-force-2026-10.csv" in response["Content-Disposition"]
    text = response.content.decode()
    reader = csv.DictReader(io.StringIO(text))
    assert tuple(reader.fieldnames or ()) == oversight.COLUMNS
    assert set(oversight.NOT_HELD) <= set(oversight.COLUMNS)
    rows = list(reader)
    parts = [r["part"] for r in rows]
    assert parts == ["incident", "subject", "subject", "officer"]  # the fight: two students
    incident, first, second, officer = rows
    assert incident["incident_date"] == "2026-10-02"
    assert incident["incident_time"] == "12:05"
    assert incident["location_type"] == "School (secondary)"
    assert (incident["officers"], incident["subjects"]) == ("1", "2")
    assert incident["reason_for_contact"] == "Officer-initiated"
    assert incident["offense"].startswith("609.224")
    marcus = first if first["subject_injury"] == "Serious bodily injury" else second
    assert marcus["subject_age"] == "16"
    assert (marcus["subject_sex"], marcus["subject_race_ethnicity"]) == ("Male", "White")
    assert marcus["subject_force_types"] == "Takedown to the ground"
    assert marcus["subject_prone_restraint"] == "no"
    assert officer["officer_badge"] == demo.officers["Lindqvist"].badge_number
    assert {r["incident_number"] for r in rows} == {incident["incident_number"]}
    assert all(r[c] == "" for r in rows for c in oversight.NOT_HELD)
    for name in ("Marcus", "Tveit", "Jonah", "Evers", "Lindqvist"):
        assert name not in text
    exports = AccessLogEntry.objects.filter(kind="export", purpose=oversight.BCA_PURPOSE)
    assert exports.count() == 2
    # A month without reportable force is a header alone; a month not begun is not found.
    empty = clients["chief"].get(reverse("use_of_force:bca_csv", args=[dt.date(2026, 9, 1)]))
    assert empty.content.decode().count("\n") == 1
    assert clients["chief"].get("/force/bca/2027-01.csv").status_code == 404
    assert clients["chief"].get("/force/bca/2026-13.csv").status_code == 404


def test_a_cell_that_looks_like_a_formula_is_neutralised(demo: Demo) -> None:
    _force(
        demo,
        "Avery",
        "Lindqvist",
        _at(2026, 10, 20),
        injury="serious",
        force_other="=HYPERLINK(1)",
        types=[],
    )
    text = oversight.month_csv(demo.agency, OCTOBER).text
    assert "'=HYPERLINK(1)" in text


# --- Early intervention -------------------------------------------------------------------------


@pytest.fixture
def no_alerts(demo: Demo) -> None:
    """The demo raises Dana Lindqvist's alert as it loads: start these tests before it."""
    with unaudited_writes("start from the demo program before its scan"):
        EarlyInterventionAlert.objects.all().delete()


def test_the_demo_raises_the_alert_for_three_reports(demo: Demo) -> None:
    alert = EarlyInterventionAlert.objects.get()
    assert alert.officer == demo.officers["Lindqvist"]


def test_three_reports_in_ninety_days_raise_one_alert_and_two_do_not(
    demo: Demo, no_alerts: None
) -> None:
    # On 31 October Lindqvist has two reports (2 October): under the threshold.
    assert oversight.scan(demo.agency, dt.date(2026, 10, 31), actor=None) == []
    assert not EarlyInterventionAlert.objects.exists()
    # The dry run raises nothing.
    assert len(oversight.scan(demo.agency, TODAY, dry_run=True)) == 1
    assert not EarlyInterventionAlert.objects.exists()
    raised = oversight.scan(demo.agency, TODAY, actor=demo.users["chief"])
    assert [a.officer_id for a in raised] == [str(demo.officers["Lindqvist"].pk)]
    alert = EarlyInterventionAlert.objects.get()
    assert alert.officer == demo.officers["Lindqvist"]
    assert (alert.window_start, alert.window_end) == (dt.date(2026, 8, 31), TODAY)
    assert alert.reasons == "3 force reports in 90 days"
    # Once: not again the same day, nor the next days without a newer report.
    assert oversight.scan(demo.agency, TODAY) == []
    assert oversight.scan(demo.agency, dt.date(2026, 12, 1)) == []
    assert EarlyInterventionAlert.objects.count() == 1
    # A newer report while over the threshold is brought to the chief again (filed on the day:
    # force is reported once it was used, never ahead).
    with time_machine.travel(dt.datetime(2026, 12, 2, 20, tzinfo=dt.UTC), tick=False):
        _force(demo, "Sam", "Lindqvist", _at(2026, 12, 2))
    assert len(oversight.scan(demo.agency, dt.date(2026, 12, 2))) == 1
    assert EarlyInterventionAlert.objects.count() == 2
    # Solberg's one prone restraint raises nothing.
    assert not EarlyInterventionAlert.objects.filter(officer=demo.officers["Solberg"]).exists()


def test_the_chief_reviews_an_alert_with_the_reports_in_its_window(
    demo: Demo, clients: dict[str, Any], no_alerts: None
) -> None:
    oversight.scan(demo.agency, TODAY)
    alert = EarlyInterventionAlert.objects.get()
    listing = clients["chief"].get(reverse("use_of_force:alerts"))
    assert listing.status_code == 200
    assert "3 or more force reports" in listing.content.decode()
    assert "Dana Lindqvist" in listing.content.decode()
    url = reverse("use_of_force:alert", args=[alert.pk])
    page = clients["chief"].get(url)
    assert page.status_code == 200
    assert len(page.context["reports"]) == 3
    assert page.context["form"] is not None
    assert "Marcus" not in page.content.decode()  # students by number only
    auditor = clients["auditor"].get(url)
    assert auditor.status_code == 200
    assert auditor.context["form"] is None
    assert clients["auditor"].post(url, {"outcome": "Fine."}).status_code == 403
    assert clients["chief"].post(url, {"outcome": ""}).status_code == 422
    response = clients["chief"].post(url, {"outcome": "Talked it through; refresher booked."})
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.reviewed_by == demo.users["chief"]
    assert alert.outcome == "Talked it through; refresher booked."
    clients["chief"].post(url, {"outcome": "Again."})
    alert.refresh_from_db()
    assert alert.outcome == "Talked it through; refresher booked."


def test_the_daily_check_raises_alerts_and_tells_the_chief_of_the_missing_month(
    demo: Demo, no_alerts: None
) -> None:
    out = io.StringIO()
    call_command("force_check", "--as-of", "2026-11-28", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "alert would be raised for Dana Lindqvist" in text
    assert "The BCA report for October 2026 is missing: it was due 2026-11-10." in text
    assert not EarlyInterventionAlert.objects.exists()
    assert mail.outbox == []
    # The day after October's report was due: the chief is told, once.
    out = io.StringIO()
    call_command("force_check", "--as-of", "2026-11-11", stdout=out)
    assert EarlyInterventionAlert.objects.count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [demo.users["chief"].email]
    assert "October 2026 is missing" in mail.outbox[0].body
    call_command("force_check", "--as-of", "2026-11-12", stdout=io.StringIO())
    assert len(mail.outbox) == 1
    # November's reminder window opens on 3 December (due the 10th, 7 days before).
    call_command("force_check", "--as-of", "2026-12-03", stdout=io.StringIO())
    assert len(mail.outbox) == 2
    assert "November 2026 is due 2026-12-10" in mail.outbox[1].body
    with pytest.raises(CommandError):
        call_command("force_check", "--as-of", "28/11/2026")


# --- Figures ------------------------------------------------------------------------------------


def test_the_figures_count_force_by_age_band_without_names(
    demo: Demo, clients: dict[str, Any]
) -> None:
    IncidentPerson.objects.filter(first_name="Avery").update(date_of_birth=dt.date(2017, 1, 1))
    IncidentPerson.objects.filter(first_name="Mia").update(date_of_birth=None)
    before = oversight.figures(demo.agency.pk, "2026-27")
    # The demo's four reports: students aged 14 to 17, one prone restraint.
    assert (dict(before.by_age)["14 to 17"], before.prone) == (4, 1)
    _force(demo, "Avery", "Lindqvist", _at(2026, 9, 15), types=["escort", "handcuffs"])
    _force(demo, "Mia", "Raman", _at(2026, 10, 21))
    page = clients["sergeant"].get(reverse("use_of_force:figures"))
    assert page.status_code == 200
    figures = page.context["figures"]
    assert figures.school_year == "2026-27"
    assert figures.total == before.total + 2
    added = {band: n - dict(before.by_age)[band] for band, n in figures.by_age}
    assert added == {"Under 10": 1, "10 to 13": 0, "14 to 17": 0, "18 and over": 0, "Unknown": 1}
    assert (figures.prone, figures.not_prone) == (before.prone, before.not_prone + 2)
    kinds, earlier_kinds = dict(figures.by_type), dict(before.by_type)
    assert kinds["Escort or guiding hold"] == earlier_kinds.get("Escort or guiding hold", 0) + 2
    assert kinds["Handcuffs"] == earlier_kinds.get("Handcuffs", 0) + 1
    assert sum(n for _, n in figures.by_school) == figures.total
    html = page.content.decode()
    for name in ("Avery", "Mia", "Marcus", "Leo", "Eli", "Jonah"):
        assert name not in html
    earlier = clients["chief"].get(reverse("use_of_force:figures"), {"school_year": "2025-26"})
    assert earlier.context["figures"].total == 0
    bad = clients["chief"].get(reverse("use_of_force:figures"), {"school_year": "2026-28"})
    assert bad.context["figures"].school_year == "2026-27"
    assert bad.context["form"].errors


# --- Who gets what ------------------------------------------------------------------------------

COLUMNS = ["chief", "sergeant", "sro", "records", "principal", "auditor", "outsider", "norole"]
EXPECTED: dict[str, list[int]] = {
    #                             chief sgt sro  rec  prin aud  out  none
    "interventions": [200, 200, 200, 403, 403, 200, 200, 403],
    "intervention_new": [403, 403, 200, 403, 403, 403, 403, 403],
    "intervention": [200, 200, 404, 403, 404, 200, 404, 404],
    "bca": [200, 200, 403, 200, 403, 200, 200, 403],
    "bca_csv": [200, 200, 403, 200, 403, 200, 200, 403],
    "bca_submit": [200, 403, 403, 403, 403, 403, 200, 403],
    "alerts": [200, 403, 403, 403, 403, 200, 200, 403],
    "alert": [200, 403, 404, 403, 404, 200, 404, 404],
    "figures": [200, 200, 403, 403, 403, 200, 200, 403],
}


@pytest.mark.parametrize("persona", COLUMNS)
def test_each_persona_gets_what_its_role_allows(
    demo: Demo, clients: dict[str, Any], persona: str
) -> None:
    oversight.scan(demo.agency, TODAY)
    okafor = InterventionReport.objects.get(reporting_officer=demo.officers["Okafor"])
    args: dict[str, list[Any]] = {
        "intervention": [okafor.pk],
        "alert": [EarlyInterventionAlert.objects.get().pk],
        "bca_csv": [OCTOBER],
        "bca_submit": [OCTOBER],
    }
    client = clients[persona]
    got = {
        name: client.get(reverse(f"use_of_force:{name}", args=args.get(name, []))).status_code
        for name in EXPECTED
    }
    assert got == {name: row[COLUMNS.index(persona)] for name, row in EXPECTED.items()}
    for name in EXPECTED:
        url = reverse(f"use_of_force:{name}", args=args.get(name, []))
        assert clients["anonymous"].get(url).status_code == 302
