"""The two-level review of a force report, one sentence of the rule per case: two levels by two
people, nobody reviewing a report they wrote, changed or submitted or that is about them, the
chief giving the sergeant's review only as supervisor and then the chief's only as a single-level
review, and "waiting for your review" being what the person may act on through their own level.
"""

import pytest

from sro.rules.force_review import ReviewFacts, review_option

OFFICER, SERGEANT, CHIEF, DEPUTY = "u-officer", "u-sergeant", "u-chief", "u-deputy"
SUBMITTED = ReviewFacts(
    status="submitted",
    officer=OFFICER,
    writers=frozenset({OFFICER}),
    submitters=frozenset({OFFICER}),
)


def forwarded_by(person: str) -> ReviewFacts:
    return ReviewFacts(
        status="sergeant_reviewed",
        officer=OFFICER,
        writers=frozenset({OFFICER}),
        submitters=frozenset({OFFICER}),
        sergeant_review_by=person,
    )


def test_a_sergeant_gives_the_sergeants_review_and_it_waits_for_him() -> None:
    option = review_option(SUBMITTED, person=SERGEANT, role="sergeant")
    assert (option.level, option.allowed, option.as_supervisor) == ("sergeant", True, False)
    assert option.waiting_for_you


def test_the_chief_gives_the_sergeants_review_only_as_supervisor_and_it_does_not_wait_for_her() -> (
    None
):
    option = review_option(SUBMITTED, person=CHIEF, role="chief")
    assert (option.level, option.allowed, option.as_supervisor) == ("sergeant", True, True)
    assert not option.waiting_for_you


def test_the_chiefs_review_after_a_sergeants_is_ordinary() -> None:
    option = review_option(forwarded_by(SERGEANT), person=CHIEF, role="chief")
    assert (option.level, option.allowed, option.single_level) == ("chief", True, False)
    assert option.waiting_for_you


def test_the_chief_who_reviewed_as_supervisor_gives_the_chiefs_review_only_single_level() -> None:
    option = review_option(forwarded_by(CHIEF), person=CHIEF, role="chief")
    assert (option.level, option.allowed, option.single_level) == ("chief", True, True)


def test_another_chief_level_reviewer_gives_it_as_an_ordinary_second_level() -> None:
    option = review_option(forwarded_by(CHIEF), person=DEPUTY, role="chief")
    assert (option.allowed, option.single_level) == (True, False)


def test_a_sergeant_does_not_give_the_chiefs_review() -> None:
    option = review_option(forwarded_by(SERGEANT), person=SERGEANT, role="sergeant")
    assert (option.allowed, option.refusal) == (False, "not_your_level")
    assert not option.waiting_for_you


@pytest.mark.parametrize("role", ["sergeant", "chief"])
def test_who_submitted_the_report_for_the_officer_reviews_it_at_neither_level(role: str) -> None:
    person = SERGEANT if role == "sergeant" else CHIEF
    submitted_for = ReviewFacts(
        status="submitted",
        officer=OFFICER,
        writers=frozenset({person}),
        submitters=frozenset({person}),
    )
    option = review_option(submitted_for, person=person, role=role)
    assert (option.allowed, option.refusal) == (False, "author")
    assert option.message.startswith("You submitted this report")
    assert not option.waiting_for_you
    at_chief = ReviewFacts(
        status="sergeant_reviewed",
        officer=OFFICER,
        writers=frozenset({CHIEF}),
        submitters=frozenset({CHIEF}),
        sergeant_review_by=SERGEANT,
    )
    refused = review_option(at_chief, person=CHIEF, role="chief")
    assert (refused.allowed, refused.refusal) == (False, "author")


def test_who_changed_the_report_does_not_review_it() -> None:
    changed = ReviewFacts(
        status="submitted",
        officer=OFFICER,
        writers=frozenset({OFFICER, SERGEANT}),
        submitters=frozenset({OFFICER}),
    )
    option = review_option(changed, person=SERGEANT, role="sergeant")
    assert option.refusal == "author"
    assert option.message.startswith("You wrote or changed this report")


def test_a_supervisor_does_not_review_a_report_about_their_own_force() -> None:
    own = ReviewFacts(status="submitted", officer=SERGEANT, submitters=frozenset({CHIEF}))
    option = review_option(own, person=SERGEANT, role="sergeant")
    assert option.refusal == "author"
    assert option.message.startswith("This report is about your own use of force")


@pytest.mark.parametrize("status", ["draft", "returned", "approved"])
def test_a_report_not_under_review_waits_for_nobody(status: str) -> None:
    facts = ReviewFacts(status=status, officer=OFFICER)
    for person, role in ((SERGEANT, "sergeant"), (CHIEF, "chief")):
        option = review_option(facts, person=person, role=role)
        assert (option.level, option.allowed, option.refusal) == (None, False, "not_waiting")


@pytest.mark.parametrize("role", [None, "sro", "records", "auditor", "school_admin"])
def test_other_roles_do_not_review(role: str | None) -> None:
    option = review_option(SUBMITTED, person="someone", role=role)
    assert (option.allowed, option.refusal) == (False, "role")


def test_the_authors_are_the_officer_the_writers_and_the_submitters() -> None:
    """Everyone who may not review: the chief's "no sergeant can review" count asks this."""
    facts = ReviewFacts(
        status="submitted", officer="o", writers=frozenset({"w"}), submitters=frozenset({"s"})
    )
    assert facts.authors == {"o", "w", "s"}
    assert ReviewFacts(status="submitted", writers=frozenset({"w"})).authors == {"w"}
