"""Drills in the browser (Minn. Stat. 121A.035, subd. 2; 626.8482, subd. 2(a)(4)): on a phone,
a sergeant records a drill where an officer restricted from clause (4) gave advice; the advice is
refused on the officer's field with its citation, the form with the error passes axe, and the
sergeant's override with a reason records it; the drill list shows it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.a11y import assert_no_serious_violations
from tests.browser.conftest import PHONE
from tests.browser.pages import field
from tests.browser.test_schedule import click_and_land, goto

pytestmark = pytest.mark.browser

RUNESTONE = "Runestone Middle School"
ADVICE = "Clear the east stairwell faster."
TODAY = dt.date(2026, 11, 28)
SCROLL_WIDTH = "() => [document.scrollingElement.scrollWidth, window.innerWidth]"


def restricted_label(demo: Any) -> str:
    """The officer select's label of an officer restricted from clauses (4) and (5)."""
    from sro.roster.models import Officer
    from sro.training.marks import officer_label
    from sro.training.queries import compliance

    officers = Officer.objects.filter(agency=demo.agency, active=True)
    officer = next(r.officer for r in compliance(officers, as_of=TODAY) if r.restricted)
    return officer_label(officer, restricted=True)


def test_a_sergeant_overrides_a_restricted_officers_drill_advice_on_a_phone(
    live_server: Any, demo: Any, browser_page: Any, axe_source: str
) -> None:
    from sro.safety.models import Drill

    page = browser_page("sergeant", viewport=PHONE)
    goto(page, f"{live_server.url}/safety/drills/new/")
    field(page, "School").select_option(label=RUNESTONE)
    field(page, "Kind").select_option(label="Fire")
    field(page, "Held on").fill("2026-11-20")
    page.locator("label", has_text="Observed by the SRO").click()
    field(page, "Officer who observed or advised").select_option(label=restricted_label(demo))
    field(page, "Advice given").fill(ADVICE)
    click_and_land(page, page.get_by_role("button", name="Save the drill"), status=422)

    error = page.locator("#id_officer_error")
    expect(error).to_contain_text("Minn. Stat. 626.8482, subd. 2(a)(4)")
    assert_no_serious_violations(page, axe_source, "the drill form refusing the advice")
    scroll_width, inner_width = page.evaluate(SCROLL_WIDTH)
    assert scroll_width <= inner_width, f"the drill form scrolls sideways: {scroll_width}px"

    field(page, "Supervisor's override").fill("Ran these drills for ten years; advice reviewed.")
    click_and_land(page, page.get_by_role("button", name="Save the drill"))
    expect(page.locator(".usa-alert--success")).to_contain_text("Recorded the Fire drill")
    expect(page.get_by_role("cell", name=ADVICE, exact=False).first).to_be_visible()
    assert Drill.objects.get(advice=ADVICE).override_reason.startswith("Ran these drills")
