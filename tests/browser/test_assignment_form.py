"""The sergeant assigns an officer to a school through the form; mistakes are caught on the
field, nothing is saved, and every save is in the audit trail."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.pages import field

pytestmark = pytest.mark.browser

OFFICER = "Aisha Mohamed (#481)"
FREE_OFFICER = "Nils Berg (#377)"
SCHOOL = "Northshore Middle School"  # covered by the district contract
CONTRACT = "SRO agreement with Alexandria Area Schools, 2022-2027"
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


def open_form(live_server: Any, browser_page: Any) -> Any:
    page = browser_page("sergeant")
    response = page.goto(f"{live_server.url}/assignments/new/")
    assert response is not None
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("New assignment")
    return page


def fill_form(page: Any, *, start: str, end: str, notes: str = "", officer: str = OFFICER) -> None:
    """Fill the form by its visible labels, as a user (or a screen reader) finds the fields."""
    field(page, "Officer").select_option(label=officer)
    field(page, "School").select_option(label=SCHOOL)
    field(page, "Contract").select_option(label=CONTRACT)
    field(page, "Role").select_option(label="Substitute SRO")
    field(page, "Start date").fill(start)
    field(page, "End date").fill(end)
    if notes:
        field(page, "Notes").fill(notes)


def sergeant_creations() -> Any:
    from sro.audittrail.models import AuditEvent

    # Made through a web request (the demo's own assignments were made without one).
    return AuditEvent.objects.filter(action="assignment.create", actor_username="sergeant").exclude(
        request_id=""
    )


def test_sergeant_creates_an_assignment(live_server: Any, demo: Any, browser_page: Any) -> None:
    from sro.roster.models import Assignment

    before = Assignment.objects.count()
    page = open_form(live_server, browser_page)
    # Nils Berg, free: Aisha Mohamed is on duty at Runestone then (two places at once).
    fill_form(
        page,
        start="2026-12-01",
        end="2027-06-15",
        notes="Covers Northshore during a leave.",
        officer=FREE_OFFICER,
    )

    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Save assignment").click()

    # Post/redirect/get: the browser ends on the new assignment's own page.
    assert navigation.value is not None
    assert navigation.value.status == 200
    expect(page).to_have_url(re.compile(rf"/assignments/({UUID})/$"))
    match = re.search(rf"/assignments/({UUID})/$", page.url)
    assert match is not None
    expect(page.get_by_role("status")).to_have_text(
        f"Saved Nils Berg at {SCHOOL} (Substitute SRO)."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Nils Berg at {SCHOOL}")
    facts = page.locator("dl.sro-facts")
    expect(facts).to_contain_text("Substitute SRO")
    expect(facts).to_contain_text(CONTRACT)
    expect(facts).to_contain_text("2026-12-01")
    expect(facts).to_contain_text("2027-06-15")

    assert Assignment.objects.count() == before + 1
    saved = Assignment.objects.select_related("officer", "school", "contract").get(
        pk=match.group(1)
    )
    assert saved.officer == demo.officers["Berg"]
    assert saved.school == demo.schools[SCHOOL]
    assert saved.contract.title == CONTRACT
    assert saved.role == Assignment.Role.SUBSTITUTE
    assert saved.start_date == dt.date(2026, 12, 1)
    assert saved.end_date == dt.date(2027, 6, 15)
    assert saved.employer_could_not_provide_training is False
    assert saved.notes == "Covers Northshore during a leave."

    events = list(sergeant_creations())
    assert len(events) == 1, events
    event = events[0]
    assert event.target_id == str(saved.pk)
    assert event.actor == demo.users["sergeant"]
    assert event.agency_id == demo.agency.pk


def test_end_date_before_start_date_is_shown_on_the_field_and_nothing_is_saved(
    live_server: Any, demo: Any, browser_page: Any
) -> None:
    from sro.roster.models import Assignment

    before = Assignment.objects.count()
    page = open_form(live_server, browser_page)
    fill_form(page, start="2026-12-10", end="2026-12-01")

    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Save assignment").click()

    assert navigation.value is not None
    assert navigation.value.status == 422
    assert page.url == f"{live_server.url}/assignments/new/"
    expect(page.get_by_role("heading", level=1)).to_have_text("New assignment")
    expect(page.locator(".usa-alert--error")).to_contain_text(
        "Nothing was saved. Fix the 1 field marked below"
    )

    # The message sits in the end date's own form group, just above its input, and the input
    # points to it for assistive technology.
    end_date = field(page, "End date")
    group = page.locator(".usa-form-group", has=page.locator("#id_end_date"))
    error = group.locator(".usa-error-message")
    expect(error).to_have_count(1)
    expect(error).to_be_visible()
    expect(error).to_contain_text("The assignment ends (2026-12-01) before it starts (2026-12-10).")
    expect(group).to_have_class(re.compile(r"\busa-form-group--error\b"))
    expect(end_date).to_have_attribute("aria-invalid", "true")
    error_id = error.get_attribute("id")
    assert error_id
    expect(end_date).to_have_attribute("aria-describedby", re.compile(rf"\b{error_id}\b"))
    error_box, input_box = error.bounding_box(), end_date.bounding_box()
    assert error_box is not None
    assert input_box is not None
    assert 0 <= input_box["y"] - (error_box["y"] + error_box["height"]) < 40
    # Only the wrong field is marked.
    expect(page.locator(".usa-error-message")).to_have_count(1)

    # What the user typed is kept for the correction.
    expect(field(page, "Officer")).to_have_value(str(demo.officers["Mohamed"].pk))
    expect(field(page, "Start date")).to_have_value("2026-12-10")
    expect(end_date).to_have_value("2026-12-01")

    assert Assignment.objects.count() == before
    assert not Assignment.objects.filter(officer=demo.officers["Mohamed"], start_date="2026-12-10")
    assert not sergeant_creations().exists()
