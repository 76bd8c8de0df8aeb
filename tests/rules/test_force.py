"""Scenario tests of the use-of-force record, written from policy 436.5, the state SRO model policy
IV.D.2, IV.E.2.ii and IV.E.3, model policy III.F and Minn. Stat. 121A.58, 609.06, subd. 3, 609.066,
626.8475, 626.8482, subd. 2(c) and 626.5534, and from the department's early-intervention practice.

Each case is one sentence of the law: the facts, then the codes of what is still missing and of
what a supervisor is asked to look at.
"""

from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from sro.rules.force import (
    AID,
    BCA,
    CONSIDERATIONS,
    DEESCALATION,
    EARLY_INTERVENTION,
    FORCE_RECORD,
    INTERCEDE,
    MODEL_IV_D_2,
    MODEL_IV_E_3,
    NO_DEESCALATION,
    PRONE,
    PRONE_LONG,
    RESTRICTED,
    RULES_VERSION,
    SUBD_2C,
    Alert,
    BcaMonth,
    ForceEvent,
    ForceFacts,
    ForceUsed,
    InterceptStatus,
    Reason,
    bca_months,
    early_intervention,
    intercede_status,
    judge_force,
)

from .builders import d

CHICAGO = ZoneInfo("America/Chicago")
THRESHOLD = 5  # the prone duration highlighted, in minutes, unless a case says otherwise

TAKEDOWN = ForceUsed("takedown", "Takedown", restricted=False)
CHOKE_HOLD = ForceUsed("choke_hold", "Choke hold", restricted=True)
NECK_RESTRAINT = ForceUsed("neck_restraint", "Neck restraint", restricted=True)


def at(text: str) -> datetime:
    """A moment in Minnesota from its ISO form, such as "2025-03-12T10:00"."""
    return datetime.fromisoformat(text).replace(tzinfo=CHICAGO)


def t(clock: str) -> datetime:
    """A moment on the day of the incident, 2025-03-12, such as "10:04:30"."""
    return at(f"2025-03-12T{clock}")


# A complete record that raises no flag: a takedown, after de-escalation, with the student's
# condition assessed and no one hurt.
COMPLETE = ForceFacts(
    school_rules_only=False,
    force=(TAKEDOWN,),
    deescalation=frozenset({"empathetic", "time_for_decisions"}),
    deescalation_other="",
    deadly_force_justification="",
    condition_assessed=True,
    aid_by="Officer Lee",
    prone_start=None,
    prone_end=None,
    restored_at=None,
    injury="none",
    education_plan_known=False,
    education_plan_considered=None,
)


def facts(**overrides: Any) -> ForceFacts:
    """The complete record, except the overrides."""
    return replace(COMPLETE, **overrides)


def prone(start: str | None, end: str | None, restored: str | None, **overrides: Any) -> ForceFacts:
    """A record of a prone restraint with the given times on the day of the incident."""
    return facts(
        prone_start=None if start is None else t(start),
        prone_end=None if end is None else t(end),
        restored_at=None if restored is None else t(restored),
        **overrides,
    )


def case(
    sentence: str,
    record: ForceFacts,
    missing: list[str] | None = None,
    flags: list[str] | None = None,
) -> Any:
    return pytest.param(record, missing or [], flags or [], id=sentence)


def codes(reasons: tuple[Reason, ...]) -> list[str]:
    return [r.code for r in reasons]


# --- The lists of the model policy -------------------------------------------------------------


def test_the_five_deescalation_strategies_of_iv_d_2_in_order() -> None:
    assert [(s.id, s.title) for s in DEESCALATION] == [
        ("empathetic", "Be empathetic and non-judgmental"),
        ("personal_space", "Respect personal space"),
        ("nonverbal", "Use non-threatening nonverbal communication"),
        ("no_challenging_questions", "Avoid challenging questions"),
        ("time_for_decisions", "Allow time for decisions"),
    ]
    assert {s.citation for s in DEESCALATION} == {"Model policy IV.D.2"}
    assert RULES_VERSION == "force-2024"


def test_the_fourteen_considerations_of_iv_e_3_in_order() -> None:
    assert [c.number for c in CONSIDERATIONS] == list(range(1, 15))
    assert [c.id for c in CONSIDERATIONS] == [
        "threat",
        "conduct",
        "officer_individual_factors",
        "ability_to_comply",
        "weapons",
        "restraint",
        "other_options",
        "need_for_intervention",
        "officer_training",
        "resisting",
        "escape",
        "no_longer_threat",
        "prior_contacts",
        "exigent",
    ]
    assert {c.citation for c in CONSIDERATIONS} == {"Model policy IV.E.3"}
    assert all(c.title for c in CONSIDERATIONS)


def test_the_considerations_with_sub_items() -> None:
    items = {c.number: c.items for c in CONSIDERATIONS if c.items}
    assert items == {
        1: ("The potential for injury",),
        4: (
            "Suspected drug or alcohol use",
            "Mental state or capacity",
            "The student's education plan or accommodations, if known",
        ),
        8: ("The seriousness of the suspected offense or reason for contact",),
    }
    (options,) = [c for c in CONSIDERATIONS if c.id == "other_options"]
    assert "626.8452" in options.title


def test_the_citations_name_the_law() -> None:
    assert FORCE_RECORD == "Policy 436.5"
    assert SUBD_2C == "Minn. Stat. 626.8482, subd. 2(c); policy 436.5"
    assert RESTRICTED == "Minn. Stat. 609.06, subd. 3; 609.066"
    assert MODEL_IV_D_2 == "Model policy IV.D.2"
    assert NO_DEESCALATION == "Model policy IV.D.2; policy 436.5"
    assert AID == "Model policy IV.E.2.ii"
    assert MODEL_IV_E_3 == "Model policy IV.E.3"
    assert PRONE == "Minn. Stat. 121A.58; model policy IV.E.2.ii"
    assert PRONE_LONG == "Minn. Stat. 121A.58, subd. 1; model policy III.F"
    assert INTERCEDE == "Minn. Stat. 626.8475"
    assert BCA == "Minn. Stat. 626.5534"
    assert EARLY_INTERVENTION == "Department practice (early intervention), not law"


# --- What the record must say, and what the supervisor looks at --------------------------------


SCENARIOS = [
    case("a complete record of a takedown after de-escalation asks nothing more", COMPLETE),
    # Policy 436.5.
    case("a use-of-force record names the force used", facts(force=()), ["force"]),
    # Minn. Stat. 626.5534: serious bodily injury or death is reported to the BCA.
    case(
        "the record says whether anyone was injured, for the report to the BCA",
        facts(injury=None),
        ["injury"],
    ),
    # Model policy IV.E.2.ii.
    case(
        "after any use of force the SRO shall assess the condition of the student",
        facts(condition_assessed=None, aid_by=""),
        ["condition_assessed"],
        ["no_aid_assessment"],
    ),
    case(
        "a condition recorded as not assessed is answered but flagged",
        facts(condition_assessed=False, aid_by=""),
        [],
        ["no_aid_assessment"],
    ),
    case(
        "the SRO who assessed the condition names who rendered aid as needed",
        facts(aid_by="  "),
        ["aid_by"],
    ),
    # Minn. Stat. 121A.58, subd. 1; model policy III.F; model policy IV.E.2.ii.
    case(
        "placing a child in a face-down position is a prone restraint for supervisor review",
        prone("10:00", "10:03", "10:03"),
        [],
        ["prone_restraint"],
    ),
    case(
        "a prone restraint with only its start gives its end and the restoring time",
        prone("10:00", None, None),
        ["prone_end", "restored_at"],
        ["prone_restraint"],
    ),
    case(
        "a prone restraint with only its end gives its start and the restoring time",
        prone(None, "10:03", None),
        ["prone_start", "restored_at"],
        ["prone_restraint"],
    ),
    case(
        "a student restored to a non-prone position was prone: the start and end are given",
        prone(None, None, "10:03"),
        ["prone_start", "prone_end"],
        ["prone_restraint"],
    ),
    case(
        "a prone restraint given its end and restoring time still gives its start",
        prone(None, "10:03", "10:01"),
        ["prone_start"],
        ["prone_restraint"],
    ),
    case(
        "a prone restraint cannot end before it began",
        prone("10:00", "09:59", "10:00"),
        ["prone_end_before_start"],
        ["prone_restraint"],
    ),
    case(
        "a prone restraint that ends the moment it begins is answered",
        prone("10:00", "10:00", "10:00"),
        [],
        ["prone_restraint"],
    ),
    case(
        "a student cannot be restored to a non-prone position before being placed face down",
        prone("10:00", "10:02", "09:59"),
        ["restored_before_start"],
        ["prone_restraint"],
    ),
    case(
        "a prone restraint longer than the department's threshold is highlighted",
        prone("10:00", "10:06", "10:06"),
        [],
        ["prone_restraint", "prone_long"],
    ),
    # Model policy IV.E.3, consideration 4(c).
    case(
        "when the student's education plan is known, the record says whether it was considered",
        facts(education_plan_known=True, education_plan_considered=None),
        ["education_plan_considered"],
    ),
    case(
        "a known education plan answered as considered is complete",
        facts(education_plan_known=True, education_plan_considered=True),
    ),
    case(
        "a known education plan answered as not considered is complete",
        facts(education_plan_known=True, education_plan_considered=False),
    ),
    case(
        "whether an education plan was considered is not asked when none is known",
        facts(education_plan_known=None, education_plan_considered=None),
    ),
    # Minn. Stat. 626.8482, subd. 2(c); policy 436.5.
    case(
        "an SRO shall not use force solely to enforce school rules",
        facts(school_rules_only=True),
        [],
        ["school_rules"],
    ),
    # Minn. Stat. 609.06, subd. 3; 609.066.
    case(
        "a choke hold is allowed only where deadly force is authorized",
        facts(force=(TAKEDOWN, CHOKE_HOLD)),
        [],
        ["restricted_without_justification"],
    ),
    case(
        "each restricted restraint without a deadly-force justification is flagged",
        facts(force=(CHOKE_HOLD, TAKEDOWN, NECK_RESTRAINT)),
        [],
        ["restricted_without_justification", "restricted_without_justification"],
    ),
    case(
        "a restricted restraint with a deadly-force justification is not flagged",
        facts(
            force=(CHOKE_HOLD,),
            deadly_force_justification="He was stabbing a classmate with a knife.",
        ),
    ),
    case(
        "a justification of blank spaces is no justification",
        facts(force=(CHOKE_HOLD,), deadly_force_justification="   "),
        [],
        ["restricted_without_justification"],
    ),
    case(
        "force not on the restricted list needs no deadly-force justification",
        facts(force=(TAKEDOWN,), deadly_force_justification=""),
    ),
    # Model policy IV.D.2; policy 436.5.
    case(
        "de-escalation strategies are used before force: none recorded is flagged",
        facts(deescalation=frozenset(), deescalation_other=""),
        [],
        ["no_deescalation"],
    ),
    case(
        "another de-escalation strategy, described, counts",
        facts(deescalation=frozenset(), deescalation_other="Offered a walk to the nurse."),
    ),
    case(
        "a description of blank spaces is no strategy",
        facts(deescalation=frozenset(), deescalation_other="  "),
        [],
        ["no_deescalation"],
    ),
    case(
        "one strategy of IV.D.2 is enough",
        facts(deescalation=frozenset({"personal_space"})),
    ),
    case(
        "every flag at once, in the order of the law",
        facts(
            school_rules_only=True,
            force=(CHOKE_HOLD,),
            deescalation=frozenset(),
            condition_assessed=False,
            prone_start=t("10:00"),
            prone_end=t("10:20"),
            restored_at=t("10:20"),
        ),
        [],
        [
            "school_rules",
            "restricted_without_justification",
            "no_deescalation",
            "no_aid_assessment",
            "prone_restraint",
            "prone_long",
        ],
    ),
    case(
        "every missing answer at once, in the order of the form",
        facts(
            force=(),
            injury=None,
            condition_assessed=None,
            prone_start=t("10:00"),
            education_plan_known=True,
        ),
        [
            "force",
            "injury",
            "condition_assessed",
            "prone_end",
            "restored_at",
            "education_plan_considered",
        ],
        ["no_aid_assessment", "prone_restraint"],
    ),
]


@pytest.mark.parametrize(("record", "missing", "flags"), SCENARIOS)
def test_force_scenarios(record: ForceFacts, missing: list[str], flags: list[str]) -> None:
    finding = judge_force(record, prone_threshold_minutes=THRESHOLD)
    assert codes(finding.missing) == missing
    assert codes(finding.flags) == flags
    assert finding.ready is (not missing)
    assert finding.needs_supervisor_review is bool(flags)
    assert finding.rules_version == RULES_VERSION


@pytest.mark.parametrize(
    ("code", "field", "citation", "record"),
    [
        pytest.param("force", "force", FORCE_RECORD, facts(force=()), id="the force used"),
        pytest.param("injury", "injury", BCA, facts(injury=None), id="the injury"),
        pytest.param(
            "condition_assessed",
            "condition_assessed",
            AID,
            facts(condition_assessed=None),
            id="whether the condition was assessed",
        ),
        pytest.param("aid_by", "aid_by", AID, facts(aid_by=""), id="who rendered aid"),
        pytest.param(
            "prone_start",
            "prone_start",
            PRONE,
            prone(None, "10:01", "10:01"),
            id="when the prone restraint began",
        ),
        pytest.param(
            "prone_end",
            "prone_end",
            PRONE,
            prone("10:00", None, "10:01"),
            id="when the prone restraint ended",
        ),
        pytest.param(
            "restored_at",
            "restored_at",
            PRONE,
            prone("10:00", "10:01", None),
            id="when the student was restored to a non-prone position",
        ),
        pytest.param(
            "prone_end_before_start",
            "prone_end",
            PRONE,
            prone("10:00", "09:00", "10:01"),
            id="an end before the start",
        ),
        pytest.param(
            "restored_before_start",
            "restored_at",
            PRONE,
            prone("10:00", "10:01", "09:00"),
            id="a restoring before the start",
        ),
        pytest.param(
            "education_plan_considered",
            "education_plan_considered",
            MODEL_IV_E_3,
            facts(education_plan_known=True),
            id="whether the education plan was considered",
        ),
        pytest.param(
            "school_rules",
            "school_rules_only",
            SUBD_2C,
            facts(school_rules_only=True),
            id="the flag for force to enforce school rules",
        ),
        pytest.param(
            "restricted_without_justification",
            "deadly_force_justification",
            RESTRICTED,
            facts(force=(CHOKE_HOLD,)),
            id="the flag for a restricted restraint",
        ),
        pytest.param(
            "no_deescalation",
            "deescalation",
            NO_DEESCALATION,
            facts(deescalation=frozenset()),
            id="the flag for no de-escalation",
        ),
        pytest.param(
            "no_aid_assessment",
            "condition_assessed",
            AID,
            facts(condition_assessed=False),
            id="the flag for no assessment of the student's condition",
        ),
        pytest.param(
            "prone_restraint",
            "prone_start",
            PRONE,
            prone("10:00", "10:01", "10:01"),
            id="the flag for a prone restraint",
        ),
        pytest.param(
            "prone_long",
            "prone_end",
            PRONE_LONG,
            prone("10:00", "10:30", "10:30"),
            id="the flag for a long prone restraint",
        ),
    ],
)
def test_every_reason_names_its_field_and_citation(
    code: str, field: str, citation: str, record: ForceFacts
) -> None:
    finding = judge_force(record, prone_threshold_minutes=THRESHOLD)
    (reason,) = [r for r in finding.missing + finding.flags if r.code == code]
    assert (reason.field, reason.citation) == (field, citation)
    assert reason.message.endswith(".")


def test_the_restricted_flag_names_each_restraint() -> None:
    finding = judge_force(
        facts(force=(CHOKE_HOLD, NECK_RESTRAINT)), prone_threshold_minutes=THRESHOLD
    )
    assert [r.message for r in finding.flags] == [
        "Choke hold is allowed only where deadly force is authorized, and no justification for "
        "deadly force is given.",
        "Neck restraint is allowed only where deadly force is authorized, and no justification "
        "for deadly force is given.",
    ]


def test_the_long_prone_flag_gives_the_minutes() -> None:
    finding = judge_force(prone("10:00", "10:07:30", "10:08"), prone_threshold_minutes=THRESHOLD)
    assert finding.flags[-1] == Reason(
        "prone_long",
        "prone_end",
        "The prone restraint lasted 8 minutes, over the department's threshold.",
        PRONE_LONG,
    )


# --- Prone minutes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("record", "threshold", "minutes", "over"),
    [
        pytest.param(
            prone("10:00", "10:00", "10:00"),
            THRESHOLD,
            0,
            False,
            id="a prone restraint that ends as it begins lasts no minutes",
        ),
        pytest.param(
            prone("10:00", "10:00:30", "10:00:30"),
            THRESHOLD,
            1,
            False,
            id="part of a minute counts as a whole minute",
        ),
        pytest.param(
            prone("10:00", "10:04:01", "10:05"),
            THRESHOLD,
            5,
            False,
            id="four minutes and a second round up to the threshold, which is not over it",
        ),
        pytest.param(
            prone("10:00", "10:05", "10:05"),
            THRESHOLD,
            5,
            False,
            id="exactly the threshold is not highlighted",
        ),
        pytest.param(
            prone("10:00", "10:05:01", "10:06"),
            THRESHOLD,
            6,
            True,
            id="a second over the threshold rounds up to a minute over it and is highlighted",
        ),
        pytest.param(
            prone("10:00", "10:06", "10:06"),
            THRESHOLD,
            6,
            True,
            id="one minute over the threshold is highlighted",
        ),
        pytest.param(
            prone("10:00", "10:00:01", "10:01"),
            0,
            1,
            True,
            id="with a threshold of nought any time face down is highlighted",
        ),
        pytest.param(
            prone("10:00", "10:00", "10:00"),
            0,
            0,
            False,
            id="with a threshold of nought no time face down is not",
        ),
        pytest.param(
            prone("10:00", None, None),
            0,
            None,
            False,
            id="a prone restraint without its end has no duration yet",
        ),
        pytest.param(
            prone("10:00", "09:50", "10:00"),
            0,
            None,
            False,
            id="an end before the start gives no duration",
        ),
        pytest.param(COMPLETE, 0, None, False, id="no prone restraint has no duration"),
    ],
)
def test_prone_minutes(record: ForceFacts, threshold: int, minutes: int | None, over: bool) -> None:
    finding = judge_force(record, prone_threshold_minutes=threshold)
    assert (finding.prone_minutes, finding.prone_over_threshold) == (minutes, over)
    assert finding.prone is (record is not COMPLETE)
    assert ("prone_long" in codes(finding.flags)) is over


def test_prone_minutes_are_real_minutes_when_the_clocks_fall_back() -> None:
    """2 November 2025: 01:50 CDT, then 01:05 CST, fifteen minutes later."""
    start = at("2025-11-02T01:50")
    end = at("2025-11-02T01:05").replace(fold=1)
    finding = judge_force(
        facts(prone_start=start, prone_end=end, restored_at=end), prone_threshold_minutes=10
    )
    assert finding.missing == ()
    assert (finding.prone_minutes, finding.prone_over_threshold) == (15, True)


def test_prone_minutes_of_moments_without_a_time_zone() -> None:
    start = datetime.fromisoformat("2025-03-12T10:00")
    end = datetime.fromisoformat("2025-03-12T10:02:10")
    finding = judge_force(
        facts(prone_start=start, prone_end=end, restored_at=end), prone_threshold_minutes=2
    )
    assert (finding.prone_minutes, finding.prone_over_threshold) == (3, True)


# --- Supervisor review and the state report -----------------------------------------------------


@pytest.mark.parametrize(
    ("injury", "reported"),
    [
        pytest.param("death", True, id="force causing death is reported to the BCA"),
        pytest.param(
            "serious", True, id="force causing serious bodily injury is reported to the BCA"
        ),
        pytest.param("minor", False, id="a minor injury is not reported to the BCA"),
        pytest.param("none", False, id="force without injury is not reported to the BCA"),
        pytest.param(None, False, id="an unanswered injury is not yet a report"),
    ],
)
def test_the_state_report(injury: Any, reported: bool) -> None:
    assert judge_force(facts(injury=injury), prone_threshold_minutes=5).state_report is reported


def test_any_prone_restraint_needs_supervisor_review_even_when_short() -> None:
    finding = judge_force(prone("10:00", "10:00:20", "10:00:20"), prone_threshold_minutes=5)
    assert finding.prone is True
    assert finding.prone_over_threshold is False
    assert finding.needs_supervisor_review is True
    assert finding.ready is True


def test_a_clean_record_needs_no_supervisor_review() -> None:
    finding = judge_force(COMPLETE, prone_threshold_minutes=5)
    assert (finding.flags, finding.missing, finding.prone) == ((), (), False)
    assert finding.needs_supervisor_review is False


def test_a_negative_prone_threshold_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        judge_force(COMPLETE, prone_threshold_minutes=-1)


def test_an_unknown_deescalation_strategy_is_refused() -> None:
    with pytest.raises(ValueError, match="shouting"):
        judge_force(facts(deescalation=frozenset({"shouting"})), prone_threshold_minutes=5)


# --- The duty to intercede and report (Minn. Stat. 626.8475) ------------------------------------

OBSERVED = at("2025-03-12T10:00")


@pytest.mark.parametrize(
    ("reported", "now", "status", "hours_left", "hours_late"),
    [
        pytest.param(
            None,
            "2025-03-12T10:00",
            "due",
            24,
            None,
            id="at the moment force is observed, 24 hours are left to report it",
        ),
        pytest.param(
            None,
            "2025-03-12T10:30",
            "due",
            23,
            None,
            id="hours left are whole hours, rounded down",
        ),
        pytest.param(
            None,
            "2025-03-13T09:59",
            "due",
            0,
            None,
            id="the minute before the 24 hours end the report is still due",
        ),
        pytest.param(
            None,
            "2025-03-13T10:00",
            "due",
            0,
            None,
            id="at the end of the 24 hours the report is still due",
        ),
        pytest.param(
            None,
            "2025-03-13T10:01",
            "missing",
            None,
            1,
            id="a minute after the 24 hours an unmade report is missing",
        ),
        pytest.param(
            None,
            "2025-03-15T10:00",
            "missing",
            None,
            48,
            id="hours late count from the end of the 24 hours",
        ),
        pytest.param(
            "2025-03-13T09:59",
            "2025-03-20T00:00",
            "on_time",
            None,
            None,
            id="a report the minute before the 24 hours end is on time",
        ),
        pytest.param(
            "2025-03-13T10:00",
            "2025-03-20T00:00",
            "on_time",
            None,
            None,
            id="a report at the end of the 24 hours is within 24 hours",
        ),
        pytest.param(
            "2025-03-13T10:01",
            "2025-03-20T00:00",
            "late",
            None,
            1,
            id="a report a minute after the 24 hours is late",
        ),
        pytest.param(
            "2025-03-13T12:30",
            "2025-03-13T12:30",
            "late",
            None,
            3,
            id="hours late are rounded up",
        ),
        pytest.param(
            "2025-03-12T11:00",
            "2025-03-12T10:30",
            "on_time",
            None,
            None,
            id="a report made is judged by when it was made, not by now",
        ),
    ],
)
def test_the_24_hour_report(
    reported: str | None,
    now: str,
    status: str,
    hours_left: int | None,
    hours_late: int | None,
) -> None:
    result = intercede_status(OBSERVED, None if reported is None else at(reported), now=at(now))
    assert result.due_at == at("2025-03-13T10:00")
    assert (result.status, result.hours_left, result.hours_late) == (
        status,
        hours_left,
        hours_late,
    )
    assert result.citation == INTERCEDE
    assert result.observed_at == OBSERVED


def test_24_hours_are_real_hours_when_the_clocks_spring_forward() -> None:
    """9 March 2025: 10:00 CST on the 8th plus 24 hours is 11:00 CDT on the 9th."""
    observed = at("2025-03-08T10:00")
    on_time = intercede_status(observed, at("2025-03-09T10:30"), now=at("2025-03-10T00:00"))
    assert on_time.due_at == at("2025-03-09T11:00")
    assert on_time.due_at - observed == timedelta(hours=25)  # on the wall clock
    assert on_time.status == "on_time"
    assert intercede_status(observed, None, now=observed).hours_left == 24


def test_24_hours_of_moments_without_a_time_zone() -> None:
    observed = datetime.fromisoformat("2025-03-12T10:00")
    result = intercede_status(observed, None, now=datetime.fromisoformat("2025-03-13T11:00"))
    assert result.due_at == datetime.fromisoformat("2025-03-13T10:00")
    assert (result.status, result.hours_late) == ("missing", 1)


def test_the_status_keeps_the_name_the_brief_used() -> None:
    assert isinstance(intercede_status(OBSERVED, None, now=OBSERVED), InterceptStatus)


# --- The monthly report to the BCA (Minn. Stat. 626.5534) ---------------------------------------


def month_of(
    month: str,
    *,
    today: str,
    due_day: int = 15,
    remind: int = 7,
    sent: dict[str, str] | None = None,
) -> BcaMonth:
    """The report for one month, judged on ``today``; ``sent`` maps a month reported to the
    day its report went to the BCA."""
    months = bca_months(
        d(month),
        today=d(today),
        sent={d(m): d(day) for m, day in (sent or {}).items()},
        due_day=due_day,
        remind_days_before=remind,
    )
    return months[0]


@pytest.mark.parametrize(
    ("month", "due_day", "due_on"),
    [
        pytest.param(
            "2025-01-01", 15, "2025-02-15", id="a month's report is due in the following month"
        ),
        pytest.param(
            "2025-01-01", 1, "2025-02-01", id="a due day of 1 is the first of the following month"
        ),
        pytest.param(
            "2025-01-01", 31, "2025-02-28", id="a due day of 31 in February is its last day"
        ),
        pytest.param(
            "2024-01-01", 31, "2024-02-29", id="a due day of 31 in a leap February is the 29th"
        ),
        pytest.param("2025-03-01", 31, "2025-04-30", id="a due day of 31 in April is the 30th"),
        pytest.param("2025-04-01", 31, "2025-05-31", id="a due day of 31 in May is the 31st"),
        pytest.param(
            "2024-12-01",
            15,
            "2025-01-15",
            id="December's report is due in January of the next year",
        ),
        pytest.param("2024-12-01", 31, "2025-01-31", id="December's report with a due day of 31"),
    ],
)
def test_the_due_date_of_a_month(month: str, due_day: int, due_on: str) -> None:
    report = month_of(month, today="2026-01-01", due_day=due_day)
    assert report.month == d(month)
    assert report.due_on == d(due_on)
    assert report.citation == BCA


@pytest.mark.parametrize(
    ("today", "remind", "sent", "status", "reminded"),
    [
        pytest.param(
            "2025-02-01", 7, {}, "due", False, id="on the first of the next month it is due"
        ),
        pytest.param(
            "2025-02-07",
            7,
            {},
            "due",
            False,
            id="the day before the reminder window it is due without a reminder",
        ),
        pytest.param(
            "2025-02-08", 7, {}, "due", True, id="the reminder starts the given days before"
        ),
        pytest.param(
            "2025-02-15", 7, {}, "due", True, id="on the due day it is due with a reminder"
        ),
        pytest.param(
            "2025-02-16",
            7,
            {},
            "missing",
            False,
            id="the day after the due day an unsent report is missing",
        ),
        pytest.param(
            "2025-02-14",
            0,
            {},
            "due",
            False,
            id="with no lead time there is no reminder the day before",
        ),
        pytest.param(
            "2025-02-15", 0, {}, "due", True, id="with no lead time the reminder is on the due day"
        ),
        pytest.param(
            "2025-02-10",
            7,
            {"2025-01-01": "2025-02-09"},
            "submitted",
            False,
            id="a submitted report needs no reminder",
        ),
        pytest.param(
            "2025-06-10",
            7,
            {"2025-01-01": "2025-02-09"},
            "submitted",
            False,
            id="a submitted report stays submitted after its due day",
        ),
        pytest.param(
            "2025-02-10",
            7,
            {"2025-01-31": "2025-02-09"},
            "submitted",
            False,
            id="any day of the month stands for the month submitted",
        ),
        pytest.param(
            "2025-02-10",
            7,
            {"2024-12-01": "2025-01-10", "2025-02-01": "2025-02-10"},
            "due",
            True,
            id="other months' reports do not answer this one",
        ),
    ],
)
def test_the_status_and_reminder_of_january_2025(
    today: str, remind: int, sent: dict[str, str], status: str, reminded: bool
) -> None:
    report = month_of("2025-01-01", today=today, remind=remind, sent=sent)
    assert (report.status, report.remind) == (status, reminded)


@pytest.mark.parametrize(
    ("sent_on", "today", "status", "days_late"),
    [
        pytest.param("2025-02-15", "2025-06-10", "submitted", 0, id="sent on the due day: on time"),
        pytest.param("2025-02-01", "2025-02-10", "submitted", 0, id="sent early: on time"),
        pytest.param("2025-02-16", "2025-02-16", "late", 1, id="sent the day after: one day late"),
        pytest.param(
            "2025-05-20",
            "2025-06-10",
            "late",
            94,
            id="a zero report filed months afterwards stays late, never on time",
        ),
        pytest.param(None, "2025-02-15", "due", 0, id="unsent on the due day: due, not late"),
        pytest.param(None, "2025-02-20", "missing", 5, id="unsent five days after: missing"),
    ],
)
def test_a_month_sent_after_its_due_date_is_late(
    sent_on: str | None, today: str, status: str, days_late: int
) -> None:
    """BCA months tell the truth: reports filed months late showed green."""
    sent = {} if sent_on is None else {"2025-01-01": sent_on}
    report = month_of("2025-01-01", today=today, due_day=15, sent=sent)
    assert report.due_on == d("2025-02-15")
    assert (report.status, report.days_late) == (status, days_late)
    assert report.sent_on == (None if sent_on is None else d(sent_on))


def test_a_month_with_no_force_is_answered_by_its_zero_report() -> None:
    # The department had no use of force causing serious injury or death in March, and filed a
    # report saying so: the month is submitted like any other.
    months = bca_months(
        d("2025-02-01"),
        today=d("2025-05-20"),
        sent={d("2025-03-01"): d("2025-04-14")},
        due_day=15,
        remind_days_before=7,
    )
    assert [(m.month, m.status, m.remind) for m in months] == [
        (d("2025-02-01"), "missing", False),
        (d("2025-03-01"), "submitted", False),
        (d("2025-04-01"), "missing", False),
    ]


@pytest.mark.parametrize(
    ("first", "today", "months"),
    [
        pytest.param(
            "2024-11-01",
            "2025-02-01",
            ["2024-11-01", "2024-12-01", "2025-01-01"],
            id="every month through the month before today's, across the new year",
        ),
        pytest.param(
            "2024-11-01",
            "2025-02-28",
            ["2024-11-01", "2024-12-01", "2025-01-01"],
            id="the current month is not reported until it ends",
        ),
        pytest.param(
            "2024-11-20",
            "2025-01-01",
            ["2024-11-01", "2024-12-01"],
            id="the first month counts whole from its first day",
        ),
        pytest.param("2025-02-01", "2025-02-10", [], id="nothing to report in the first month"),
        pytest.param("2025-03-01", "2025-02-10", [], id="nothing before the first month"),
    ],
)
def test_the_months_reported(first: str, today: str, months: list[str]) -> None:
    result = bca_months(d(first), today=d(today), sent={}, due_day=10, remind_days_before=5)
    assert [m.month for m in result] == [d(m) for m in months]


@pytest.mark.parametrize(
    ("due_day", "remind", "message"),
    [
        pytest.param(0, 7, "due day", id="a due day of nought is refused"),
        pytest.param(32, 7, "due day", id="a due day of 32 is refused"),
        pytest.param(15, -1, "lead time", id="a negative reminder lead time is refused"),
    ],
)
def test_bca_settings_out_of_range(due_day: int, remind: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        bca_months(
            d("2025-01-01"),
            today=d("2025-03-01"),
            sent={},
            due_day=due_day,
            remind_days_before=remind,
        )


# --- Early intervention (department practice, not law) ------------------------------------------

AS_OF = d("2025-03-31")
OPENS = "2025-01-01"  # the first day of the 90 days ending on AS_OF
BEFORE = "2024-12-31"  # the day before the window opens


def ev(day: str, kind: Any = "force", officer: str = "O1") -> ForceEvent:
    return ForceEvent(officer, d(day), kind)


@pytest.mark.parametrize(
    ("events", "reasons"),
    [
        pytest.param(
            [ev("2025-03-01"), ev("2025-03-10"), ev("2025-03-20")],
            ["3 force reports in 90 days"],
            id="three force reports in 90 days call for early intervention",
        ),
        pytest.param(
            [ev("2025-03-10"), ev("2025-03-20")],
            [],
            id="one report short of the threshold calls for none",
        ),
        pytest.param(
            [ev(OPENS), ev("2025-03-10"), ev("2025-03-31")],
            ["3 force reports in 90 days"],
            id="a report on the day the window opens and one on the as-of day count",
        ),
        pytest.param(
            [ev(BEFORE), ev("2025-03-10"), ev("2025-03-20")],
            [],
            id="a report the day before the window opens does not count",
        ),
        pytest.param(
            [ev("2025-03-10"), ev("2025-03-20"), ev("2025-04-01")],
            [],
            id="a report after the as-of day does not count",
        ),
        pytest.param(
            [ev("2025-03-01"), ev("2025-03-10"), ev("2025-03-20", "prone")],
            ["3 force reports in 90 days"],
            id="a prone restraint is also a force report",
        ),
        pytest.param(
            [ev("2025-03-01", "complaint"), ev("2025-03-10"), ev("2025-03-20")],
            [],
            id="a complaint is not a force report",
        ),
        pytest.param(
            [ev("2025-02-01", "prone"), ev("2025-03-10", "complaint")],
            ["a prone restraint and a complaint in 90 days"],
            id="a prone restraint together with a complaint calls for early intervention",
        ),
        pytest.param(
            [ev(OPENS, "complaint"), ev("2025-03-31", "prone")],
            ["a prone restraint and a complaint in 90 days"],
            id="a prone restraint and a complaint at either end of the window",
        ),
        pytest.param(
            [ev(BEFORE, "complaint"), ev("2025-03-10", "prone")],
            [],
            id="a complaint the day before the window opens is not together with the prone",
        ),
        pytest.param(
            [ev("2025-03-10", "prone"), ev("2025-03-20", "prone")],
            [],
            id="two prone restraints without a complaint stay under the threshold",
        ),
        pytest.param(
            [ev("2025-03-10", "complaint"), ev("2025-03-20", "complaint")],
            [],
            id="complaints without a prone restraint call for none",
        ),
        pytest.param(
            [
                ev("2025-01-10"),
                ev("2025-02-10", "prone"),
                ev("2025-03-10"),
                ev("2025-03-11"),
                ev("2025-03-20", "complaint"),
            ],
            ["4 force reports in 90 days", "a prone restraint and a complaint in 90 days"],
            id="both reasons are given together",
        ),
    ],
)
def test_early_intervention(events: list[ForceEvent], reasons: list[str]) -> None:
    alerts = early_intervention(events, as_of=AS_OF, window_days=90, report_threshold=3)
    assert [list(a.reasons) for a in alerts] == ([reasons] if reasons else [])


def test_the_defaults_are_three_reports_in_90_days() -> None:
    events = [ev(OPENS), ev("2025-02-01"), ev("2025-03-31")]
    (alert,) = early_intervention(events, as_of=AS_OF)
    assert (alert.window_start, alert.window_end) == (d(OPENS), AS_OF)
    assert early_intervention([*events[1:], ev(BEFORE)], as_of=AS_OF) == ()


def test_one_alert_per_officer_in_order_of_officer() -> None:
    events = [
        ev("2025-03-01", officer="O2"),
        ev("2025-03-02", "prone", officer="O1"),
        ev("2025-03-03", officer="O3"),
        ev("2025-03-04", officer="O2"),
        ev("2025-03-05", "complaint", officer="O1"),
        ev("2025-03-06", officer="O2"),
        ev("2025-03-07", "complaint", officer="O3"),
    ]
    alerts = early_intervention(events, as_of=AS_OF, window_days=90, report_threshold=3)
    assert alerts == (
        Alert(
            "O1",
            d(OPENS),
            AS_OF,
            reports=1,
            prone=1,
            complaints=1,
            reasons=("a prone restraint and a complaint in 90 days",),
        ),
        Alert(
            "O2",
            d(OPENS),
            AS_OF,
            reports=3,
            prone=0,
            complaints=0,
            reasons=("3 force reports in 90 days",),
        ),
    )
    assert {a.citation for a in alerts} == {EARLY_INTERVENTION}


def test_a_one_day_window_and_a_threshold_of_one_read_in_the_singular() -> None:
    (alert,) = early_intervention(
        [ev("2025-03-31"), ev("2025-03-30")], as_of=AS_OF, window_days=1, report_threshold=1
    )
    assert alert.reasons == ("1 force report in 1 day",)
    assert alert.window_start == alert.window_end == AS_OF


def test_no_events_no_alerts() -> None:
    assert early_intervention([], as_of=AS_OF) == ()


@pytest.mark.parametrize(
    ("window_days", "threshold", "message"),
    [
        pytest.param(0, 3, "window", id="a window of no days is refused"),
        pytest.param(90, 0, "threshold", id="a threshold of nought is refused"),
    ],
)
def test_early_intervention_settings_out_of_range(
    window_days: int, threshold: int, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        early_intervention([], as_of=AS_OF, window_days=window_days, report_threshold=threshold)


def test_the_window_ends_on_the_as_of_day_whatever_the_month() -> None:
    # 90 days ending on 1 March 2024 (a leap year) open on 3 December 2023.
    as_of = date(2024, 3, 1)
    events = [ev("2023-12-03"), ev("2024-02-29"), ev("2024-03-01")]
    (alert,) = early_intervention(events, as_of=as_of)
    assert alert.window_start == date(2023, 12, 3)
    assert early_intervention([ev("2023-12-02"), *events[1:]], as_of=as_of) == ()
