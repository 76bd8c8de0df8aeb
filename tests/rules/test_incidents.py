"""Scenario tests of the incident record, written from policy 436.5 and 436.6, the state SRO model
policy IV.F, Minn. Stat. 626.8482, subd. 2(c), the NIBRS "disposition of arrestee under 18" codes
and the two CRDC facts (a referral to law enforcement, a school-related arrest).

Each case is one sentence of the law: the facts, then the codes of what is still missing and of
what a supervisor is asked to look at.
"""

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from sro.rules.incidents import (
    ARREST_NECESSITY,
    ARREST_STAFF,
    BY_ID,
    DISPOSITION,
    DISPOSITIONS,
    MODEL_IV_F_1,
    POLICY_436_6_REFERRAL,
    RULES_VERSION,
    SCHOOL_RULES,
    SUBD_2C,
    IncidentFacts,
    PersonFacts,
    Reason,
    age_on,
    judge_incident,
    nibrs_code,
)

from .builders import d

DAY = d("2025-03-12")  # the day of the incident unless a case says otherwise
THEFT = "609.52"  # Minn. Stat. 609.52, theft: a criminal offense

FORMAL = [t.id for t in DISPOSITIONS if t.formal_criminal]
NOT_FORMAL = [t.id for t in DISPOSITIONS if not t.formal_criminal]

# Every answer the policy can ask for, given: with these, any disposition is ready and unflagged.
ANSWERED: dict[str, Any] = {
    "program_run_by": "department",
    "school_referral_considered": True,
    "school_referral_reason": "The conduct was too serious for school discipline alone.",
    "alternatives_considered": True,
    "alternatives_note": "Diversion was offered; the county attorney declined it.",
    "arrest_reason": "He was carrying a knife and threatening a classmate.",
    "arrest_out_of_view": True,
    "staff_notice": "before",
    "staff_names": "Principal Ames",
}


def student(
    disposition: str | None = None, *, role: str = "suspect", **answers: Any
) -> PersonFacts:
    """Student S1, by default a suspect, with only the answers given."""
    return PersonFacts("S1", "Student S1", True, role, disposition=disposition, **answers)


def answered(disposition: str, **overrides: Any) -> PersonFacts:
    """Student S1 with every answer given, except the overrides."""
    return student(disposition, **{**ANSWERED, **overrides})


def adult(role: str = "suspect", disposition: str | None = None, id: str = "P1") -> PersonFacts:
    """Someone who is not a student: a parent, a member of staff, a visitor."""
    return PersonFacts(id, f"Adult {id}", False, role, disposition=disposition)


def incident(
    *persons: PersonFacts,
    offense: str | None = THEFT,
    school_rules: bool | None = True,
    initiated_by: str = "officer",
    on: date = DAY,
) -> IncidentFacts:
    """By default a theft that also breaks school rules, found by the officer."""
    return IncidentFacts(on, offense, school_rules, initiated_by, persons)


def crime_only(*persons: PersonFacts) -> IncidentFacts:
    """An offense that breaks no school rule: policy 436.6's first paragraph does not apply."""
    return incident(*persons, school_rules=False)


def school_rules_only(*persons: PersonFacts) -> IncidentFacts:
    """No offense, only school rules broken: subd. 2(c) applies."""
    return incident(*persons, offense=None, school_rules=True)


def case(
    sentence: str,
    facts: IncidentFacts,
    missing: list[str] | None = None,
    flags: list[str] | None = None,
) -> Any:
    return pytest.param(facts, missing or [], flags or [], id=sentence)


def codes(reasons: tuple[Reason, ...]) -> list[str]:
    return [r.code for r in reasons]


# --- The dispositions and their report codes ---------------------------------------------------


def test_the_seven_dispositions_in_order() -> None:
    assert [t.id for t in DISPOSITIONS] == [
        "handled_in_department",
        "referred_to_school",
        "diversion",
        "restorative_justice",
        "citation",
        "referred_to_court",
        "custodial_arrest",
    ]
    assert RULES_VERSION == "incidents-2024"


@pytest.mark.parametrize(
    ("disposition", "run_by", "nibrs", "formal", "arrest"),
    [
        pytest.param(
            "handled_in_department",
            None,
            "H",
            False,
            False,
            id="released to parents or with a warning is handled within the department (H)",
        ),
        pytest.param(
            "referred_to_school",
            None,
            "R",
            False,
            False,
            id="a referral to the school is a referral to other authorities (R)",
        ),
        pytest.param(
            "diversion",
            "department",
            "H",
            False,
            False,
            id="diversion run by the department is handled within the department (H)",
        ),
        pytest.param(
            "diversion",
            "other",
            "R",
            False,
            False,
            id="diversion run by anyone else is a referral to other authorities (R)",
        ),
        pytest.param(
            "diversion",
            None,
            None,
            False,
            False,
            id="diversion with no one named to run it has no code yet",
        ),
        pytest.param(
            "restorative_justice",
            "department",
            "H",
            False,
            False,
            id="restorative justice run by the department is handled within the department (H)",
        ),
        pytest.param(
            "restorative_justice",
            "other",
            "R",
            False,
            False,
            id="restorative justice run by anyone else is a referral to other authorities (R)",
        ),
        pytest.param(
            "restorative_justice",
            None,
            None,
            False,
            False,
            id="restorative justice with no one named to run it has no code yet",
        ),
        pytest.param(
            "citation",
            None,
            "R",
            True,
            False,
            id="a citation is a formal criminal referral to the court (R)",
        ),
        pytest.param(
            "referred_to_court",
            None,
            "R",
            True,
            False,
            id="a referral to juvenile court or prosecutor is a formal criminal referral (R)",
        ),
        pytest.param(
            "custodial_arrest",
            None,
            "R",
            True,
            True,
            id="a custodial arrest is a formal criminal referral and a school-related arrest (R)",
        ),
        pytest.param(
            "custodial_arrest",
            "department",
            "R",
            True,
            True,
            id="who runs a program does not change a fixed code",
        ),
    ],
)
def test_each_disposition_has_its_nibrs_code_and_report_facts(
    disposition: str, run_by: Any, nibrs: str | None, formal: bool, arrest: bool
) -> None:
    term = BY_ID[disposition]
    assert nibrs_code(disposition, run_by) == nibrs
    assert (term.formal_criminal, term.school_related_arrest) == (formal, arrest)
    (person,) = judge_incident(incident(student(disposition, program_run_by=run_by))).persons
    assert person.nibrs == nibrs
    assert person.school_related_arrest is arrest


def test_a_person_with_no_disposition_has_no_nibrs_code() -> None:
    (person,) = judge_incident(incident(student(role="victim"))).persons
    assert person.nibrs is None


# --- What the record must say ------------------------------------------------------------------


SCENARIOS = [
    # Policy 436.6, first paragraph; model policy IV.E.4.
    case(
        "SROs should consider referral of the matter to school authorities in lieu of formal "
        "criminal referral",
        incident(student("handled_in_department")),
        ["school_referral", "school_referral_reason"],
    ),
    case(
        "an SRO who considered referral to school authorities says why it was or was not used",
        incident(answered("handled_in_department", school_referral_reason="")),
        ["school_referral_reason"],
    ),
    case(
        "a reason of blank spaces is no reason",
        incident(
            answered(
                "handled_in_department",
                school_referral_considered=False,
                school_referral_reason="   ",
            )
        ),
        ["school_referral_reason"],
    ),
    case(
        "a referral considered and not used, with the reason, answers the first paragraph",
        incident(answered("handled_in_department", school_referral_considered=False)),
    ),
    case(
        "a referral to school authorities needs the reason but not the considered answer",
        incident(answered("referred_to_school", school_referral_considered=None)),
    ),
    case(
        "a referral to school authorities without a reason is missing only the reason",
        incident(
            answered(
                "referred_to_school", school_referral_considered=None, school_referral_reason=""
            )
        ),
        ["school_referral_reason"],
    ),
    case(
        "a criminal incident that breaks no school rule does not ask about referral to school "
        "authorities",
        crime_only(student("handled_in_department")),
    ),
    case(
        "a school-rules-only matter does not ask about referral in lieu of criminal referral",
        school_rules_only(student("referred_to_school")),
    ),
    *[
        case(
            f"{BY_ID[d_id].label.lower()} in a criminal incident that breaks school rules must "
            "say whether referral to school authorities was considered",
            incident(answered(d_id, school_referral_considered=None)),
            ["school_referral"],
        )
        for d_id in [t.id for t in DISPOSITIONS if t.id != "referred_to_school"]
    ],
    *[
        case(
            f"{BY_ID[d_id].label.lower()} in a criminal incident that breaks school rules must "
            "say why referral to school authorities was or was not used",
            incident(answered(d_id, school_referral_reason="")),
            ["school_referral_reason"],
        )
        for d_id in BY_ID
    ],
    # Model policy IV.F.1.
    *[
        case(
            f"{BY_ID[d_id].label.lower()} must say whether diversion or restorative justice "
            "was considered",
            crime_only(answered(d_id, alternatives_considered=None, alternatives_note="")),
            ["alternatives"],
        )
        for d_id in FORMAL
    ],
    *[
        case(
            f"{BY_ID[d_id].label.lower()} after considering alternatives must say what was "
            "considered and why it was or was not used",
            crime_only(answered(d_id, alternatives_considered=True, alternatives_note=" ")),
            ["alternatives_note"],
        )
        for d_id in FORMAL
    ],
    *[
        case(
            f"{BY_ID[d_id].label.lower()} without considering alternatives must say why",
            crime_only(answered(d_id, alternatives_considered=False, alternatives_note="")),
            ["alternatives_note"],
        )
        for d_id in FORMAL
    ],
    *[
        case(
            f"{BY_ID[d_id].label.lower()} with alternatives considered and explained is complete",
            crime_only(answered(d_id, alternatives_considered=False)),
        )
        for d_id in FORMAL
    ],
    *[
        case(
            f"{BY_ID[d_id].label.lower()} is not a formal criminal referral and does not ask "
            "about alternatives",
            crime_only(answered(d_id, alternatives_considered=None, alternatives_note="")),
        )
        for d_id in NOT_FORMAL
    ],
    case(
        "a diversion program must say who runs it",
        crime_only(answered("diversion", program_run_by=None)),
        ["run_by"],
    ),
    case(
        "a restorative justice program must say who runs it",
        crime_only(answered("restorative_justice", program_run_by=None)),
        ["run_by"],
    ),
    case(
        "a program run by another agency answers who runs it",
        crime_only(answered("restorative_justice", program_run_by="other")),
    ),
    # Policy 436.6, second and third paragraphs; model policy IV.F.2 and IV.F.3.
    case(
        "a custodial arrest is necessary because of exigency or public safety considerations",
        crime_only(answered("custodial_arrest", arrest_reason=" ")),
        ["arrest_reason"],
    ),
    case(
        "the arrest should be made in a non-communal area away from the view of other students",
        crime_only(answered("custodial_arrest", arrest_out_of_view=None)),
        ["arrest_location"],
    ),
    case(
        "an arrest in view of other students must say why away from view was not practicable",
        crime_only(answered("custodial_arrest", arrest_out_of_view=False)),
        ["arrest_location_note"],
        ["arrest_in_view"],
    ),
    case(
        "an arrest in view of other students, with the reason, is complete but flagged",
        crime_only(
            answered(
                "custodial_arrest",
                arrest_out_of_view=False,
                arrest_location_note="The only exit ran through the cafeteria.",
            )
        ),
        [],
        ["arrest_in_view"],
    ),
    case(
        "an arrest away from the view of other students needs no location note",
        crime_only(answered("custodial_arrest", arrest_out_of_view=True, arrest_location_note="")),
    ),
    case(
        "appropriate school staff should be notified prior to and/or present during the arrest",
        crime_only(answered("custodial_arrest", staff_notice=None)),
        ["staff_notice"],
    ),
    *[
        case(
            f"staff notice '{notice}' must name the school staff",
            crime_only(answered("custodial_arrest", staff_notice=notice, staff_names=" ")),
            ["staff_names"],
        )
        for notice in ("before", "present", "before_and_present")
    ],
    *[
        case(
            f"staff notice '{notice}' with the staff named is complete",
            crime_only(answered("custodial_arrest", staff_notice=notice)),
        )
        for notice in ("before", "present", "before_and_present")
    ],
    case(
        "when notifying school staff was not reasonably practicable, the record says why",
        crime_only(answered("custodial_arrest", staff_notice="not_practicable", staff_names="")),
        ["staff_reason"],
        ["arrest_without_staff"],
    ),
    case(
        "an arrest without staff, with the reason, is complete but flagged",
        crime_only(
            answered(
                "custodial_arrest",
                staff_notice="not_practicable",
                staff_names="",
                staff_not_practicable_reason="The office was empty during the fire drill.",
            )
        ),
        [],
        ["arrest_without_staff"],
    ),
    case(
        "an arrest in view and without staff raises both flags",
        crime_only(
            answered(
                "custodial_arrest",
                arrest_out_of_view=False,
                arrest_location_note="In the hallway at passing time.",
                staff_notice="not_practicable",
                staff_not_practicable_reason="No staff could be reached.",
            )
        ),
        [],
        ["arrest_in_view", "arrest_without_staff"],
    ),
    case(
        "a custodial arrest with nothing answered asks every question, in order",
        incident(student("custodial_arrest")),
        [
            "school_referral",
            "school_referral_reason",
            "alternatives",
            "arrest_reason",
            "arrest_location",
            "staff_notice",
        ],
    ),
    *[
        case(
            f"the arrest questions are not asked of {BY_ID[d_id].label.lower()}",
            crime_only(
                answered(
                    d_id,
                    arrest_reason="",
                    arrest_out_of_view=False,
                    staff_notice="not_practicable",
                )
            ),
        )
        for d_id in BY_ID
        if d_id != "custodial_arrest"
    ],
    # Minn. Stat. 626.8482, subd. 2(c); policy 436.5.
    *[
        case(
            f"SROs shall not enforce school rules only: {BY_ID[d_id].label.lower()} is flagged",
            school_rules_only(answered(d_id)),
            [],
            ["school_rules_enforcement"],
        )
        for d_id in BY_ID
        if d_id != "referred_to_school"
    ],
    case(
        "a matter of school rules only referred to school authorities is not flagged",
        school_rules_only(answered("referred_to_school")),
    ),
    case(
        "a custodial arrest on school rules only, in view and without staff, raises every flag",
        school_rules_only(
            answered(
                "custodial_arrest",
                arrest_out_of_view=False,
                arrest_location_note="In class.",
                staff_notice="not_practicable",
                staff_not_practicable_reason="None at hand.",
            )
        ),
        [],
        ["school_rules_enforcement", "arrest_in_view", "arrest_without_staff"],
    ),
    case(
        "a student suspect on a school-rules-only matter with no disposition is missing it but "
        "not flagged",
        school_rules_only(student()),
        ["disposition"],
    ),
    case(
        "a criminal incident that also breaks school rules is not a school-rules-only matter",
        incident(answered("handled_in_department")),
    ),
    case(
        "a matter that breaks neither the law nor school rules raises no flag",
        incident(answered("handled_in_department"), offense=None, school_rules=False),
    ),
    case(
        "when no offense is recorded, the record must say whether the matter breaks school rules",
        incident(offense=None, school_rules=None),
        ["school_rules"],
    ),
    case(
        "the school rules question comes before each person's questions",
        incident(student(), offense=None, school_rules=None),
        ["school_rules", "disposition"],
    ),
    case(
        "a matter said to break no school rule answers the school rules question",
        incident(offense=None, school_rules=False),
    ),
    # The people in the incident.
    case(
        "a student suspect must have a disposition chosen",
        crime_only(student()),
        ["disposition"],
    ),
    case("a student victim needs no disposition", incident(student(role="victim"))),
    case("a student witness needs no disposition", incident(student(role="witness"))),
    case("a parent suspect needs no disposition", incident(adult("suspect"))),
    case("a member of staff who witnessed it needs no disposition", incident(adult("witness"))),
    case("an incident with nobody recorded yet is ready", crime_only()),
]


@pytest.mark.parametrize(("facts", "missing", "flags"), SCENARIOS)
def test_incident_finding(facts: IncidentFacts, missing: list[str], flags: list[str]) -> None:
    finding = judge_incident(facts)
    assert codes(finding.missing) == missing
    assert codes(finding.flags) == flags
    assert finding.ready is (not missing)
    assert finding.needs_review_attention is bool(flags)
    assert finding.rules_version == RULES_VERSION


def test_ready_only_when_nothing_is_missing() -> None:
    complete = judge_incident(incident(*(replace(answered(t.id), id=t.id) for t in DISPOSITIONS)))
    assert (complete.ready, complete.missing, complete.flags) == (True, (), ())
    one_gap = judge_incident(
        incident(
            *(replace(answered(t.id), id=t.id) for t in DISPOSITIONS),
            replace(answered("citation", alternatives_note=""), id="last"),
        )
    )
    assert one_gap.ready is False
    assert [(r.code, r.person_id) for r in one_gap.missing] == [("alternatives_note", "last")]


def test_flags_do_not_block_ready() -> None:
    finding = judge_incident(
        school_rules_only(
            answered(
                "custodial_arrest",
                arrest_out_of_view=False,
                arrest_location_note="In class.",
                staff_notice="not_practicable",
                staff_not_practicable_reason="None at hand.",
            )
        )
    )
    assert finding.ready is True
    assert finding.missing == ()
    assert len(finding.flags) == 3
    assert finding.needs_review_attention is True


# --- Reasons carry their field, citation and person --------------------------------------------


@pytest.mark.parametrize(
    ("code", "field", "citation", "facts"),
    [
        pytest.param(
            "disposition",
            "disposition",
            DISPOSITION,
            crime_only(student()),
            id="a missing disposition",
        ),
        pytest.param(
            "run_by",
            "program_run_by",
            MODEL_IV_F_1,
            crime_only(answered("diversion", program_run_by=None)),
            id="who runs the program",
        ),
        pytest.param(
            "school_referral",
            "school_referral_considered",
            POLICY_436_6_REFERRAL,
            incident(answered("citation", school_referral_considered=None)),
            id="whether referral to school authorities was considered",
        ),
        pytest.param(
            "school_referral_reason",
            "school_referral_reason",
            POLICY_436_6_REFERRAL,
            incident(answered("citation", school_referral_reason="")),
            id="why referral to school authorities was or was not used",
        ),
        pytest.param(
            "alternatives",
            "alternatives_considered",
            MODEL_IV_F_1,
            crime_only(answered("citation", alternatives_considered=None)),
            id="whether alternatives were considered",
        ),
        pytest.param(
            "alternatives_note",
            "alternatives_note",
            MODEL_IV_F_1,
            crime_only(answered("citation", alternatives_note="")),
            id="what alternatives were considered",
        ),
        pytest.param(
            "arrest_reason",
            "arrest_reason",
            ARREST_NECESSITY,
            crime_only(answered("custodial_arrest", arrest_reason="")),
            id="the exigency or public-safety reason",
        ),
        pytest.param(
            "arrest_location",
            "arrest_out_of_view",
            ARREST_NECESSITY,
            crime_only(answered("custodial_arrest", arrest_out_of_view=None)),
            id="whether the arrest was out of view",
        ),
        pytest.param(
            "arrest_location_note",
            "arrest_location_note",
            ARREST_NECESSITY,
            crime_only(answered("custodial_arrest", arrest_out_of_view=False)),
            id="why out of view was not practicable",
        ),
        pytest.param(
            "staff_notice",
            "staff_notice",
            ARREST_STAFF,
            crime_only(answered("custodial_arrest", staff_notice=None)),
            id="whether school staff were told",
        ),
        pytest.param(
            "staff_names",
            "staff_names",
            ARREST_STAFF,
            crime_only(answered("custodial_arrest", staff_names="")),
            id="the names of the school staff",
        ),
        pytest.param(
            "staff_reason",
            "staff_not_practicable_reason",
            ARREST_STAFF,
            crime_only(answered("custodial_arrest", staff_notice="not_practicable")),
            id="why telling school staff was not practicable",
        ),
        pytest.param(
            "school_rules_enforcement",
            "disposition",
            SUBD_2C,
            school_rules_only(answered("citation")),
            id="the flag for enforcing school rules",
        ),
        pytest.param(
            "arrest_in_view",
            "arrest_out_of_view",
            ARREST_NECESSITY,
            crime_only(answered("custodial_arrest", arrest_out_of_view=False)),
            id="the flag for an arrest in view",
        ),
        pytest.param(
            "arrest_without_staff",
            "staff_notice",
            ARREST_STAFF,
            crime_only(answered("custodial_arrest", staff_notice="not_practicable")),
            id="the flag for an arrest without staff",
        ),
    ],
)
def test_every_reason_names_its_field_citation_and_person(
    code: str, field: str, citation: str, facts: IncidentFacts
) -> None:
    finding = judge_incident(facts)
    (reason,) = [r for r in finding.missing + finding.flags if r.code == code]
    assert (reason.field, reason.citation, reason.person_id) == (field, citation, "S1")
    assert reason.message.startswith("Student S1: ")


def test_the_citations_name_the_law() -> None:
    assert SUBD_2C == "Minn. Stat. 626.8482, subd. 2(c); policy 436.5"
    assert POLICY_436_6_REFERRAL == "Policy 436.6 (first paragraph); model policy IV.E.4"
    assert MODEL_IV_F_1 == "Model policy IV.F.1"
    assert ARREST_NECESSITY == "Policy 436.6 (second paragraph); model policy IV.F.2"
    assert ARREST_STAFF == "Policy 436.6 (third paragraph); model policy IV.F.3"


@pytest.mark.parametrize(
    "offense",
    [None, THEFT],
    ids=["with no offense (is it the school's matter?)", "with an offense (policy 436.6)"],
)
def test_the_school_rules_question_belongs_to_the_incident_not_a_person(
    offense: str | None,
) -> None:
    (reason,) = judge_incident(incident(offense=offense, school_rules=None)).missing
    assert reason == Reason(
        "school_rules",
        "violates_school_rules",
        "Say whether the matter breaks school rules.",
        SCHOOL_RULES,
        "",
    )


def test_an_unanswered_school_rules_question_cannot_skip_the_referral_questions() -> None:
    facts = incident(answered("citation"), school_rules=None)
    assert not judge_incident(facts).ready


def test_a_missing_disposition_reads_as_a_sentence() -> None:
    (reason,) = judge_incident(crime_only(student())).missing
    assert reason == Reason(
        "disposition", "disposition", "Student S1: choose what was done.", DISPOSITION, "S1"
    )


@pytest.mark.parametrize("disposition", [d.id for d in DISPOSITIONS])
def test_subd_2c_concerns_students_so_an_adult_on_a_school_matter_is_not_flagged(
    disposition: str,
) -> None:
    assert judge_incident(school_rules_only(adult(disposition=disposition))).flags == ()


def test_the_nibrs_code_is_for_arrestees_under_18_only() -> None:
    born = date(2008, 1, 15)
    minor = replace(answered("custodial_arrest"), date_of_birth=born)
    on_birthday = incident(minor, on=date(2026, 1, 15))
    day_before = incident(minor, on=date(2026, 1, 14))
    assert judge_incident(day_before).persons[0].nibrs == "R"
    assert judge_incident(on_birthday).persons[0].nibrs is None


def test_the_school_rules_flag_names_what_the_sro_did() -> None:
    (flag,) = judge_incident(school_rules_only(answered("custodial_arrest"))).flags
    assert flag == Reason(
        "school_rules_enforcement",
        "disposition",
        "Student S1: the matter breaks school rules only, and the SRO took action "
        "(custodial arrest) instead of leaving it to the school.",
        SUBD_2C,
        "S1",
    )


def test_each_person_gets_their_own_reasons_in_the_order_recorded() -> None:
    first = PersonFacts("S1", "Ana", True, "suspect")
    second = PersonFacts("S2", "Ben", True, "suspect", disposition="citation")
    victim = PersonFacts("S3", "Cy", True, "victim")
    finding = judge_incident(incident(first, victim, second))
    assert [(r.code, r.person_id) for r in finding.missing] == [
        ("disposition", "S1"),
        ("school_referral", "S2"),
        ("school_referral_reason", "S2"),
        ("alternatives", "S2"),
    ]
    assert finding.missing[0].message == "Ana: choose what was done."
    assert finding.missing[1].message.startswith("Ben: ")
    assert [p.person_id for p in finding.persons] == ["S1", "S3", "S2"]


# --- Age and juvenile status -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("born", "on", "age", "juvenile"),
    [
        pytest.param(
            "2007-03-12", "2025-03-11", 17, True, id="the day before the 18th birthday: juvenile"
        ),
        pytest.param(
            "2007-03-12", "2025-03-12", 18, False, id="on the 18th birthday: no longer juvenile"
        ),
        pytest.param(
            "2007-03-12", "2025-03-13", 18, False, id="the day after the 18th birthday: adult"
        ),
        pytest.param(
            "2007-12-31", "2025-01-01", 17, True, id="a birthday late in the year is not yet here"
        ),
        pytest.param(
            "2008-02-29",
            "2026-02-28",
            17,
            True,
            id="born on 29 February, still 17 on 28 February of a common year",
        ),
        pytest.param(
            "2008-02-29",
            "2026-03-01",
            18,
            False,
            id="born on 29 February, 18 on 1 March of a common year",
        ),
        pytest.param(
            "2008-02-29",
            "2024-02-28",
            15,
            True,
            id="born on 29 February, not yet 16 on 28 February of a leap year",
        ),
        pytest.param(
            "2008-02-29",
            "2024-02-29",
            16,
            True,
            id="born on 29 February, a year older on 29 February of a leap year",
        ),
        pytest.param(
            "2008-02-29", "2008-02-29", 0, True, id="on the day of birth the age is nought"
        ),
        pytest.param("1980-06-01", "2025-03-12", 44, False, id="a parent is an adult"),
    ],
)
def test_age_and_juvenile_on_the_day_of_the_incident(
    born: str, on: str, age: int, juvenile: bool
) -> None:
    assert age_on(d(born), d(on)) == age
    facts = incident(student(role="victim", date_of_birth=d(born)), on=d(on))
    (person,) = judge_incident(facts).persons
    assert (person.age, person.juvenile) == (age, juvenile)


def test_no_date_of_birth_gives_no_age() -> None:
    (person,) = judge_incident(incident(student("handled_in_department"))).persons
    assert (person.age, person.juvenile) == (None, None)


# --- CRDC: referral to law enforcement and school-related arrest -------------------------------


@pytest.mark.parametrize(
    ("person", "initiated_by", "referral", "arrest"),
    [
        pytest.param(
            student("handled_in_department"),
            "school_staff",
            True,
            False,
            id="a student suspect reported by school staff is a referral to law enforcement",
        ),
        pytest.param(
            student(),
            "school_staff",
            True,
            False,
            id="a referral to law enforcement does not wait for the disposition",
        ),
        pytest.param(
            student("referred_to_school"),
            "school_staff",
            True,
            False,
            id="a student reported by school staff and sent back to the school was still referred",
        ),
        *[
            pytest.param(
                student("handled_in_department"),
                source,
                False,
                False,
                id=f"a student suspect in an incident initiated by {source} is not a referral",
            )
            for source in ("officer", "call_for_service", "student_or_parent")
        ],
        pytest.param(
            student(role="victim"),
            "school_staff",
            False,
            False,
            id="a student victim reported by school staff is not a referral",
        ),
        pytest.param(
            adult("suspect", "citation"),
            "school_staff",
            False,
            False,
            id="a parent reported by school staff is not a student referral",
        ),
        pytest.param(
            student("custodial_arrest"),
            "officer",
            False,
            True,
            id="a student's custodial arrest is a school-related arrest",
        ),
        pytest.param(
            student("custodial_arrest"),
            "school_staff",
            True,
            True,
            id="a student reported by school staff and arrested is counted both ways",
        ),
        pytest.param(
            adult("suspect", "custodial_arrest"),
            "officer",
            False,
            False,
            id="a parent's custodial arrest is not a school-related arrest",
        ),
        pytest.param(
            student("citation"),
            "officer",
            False,
            False,
            id="a citation is not a school-related arrest",
        ),
    ],
)
def test_crdc_facts(person: PersonFacts, initiated_by: str, referral: bool, arrest: bool) -> None:
    (finding,) = judge_incident(incident(person, initiated_by=initiated_by)).persons
    assert finding.person_id == person.id
    assert (finding.referral_to_law_enforcement, finding.school_related_arrest) == (
        referral,
        arrest,
    )
