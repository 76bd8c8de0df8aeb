"""Issue 24, as each person met it, in the browser: the chief sees a BCA month sent late as late
and records a report through its confirmation; the SRO is not offered "Start the audit" for a
school whose audit for the school year is done and current; the sergeant reads "No" (not
"subd. 3(c))") on an assignment page; and the sergeant's assignment drop-down marks the officers
restricted from clauses (4) and (5). Each page passes axe."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.a11y import assert_no_serious_violations
from tests.browser.pages import field
from tests.browser.test_schedule import click_and_land, goto

pytestmark = pytest.mark.browser

TODAY = dt.date(2026, 11, 28)
HIGH_SCHOOL = "Central Lakes High School"


def test_the_chief_sees_a_late_month_and_confirms_a_report_before_it_is_recorded(
    live_server: Any, demo: Any, browser_page: Any, axe_source: str
) -> None:
    from sro.use_of_force.models import BcaSubmission

    page = browser_page("chief")
    goto(page, f"{live_server.url}/force/bca/")
    # September's zero report went on 20 November, 41 days after its due date: not green.
    september = page.locator("#month-2026-09")
    expect(september.locator(".sro-status--bad")).to_have_text(
        "Zero report sent 2026-11-20: late, 41 days after the due date"
    )
    expect(page.locator("#month-2026-08 .sro-status--ok")).to_contain_text("on time")
    assert_no_serious_violations(page, axe_source, "bca months")

    click_and_land(page, page.get_by_role("link", name="Record the report sent for October 2026"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Record the BCA report for October 2026"
    )
    field(page, "Date sent to the BCA").fill("2026-11-20")
    field(page, "BCA reference number").fill("UOF-2026-10-0577")
    assert_no_serious_violations(page, axe_source, "bca record")
    click_and_land(page, page.get_by_role("button", name="Check what will be recorded"))

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Confirm the BCA report for October 2026"
    )
    facts = page.locator("#to-record")
    expect(facts).to_contain_text("Late: 10 days after the due date")
    expect(facts).to_contain_text("UOF-2026-10-0577")
    assert_no_serious_violations(page, axe_source, "bca confirm")
    assert not BcaSubmission.objects.filter(month=dt.date(2026, 10, 1)).exists()

    click_and_land(page, page.get_by_role("button", name="Confirm and record"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Monthly use-of-force report to the BCA"
    )
    expect(page.locator("#month-2026-10 .sro-status--bad")).to_have_text(
        "Report sent 2026-11-20: late, 10 days after the due date"
    )
    expect(page.locator("#month-2026-10")).to_contain_text("Recorded by Karen Ostrander")
    saved = BcaSubmission.objects.get(month=dt.date(2026, 10, 1))
    assert (saved.sent_on, saved.reference) == (dt.date(2026, 11, 20), "UOF-2026-10-0577")
    assert saved.submitted_by == demo.users["chief"]


def test_the_sro_is_not_offered_start_the_audit_where_the_audit_is_current(
    live_server: Any, demo: Any, browser_page: Any, axe_source: str
) -> None:
    from sro.safety.models import SecurityAudit

    before = SecurityAudit.objects.filter(school=demo.high_school).count()
    page = browser_page("sro")
    goto(page, f"{live_server.url}/safety/audits/")
    expect(page.get_by_role("button", name=f"Start the audit of {HIGH_SCHOOL}")).to_have_count(0)
    goto(page, f"{live_server.url}/safety/schools/{demo.high_school.pk}/")
    expect(page.locator("#audit + p .sro-status")).to_have_text("Current")
    expect(page.get_by_role("button", name="Start the audit")).to_have_count(0)
    # A second audit this school year is an exception with a stated reason: without one it is
    # refused and nothing is started.
    page.get_by_text(f"Audit {HIGH_SCHOOL} again this school year").click()
    assert_no_serious_violations(page, axe_source, "school safety")
    click_and_land(page, page.get_by_role("button", name="Start a second audit"))
    expect(page.locator("main")).to_contain_text(
        "give the reason for a second audit this school year"
    )
    assert SecurityAudit.objects.filter(school=demo.high_school).count() == before


def test_the_sergeant_reads_yes_or_no_on_an_assignment(
    live_server: Any, demo: Any, browser_page: Any, axe_source: str
) -> None:
    from sro.roster.models import Assignment

    label = "Department could not provide the SRO course before the start"
    page = browser_page("sergeant")
    for flag, answer in (
        (False, "No"),
        (True, "Yes (Minn. Stat. 626.8482, subd. 3(c))"),
    ):
        assignment = Assignment.objects.filter(employer_could_not_provide_training=flag).first()
        assert assignment is not None
        goto(page, f"{live_server.url}/assignments/{assignment.pk}/")
        answer_cell = page.locator("dl.sro-facts dt", has_text=label).locator("+ dd")
        expect(answer_cell).to_have_text(answer)
    assert_no_serious_violations(page, axe_source, "assignment")


def test_the_sergeants_assignment_drop_down_marks_restricted_officers(
    live_server: Any, demo: Any, browser_page: Any, axe_source: str
) -> None:
    from sro.roster.models import Officer
    from sro.training.marks import officer_label
    from sro.training.queries import compliance

    rows = compliance(Officer.objects.filter(agency=demo.agency, active=True), as_of=TODAY)
    restricted = [r.officer for r in rows if r.restricted]
    free = [r.officer for r in rows if not r.restricted]
    assert restricted
    assert free
    page = browser_page("sergeant")
    goto(page, f"{live_server.url}/assignments/new/")
    officer = field(page, "Officer")
    options = officer.locator("option").all_inner_texts()
    barred = {r.officer.pk for r in rows if r.may_not_serve}
    for o in restricted:
        assert officer_label(o, restricted=True, may_not_serve=o.pk in barred) in options, o
    for o in free:
        assert officer_label(o, restricted=False, may_not_serve=o.pk in barred) in options, o
    restricted = [o for o in restricted if o.pk not in barred] or restricted
    first = restricted[0]
    officer.select_option(
        label=officer_label(first, restricted=True, may_not_serve=first.pk in barred)
    )
    expect(officer.locator("option:checked")).to_have_text(
        f"{restricted[0].full_name} (#{restricted[0].badge_number}) — restricted: clauses (4) "
        "and (5)"
    )
    assert_no_serious_violations(page, axe_source, "assignment form")
