"""Use of force in the browser (policy 436.5): an SRO files a report with a prone restraint from
the incident, sees the flags with their citations, submits it; the sergeant forwards it and the
chief approves it, and the history shows each step. Two levels by two people (issue 24) are in
`test_force_review.py`."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.a11y import assert_no_serious_violations
from tests.browser.pages import field
from tests.browser.test_schedule import click_and_land, goto

pytestmark = pytest.mark.browser


def open_incident(page: Any, live_server: Any, summary: str) -> None:
    from sro.incidents.models import Incident

    incident = Incident.objects.get(summary=summary)
    goto(page, f"{live_server.url}{incident.get_absolute_url()}")
    page.get_by_text("Investigating or following up this incident", exact=True).click()
    click_and_land(page, page.get_by_role("button", name="Show the record"))


def tick(page: Any, label: str) -> None:
    """Tick a design-system checkbox the way a user does: by its label."""
    page.locator("label", has_text=re.compile(f"^{re.escape(label)}$")).click()
    expect(page.get_by_label(label, exact=True)).to_be_checked()


def review(page: Any, level: str, decision: str, comment: str = "", status: int = 200) -> None:
    """Fill in the sergeant's or the chief's review form and record it."""
    page.get_by_text(decision, exact=True).click()
    field(page, f"{level}'s comment").fill(comment)
    button = page.locator("#review ~ form button[type=submit]")
    click_and_land(page, button, status)


def test_a_prone_restraint_is_reported_and_reviewed_by_the_sergeant_then_the_chief(
    live_server: Any, browser_page: Any, axe_source: str
) -> None:
    from sro.use_of_force.models import ForceReport

    sro = browser_page("sro")
    open_incident(sro, live_server, "Pills found in a backpack")
    click_and_land(sro, sro.get_by_role("link", name="File a use-of-force report"))
    assert_no_serious_violations(sro, axe_source, "force-report-form")
    field(sro, "Student").select_option(label="Student 1 (suspect)")
    tick(sro, "Takedown to the ground")
    tick(sro, "Handcuffs")
    tick(sro, "Be empathetic and non-judgmental")
    tick(sro, "Allow time for decisions")
    field(sro, "Was an education plan or accommodations known?").select_option(label="No")
    field(sro, "Student's injury").select_option(label="No injury")
    field(sro, "Was the student's condition assessed afterwards?").select_option(label="Yes")
    field(sro, "Assessed and aided by").fill("Officer Lindqvist and the school nurse")
    field(sro, "Prone restraint began").fill("2026-11-20T11:50")
    field(sro, "Prone restraint ended").fill("2026-11-20T11:53")
    field(sro, "Student restored to a non-prone position").fill("2026-11-20T11:53")
    field(sro, "What happened").fill("Sam Oyelaran ran at the nurse; I held him face down.")
    click_and_land(sro, sro.get_by_role("button", name="Save"))
    flags = sro.locator("#flags")
    expect(flags).to_contain_text("Minn. Stat. 121A.58")
    expect(sro.locator(".sro-facts")).to_contain_text("3 minutes")
    expect(sro.locator(".sro-facts")).to_contain_text("Longer than 1 minute")
    assert_no_serious_violations(sro, axe_source, "force-report")
    click_and_land(sro, sro.get_by_role("button", name="Submit for review"))
    expect(sro.get_by_text("Waiting for the sergeant").first).to_be_visible()
    report = ForceReport.objects.get(subject__first_name="Sam")

    sergeant = browser_page("sergeant")
    goto(sergeant, f"{live_server.url}/force/")
    waiting = sergeant.locator("#for-you + ul")
    click_and_land(sergeant, waiting.get_by_role("link", name=re.compile(report.incident.number)))
    expect(sergeant.get_by_role("heading", name="Sergeant's review")).to_be_visible()
    review(
        sergeant,
        "Sergeant",
        "Forward it to the chief",
        "Prone for three minutes: the chief should look at it.",
    )
    expect(sergeant.get_by_text("Waiting for the chief").first).to_be_visible()

    chief = browser_page("chief")
    goto(chief, f"{live_server.url}{report.get_absolute_url()}")
    expect(chief.get_by_role("heading", name="Chief's review")).to_be_visible()
    review(chief, "Chief", "Approve the report")
    history = chief.locator("#history + ul")
    expect(history).to_contain_text("Submitted by Dana Lindqvist (officer)")
    expect(history).to_contain_text("Forwarded by Ray Dahl (sergeant)")
    expect(history).to_contain_text("Approved by Karen Ostrander (chief)")
    report.refresh_from_db()
    assert report.status == "approved"
