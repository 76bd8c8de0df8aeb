"""What an incident record must say before it goes to review, and what a supervisor must look at.

Sources: the department's policy 436.5 and 436.6; the state School Resource Officer Model Policy,
II and IV.E.4 and IV.F; Minn. Stat. 626.8482, subd. 2(c). The dispositions are the national
juvenile disposition terms, each mapped to the FBI NIBRS "disposition of arrestee under 18" code
(H handled within the department, R referred to other authorities) and to the two facts schools
report to the federal Civil Rights Data Collection (a referral to law enforcement, a
school-related arrest), so one record answers every report.

Nothing here reads the clock or the database: the Django side builds the facts and shows the
finding, which gives every missing answer and every flag with its citation.
"""

from dataclasses import dataclass
from datetime import date
from typing import Literal

RULES_VERSION = "incidents-2024"

Nibrs = Literal["H", "R"]
RunBy = Literal["department", "other"]
StaffNotice = Literal["before", "present", "before_and_present", "not_practicable"]

SUBD_2C = "Minn. Stat. 626.8482, subd. 2(c); policy 436.5"
POLICY_436_6_REFERRAL = "Policy 436.6 (first paragraph); model policy IV.E.4"
MODEL_IV_F_1 = "Model policy IV.F.1"
ARREST_NECESSITY = "Policy 436.6 (second paragraph); model policy IV.F.2"
ARREST_STAFF = "Policy 436.6 (third paragraph); model policy IV.F.3"
DISPOSITION = "Policy 436.6; model policy IV.F"
SCHOOL_RULES = "Policy 436.6 (first paragraph); Minn. Stat. 626.8482, subd. 2(c)"


@dataclass(frozen=True, slots=True)
class DispositionTerm:
    """One national juvenile disposition term and what it means for each report."""

    id: str
    label: str
    nibrs: Nibrs | None  # None: depends on who runs the program (see nibrs_code)
    formal_criminal: bool  # a formal criminal referral, which the policy asks to avoid
    school_related_arrest: bool
    description: str


DISPOSITIONS: tuple[DispositionTerm, ...] = (
    DispositionTerm(
        "handled_in_department",
        "Handled within the department",
        "H",
        False,
        False,
        "Released to a parent or guardian, or with a warning, without referral elsewhere.",
    ),
    DispositionTerm(
        "referred_to_school",
        "Referred to school authorities",
        "R",
        False,
        False,
        "Left to the school to handle under its own rules (policy 436.6).",
    ),
    DispositionTerm(
        "diversion",
        "Diversion",
        None,
        False,
        False,
        "A diversion program in place of formal criminal referral (model policy IV.F.1).",
    ),
    DispositionTerm(
        "restorative_justice",
        "Restorative justice",
        None,
        False,
        False,
        "A restorative justice program in place of formal criminal referral (model policy IV.F.1).",
    ),
    DispositionTerm(
        "citation",
        "Citation",
        "R",
        True,
        False,
        "A citation to appear, referred to the court.",
    ),
    DispositionTerm(
        "referred_to_court",
        "Referred to juvenile court or prosecutor",
        "R",
        True,
        False,
        "The matter is sent to the county attorney or the juvenile court.",
    ),
    DispositionTerm(
        "custodial_arrest",
        "Custodial arrest",
        "R",
        True,
        True,
        "The student is taken into custody (policy 436.6: only for exigency or public safety).",
    ),
)

BY_ID: dict[str, DispositionTerm] = {d.id: d for d in DISPOSITIONS}
ALTERNATIVES = frozenset({"diversion", "restorative_justice"})
# On a matter that breaks school rules only, everything but handing it to the school is the SRO
# acting on school discipline: flagged for a supervisor to look at (subd. 2(c)).
SCHOOL_MATTER_OK = frozenset({"referred_to_school"})
JUVENILE_UNDER = 18


@dataclass(frozen=True, slots=True)
class PersonFacts:
    """One person in an incident, with the disposition and the policy's questions answered."""

    id: str
    label: str
    is_student: bool
    role: str  # suspect, victim, witness, other
    date_of_birth: date | None = None
    disposition: str | None = None
    program_run_by: RunBy | None = None
    school_referral_considered: bool | None = None
    school_referral_reason: str = ""
    alternatives_considered: bool | None = None
    alternatives_note: str = ""
    arrest_reason: str = ""
    arrest_out_of_view: bool | None = None
    arrest_location_note: str = ""
    staff_notice: StaffNotice | None = None
    staff_names: str = ""
    staff_not_practicable_reason: str = ""


@dataclass(frozen=True, slots=True)
class IncidentFacts:
    occurred_on: date
    offense: str | None  # a Minnesota statute, or None when no crime is alleged
    violates_school_rules: bool | None
    initiated_by: str  # school_staff, officer, call_for_service, student_or_parent
    persons: tuple[PersonFacts, ...] = ()


@dataclass(frozen=True, slots=True)
class Reason:
    """One missing answer or one flag: the field it is about, what to do, and why."""

    code: str
    field: str
    message: str
    citation: str
    person_id: str = ""


@dataclass(frozen=True, slots=True)
class PersonFinding:
    person_id: str
    age: int | None
    juvenile: bool | None
    nibrs: Nibrs | None
    referral_to_law_enforcement: bool
    school_related_arrest: bool


@dataclass(frozen=True, slots=True)
class IncidentFinding:
    ready: bool  # nothing the policy asks is missing: it may be submitted for review
    missing: tuple[Reason, ...]
    flags: tuple[Reason, ...]  # for the supervisor's review; they do not block submission
    persons: tuple[PersonFinding, ...]
    rules_version: str = RULES_VERSION

    @property
    def needs_review_attention(self) -> bool:
        return bool(self.flags)


def age_on(born: date, day: date) -> int:
    """Whole years of age on a day. Someone born on 29 February turns a year older on 1 March
    in a common year: the later reading, so a juvenile stays one for the longer time."""
    years = day.year - born.year
    if (day.month, day.day) < (born.month, born.day):
        years -= 1
    return years


def nibrs_code(disposition: str, run_by: RunBy | None) -> Nibrs | None:
    """The NIBRS code for a disposition; a diversion or restorative justice programme run by the
    department is H, one run by anyone else (county attorney, school, community) is R."""
    term = BY_ID[disposition]
    if term.nibrs is not None:
        return term.nibrs
    if run_by is None:
        return None
    return "H" if run_by == "department" else "R"


def criminal_and_school(facts: IncidentFacts) -> bool:
    """A criminal incident that also breaks school rules (policy 436.6, first paragraph)."""
    return facts.offense is not None and facts.violates_school_rules is True


def school_rules_only(facts: IncidentFacts) -> bool:
    return facts.offense is None and facts.violates_school_rules is True


def _person_missing(facts: IncidentFacts, p: PersonFacts) -> list[Reason]:
    out: list[Reason] = []

    def need(code: str, field: str, message: str, citation: str) -> None:
        out.append(Reason(code, field, f"{p.label}: {message}", citation, p.id))

    if p.is_student and p.role == "suspect" and p.disposition is None:
        need("disposition", "disposition", "choose what was done.", DISPOSITION)
    if p.disposition is None:
        return out
    term = BY_ID[p.disposition]
    if p.disposition in ALTERNATIVES and p.program_run_by is None:
        need("run_by", "program_run_by", "say who runs the program.", MODEL_IV_F_1)
    if (
        criminal_and_school(facts)
        and p.disposition != "referred_to_school"
        and p.school_referral_considered is None
    ):
        need(
            "school_referral",
            "school_referral_considered",
            "say whether referral to school authorities was considered.",
            POLICY_436_6_REFERRAL,
        )
    if criminal_and_school(facts) and not p.school_referral_reason.strip():
        need(
            "school_referral_reason",
            "school_referral_reason",
            "say why referral to school authorities was or was not used.",
            POLICY_436_6_REFERRAL,
        )
    if term.formal_criminal:
        if p.alternatives_considered is None:
            need(
                "alternatives",
                "alternatives_considered",
                "say whether diversion or restorative justice was considered.",
                MODEL_IV_F_1,
            )
        elif not p.alternatives_note.strip():
            need(
                "alternatives_note",
                "alternatives_note",
                "say what was considered and why it was or was not used.",
                MODEL_IV_F_1,
            )
    if p.disposition == "custodial_arrest":
        out.extend(_arrest_missing(p))
    return out


def _arrest_missing(p: PersonFacts) -> list[Reason]:
    reasons: list[Reason] = []

    def add(code: str, field: str, message: str, citation: str) -> None:
        reasons.append(Reason(code, field, f"{p.label}: {message}", citation, p.id))

    if not p.arrest_reason.strip():
        add(
            "arrest_reason",
            "arrest_reason",
            "give the exigency or public-safety reason the arrest was necessary.",
            ARREST_NECESSITY,
        )
    if p.arrest_out_of_view is None:
        add(
            "arrest_location",
            "arrest_out_of_view",
            "say whether the arrest was made in a non-communal area out of other students' view.",
            ARREST_NECESSITY,
        )
    elif p.arrest_out_of_view is False and not p.arrest_location_note.strip():
        add(
            "arrest_location_note",
            "arrest_location_note",
            "say why an arrest out of other students' view was not practicable.",
            ARREST_NECESSITY,
        )
    if p.staff_notice is None:
        add(
            "staff_notice",
            "staff_notice",
            "say whether school staff were told before or present, or why that was not "
            "practicable.",
            ARREST_STAFF,
        )
    elif p.staff_notice == "not_practicable":
        if not p.staff_not_practicable_reason.strip():
            add(
                "staff_reason",
                "staff_not_practicable_reason",
                "say why telling school staff was not practicable.",
                ARREST_STAFF,
            )
    elif not p.staff_names.strip():
        add("staff_names", "staff_names", "name the school staff told or present.", ARREST_STAFF)
    return reasons


def _flags(facts: IncidentFacts) -> list[Reason]:
    flags: list[Reason] = []
    for p in facts.persons:
        if p.disposition is None:
            continue
        if p.is_student and school_rules_only(facts) and p.disposition not in SCHOOL_MATTER_OK:
            flags.append(
                Reason(
                    "school_rules_enforcement",
                    "disposition",
                    f"{p.label}: the matter breaks school rules only, and the SRO took action "
                    f"({BY_ID[p.disposition].label.lower()}) instead of leaving it to the school.",
                    SUBD_2C,
                    p.id,
                )
            )
        if p.disposition == "custodial_arrest" and p.arrest_out_of_view is False:
            flags.append(
                Reason(
                    "arrest_in_view",
                    "arrest_out_of_view",
                    f"{p.label}: the custodial arrest was made where other students could see.",
                    ARREST_NECESSITY,
                    p.id,
                )
            )
        if p.disposition == "custodial_arrest" and p.staff_notice == "not_practicable":
            flags.append(
                Reason(
                    "arrest_without_staff",
                    "staff_notice",
                    f"{p.label}: no school staff were told before or present at the arrest.",
                    ARREST_STAFF,
                    p.id,
                )
            )
    return flags


def _person_finding(facts: IncidentFacts, p: PersonFacts) -> PersonFinding:
    age = age_on(p.date_of_birth, facts.occurred_on) if p.date_of_birth else None
    student_suspect = p.is_student and p.role == "suspect"
    return PersonFinding(
        person_id=p.id,
        age=age,
        juvenile=None if age is None else age < JUVENILE_UNDER,
        # The NIBRS code is the disposition of an arrestee under 18: none for an adult.
        nibrs=nibrs_code(p.disposition, p.program_run_by)
        if p.disposition and not (age is not None and age >= JUVENILE_UNDER)
        else None,
        # CRDC: a student reported to law enforcement by a school official or designee.
        referral_to_law_enforcement=student_suspect and facts.initiated_by == "school_staff",
        school_related_arrest=p.is_student and p.disposition == "custodial_arrest",
    )


def judge_incident(facts: IncidentFacts) -> IncidentFinding:
    """Everything the policy still asks of this record, the flags for review, and each person's
    report codes."""
    missing: list[Reason] = []
    if facts.violates_school_rules is None:
        # Both policy questions turn on it: with an offense, whether referral to the school was
        # considered (policy 436.6); without one, whether the matter is the school's (2(c)).
        missing.append(
            Reason(
                "school_rules",
                "violates_school_rules",
                "Say whether the matter breaks school rules.",
                SCHOOL_RULES,
            )
        )
    for p in facts.persons:
        missing.extend(_person_missing(facts, p))
    return IncidentFinding(
        ready=not missing,
        missing=tuple(missing),
        flags=tuple(_flags(facts)),
        persons=tuple(_person_finding(facts, p) for p in facts.persons),
    )
