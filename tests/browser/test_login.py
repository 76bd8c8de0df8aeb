"""Signing in through the real form lands each role on its own home page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD
from tests.browser.pages import HOME_HEADINGS, ROLES

pytestmark = pytest.mark.browser


def fill_login(page: Any, username: str, password: str) -> None:
    page.get_by_label("User name", exact=True).fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def sign_in(page: Any, username: str) -> None:
    """The password, then the authenticator's current code on the second-factor page."""
    from django_otp.oath import totp

    from sro.core.demo import DEMO_TOTP_KEY

    fill_login(page, username, PASSWORD)
    page.wait_for_url(re.compile(r"/account/two-factor/"))
    expect(page.locator("#login-banner")).to_have_count(0)
    page.locator("#id_token").fill(f"{totp(bytes.fromhex(DEMO_TOTP_KEY)):06d}")
    page.get_by_role("button", name="Verify").click()


@pytest.mark.parametrize("username", ROLES)
def test_each_role_signs_in_and_lands_on_its_home_page(
    live_server: Any, browser_page: Any, username: str
) -> None:
    page = browser_page()
    page.goto(f"{live_server.url}/")  # the root sends a visitor to sign in
    expect(page).to_have_url(f"{live_server.url}/login/")

    expect(page.locator("#login-banner")).to_contain_text("authorized")
    sign_in(page, username)

    page.wait_for_url(re.compile(r"/home/$"))
    assert page.url == f"{live_server.url}/home/"
    expect(page.get_by_role("heading", level=1)).to_have_text(HOME_HEADINGS[username])
    expect(page.locator(".sro-user")).to_contain_text("Signed in as")
    expect(page.get_by_role("button", name="Sign out")).to_be_attached()


def test_wrong_password_shows_the_error_and_stays_on_the_login_page(
    live_server: Any, browser_page: Any
) -> None:
    page = browser_page()
    page.goto(f"{live_server.url}/login/")

    with page.expect_navigation() as navigation:
        fill_login(page, "sergeant", "not-the-password")

    assert navigation.value is not None
    assert navigation.value.status == 200
    assert page.url == f"{live_server.url}/login/"
    expect(page.get_by_role("alert")).to_contain_text(
        "The user name and password did not match, or the account is locked or disabled."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    # The user name is kept for the second try; the password is not sent back.
    expect(page.get_by_label("User name", exact=True)).to_have_value("sergeant")
    expect(page.get_by_label("Password", exact=True)).to_have_value("")
    from django.conf import settings

    assert settings.SESSION_COOKIE_NAME not in {c["name"] for c in page.context.cookies()}


def test_a_page_opened_before_signing_in_is_shown_after_signing_in(
    live_server: Any, browser_page: Any
) -> None:
    page = browser_page()
    page.goto(f"{live_server.url}/assignments/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/assignments/$"))

    sign_in(page, "sergeant")

    page.wait_for_url(f"{live_server.url}/assignments/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Assignments")
