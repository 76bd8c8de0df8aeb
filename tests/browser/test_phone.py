"""The SRO uses the program on a phone: the page fits the screen and the menu opens."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE

pytestmark = pytest.mark.browser

SCROLL_WIDTH = "() => [document.scrollingElement.scrollWidth, window.innerWidth]"


def test_sro_home_fits_a_phone_screen(live_server: Any, browser_page: Any) -> None:
    page = browser_page("sro", viewport=PHONE)
    page.goto(f"{live_server.url}/home/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My day")

    scroll_width, inner_width = page.evaluate(SCROLL_WIDTH)
    assert inner_width == PHONE["width"]
    assert scroll_width <= inner_width, f"the page scrolls sideways: {scroll_width}px wide"


def test_menu_button_opens_and_closes_the_navigation_on_a_phone(
    live_server: Any, browser_page: Any
) -> None:
    page = browser_page("sro", viewport=PHONE)
    page.goto(f"{live_server.url}/home/")
    nav = page.get_by_role("navigation", name="Primary navigation")
    assignments = nav.get_by_role("link", name="Assignments")
    sign_out = nav.get_by_role("button", name="Sign out")
    expect(assignments).to_be_hidden()

    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    menu.click()

    expect(nav).to_be_visible()
    expect(nav).to_have_class(re.compile(r"\bis-visible\b"))
    expect(assignments).to_be_visible()
    expect(sign_out).to_be_visible()
    expect(nav.get_by_role("link", name="Home")).to_be_visible()
    assignments.click()
    page.wait_for_url(f"{live_server.url}/assignments/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Assignments")

    # The menu opens again on the next page, and its close button closes it.
    page.get_by_role("button", name="Menu").click()
    expect(assignments).to_be_visible()
    nav.get_by_role("button", name="Close").click()
    expect(assignments).to_be_hidden()
