"""The daily work in the browser: an SRO logs an activity on a phone in four interactions
(open the page, tap the kind, type the count, save), with the school, date, time, length and
duty clause filled in from the day's schedule and the kind; an officer restricted from clauses
(4) and (5) sees those kinds switched off and why; the time-by-duty page shows its chart and
table to the chief and to the principal (their school only), and passes axe."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.a11y import assert_no_serious_violations
from tests.browser.conftest import PHONE
from tests.browser.pages import field
from tests.browser.test_schedule import click_and_land, goto

pytestmark = pytest.mark.browser

SCROLL_WIDTH = "() => [document.scrollingElement.scrollWidth, window.innerWidth]"


def test_an_sro_logs_an_activity_on_a_phone_in_four_interactions(
    live_server: Any, demo: Any, browser_page: Any, axe_source: str
) -> None:
    from sro.activity.models import Activity

    page = browser_page("sro", viewport=PHONE)
    before = Activity.objects.filter(officer=demo.officers["Lindqvist"]).count()
    interactions = 0

    goto(page, f"{live_server.url}/activity/log/")  # 1: open the log page
    interactions += 1
    assert_no_serious_violations(page, axe_source, "the activity log form on a phone")
    scroll_width, inner_width = page.evaluate(SCROLL_WIDTH)
    assert scroll_width <= inner_width, f"the log form scrolls sideways: {scroll_width}px"

    page.locator("label", has_text="Positive contact").click()  # 2: what
    interactions += 1
    field(page, "Students").fill("12")  # 3: how many
    interactions += 1
    click_and_land(page, page.get_by_role("button", name="Save").first)  # 4: save
    interactions += 1
    assert interactions < 5

    expect(page.locator(".usa-alert--success")).to_contain_text(
        "Logged: Positive contact, 10 min, duty (1)"
    )
    mine = Activity.objects.filter(officer=demo.officers["Lindqvist"])
    assert mine.count() == before + 1
    logged = mine.latest("created_at")
    assert logged.school == demo.high_school  # from the day's schedule
    assert (logged.kind, logged.clause, logged.minutes, logged.students) == (
        "positive_contact",
        1,
        10,
        12,
    )
    assert logged.start_time is not None


def test_a_restricted_officer_sees_the_clause_four_and_five_kinds_switched_off(
    live_server: Any, demo: Any, browser_page: Any
) -> None:
    from sro.activity.tests.helpers import officer_client

    _, user = officer_client(demo, "Okafor")  # in the training grace period
    demo.users[user.username] = user
    page = browser_page(user.username, viewport=PHONE)
    goto(page, f"{live_server.url}/activity/log/")
    expect(page.locator("input[value=drill_advice]")).to_be_disabled()
    expect(page.locator("input[value=vulnerability_walk]")).to_be_disabled()
    expect(page.locator("input[value=mentoring]")).to_be_enabled()
    expect(page.locator(".usa-alert--warning")).to_contain_text("subd. 3")


@pytest.mark.parametrize("persona", ["chief", "principal"])
def test_time_by_duty_shows_a_chart_and_its_table(
    live_server: Any, demo: Any, browser_page: Any, axe_source: str, persona: str
) -> None:
    page = browser_page(persona)
    goto(page, f"{live_server.url}/activity/time-by-duty/?month=2026-11")
    chart = page.get_by_role("img", name="Hours by duty clause", exact=False)
    expect(chart).to_be_visible()
    expect(page.locator(".sro-chart__bar")).to_have_count(7)
    expect(page.get_by_role("table").first).to_contain_text("(6) Educating")
    if persona == "principal":
        expect(page.locator("main")).not_to_contain_text("Runestone Middle School")
    assert_no_serious_violations(page, axe_source, f"time by duty for the {persona}")
