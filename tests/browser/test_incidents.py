"""Incidents in the browser (policy 436.6): an SRO on a phone records a theft that also breaks
school rules and refers the student to the school; the principal sees only that referral, after
stating why; an SRO records a custodial arrest and is told what the policy still asks; a
sergeant sees the flag on a school-rules-only matter the SRO acted on (subd. 2(c))."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.a11y import assert_no_serious_violations
from tests.browser.conftest import PHONE
from tests.browser.pages import field
from tests.browser.test_schedule import click_and_land, goto

pytestmark = pytest.mark.browser

PURPOSE = "Investigating or following up this incident"


def quick_entry(page: Any, live_server: Any, summary: str) -> None:
    goto(page, f"{live_server.url}/incidents/new/")
    expect(field(page, "School")).to_have_value(re.compile(".+"))  # the SRO's own school
    field(page, "Summary").fill(summary)
    field(page, "Who initiated the SRO's involvement").select_option(label="School staff request")
    click_and_land(page, page.get_by_role("button", name="Save draft"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(summary)


def state_purpose(page: Any) -> None:
    page.get_by_text(PURPOSE, exact=True).click()
    click_and_land(page, page.get_by_role("button", name="Show the record"))


def edit_details(page: Any, offense: str, narrative: str) -> None:
    """Pick the offense by typing its number into the searchable list, as an SRO would."""
    click_and_land(page, page.get_by_role("link", name="Edit details and narrative"))
    combo = page.get_by_role("combobox", name="Offense (Minnesota statute)")
    combo.fill(offense)
    expect(page.locator("#id_offense--list li").first).to_contain_text(offense)
    combo.press("ArrowDown")  # to the first option, then choose it
    page.keyboard.press("Enter")
    field(page, "Does it also break school rules?").select_option(label="Yes")
    field(page, "What happened").fill(narrative)
    click_and_land(page, page.get_by_role("button", name="Save"))
    expect(page.locator(".sro-facts")).to_contain_text(f"Minn. Stat. {offense}")


def add_student(page: Any, first: str, last: str) -> None:
    click_and_land(page, page.get_by_role("link", name="Add a person"))
    field(page, "Kind").select_option(label="Student")
    field(page, "Role").select_option(label="Suspect")
    field(page, "First name").fill(first)
    field(page, "Last name").fill(last)
    field(page, "Date of birth").fill("2010-05-04")
    field(page, "Grade").select_option(label="Grade 10")
    click_and_land(page, page.get_by_role("button", name="Save"))


def test_an_sro_refers_a_student_to_the_school_and_the_principal_sees_it(
    live_server: Any, browser_page: Any, axe_source: str
) -> None:
    from sro.audittrail.models import AccessLogEntry
    from sro.incidents.models import Incident

    page = browser_page("sro", viewport=PHONE)
    quick_entry(page, live_server, "Calculator taken from a classroom")
    state_purpose(page)
    edit_details(page, "609.52", "Tove Aune took a graphing calculator from room 114.")
    add_student(page, "Tove", "Aune")
    missing = page.locator("#missing")
    expect(missing).to_contain_text("choose what was done")
    page.get_by_role("link", name=re.compile("^Disposition")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Student 1 (suspect)")
    assert_no_serious_violations(page, axe_source, "disposition-form")
    field(page, "Disposition").select_option(label="Referred to school authorities")
    field(page, "Why referral to school authorities was or was not used").fill(
        "A first theft, returned the same day: the school's response fits better."
    )
    click_and_land(page, page.get_by_role("button", name="Save"), 422)
    # The school needs to be told something it can act on.
    expect(page.get_by_text("Say what the school needs to know")).to_be_visible()
    field(page, "What the school is told").fill("Took a calculator from room 114; returned.")
    click_and_land(page, page.get_by_role("button", name="Save"))
    expect(page.locator("#missing")).to_have_count(0)
    click_and_land(page, page.get_by_role("button", name="Submit for review"))
    expect(page.get_by_text("Submitted for review").first).to_be_visible()
    incident = Incident.objects.get(summary="Calculator taken from a classroom")
    assert incident.status == "submitted"

    principal = browser_page("principal")
    goto(principal, f"{live_server.url}/referrals/")
    row = principal.locator("tr", has_text=incident.number)
    expect(row).to_have_count(1)
    expect(row).not_to_contain_text("Aune")
    click_and_land(principal, row.get_by_role("link"))
    expect(principal.get_by_text("Aune")).to_have_count(0)
    principal.get_by_text("Acting on this referral under the school's rules").click()
    click_and_land(principal, principal.get_by_role("button", name="Show the referral"))
    expect(principal.locator(".sro-identity")).to_have_text("Tove Aune")
    expect(principal.get_by_text("room 114; returned")).to_be_visible()
    expect(principal.get_by_text("graphing calculator")).to_have_count(0)  # not the narrative
    assert_no_serious_violations(principal, axe_source, "referral-principal")
    assert AccessLogEntry.objects.filter(username="principal", record_label__contains="Student 1")
    # The principal has no police records at all.
    goto(principal, f"{live_server.url}{incident.get_absolute_url()}", 403)


def test_an_sro_records_a_custodial_arrest_with_what_the_policy_asks(
    live_server: Any, browser_page: Any, axe_source: str
) -> None:
    page = browser_page("sro")
    quick_entry(page, live_server, "Knife shown in the parking lot")
    state_purpose(page)
    edit_details(
        page,
        "609.66 subd. 1d",
        "Ivar Moe showed a knife to two students at 7:40.",
    )
    add_student(page, "Ivar", "Moe")
    page.get_by_role("link", name=re.compile("^Disposition")).click()
    field(page, "Disposition").select_option(label="Custodial arrest")
    click_and_land(page, page.get_by_role("button", name="Save"))
    missing = page.locator("#missing")
    for asked in (
        "referral to school authorities was considered",
        "diversion or restorative justice was considered",
        "exigency or public-safety reason",
        "out of other students' view",
        "school staff were told",
    ):
        expect(missing).to_contain_text(asked)
    click_and_land(page, page.get_by_role("button", name="Submit for review"))
    expect(page.get_by_role("status").first).to_contain_text("Student 1 (suspect)")
    page.get_by_role("link", name=re.compile("^Disposition")).click()
    field(page, "Was referral to school authorities considered?").select_option(label="Yes")
    field(page, "Why referral to school authorities was or was not used").fill(
        "A weapon shown to students: more than a school matter."
    )
    field(page, "Were diversion or restorative justice considered?").select_option(label="Yes")
    field(page, "What was considered, and why it was or was not used").fill(
        "Diversion is for the county attorney to offer after the referral."
    )
    field(page, "Exigency or public-safety reason for the arrest").fill(
        "He still had the knife and refused to hand it over."
    )
    field(
        page, "Was the arrest made in a non-communal area, out of other students' view?"
    ).select_option(label="Yes")
    field(page, "School staff told or present").first.select_option(label="Told before and present")
    page.locator("#id_staff_names").fill("Assistant principal Lena Fjeld")
    click_and_land(page, page.get_by_role("button", name="Save"))
    expect(page.locator("#missing")).to_have_count(0)
    row = page.locator("tr", has_text="Student 1 (suspect)")
    expect(row).to_contain_text("Custodial arrest")
    expect(row).to_contain_text("School-related arrest")
    assert_no_serious_violations(page, axe_source, "incident-arrest")
    click_and_land(page, page.get_by_role("button", name="Submit for review"))
    expect(page.get_by_text("Submitted for review").first).to_be_visible()


def test_a_sergeant_sees_the_flag_on_a_school_rules_only_enforcement(
    live_server: Any, browser_page: Any, axe_source: str
) -> None:
    from sro.incidents.models import Incident

    vaping = Incident.objects.get(summary="Vaping in a restroom")
    page = browser_page("sergeant")
    goto(page, f"{live_server.url}/incidents/")
    click_and_land(page, page.locator("#to-review").locator("..").get_by_role("link").first)
    goto(page, f"{live_server.url}{vaping.get_absolute_url()}")
    flags = page.locator("#flags")
    expect(flags).to_contain_text("breaks school rules only")
    expect(flags).to_contain_text("Minn. Stat. 626.8482, subd. 2(c)")
    expect(page.get_by_text("Eli Sand")).to_have_count(0)
    assert_no_serious_violations(page, axe_source, "incident-flag")
    page.get_by_text("Return for changes").click()
    field(page, "Comment").fill("A school-rules matter: leave it to the school.")
    click_and_land(page, page.get_by_role("button", name="Record the review"))
    expect(page.get_by_text("Returned for changes by Ray Dahl")).to_be_visible()
