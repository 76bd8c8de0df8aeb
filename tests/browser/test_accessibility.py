"""axe-core (WCAG 2.1 A and AA) on the main pages, at desktop and phone sizes.

Serious and critical violations fail; each is printed with its rule, help text and elements.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.a11y import assert_no_serious_violations
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.pages import HOMES, MAIN_PAGES, NEW_ASSIGNMENT, PASSWORD_CHANGE, Page, field

pytestmark = pytest.mark.browser


def open_page(live_server: Any, demo: Any, browser_page: Any, where: Page, viewport: Any) -> Any:
    page = browser_page(where.username, viewport=viewport)
    response = page.goto(where.url(live_server, demo))
    assert response is not None
    assert response.status == 200, f"{where.id}: HTTP {response.status}"
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    return page


def show_form_errors(page: Any) -> None:
    """Submit the assignment form with an end date before its start date."""
    field(page, "Start date").fill("2026-12-10")
    field(page, "End date").fill("2026-12-01")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Save assignment").click()
    assert navigation.value is not None
    assert navigation.value.status == 422
    expect(page.locator(".usa-error-message").first).to_be_visible()


# The pages are checked in groups: each browser test empties the database when it ends and the
# demo is loaded again for the next, so one test per page would spend most of its time there.
GROUP = 12
GROUPS = [MAIN_PAGES[i : i + GROUP] for i in range(0, len(MAIN_PAGES), GROUP)]


@pytest.mark.parametrize("group", GROUPS, ids=[f"{g[0].id}..{g[-1].id}" for g in GROUPS])
def test_main_pages_have_no_serious_violations(
    live_server: Any, demo: Any, browser_page: Any, axe_source: str, group: list[Page]
) -> None:
    failures = []
    for where in group:
        try:
            page = open_page(live_server, demo, browser_page, where, DESKTOP)
            assert_no_serious_violations(page, axe_source, f"{where.id} ({page.url})")
        except Exception as failure:  # report every page that fails, not only the first
            failures.append(f"{where.id}: {failure}")
    assert not failures, "\n\n".join(failures)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_assignment_form_with_errors_has_no_serious_violations(
    live_server: Any, demo: Any, browser_page: Any, axe_source: str, viewport: Any
) -> None:
    page = open_page(live_server, demo, browser_page, NEW_ASSIGNMENT, viewport)
    show_form_errors(page)
    assert_no_serious_violations(page, axe_source, "the assignment form showing errors")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_password_change_page_has_no_serious_violations(
    live_server: Any, demo: Any, browser_page: Any, axe_source: str, viewport: Any
) -> None:
    """The page as it opens, then showing its errors (a wrong current password, a short new
    one, no code), each named on its field; and it reaches the page from the account menu."""
    page = open_page(live_server, demo, browser_page, PASSWORD_CHANGE, viewport)
    assert_no_serious_violations(page, axe_source, "the password page")
    field(page, "Current password").fill("not-my-password-at-all")
    field(page, "New password").fill("short")
    field(page, "New password again").fill("short")
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Change password").click()
    assert navigation.value is not None
    assert navigation.value.status == 422
    expect(page.locator(".usa-error-message").first).to_be_visible()
    assert_no_serious_violations(page, axe_source, "the password page showing errors")
    if viewport is PHONE:
        page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Password", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change your password")


PHONE_PAGES = [*HOMES, NEW_ASSIGNMENT, PASSWORD_CHANGE]


def test_phone_pages_have_no_serious_violations(
    live_server: Any, demo: Any, browser_page: Any, axe_source: str
) -> None:
    failures = []
    for where in PHONE_PAGES:
        try:
            page = open_page(live_server, demo, browser_page, where, PHONE)
            assert_no_serious_violations(page, axe_source, f"{where.id} at 390x844 ({page.url})")
        except Exception as failure:
            failures.append(f"{where.id}: {failure}")
    assert not failures, "\n\n".join(failures)
