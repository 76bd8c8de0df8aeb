"""The training rule of domain/training.md, scenario by scenario, as sentences.

Each case gives an officer's facts, the as-of date and the parts of the verdict that the sentence
is about (as in the JSON output: dates as ISO strings, clauses as a list).
"""

from dataclasses import replace
from typing import Any

import pytest

from sro.rules.params import RULES, RULES_VERSION
from sro.rules.training import OfficerFacts, blocking_reasons, evaluate, verdict_to_dict

from .builders import (
    OFFICER_A,
    OFFICER_B,
    OFFICER_C,
    OFFICER_D,
    OFFICER_E,
    WORKED_AS_OF,
    WORKED_EXPECTED,
    course,
    d,
    officer,
    review,
    sro,
    substitute,
)

VERDICT_FIELDS = (
    "status",
    "may_serve",
    "restricted_clauses",
    "training_due",
    "refresher_due",
    "policy_review",
    "certificate",
)


def case(sentence: str, facts: OfficerFacts, as_of: str, **expected: Any) -> Any:
    return pytest.param(facts, as_of, expected, id=sentence)


def judge(facts: OfficerFacts, as_of: str) -> dict[str, Any]:
    return verdict_to_dict(evaluate(facts, as_of=d(as_of)))


def codes(result: dict[str, Any]) -> list[str]:
    return [reason["code"] for reason in result["reasons"]]


# --- The five worked examples ------------------------------------------------------------------


@pytest.mark.parametrize(
    "facts",
    [
        pytest.param(OFFICER_A, id="A, an SRO since 2024-08-20 with NASRO basic, is in transition"),
        pytest.param(OFFICER_B, id="B, whose department could not provide the course, has grace"),
        pytest.param(OFFICER_C, id="C, who took the required course first, is compliant"),
        pytest.param(OFFICER_D, id="D, a substitute with 41 contact days, is exempt"),
        pytest.param(OFFICER_E, id="E, untrained with no unavailability record, must not serve"),
    ],
)
def test_worked_example(facts: OfficerFacts) -> None:
    result = judge(facts, WORKED_AS_OF)
    assert {key: result[key] for key in VERDICT_FIELDS} == WORKED_EXPECTED[facts.id]
    assert result["id"] == facts.id


def test_worked_example_b_explains_the_grace_period_as_the_document_does() -> None:
    grace = judge(OFFICER_B, WORKED_AS_OF)["reasons"][0]
    assert grace == {
        "code": "grace_period",
        "message": "Assumed duties 2026-08-31 without the required course because the department "
        "could not provide it; must complete it by 2027-02-28. Until then, advice on safety "
        "drills and identifying vulnerabilities in school facilities and safety protocols "
        "(Minn. Stat. 626.8482, subd. 2(a), clauses (4) and (5)) are not assigned.",
        "citation": "Minn. Stat. 626.8482, subd. 3(c)",
    }


SCENARIOS = [
    # --- Step 1: no current assignment ---
    case(
        "an officer with no assignment is not assigned",
        officer(),
        "2026-11-28",
        status="not_assigned",
        may_serve=False,
        restricted_clauses=[],
        training_due=None,
        refresher_due=None,
        policy_review="not_applicable",
        certificate="not_applicable",
    ),
    case(
        "an assignment that ended the day before the as-of date is not current",
        officer(sro("2025-10-01", "2026-11-27"), review("2025-09-01")),
        "2026-11-28",
        status="not_assigned",
        policy_review="not_applicable",
    ),
    case(
        "an assignment that ends on the as-of date is still current",
        officer(sro("2025-10-01", "2026-11-28"), review("2025-09-01")),
        "2026-11-28",
        status="training_required",
        training_due="2025-10-01",
    ),
    case(
        "an assignment that starts the day after the as-of date is ignored",
        officer(sro("2026-11-29"), review("2026-11-01")),
        "2026-11-28",
        status="not_assigned",
    ),
    case(
        "an assignment that starts on the as-of date is current",
        officer(sro("2026-11-28"), review("2026-11-01")),
        "2026-11-28",
        status="training_required",
        training_due="2026-11-28",
    ),
    case(
        "the certificate of an officer not assigned is still computed",
        officer(course("required", "2025-09-15", certificate=False)),
        "2026-11-28",
        status="not_assigned",
        certificate="missing",
        refresher_due=None,
    ),
    # --- Transition officers (subd. 3(b)) ---
    case(
        "a basic course completed on 2025-08-30 makes a transition officer",
        officer(sro("2024-08-20"), course("nasro_basic", "2025-08-30"), review("2024-08-01")),
        "2026-11-28",
        status="transition",
        training_due="2027-05-31",
    ),
    case(
        "a basic course completed on 2025-08-31 makes a transition officer",
        officer(sro("2024-08-20"), course("ssc_basic", "2025-08-31"), review("2024-08-01")),
        "2026-11-28",
        status="transition",
        training_due="2027-05-31",
        restricted_clauses=[],
    ),
    case(
        "a basic course completed on 2025-09-01 is too late for the transition rule",
        officer(sro("2024-08-20"), course("ssc_basic", "2025-09-01"), review("2024-08-01")),
        "2026-11-28",
        status="training_overdue",
        training_due="2025-09-01",
        may_serve=False,
    ),
    case(
        "a transition officer is in transition on 2027-05-30",
        OFFICER_A,
        "2027-05-30",
        status="transition",
        training_due="2027-05-31",
    ),
    case(
        "a transition officer is in transition on 2027-05-31",
        OFFICER_A,
        "2027-05-31",
        status="transition",
        may_serve=True,
        training_due="2027-05-31",
    ),
    case(
        "a transition officer untrained on 2027-06-01 is overdue, still due 2027-05-31",
        OFFICER_A,
        "2027-06-01",
        status="training_overdue",
        may_serve=False,
        training_due="2027-05-31",
        restricted_clauses=[],
    ),
    case(
        "a transition officer is in transition even before the requirement starts",
        OFFICER_A,
        "2025-08-31",
        status="transition",
        training_due="2027-05-31",
    ),
    case(
        "a transition officer who completes a supplemental course is compliant",
        officer(
            sro("2024-08-20"),
            course("nasro_basic", "2019-06-10"),
            course("supplemental", "2026-03-02"),
            review("2024-08-15"),
        ),
        "2026-11-28",
        status="compliant",
        training_due=None,
        refresher_due="2029-03-02",
    ),
    case(
        "a transition officer who completes the required course late is compliant",
        officer(
            sro("2024-08-20"),
            course("nasro_basic", "2019-06-10"),
            course("required", "2027-07-01"),
            review("2024-08-15"),
        ),
        "2027-07-01",
        status="compliant",
        refresher_due="2030-07-01",
    ),
    case(
        "a supplemental course does not count for an officer without a basic course",
        officer(sro("2026-09-08"), course("supplemental", "2026-09-01"), review("2026-09-01")),
        "2026-11-28",
        status="training_required",
        training_due="2026-09-08",
        certificate="ok",
    ),
    case(
        "a transition officer newly assigned with the employer-unavailable record is in "
        "transition, not in a grace period",
        officer(
            sro("2026-08-31", unavailable=True),
            course("nasro_basic", "2019-06-10"),
            review("2026-08-25"),
        ),
        "2026-11-28",
        status="transition",
        restricted_clauses=[],
        training_due="2027-05-31",
    ),
    case(
        "a basic course completed after the as-of date is ignored",
        officer(sro("2024-08-20"), course("nasro_basic", "2025-08-01"), review("2024-08-15")),
        "2025-07-31",
        status="training_overdue",
        training_due="2025-09-01",
    ),
    # --- Serving since before 2025-09-01 without a basic course ---
    case(
        "an untrained officer serving since 2025-08-31 without a basic course is overdue",
        officer(sro("2025-08-31"), review("2025-08-01")),
        "2026-11-28",
        status="training_overdue",
        training_due="2025-09-01",
        may_serve=False,
    ),
    case(
        "an officer serving since before 2025-09-01 gets no grace period from the record",
        officer(sro("2025-08-31", unavailable=True), review("2025-08-01")),
        "2025-10-01",
        status="training_overdue",
        training_due="2025-09-01",
        restricted_clauses=[],
    ),
    case(
        "an officer serving since before 2025-09-01 who completes the course is compliant",
        officer(sro("2024-01-08"), course("required", "2025-10-20"), review("2024-01-02")),
        "2026-11-28",
        status="compliant",
        refresher_due="2028-10-20",
    ),
    # --- Grace period (subd. 3(c)) ---
    case(
        "an officer assuming duties on 2025-09-01 whose department could not provide the "
        "course has a grace period",
        officer(sro("2025-09-01", unavailable=True), review("2025-08-25")),
        "2025-12-01",
        status="grace_period",
        training_due="2026-03-01",
        restricted_clauses=[4, 5],
    ),
    case(
        "the day before the grace period ends the officer is in it",
        OFFICER_B,
        "2027-02-27",
        status="grace_period",
        training_due="2027-02-28",
    ),
    case(
        "on the last day of the grace period the officer is still in it",
        OFFICER_B,
        "2027-02-28",
        status="grace_period",
        may_serve=True,
        training_due="2027-02-28",
        restricted_clauses=[4, 5],
    ),
    case(
        "the day after the grace period ends, training is overdue and due the last day",
        OFFICER_B,
        "2027-03-01",
        status="training_overdue",
        may_serve=False,
        training_due="2027-02-28",
        restricted_clauses=[],
    ),
    case(
        "a grace period starting 2027-08-29 ends on leap day 2028-02-29",
        officer(sro("2027-08-29", unavailable=True), review("2027-08-01")),
        "2028-02-29",
        status="grace_period",
        training_due="2028-02-29",
    ),
    case(
        "a grace period starting 2027-08-30 ends on leap day 2028-02-29",
        officer(sro("2027-08-30", unavailable=True), review("2027-08-01")),
        "2028-02-29",
        status="grace_period",
        training_due="2028-02-29",
    ),
    case(
        "a grace period starting 2027-08-31 ends on leap day 2028-02-29",
        officer(sro("2027-08-31", unavailable=True), review("2027-08-01")),
        "2028-03-01",
        status="training_overdue",
        training_due="2028-02-29",
    ),
    case(
        "an officer who completes the course within the grace period is compliant",
        officer(
            sro("2026-08-31", unavailable=True),
            course("required", "2027-01-15"),
            review("2026-08-25"),
        ),
        "2027-02-01",
        status="compliant",
        restricted_clauses=[],
        training_due=None,
        refresher_due="2030-01-15",
    ),
    # --- Training required (subd. 3(a)) ---
    case(
        "an officer assuming duties on 2025-09-01 without the course must not serve",
        officer(sro("2025-09-01"), review("2025-08-25")),
        "2025-09-01",
        status="training_required",
        may_serve=False,
        training_due="2025-09-01",
    ),
    case(
        "an officer assuming duties on 2025-09-02 without the course must not serve",
        officer(sro("2025-09-02"), review("2025-08-25")),
        "2025-09-02",
        status="training_required",
        training_due="2025-09-02",
    ),
    case(
        "an officer who completed the required course on the day of assuming duties is compliant",
        officer(sro("2026-09-08"), course("required", "2026-09-08"), review("2026-09-01")),
        "2026-09-08",
        status="compliant",
        refresher_due="2029-09-08",
    ),
    case(
        "a required course dated after the as-of date is ignored",
        officer(sro("2026-09-08"), course("required", "2026-09-09"), review("2026-09-01")),
        "2026-09-08",
        status="training_required",
        certificate="not_applicable",
    ),
    case(
        "a refresher course alone does not make an officer trained",
        officer(sro("2026-09-08"), course("refresher", "2026-09-01"), review("2026-09-01")),
        "2026-11-28",
        status="training_required",
        training_due="2026-09-08",
    ),
    # --- Refresher (model policy G.5) ---
    case(
        "the day before the refresher falls due the officer is compliant",
        officer(sro("2023-09-01"), course("required", "2023-11-28"), review("2023-08-01")),
        "2026-11-27",
        status="compliant",
        refresher_due="2026-11-28",
    ),
    case(
        "a refresher is due three years after the required course and not overdue that day",
        officer(sro("2023-09-01"), course("required", "2023-11-28"), review("2023-08-01")),
        "2026-11-28",
        status="compliant",
        may_serve=True,
        refresher_due="2026-11-28",
    ),
    case(
        "the day after the refresher falls due the officer is overdue",
        officer(sro("2023-09-01"), course("required", "2023-11-27"), review("2023-08-01")),
        "2026-11-28",
        status="refresher_overdue",
        may_serve=False,
        training_due=None,
        refresher_due="2026-11-27",
        restricted_clauses=[],
    ),
    case(
        "a refresher completed on leap day 2024-02-29 falls due on 2027-02-28",
        officer(
            sro("2020-01-06"),
            course("required", "2020-01-10"),
            course("refresher", "2024-02-29"),
            review("2020-01-02"),
        ),
        "2027-02-28",
        status="compliant",
        refresher_due="2027-02-28",
    ),
    case(
        "a refresher completed on leap day 2024-02-29 is overdue on 2027-03-01",
        officer(
            sro("2020-01-06"),
            course("required", "2020-01-10"),
            course("refresher", "2024-02-29"),
            review("2020-01-02"),
        ),
        "2027-03-01",
        status="refresher_overdue",
        refresher_due="2027-02-28",
    ),
    case(
        "a later supplemental course also restarts the refresher interval",
        officer(
            sro("2022-01-03"),
            course("required", "2022-01-10"),
            course("supplemental", "2025-01-10"),
            review("2022-01-02"),
        ),
        "2026-11-28",
        status="compliant",
        refresher_due="2028-01-10",
    ),
    # --- Substitutes (subd. 3; model policy G.4) ---
    case(
        "a substitute with 59 contact days is exempt",
        officer(substitute("2026-09-01"), review("2026-08-30"), days={"2026-27": 59}),
        "2026-11-28",
        status="substitute_exempt",
        restricted_clauses=[4, 5],
        may_serve=True,
    ),
    case(
        "a substitute with exactly 60 contact days is judged as an SRO",
        officer(substitute("2026-09-01"), review("2026-08-30"), days={"2026-27": 60}),
        "2026-11-28",
        status="training_required",
        training_due="2026-09-01",
        may_serve=False,
        restricted_clauses=[],
    ),
    case(
        "a substitute with 61 contact days is judged as an SRO",
        officer(substitute("2026-09-01"), review("2026-08-30"), days={"2026-27": 61}),
        "2026-11-28",
        status="training_required",
        training_due="2026-09-01",
    ),
    case(
        "a substitute at 60 days whose department could not provide the course has grace "
        "counted from the first day of service",
        officer(
            substitute("2026-09-01", unavailable=True), review("2026-08-30"), days={"2026-27": 60}
        ),
        "2027-03-01",
        status="grace_period",
        training_due="2027-03-01",
        restricted_clauses=[4, 5],
    ),
    case(
        "a substitute reaching 60 days after six months of service is overdue at once",
        officer(
            substitute("2026-09-01", unavailable=True), review("2026-08-30"), days={"2026-27": 60}
        ),
        "2027-03-02",
        status="training_overdue",
        training_due="2027-03-01",
    ),
    case(
        "a trained substitute under the limit is exempt with no duties restricted",
        officer(
            substitute("2026-09-01"),
            course("required", "2026-01-05"),
            review("2026-08-30"),
            days={"2026-27": 12},
        ),
        "2026-11-28",
        status="substitute_exempt",
        restricted_clauses=[],
        refresher_due=None,
        training_due=None,
        certificate="ok",
    ),
    case(
        "a transition substitute with a supplemental course has no duties restricted",
        officer(
            substitute("2026-09-01"),
            course("nasro_basic", "2019-06-10"),
            course("supplemental", "2026-01-05"),
            review("2026-08-30"),
        ),
        "2026-11-28",
        status="substitute_exempt",
        restricted_clauses=[],
    ),
    case(
        "a trained substitute at 60 days is compliant, with a refresher date",
        officer(
            substitute("2026-09-01"),
            course("required", "2026-01-05"),
            review("2026-08-30"),
            days={"2026-27": 60},
        ),
        "2026-11-28",
        status="compliant",
        refresher_due="2029-01-05",
    ),
    case(
        "a substitute with no contact days recorded is exempt",
        officer(substitute("2026-09-01"), review("2026-08-30")),
        "2026-11-28",
        status="substitute_exempt",
    ),
    case(
        "a substitute at 60 days in 2025-26 is judged as an SRO on June 30",
        officer(substitute("2025-09-02"), review("2025-09-01"), days={"2025-26": 60}),
        "2026-06-30",
        status="training_required",
        training_due="2025-09-02",
    ),
    case(
        "the exemption returns on July 1, when a new school year starts at zero",
        officer(substitute("2025-09-02"), review("2025-09-01"), days={"2025-26": 60}),
        "2026-07-01",
        status="substitute_exempt",
        restricted_clauses=[4, 5],
    ),
    case(
        "an officer holding current SRO and substitute assignments is judged as an SRO",
        officer(
            sro("2026-09-08"), substitute("2026-09-01"), review("2026-08-30"), days={"2026-27": 5}
        ),
        "2026-11-28",
        status="training_required",
        training_due="2026-09-01",
    ),
    # --- Assumed duties: chains of assignments ---
    case(
        "an assignment starting the day after the previous one ends continues the service",
        officer(sro("2025-10-01", "2026-06-30"), sro("2026-07-01"), review("2025-09-01")),
        "2026-11-28",
        status="training_required",
        training_due="2025-10-01",
    ),
    case(
        "a two-day gap between assignments starts a new service",
        officer(sro("2025-10-01", "2026-06-30"), sro("2026-07-02"), review("2025-09-01")),
        "2026-11-28",
        status="training_required",
        training_due="2026-07-02",
    ),
    case(
        "a short assignment inside a longer one does not break the chain",
        officer(
            sro("2025-10-01", "2026-12-31"),
            sro("2026-01-01", "2026-01-31"),
            sro("2026-03-01"),
            review("2025-09-01"),
        ),
        "2026-11-28",
        status="training_required",
        training_due="2025-10-01",
    ),
    case(
        "substitute service followed by SRO service keeps the substitute's first day and "
        "its employer-unavailable record",
        officer(
            substitute("2026-08-01", "2026-08-31", unavailable=True),
            sro("2026-09-01"),
            review("2026-07-30"),
        ),
        "2026-11-28",
        status="grace_period",
        training_due="2027-02-01",
    ),
    case(
        "the employer-unavailable record counts only on the assignment that began the service",
        officer(
            sro("2026-08-01", "2026-08-31"),
            sro("2026-09-01", unavailable=True),
            review("2026-07-30"),
        ),
        "2026-11-28",
        status="training_required",
        training_due="2026-08-01",
    ),
    case(
        "an assignment starting the same day as the service can carry the record",
        officer(
            substitute("2026-08-01", "2026-08-31"),
            sro("2026-08-01", unavailable=True),
            review("2026-07-30"),
        ),
        "2026-11-28",
        status="grace_period",
        training_due="2027-02-01",
    ),
    case(
        "an open-ended assignment keeps the chain going whatever ends later",
        officer(sro("2025-10-01"), sro("2026-01-01", "2026-01-31"), review("2025-09-01")),
        "2026-11-28",
        status="training_required",
        training_due="2025-10-01",
    ),
    # --- Policy review (policy 436.9) ---
    case(
        "a policy review on the assumed-duties date is on time",
        officer(sro("2026-09-08"), course("required", "2026-09-01"), review("2026-09-08")),
        "2026-11-28",
        policy_review="ok",
        may_serve=True,
    ),
    case(
        "a policy review the day after assuming duties is late but does not block serving",
        officer(sro("2026-09-08"), course("required", "2026-09-01"), review("2026-09-09")),
        "2026-11-28",
        status="compliant",
        policy_review="late",
        may_serve=True,
    ),
    case(
        "with no policy review an officer otherwise compliant may not serve",
        officer(sro("2026-09-08"), course("required", "2026-09-01")),
        "2026-11-28",
        status="compliant",
        policy_review="missing",
        may_serve=False,
    ),
    case(
        "a policy review dated after the as-of date is ignored",
        officer(sro("2026-09-08"), course("required", "2026-09-01"), review("2026-11-29")),
        "2026-11-28",
        policy_review="missing",
        may_serve=False,
    ),
    case(
        "an exempt substitute who has not reviewed the policy may not serve",
        officer(substitute("2026-09-01"), days={"2026-27": 41}),
        "2026-11-28",
        status="substitute_exempt",
        policy_review="missing",
        may_serve=False,
    ),
    case(
        "a policy review made during an earlier period of service counts",
        officer(
            sro("2024-01-08", "2024-06-30"),
            sro("2026-09-08"),
            course("required", "2026-09-01"),
            review("2024-01-02"),
        ),
        "2026-11-28",
        policy_review="ok",
    ),
    case(
        "the policy review is measured from the first day of a continuous service",
        officer(
            sro("2026-08-01", "2026-08-31"),
            sro("2026-09-01"),
            course("required", "2026-07-01"),
            review("2026-08-15"),
        ),
        "2026-11-28",
        policy_review="late",
    ),
    case(
        "a missing policy review does not make an overdue officer's status any different",
        officer(sro("2026-09-08")),
        "2026-11-28",
        status="training_required",
        policy_review="missing",
        may_serve=False,
    ),
    # --- Certificate (model policy G.6) ---
    case(
        "a certificate on file for the latest training is ok",
        officer(sro("2026-09-08"), course("required", "2026-09-01"), review("2026-09-01")),
        "2026-11-28",
        certificate="ok",
    ),
    case(
        "a missing certificate is reported without changing the status",
        officer(
            sro("2026-09-08"),
            course("required", "2026-09-01", certificate=False),
            review("2026-09-01"),
        ),
        "2026-11-28",
        status="compliant",
        may_serve=True,
        certificate="missing",
    ),
    case(
        "only the latest training's certificate counts",
        officer(
            sro("2022-01-03"),
            course("required", "2022-01-10"),
            course("refresher", "2025-01-10", certificate=False),
            review("2022-01-02"),
        ),
        "2026-11-28",
        certificate="missing",
    ),
    case(
        "a basic course needs no certificate under this rule",
        OFFICER_A,
        "2026-11-28",
        certificate="not_applicable",
    ),
    case(
        "a certificate for training dated after the as-of date is ignored",
        officer(
            sro("2022-01-03"),
            course("required", "2022-01-10", certificate=False),
            course("refresher", "2026-12-01"),
            review("2022-01-02"),
        ),
        "2026-11-28",
        certificate="missing",
    ),
    case(
        "of two courses on the latest date, one certificate on file is enough",
        officer(
            sro("2022-01-03"),
            course("required", "2025-01-10"),
            course("refresher", "2025-01-10", certificate=False),
            review("2022-01-02"),
        ),
        "2026-11-28",
        certificate="ok",
    ),
]


@pytest.mark.parametrize(("facts", "as_of", "expected"), SCENARIOS)
def test_scenario(facts: OfficerFacts, as_of: str, expected: dict[str, Any]) -> None:
    result = judge(facts, as_of)
    assert {key: result[key] for key in expected} == expected


# --- Reasons --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "as_of", "expected_codes"),
    [
        pytest.param(
            officer(),
            "2026-11-28",
            ["not_assigned", "policy_review_not_applicable", "certificate_not_applicable"],
            id="a not-assigned officer is told why, with review and certificate",
        ),
        pytest.param(
            OFFICER_A,
            "2026-11-28",
            ["transition", "policy_review_ok", "certificate_not_applicable"],
            id="a transition officer is told the deadline",
        ),
        pytest.param(
            OFFICER_A,
            "2027-06-01",
            ["transition_overdue", "policy_review_ok", "certificate_not_applicable"],
            id="a transition officer past the deadline is told it passed",
        ),
        pytest.param(
            OFFICER_B,
            "2027-03-01",
            ["grace_period_ended", "policy_review_ok", "certificate_not_applicable"],
            id="an officer past the grace period is told when it ended",
        ),
        pytest.param(
            OFFICER_C,
            "2026-11-28",
            ["trained", "refresher_due", "policy_review_ok", "certificate_ok"],
            id="a compliant officer is told when the refresher is due",
        ),
        pytest.param(
            OFFICER_C,
            "2028-09-16",
            ["trained", "refresher_overdue", "policy_review_ok", "certificate_ok"],
            id="an officer past the refresher date is told it is overdue",
        ),
        pytest.param(
            OFFICER_D,
            "2026-11-28",
            [
                "substitute_exempt",
                "clauses_restricted",
                "policy_review_ok",
                "certificate_not_applicable",
            ],
            id="an exempt substitute is told which duties are not assigned",
        ),
        pytest.param(
            officer(
                substitute("2026-09-01"),
                course("required", "2026-01-05"),
                review("2026-09-09", "2026-08"),
            ),
            "2026-11-28",
            ["substitute_exempt", "clauses_not_restricted", "policy_review_late", "certificate_ok"],
            id="a trained substitute is told the duties may be assigned",
        ),
        pytest.param(
            officer(substitute("2026-09-01"), days={"2026-27": 60}),
            "2026-11-28",
            [
                "substitute_over_limit",
                "training_required",
                "policy_review_missing",
                "certificate_not_applicable",
            ],
            id="a substitute at the limit is told they are judged as an SRO",
        ),
        pytest.param(
            officer(
                sro("2026-08-31", unavailable=True),
                course("nasro_basic", "2019-06-10"),
                review("2026-08-25"),
            ),
            "2026-11-28",
            [
                "transition",
                "transition_not_grace",
                "policy_review_ok",
                "certificate_not_applicable",
            ],
            id="a transition officer with the unavailability record is told why no "
            "grace period applies",
        ),
        pytest.param(
            officer(sro("2024-08-20"), review("2024-08-15")),
            "2026-11-28",
            ["trained_by_requirement_start", "policy_review_ok", "certificate_not_applicable"],
            id="an untrained officer serving before 2025-09-01 is told the reading",
        ),
    ],
)
def test_reason_codes(facts: OfficerFacts, as_of: str, expected_codes: list[str]) -> None:
    assert codes(judge(facts, as_of)) == expected_codes


def test_every_reason_carries_a_citation_and_the_rules_version_is_recorded() -> None:
    for facts, as_of, _ in (p.values for p in SCENARIOS):
        verdict = evaluate(facts, as_of=d(as_of))
        assert verdict.rules_version == RULES_VERSION
        for reason in verdict.reasons:
            assert reason.code
            assert reason.message
            assert reason.citation


@pytest.mark.parametrize(
    ("facts", "as_of", "citation", "settled"),
    [
        pytest.param(
            officer(sro("2024-08-20"), review("2024-08-15")),
            "2026-11-28",
            "Minn. Stat. 626.8482, subd. 3(a)",
            "the licensing board reads the law",
            id="the stricter reading for officers serving before 2025-09-01 is stated",
        ),
        pytest.param(
            officer(substitute("2026-09-01"), days={"2026-27": 60}),
            "2026-11-28",
            "Minn. Stat. 626.8482, subd. 3; Model policy G.4",
            "the exemption ends on the day the count reaches 60",
            id="the end of the substitute exemption on the 60th day is stated",
        ),
    ],
)
def test_settled_readings_are_told_to_the_user(
    facts: OfficerFacts, as_of: str, citation: str, settled: str
) -> None:
    first = judge(facts, as_of)["reasons"][0]
    assert first["citation"] == citation
    assert "Settled here" in first["message"]
    assert settled in first["message"]


def test_the_transition_reason_gives_both_dates() -> None:
    message = judge(OFFICER_A, "2026-11-28")["reasons"][0]["message"]
    assert "2019-06-10" in message
    assert "2027-05-31" in message


def test_the_policy_review_reason_lists_each_policy_version() -> None:
    facts = officer(
        sro("2026-09-08"),
        course("required", "2026-09-01"),
        review("2026-09-01", "2024-11"),
        review("2026-10-15", "2026-10"),
        review("2026-10-20", "2024-11"),
    )
    reason = judge(facts, "2026-11-28")["reasons"][2]
    assert reason["code"] == "policy_review_ok"
    assert reason["citation"] == "Policy 436.9"
    assert "2024-11 on 2026-10-20; 2026-10 on 2026-10-15" in reason["message"]


def test_a_supplemental_course_is_explained_as_counting_for_a_transition_officer() -> None:
    facts = officer(
        sro("2024-08-20"),
        course("nasro_basic", "2019-06-10"),
        course("supplemental", "2026-03-02"),
        review("2024-08-15"),
    )
    trained = judge(facts, "2026-11-28")["reasons"][0]
    assert trained["citation"] == "Minn. Stat. 626.8482, subd. 3(b)"
    assert "counts as the required course" in trained["message"]


# --- Parameters drive the logic; the function is pure ------------------------------------------


def test_a_dated_variant_of_the_rules_changes_the_finding_and_is_recorded() -> None:
    longer = replace(RULES.grace_period_months, value=9)
    variant = replace(RULES, name="variant-for-test", grace_period_months=longer)
    verdict = evaluate(OFFICER_B, as_of=d("2027-03-01"), rules=variant)
    assert verdict.status == "grace_period"
    assert verdict.training_due == d("2027-05-31")
    assert verdict.rules_version == "variant-for-test"


def test_evaluating_twice_gives_the_same_verdict() -> None:
    assert evaluate(OFFICER_D, as_of=d("2026-11-28")) == evaluate(OFFICER_D, as_of=d("2026-11-28"))


def test_the_as_of_date_is_a_required_keyword() -> None:
    with pytest.raises(TypeError):
        evaluate(OFFICER_A, d("2026-11-28"))  # type: ignore[misc]


# --- Why an officer may not serve ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "as_of", "expected_codes"),
    [
        pytest.param(OFFICER_C, WORKED_AS_OF, [], id="an officer who may serve has no bar"),
        pytest.param(OFFICER_E, WORKED_AS_OF, ["training_required"], id="E: the status bars"),
        pytest.param(
            officer(substitute("2026-09-01"), review("2026-08-30"), days={"2026-27": 61}),
            WORKED_AS_OF,
            ["substitute_over_limit", "training_required"],
            id="a substitute past 60 days without the course: the limit, then the status",
        ),
        pytest.param(
            officer(sro("2025-10-01"), course("required", "2025-09-15")),
            WORKED_AS_OF,
            ["policy_review_missing"],
            id="a trained officer who never reviewed the policy: the review alone bars",
        ),
        pytest.param(
            officer(sro("2026-09-08")),
            WORKED_AS_OF,
            ["training_required", "policy_review_missing"],
            id="untrained and never reviewed: both, the certificate never",
        ),
        pytest.param(
            officer(sro("2022-08-22"), course("required", "2023-06-15"), review("2022-08-10")),
            WORKED_AS_OF,
            ["trained", "refresher_overdue"],
            id="a refresher overdue: the course on record and the refresher missed",
        ),
    ],
)
def test_blocking_reasons(facts: OfficerFacts, as_of: str, expected_codes: list[str]) -> None:
    verdict = evaluate(facts, as_of=d(as_of))
    assert [r.code for r in blocking_reasons(verdict)] == expected_codes
    assert bool(expected_codes) is not verdict.may_serve
