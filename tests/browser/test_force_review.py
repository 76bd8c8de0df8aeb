"""Two levels of review by two people (issue 24), as the roles that met it: the sergeant had
submitted the arrest report for Officer Solberg, and the chief was then left to give both levels.

- The chief gives a submitted report's sergeant's review only through an explicit "review as
  supervisor" with a reason; the history says "chief, reviewing as supervisor", never
  "(sergeant)"; her own chief's review is then only a single-level review with its reason.
- The sergeant who submitted a report is not counted as its reviewer on his home page nor
  offered its form; another sergeant is, and gives the sergeant's review.
- Each level's form has its own wording.

axe checks every review page met on the way."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.a11y import assert_no_serious_violations
from tests.browser.pages import field
from tests.browser.test_force import review, tick
from tests.browser.test_schedule import click_and_land, goto

pytestmark = pytest.mark.browser

SERGEANT_WORDS = {
    "heading": "Sergeant's review",
    "intro": "The first of two reviews.",
    "decision": "The sergeant's decision",
    "approve": "Forward it to the chief",
    "comment": "Sergeant's comment",
    "button": "Record the sergeant's review",
}
CHIEF_WORDS = {
    "heading": "Chief's review",
    "intro": "The second review, after the sergeant's.",
    "decision": "The chief's decision",
    "approve": "Approve the report",
    "comment": "Chief's comment",
    "button": "Record the chief's review",
}


def arrest_report() -> Any:
    """The demo's report the sergeant submitted for Officer Solberg (the prone restraint)."""
    from sro.use_of_force.models import ForceReport

    return ForceReport.objects.get(prone_start__isnull=False)


def expect_form_words(page: Any, words: dict[str, str], other: dict[str, str]) -> None:
    """The review form on the page says this level's words and none of the other level's."""
    form = page.locator("#review ~ form")
    expect(page.locator("#review")).to_have_text(words["heading"])
    expect(page.locator("#review + p")).to_contain_text(words["intro"])
    expect(form.locator("legend", has_text=words["decision"])).to_have_count(1)
    expect(form.get_by_label(words["approve"], exact=True)).to_have_count(1)
    expect(form.get_by_label(words["comment"], exact=True)).to_have_count(1)
    expect(form.get_by_role("button", name=words["button"], exact=True)).to_be_visible()
    for key in ("intro", "decision", "approve", "comment", "button"):
        expect(page.locator("#review + p")).not_to_contain_text(other[key])
        expect(form).not_to_contain_text(other[key])


def add_sergeant(demo: Any) -> Any:
    """A second sergeant of the agency, who neither wrote nor submitted the arrest report."""
    from sro.accounts.models import Role
    from sro.accounts.second_factor import enrol_known_key
    from sro.accounts.services import create_member
    from sro.core.demo import DEMO_PASSWORD, DEMO_TOTP_KEY

    user = create_member(
        actor=None,
        username="sergeant2",
        password=DEMO_PASSWORD,
        role=Role.SERGEANT,
        agency=demo.agency,
        first_name="Lena",
        last_name="Moe",
    )
    enrol_known_key(user, DEMO_TOTP_KEY, actor=None)
    demo.users["sergeant2"] = user  # the sign-in fixture finds users here
    return user


def test_the_chief_gives_the_sergeants_review_only_as_supervisor_then_a_single_level_review(
    live_server: Any, browser_page: Any, axe_source: str
) -> None:
    arrest = arrest_report()
    assert arrest.status == "submitted"
    reason = "Sgt. Dahl submitted it for Officer Solberg; no other sergeant is on this week."
    single = "No other chief-level reviewer in the department."

    chief = browser_page("chief")
    goto(chief, f"{live_server.url}/home/")
    expect(chief.get_by_text("1 report no sergeant can review")).to_be_visible()
    # Her fallback is not work waiting for her: the list says so.
    goto(chief, f"{live_server.url}/force/")
    expect(chief.locator("#for-you + *")).not_to_contain_text(arrest.incident.number)
    expect(chief.locator("#for-others + ul")).to_contain_text(
        "you may give the sergeant's review as supervisor"
    )
    assert_no_serious_violations(chief, axe_source, "force-reports-chief")

    goto(chief, f"{live_server.url}{arrest.get_absolute_url()}")
    expect(chief.locator("#review")).to_have_text("Sergeant's review, as supervisor")
    expect(chief.locator("#review + p")).to_contain_text("only as supervisor, with the reason")
    expect(chief.get_by_role("button", name="Record the review as supervisor")).to_be_visible()
    assert_no_serious_violations(chief, axe_source, "force-review-as-supervisor")

    # Without the explicit choice and the reason, nothing is recorded.
    review(chief, "Sergeant", "Forward it to the chief", status=422)
    expect(
        chief.get_by_text("Tick this to give the sergeant's review as chief.", exact=True)
    ).to_be_visible()
    summary = chief.locator("#error-summary")  # at the top: on a phone the form is far below
    expect(summary).to_contain_text("Nothing was recorded.")
    expect(summary.get_by_role("link")).to_have_count(2)
    expect(
        chief.get_by_text("Write why you give the sergeant's review.", exact=True)
    ).to_be_visible()
    assert_no_serious_violations(chief, axe_source, "force-review-as-supervisor-errors")
    arrest.refresh_from_db()
    assert arrest.status == "submitted"
    assert not arrest.steps.filter(level="sergeant").exists()

    tick(chief, "I give the sergeant's review as supervisor, in the sergeant's place")
    field(chief, "Why you review as supervisor").fill(reason)
    review(chief, "Sergeant", "Forward it to the chief")
    history = chief.locator("#history + ul")
    expect(history).to_contain_text(
        f"Forwarded by Karen Ostrander (chief, reviewing as supervisor: “{reason}”)"
    )
    expect(history).not_to_contain_text("(sergeant)")
    step = arrest.steps.get(level="sergeant")
    assert (step.action, step.as_supervisor, step.reason) == ("forwarded", True, reason)

    # Her own second level is only a single-level review, explicitly and with a reason.
    expect(chief.locator("#review")).to_have_text("Chief's review, single-level")
    expect(chief.locator("#review + p")).to_contain_text("would make one person both levels")
    assert_no_serious_violations(chief, axe_source, "force-review-single-level")
    review(chief, "Chief", "Approve the report", status=422)
    expect(
        chief.get_by_text("Tick this to give the chief's review yourself.", exact=True)
    ).to_be_visible()
    expect(chief.get_by_text("Write why the review is single-level.", exact=True)).to_be_visible()
    assert_no_serious_violations(chief, axe_source, "force-review-single-level-errors")
    arrest.refresh_from_db()
    assert arrest.status == "sergeant_reviewed"

    tick(chief, "Record this as a single-level review")
    field(chief, "Why no other chief-level reviewer gives it").fill(single)
    review(chief, "Chief", "Approve the report")
    expect(history).to_contain_text(
        f"Approved by Karen Ostrander (chief, single-level review: “{single}”)"
    )
    expect(history).not_to_contain_text("(sergeant)")
    arrest.refresh_from_db()
    assert arrest.status == "approved"
    step = arrest.steps.get(level="chief")
    assert (step.action, step.single_level, step.reason) == ("approved", True, single)


def test_the_sergeant_who_submitted_a_report_is_not_its_reviewer_and_another_sergeant_is(
    live_server: Any, browser_page: Any, demo: Any, axe_source: str
) -> None:
    arrest = arrest_report()
    number = arrest.incident.number

    # Sgt. Dahl submitted it for the officer: not counted for him, not offered to him.
    sergeant = browser_page("sergeant")
    goto(sergeant, f"{live_server.url}/home/")
    expect(sergeant.get_by_text("1 use-of-force report waiting for your review")).to_be_visible()
    click_and_land(
        sergeant, sergeant.get_by_role("link", name=re.compile("waiting for your review"))
    )
    expect(sergeant.locator("#for-you + ul li")).to_have_count(1)
    expect(sergeant.locator("#for-you + ul")).not_to_contain_text(number)
    others = sergeant.locator("#for-others + ul")
    expect(others).to_contain_text("You submitted this report")
    assert_no_serious_violations(sergeant, axe_source, "force-reports-sergeant")
    click_and_land(sergeant, others.get_by_role("link", name=re.compile(number)))
    expect(sergeant.locator("#review ~ form")).to_have_count(0)
    expect(sergeant.get_by_role("button", name=re.compile("Record"))).to_have_count(0)
    expect(sergeant.locator("#review + p")).to_contain_text(
        "You submitted this report: someone else gives the sergeant's review"
    )
    assert_no_serious_violations(sergeant, axe_source, "force-review-refused-to-submitter")

    # Another sergeant sees it waiting for him, with the sergeant's form, and reviews it.
    add_sergeant(demo)
    other = browser_page("sergeant2")
    goto(other, f"{live_server.url}/home/")
    expect(other.get_by_text("2 use-of-force reports waiting for your review")).to_be_visible()
    click_and_land(other, other.get_by_role("link", name=re.compile("waiting for your review")))
    waiting = other.locator("#for-you + ul")
    expect(waiting.locator("li")).to_have_count(2)
    expect(waiting.locator("li", has_text=number)).to_contain_text("the sergeant's review")
    click_and_land(other, waiting.get_by_role("link", name=re.compile(number)))
    expect_form_words(other, SERGEANT_WORDS, CHIEF_WORDS)
    expect(other.get_by_label("I give the sergeant's review as supervisor")).to_have_count(0)
    assert_no_serious_violations(other, axe_source, "force-review-sergeant")
    review(other, "Sergeant", "Forward it to the chief", "Held prone: the chief should see it.")
    history = other.locator("#history + ul")
    expect(history).to_contain_text("Submitted by Ray Dahl (for the officer)")
    expect(history).to_contain_text("Forwarded by Lena Moe (sergeant)")
    expect(other.get_by_text("Waiting for the chief").first).to_be_visible()

    # The chief's review is then an ordinary second level, in its own words.
    chief = browser_page("chief")
    goto(chief, f"{live_server.url}/home/")
    expect(chief.get_by_text("report no sergeant can review")).to_have_count(0)
    goto(chief, f"{live_server.url}{arrest.get_absolute_url()}")
    expect_form_words(chief, CHIEF_WORDS, SERGEANT_WORDS)
    expect(chief.get_by_label("Record this as a single-level review")).to_have_count(0)
    assert_no_serious_violations(chief, axe_source, "force-review-chief")
    review(chief, "Chief", "Approve the report")
    expect(chief.locator("#history + ul")).to_contain_text("Approved by Karen Ostrander (chief)")
    arrest.refresh_from_db()
    assert arrest.status == "approved"
    assert not arrest.steps.filter(as_supervisor=True).exists()
    assert not arrest.steps.filter(single_level=True).exists()


def test_each_level_has_its_own_wording_as_met_by_the_sergeant_and_the_chief(
    live_server: Any, browser_page: Any, axe_source: str
) -> None:
    """The report waiting for the sergeant shows the sergeant's words; once he forwards it, the
    chief's page shows the chief's."""
    from sro.use_of_force.models import ForceReport

    sergeant = browser_page("sergeant")
    goto(sergeant, f"{live_server.url}/force/")
    link = sergeant.locator("#for-you + ul").get_by_role("link")
    expect(link).to_have_count(1)
    href = link.get_attribute("href")
    (report,) = [r for r in ForceReport.objects.all() if r.get_absolute_url() == href]
    click_and_land(sergeant, link)
    expect_form_words(sergeant, SERGEANT_WORDS, CHIEF_WORDS)
    review(sergeant, "Sergeant", "Forward it to the chief")
    expect(sergeant.locator("#review ~ form")).to_have_count(0)

    chief = browser_page("chief")
    goto(chief, f"{live_server.url}{report.get_absolute_url()}")
    expect_form_words(chief, CHIEF_WORDS, SERGEANT_WORDS)
    assert_no_serious_violations(chief, axe_source, "force-review-chief-wording")
