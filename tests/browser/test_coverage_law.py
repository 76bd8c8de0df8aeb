"""Issue 24 in the browser, as the roles that met it: the chief and the sergeant see Lakeview,
Prairie Wind and Glacial Ridge as gaps with the training reason (they were green "SRO on
duty"); a substitute already on duty at another school is refused until a sergeant gives a
reason; the substitute past 60 contact days is a problem and may not serve."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.a11y import assert_no_serious_violations
from tests.browser.pages import field

pytestmark = pytest.mark.browser

LAKEVIEW = "Lakeview Elementary School"
RUNESTONE = "Runestone Middle School"
HIGH_SCHOOL = "Central Lakes High School"
SUBD_3A = "Minn. Stat. 626.8482, subd. 3(a)"


def goto(page: Any, url: str, status: int = 200) -> None:
    response = page.goto(url)
    assert response is not None
    assert response.status == status, f"{url}: HTTP {response.status}"


def click_and_land(page: Any, target: Any, status: int = 200) -> None:
    with page.expect_navigation() as navigation:
        target.click()
    assert navigation.value is not None
    assert navigation.value.status == status, f"{page.url}: HTTP {navigation.value.status}"


def school_row(page: Any, school: str) -> Any:
    row = page.locator("tr", has=page.get_by_role("rowheader", name=re.compile(f"^{school}")))
    expect(row).to_have_count(1)
    return row


@pytest.mark.parametrize("role", ["chief", "sergeant"])
def test_the_schedule_shows_the_gap_at_lakeview_with_the_reason(
    live_server: Any, demo: Any, browser_page: Any, axe_source: str, role: str
) -> None:
    page = browser_page(role)
    goto(page, f"{live_server.url}/schedule/?day=2026-11-30")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "School coverage: Monday, November 30, 2026"
    )
    lakeview = school_row(page, LAKEVIEW)
    expect(lakeview.locator(".sro-status")).to_have_text("No SRO")
    expect(lakeview).to_contain_text(
        f"No SRO on duty here: the SRO posted here may not serve under the training rule "
        f"({SUBD_3A})."
    )
    expect(lakeview).to_contain_text(
        "Sofia Haugen: may not serve under the training rule (training required): Assumed "
        "duties 2026-09-08 without the required course"
    )
    expect(lakeview.get_by_role("link", name="Training record of Sofia Haugen")).to_be_visible()
    expect(lakeview.get_by_role("link", name=f"Assign a substitute for {LAKEVIEW}")).to_be_visible()
    for school, officer in [
        ("Prairie Wind Elementary School", "Jordan Whitebird"),
        ("Glacial Ridge Charter Academy", "Erik Solberg"),
    ]:
        row = school_row(page, school)
        expect(row.locator(".sro-status")).to_have_text("No SRO")
        expect(row).to_contain_text(f"{officer}: may not serve under the training rule")
    expect(school_row(page, HIGH_SCHOOL).locator(".sro-status")).to_have_text("SRO on duty")
    assert_no_serious_violations(page, axe_source, f"the day's coverage as {role}")

    # The home page says it too, for the week.
    goto(page, f"{live_server.url}/home/")
    gaps = page.get_by_role("status").filter(has_text="School days without an SRO this week")
    expect(gaps).to_contain_text(f"{LAKEVIEW}, Mon Nov 30–Wed Dec 2")
    expect(gaps).to_contain_text(f"Sofia Haugen (training required, {SUBD_3A})")
    expect(gaps.get_by_role("link", name="School days without an SRO this week")).to_be_visible()


def test_a_substitute_on_duty_elsewhere_is_refused_until_a_reason_is_given(
    live_server: Any, demo: Any, browser_page: Any, axe_source: str
) -> None:
    """Thursday December 3: Sofia Haugen is on a training day, so Lakeview needs a substitute;
    Aisha Mohamed is on duty at Runestone that day."""
    from sro.audittrail.models import AuditEvent
    from sro.roster.models import Assignment

    page = browser_page("sergeant")
    goto(page, f"{live_server.url}/schedule/?day=2026-12-03")
    lakeview = school_row(page, LAKEVIEW)
    expect(lakeview).to_contain_text("No SRO on duty here (absence).")
    click_and_land(page, lakeview.get_by_role("link", name=f"Assign a substitute for {LAKEVIEW}"))
    expect(page.get_by_role("heading", level=1)).to_have_text("New assignment")
    expect(field(page, "Start date")).to_have_value("2026-12-03")
    field(page, "Officer").select_option(value=str(demo.officers["Mohamed"].pk))
    before = Assignment.objects.count()
    overrides = AuditEvent.objects.filter(action="assignment.double_booking_override")
    earlier = set(overrides.values_list("pk", flat=True))  # the demo books one on purpose
    click_and_land(page, page.get_by_role("button", name="Save assignment"), 422)

    override = page.get_by_label(re.compile(r"^Supervisor override \(only if the officer is b"))
    group = page.locator(".usa-form-group", has=override)
    expect(group.locator(".usa-error-message")).to_contain_text(
        "Two places at once: Aisha Mohamed is already expected at Runestone Middle School on "
        "2026-12-03 (1 school day)."
    )
    expect(override).to_have_attribute("aria-invalid", "true")
    assert Assignment.objects.count() == before
    assert_no_serious_violations(page, axe_source, "the refused double booking")

    override.fill("Runestone has Tom Becker that day; Lakeview must not be left alone.")
    click_and_land(page, page.get_by_role("button", name="Save assignment"))
    expect(page.get_by_role("status")).to_have_text(
        f"Saved Aisha Mohamed at {LAKEVIEW} (Substitute SRO)."
    )
    assert Assignment.objects.count() == before + 1
    event = overrides.exclude(pk__in=earlier).get(actor_username="sergeant")
    assert event.reason == "Runestone has Tom Becker that day; Lakeview must not be left alone."

    # Lakeview is covered that day, and the problems page keeps listing the double booking.
    goto(page, f"{live_server.url}/schedule/?day=2026-12-03")
    expect(school_row(page, LAKEVIEW).locator(".sro-status")).to_have_text("SRO on duty")
    goto(page, f"{live_server.url}/schedule/problems/")
    expect(
        page.get_by_role("rowheader", name="Aisha Mohamed is expected at two schools at once")
    ).to_be_visible()


def test_the_substitute_past_the_limit_is_a_problem_and_may_not_serve(
    live_server: Any, demo: Any, browser_page: Any, axe_source: str
) -> None:
    """Tom Becker, a substitute without the required course, has 55 contact days on November
    28 and reaches 60 on Friday December 4."""
    from sro.roster.models import Assignment

    becker = demo.officers["Becker"]
    page = browser_page("sergeant")
    goto(page, f"{live_server.url}/schedule/problems/")
    nearing = page.get_by_role("listitem").filter(has_text="Tom Becker")
    expect(nearing).to_have_text(
        "Tom Becker: 55 of 60 days in 2026-27; reaches 60 on Fri Dec 4 if the schedule holds"
    )
    both = f"{HIGH_SCHOOL} and {RUNESTONE}"  # his cover at Runestone on December 3 and 4
    friday = page.locator(
        "tr",
        has=page.get_by_role(
            "rowheader",
            name=f"Tom Becker is booked at {both} but may not serve (training required)",
        ),
    )
    expect(friday).to_contain_text("Fri Dec 4 (1 day)")
    expect(friday).to_contain_text(
        "On Fri Dec 4: Serving as a substitute SRO with 60 student contact days"
    )
    after = page.locator(
        "tr",
        has=page.get_by_role(
            "rowheader",
            name=f"Tom Becker is booked at {HIGH_SCHOOL} but may not serve (training required)",
        ),
    )
    expect(after.first).to_contain_text("Mon Dec 7 – Tue Dec 22 (12 days)")
    assert_no_serious_violations(page, axe_source, "the schedule problems")

    # On his month, from the 60th day.
    goto(page, f"{live_server.url}/schedule/officers/{becker.pk}/?month=2026-12")
    thursday = page.locator("tr", has=page.get_by_role("rowheader", name="Thu Dec 3", exact=True))
    expect(thursday).not_to_contain_text("May not serve")
    friday = page.locator("tr", has=page.get_by_role("rowheader", name="Fri Dec 4", exact=True))
    expect(friday).to_contain_text("May not serve")
    expect(friday).to_contain_text("60 student contact days in school year 2026-27")

    # A new placement needs the supervisor's override.
    goto(page, f"{live_server.url}/assignments/new/")
    field(page, "Officer").select_option(value=str(becker.pk))
    field(page, "School").select_option(label=HIGH_SCHOOL)
    field(page, "Contract").select_option(
        label="SRO agreement with Alexandria Area Schools, 2022-2027"
    )
    field(page, "Role").select_option(label="Substitute SRO")
    field(page, "Start date").fill("2026-12-08")
    field(page, "End date").fill("2026-12-08")
    before = Assignment.objects.count()
    click_and_land(page, page.get_by_role("button", name="Save assignment"), 422)
    override = page.get_by_label(re.compile(r"^Supervisor override \(only if the officer may not"))
    group = page.locator(".usa-form-group", has=override)
    expect(group.locator(".usa-error-message")).to_contain_text(
        "62 student contact days in school year 2026-27, not fewer than 60"
    )
    assert Assignment.objects.count() == before
