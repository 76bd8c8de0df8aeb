"""Who may give which review of a use-of-force report: two levels by two people.

Sources: policy 436.5 and the state SRO model policy IV.E have every use of force reviewed by a
supervisor (the domain map: "any prone restraint requires supervisor review"); the department
reviews each report twice, first by a sergeant, then by the chief. Two levels are worth having only
when two people give them, so:

- nobody reviews a report they wrote, changed or submitted (a sergeant who submitted it for the
  officer included), or one about themselves, at either level;
- the sergeant's review is a sergeant's. The chief may give it only explicitly "as supervisor",
  with a written reason, and the history says so;
- the chief's review is a chief's. When the chief who gave the sergeant's review as supervisor
  also gives the chief's, it is recorded as a single-level review, explicitly and with the reason;
  another chief-level reviewer gives it as an ordinary second level.

"Waiting for your review" is what the person may act on now through their own level: the chief's
review as supervisor is a fallback the chief may choose, not work waiting for her.

Nothing here reads the database: the caller gathers the facts.
"""

from dataclasses import dataclass
from typing import Literal

Level = Literal["sergeant", "chief"]
# Why a review is not open to the person: the report waits for no review (not_waiting), their
# role does not give the level it waits for (not_your_level), they have no reviewing role
# (role), or they wrote, changed or submitted it, or it is about them (author).
Refusal = Literal["", "not_waiting", "not_your_level", "role", "author"]

SERGEANT = "sergeant"
CHIEF = "chief"
REVIEWING_ROLES = frozenset({SERGEANT, CHIEF})
# The status a report has while it waits for each level.
WAITING: dict[str, Level] = {"submitted": "sergeant", "sergeant_reviewed": "chief"}


@dataclass(frozen=True, slots=True)
class ReviewFacts:
    """One report as the rule needs it. Ids are opaque strings (user ids)."""

    status: str
    officer: str | None = None  # the reporting officer's user, if they have one
    writers: frozenset[str] = frozenset()  # who created or changed the report
    submitters: frozenset[str] = frozenset()  # who submitted it, each time
    # Who gave the sergeant's review the report now carries (while it waits for the chief).
    sergeant_review_by: str | None = None

    @property
    def authors(self) -> frozenset[str]:
        """Everyone who may not review the report."""
        return self.writers | self.submitters | ({self.officer} if self.officer else frozenset())

    def authorship(self, person: str) -> str:
        """Why ``person`` may not review the report, in plain words ("" when they may)."""
        if person == self.officer:
            return "This report is about your own use of force"
        if person in self.submitters:
            return "You submitted this report"
        if person in self.writers:
            return "You wrote or changed this report"
        return ""


@dataclass(frozen=True, slots=True)
class ReviewOption:
    """What one person may do with one report now."""

    level: Level | None  # the review the report waits for, if any
    allowed: bool
    as_supervisor: bool = False  # the chief gives the sergeant's review: explicit, with a reason
    single_level: bool = False  # the chief's review by the chief who gave the sergeant's
    refusal: Refusal = ""
    message: str = ""  # why not, in plain words (empty when allowed)

    @property
    def waiting_for_you(self) -> bool:
        """Counted as "waiting for your review": open through the person's own level."""
        return self.allowed and not self.as_supervisor


LEVEL_NAMES: dict[Level, str] = {"sergeant": "the sergeant's review", "chief": "the chief's review"}


def review_option(facts: ReviewFacts, *, person: str, role: str | None) -> ReviewOption:
    """What ``person`` (a user id) holding ``role`` may do with the report now."""
    level = WAITING.get(facts.status)
    if level is None:
        return ReviewOption(
            None, False, refusal="not_waiting", message="This report is not waiting for a review."
        )
    if role not in REVIEWING_ROLES:
        return ReviewOption(
            level, False, refusal="role", message="Your role does not review force reports."
        )
    why = facts.authorship(person)
    if why:
        return ReviewOption(
            level,
            False,
            refusal="author",
            message=f"{why}: someone else gives {LEVEL_NAMES[level]}, as nobody reviews a report "
            "they wrote or submitted.",
        )
    if level == SERGEANT:
        return ReviewOption(level, True, as_supervisor=role == CHIEF)
    if role != CHIEF:
        return ReviewOption(
            level,
            False,
            refusal="not_your_level",
            message="The sergeant's review is given; the report waits for the chief's.",
        )
    return ReviewOption(level, True, single_level=facts.sergeant_review_by == person)
