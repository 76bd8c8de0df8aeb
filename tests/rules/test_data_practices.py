"""Who receives which part of an incident record (Minn. Stat. 13.82; 260B.171, subd. 5;
34 CFR 99.33; Minn. R. 1205.0500), scenario by scenario."""

import pytest

from sro.rules.data_practices import (
    Classification,
    Item,
    Person,
    Requester,
    classify,
    may_release,
)

JUVENILE_SUSPECT = Person("suspect", juvenile=True)
JUVENILE_ARRESTED = Person("suspect", juvenile=True, arrested=True)
ADULT_ARRESTED = Person("suspect", juvenile=False, arrested=True)
ADULT_WITNESS = Person("witness", juvenile=False)
JUVENILE_VICTIM = Person("victim", juvenile=True)
PROTECTED_ADULT = Person("victim", juvenile=False, arrested=False, protected=True)

P, PR, C = Classification.PUBLIC, Classification.PRIVATE, Classification.CONFIDENTIAL


@pytest.mark.parametrize(
    ("item", "person", "expected", "citation"),
    [
        # A juvenile who is or may be delinquent: private; if arrested, age and sex are public.
        (Item.PERSON_NAME, JUVENILE_SUSPECT, PR, "260B.171, subd. 5"),
        (Item.PERSON_AGE_SEX, JUVENILE_SUSPECT, PR, "260B.171, subd. 5"),
        (Item.PERSON_NAME, JUVENILE_ARRESTED, PR, "260B.171, subd. 5"),
        (Item.PERSON_AGE_SEX, JUVENILE_ARRESTED, P, "13.82, subd. 2(j)"),
        (Item.PERSON_DETAILS, JUVENILE_ARRESTED, PR, "260B.171, subd. 5"),
        # An arrested adult: name, age and sex public.
        (Item.PERSON_NAME, ADULT_ARRESTED, P, "13.82, subd. 2(j)"),
        (Item.PERSON_AGE_SEX, ADULT_ARRESTED, P, "13.82, subd. 2(j)"),
        (Item.PERSON_DETAILS, ADULT_ARRESTED, PR, "13.82, subd. 6"),
        # Protected identities (subd. 17), and the conservative defaults.
        (Item.PERSON_NAME, PROTECTED_ADULT, PR, "13.82, subd. 17"),
        (Item.PERSON_NAME, JUVENILE_VICTIM, PR, "13.82, subd. 17"),
        (Item.PERSON_NAME, ADULT_WITNESS, PR, "13.82, subd. 6"),
    ],
)
def test_people(item: Item, person: Person, expected: Classification, citation: str) -> None:
    finding = classify(item, person, investigation_active=False)
    assert finding.classification is expected
    assert citation in finding.citation


@pytest.mark.parametrize(
    ("active", "people", "expected", "citation"),
    [
        (True, (), C, "13.82, subd. 7"),  # active investigative data: confidential
        (False, (ADULT_WITNESS,), P, "13.82, subd. 7"),  # inactive: public
        (False, (JUVENILE_SUSPECT, ADULT_WITNESS), PR, "260B.171, subd. 5"),
        (False, (JUVENILE_VICTIM,), PR, "13.82, subd. 17"),
        (False, (PROTECTED_ADULT,), PR, "13.82, subd. 17"),
    ],
)
def test_the_narrative(
    active: bool, people: tuple[Person, ...], expected: Classification, citation: str
) -> None:
    finding = classify(Item.NARRATIVE, investigation_active=active, people=people)
    assert finding.classification is expected
    assert citation in finding.citation


def test_incident_facts_are_public_even_while_active() -> None:
    finding = classify(Item.INCIDENT_FACTS, investigation_active=True)
    assert finding.classification is P
    assert "13.82, subd. 6" in finding.citation


def test_education_records_are_never_released() -> None:
    finding = classify(Item.EDUCATION_DATA, JUVENILE_SUSPECT, investigation_active=False)
    assert finding.never_released
    assert "34 CFR 99.33" in finding.citation
    for requester in Requester:
        assert not may_release(finding, requester, about_requester=True).release


@pytest.mark.parametrize(
    ("requester", "about", "withheld", "release", "citation"),
    [
        (Requester.PUBLIC, False, False, False, "260B.171"),
        (Requester.AGENCY, True, False, False, "260B.171"),  # sharing is staff's decision
        (Requester.SUBJECT, True, False, True, "13.04, subd. 3"),
        (Requester.SUBJECT, False, False, False, "260B.171"),  # someone else's private data
        (Requester.PARENT, True, False, True, "1205.0500"),
        (Requester.PARENT, True, True, False, "1205.0500"),  # the minor asked to withhold
    ],
)
def test_private_data_go_to_the_subject_and_a_minors_parent(
    requester: Requester, about: bool, withheld: bool, release: bool, citation: str
) -> None:
    finding = classify(Item.PERSON_NAME, JUVENILE_SUSPECT, investigation_active=False)
    decision = may_release(finding, requester, about_requester=about, minor_withheld=withheld)
    assert decision.release is release
    assert citation in decision.citation


def test_public_data_go_to_anyone_and_confidential_data_to_no_one() -> None:
    public = classify(Item.PERSON_AGE_SEX, JUVENILE_ARRESTED, investigation_active=False)
    confidential = classify(Item.NARRATIVE, investigation_active=True)
    for requester in Requester:
        assert may_release(public, requester, about_requester=False).release
        assert not may_release(confidential, requester, about_requester=True).release


def test_a_private_narrative_waits_for_review_even_for_its_subject() -> None:
    finding = classify(Item.NARRATIVE, investigation_active=False, people=(JUVENILE_SUSPECT,))
    decision = may_release(finding, Requester.SUBJECT, about_requester=True, item=Item.NARRATIVE)
    assert not decision.release
    assert "on review" in decision.reason


def test_a_person_item_needs_its_person() -> None:
    with pytest.raises(ValueError, match="needs the person"):
        classify(Item.PERSON_NAME, investigation_active=False)
