"""Two people edit the same officer in their browsers: the second to save is stopped, shown
what the first changed, and saves again without losing either change."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from playwright.sync_api import expect

from conftest import TODAY
from tests.browser.a11y import assert_no_serious_violations
from tests.browser.pages import field

pytestmark = pytest.mark.browser


def test_the_second_save_is_shown_the_first_and_keeps_both(
    live_server: Any, demo: Any, browser_page: Any, axe_source: str
) -> None:
    from sro.roster.models import Officer

    raman = demo.officers["Raman"]
    url = f"{live_server.url}/officers/{raman.pk}/edit/"
    chief, sergeant = browser_page("chief"), browser_page("sergeant")
    chief.goto(url)
    sergeant.goto(url)

    field(sergeant, "Phone").fill("320-555-0101")
    with time_machine.travel(TODAY + dt.timedelta(minutes=1), tick=True):
        with sergeant.expect_navigation():
            sergeant.get_by_role("button", name="Save officer").click()

        field(chief, "Email").fill("p.raman@example.org")
        chief.get_by_role("button", name="Save officer").click()
        expect(chief.get_by_role("heading", name="Changed while you were editing")).to_be_visible()
        table = chief.get_by_role("table", name="Saved by someone else since you opened this form")
        expect(table).to_contain_text("sergeant")
        expect(table).to_contain_text("320-555-0101")
        # The sergeant's phone is now in the form; the chief's email is still there.
        expect(field(chief, "Phone")).to_have_value("320-555-0101")
        expect(field(chief, "Email")).to_have_value("p.raman@example.org")
        assert_no_serious_violations(chief, axe_source, "the edit form after a conflict")

        with chief.expect_navigation():
            chief.get_by_role("button", name="Save officer").click()
    raman = Officer.objects.get(pk=raman.pk)
    assert (raman.phone, raman.email) == ("320-555-0101", "p.raman@example.org")
