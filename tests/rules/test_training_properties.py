"""Properties of the training rule over generated officers (hypothesis), beside the scenario
tables written from the statute: it answers for any history without failing, every verdict
gives its reasons with their citations, and the order records were entered in never matters."""

from __future__ import annotations

import json
import random
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from sro.rules.training import (
    Assignment,
    Completion,
    OfficerFacts,
    PolicyReview,
    evaluate,
    verdict_to_dict,
)

DAYS = st.dates(min_value=date(2015, 1, 1), max_value=date(2032, 12, 31))
ASSIGNMENTS = st.builds(
    lambda role, start, length, excused: Assignment(
        role=role,
        start=start,
        end=None if length is None else date.fromordinal(start.toordinal() + length),
        employer_could_not_provide_training=excused,
    ),
    st.sampled_from(["sro", "substitute"]),
    DAYS,
    st.one_of(st.none(), st.integers(0, 2000)),
    st.booleans(),
)
COMPLETIONS = st.builds(
    Completion,
    course=st.sampled_from(["required", "supplemental", "refresher", "ssc_basic", "nasro_basic"]),
    completed_on=DAYS,
    certificate_on_file=st.booleans(),
)
REVIEWS = st.builds(PolicyReview, reviewed_on=DAYS, policy_version=st.sampled_from(["a", "b"]))
FACTS = st.builds(
    OfficerFacts,
    id=st.just("officer"),
    assignments=st.lists(ASSIGNMENTS, max_size=4).map(tuple),
    completions=st.lists(COMPLETIONS, max_size=5).map(tuple),
    policy_reviews=st.lists(REVIEWS, max_size=3).map(tuple),
    student_contact_days=st.dictionaries(
        st.sampled_from(["2024-25", "2025-26", "2026-27", "2027-28"]), st.integers(0, 200)
    ),
)


@settings(max_examples=400, deadline=None)
@given(FACTS, DAYS)
def test_every_officer_gets_a_verdict_with_reasons_and_citations(
    facts: OfficerFacts, as_of: date
) -> None:
    verdict = evaluate(facts, as_of=as_of)
    assert verdict.reasons
    for reason in verdict.reasons:
        assert reason.code
        assert reason.message
        assert reason.citation
    assert set(verdict.restricted_clauses) <= {4, 5}
    json.dumps(verdict_to_dict(verdict))  # the command line and the API can always print it


@settings(max_examples=1500, deadline=None)
@given(FACTS, DAYS, st.randoms(use_true_random=False))
def test_the_order_records_were_entered_in_does_not_matter(
    facts: OfficerFacts, as_of: date, rng: random.Random
) -> None:
    shuffled = OfficerFacts(
        id=facts.id,
        assignments=tuple(rng.sample(facts.assignments, len(facts.assignments))),
        completions=tuple(rng.sample(facts.completions, len(facts.completions))),
        policy_reviews=tuple(rng.sample(facts.policy_reviews, len(facts.policy_reviews))),
        student_contact_days=facts.student_contact_days,
    )
    assert evaluate(shuffled, as_of=as_of) == evaluate(facts, as_of=as_of)
