"""Which parts of an incident record a requester may receive (Minnesota Government Data
Practices Act, Minn. Stat. ch. 13; 13.82 for law enforcement data; 260B.171 for juveniles).

The engine proposes; records staff review every release (issue 10). Where the sources leave a
choice, the conservative answer is the default and is said so in the reason:

- The names of juvenile victims and witnesses are withheld (13.82, subd. 17 protects them on
  request or where the subject matter justifies it; the product does not wait for the request).
- The names of adults who were not arrested are withheld from the public; records staff may
  release them on review when they are public response data.
- A narrative that is not public is not released to a data subject automatically: it holds other
  people's data too; records staff release the requester's own part on review.
- Another agency receives what the public receives; sharing under a statute (for example
  13.82, subd. 24) is decided by records staff, not by this engine.

Nothing here reads the clock or the database.
"""

from dataclasses import dataclass
from enum import StrEnum

RULES_VERSION = "data-practices-2024"


class Classification(StrEnum):
    PUBLIC = "public"
    PRIVATE = "private"  # not public; the data's subject may see it (13.02, subd. 12)
    CONFIDENTIAL = "confidential"  # not public; not even its subject (13.02, subd. 3)
    PROTECTED_NONPUBLIC = "protected_nonpublic"  # not on individuals; not public (13.02, subd. 13)


class Requester(StrEnum):
    PUBLIC = "public"
    SUBJECT = "subject"  # the person the data are about
    PARENT = "parent"  # a parent of a minor the data are about
    AGENCY = "agency"  # another government agency


class Item(StrEnum):
    INCIDENT_FACTS = "incident_facts"  # number, date, time, place, school, nature, officer
    NARRATIVE = "narrative"
    PERSON_NAME = "person_name"  # name, date of birth, address, phone, e-mail
    PERSON_AGE_SEX = "person_age_sex"
    PERSON_DETAILS = "person_details"  # grade, race and ethnicity, disposition, notes
    EDUCATION_DATA = "education_data"  # education plan, disability, English learner


@dataclass(frozen=True, slots=True)
class Person:
    role: str  # suspect, victim, witness, other
    juvenile: bool
    arrested: bool = False
    protected: bool = False  # the officer marked a 13.82, subd. 17 protection


@dataclass(frozen=True, slots=True)
class Finding:
    classification: Classification
    citation: str
    reason: str
    never_released: bool = False


@dataclass(frozen=True, slots=True)
class Decision:
    release: bool
    classification: Classification
    citation: str
    reason: str
    rules_version: str = RULES_VERSION


S2J = "Minn. Stat. 13.82, subd. 2(j)"
S6 = "Minn. Stat. 13.82, subd. 6"
S7 = "Minn. Stat. 13.82, subd. 7"
S17 = "Minn. Stat. 13.82, subd. 17"
JUV = "Minn. Stat. 260B.171, subd. 5"
FERPA = "34 CFR 99.33"


def _person_finding(item: Item, person: Person) -> Finding:
    if person.juvenile and person.role == "suspect":
        if person.arrested and item is Item.PERSON_AGE_SEX:
            return Finding(
                Classification.PUBLIC, S2J, "A juvenile's age and sex are public arrest data."
            )
        return Finding(
            Classification.PRIVATE,
            JUV,
            "Records on a juvenile who is or may be delinquent are private.",
        )
    if person.protected:
        return Finding(Classification.PRIVATE, S17, "The officer marked the identity protected.")
    if person.arrested and item in {Item.PERSON_NAME, Item.PERSON_AGE_SEX}:
        return Finding(
            Classification.PUBLIC,
            S2J,
            "An arrested adult's name, age, sex and last known address are public.",
        )
    if person.juvenile:
        return Finding(
            Classification.PRIVATE,
            S17,
            "A juvenile victim's or witness's identity is withheld (the product's conservative "
            "default under subd. 17).",
        )
    return Finding(
        Classification.PRIVATE,
        f"{S6}; {S7}",
        "The product withholds the identities of adults who were not arrested; records staff "
        "may release what is public response data on review (conservative default).",
    )


def classify(
    item: Item,
    person: Person | None = None,
    *,
    investigation_active: bool,
    people: tuple[Person, ...] = (),
) -> Finding:
    """The classification of one part of an incident record, with its citation."""
    if item is Item.EDUCATION_DATA:
        return Finding(
            Classification.PRIVATE,
            FERPA,
            "Education records the school shared for the contract's purposes are not "
            "re-disclosed: the requester asks the school.",
            never_released=True,
        )
    if item is Item.INCIDENT_FACTS:
        return Finding(
            Classification.PUBLIC, S6, "Response or incident data (what, when, where) are public."
        )
    if item is Item.NARRATIVE:
        if investigation_active:
            return Finding(
                Classification.CONFIDENTIAL,
                S7,
                "Criminal investigative data are confidential while the investigation is active.",
            )
        if any(p.juvenile and p.role == "suspect" for p in people):
            return Finding(
                Classification.PRIVATE,
                f"{S7}; {JUV}",
                "The narrative would reveal a juvenile who is or may be delinquent.",
            )
        if any(p.protected or (p.juvenile and p.role in {"victim", "witness"}) for p in people):
            return Finding(
                Classification.PRIVATE,
                f"{S7}; {S17}",
                "The narrative would reveal a protected identity.",
            )
        return Finding(Classification.PUBLIC, S7, "Inactive investigative data are public.")
    if person is None:
        raise ValueError(f"{item} needs the person it is about.")
    return _person_finding(item, person)


def may_release(
    finding: Finding,
    requester: Requester,
    *,
    about_requester: bool,
    minor_withheld: bool = False,
    item: Item | None = None,
) -> Decision:
    """Whether ``requester`` receives the part ``finding`` classified. ``about_requester``: the
    data are about the requester (or, for a parent, about their minor child)."""

    def decision(release: bool, why: str, citation: str = finding.citation) -> Decision:
        return Decision(release, finding.classification, citation, why)

    if finding.never_released:
        return decision(False, finding.reason)
    if finding.classification is Classification.PUBLIC:
        return decision(True, finding.reason)
    if finding.classification in {Classification.CONFIDENTIAL, Classification.PROTECTED_NONPUBLIC}:
        return decision(False, f"{finding.reason} Not even the subject may see it.")
    # Private data: the subject, and a minor's parent, may see data about them.
    if requester in {Requester.PUBLIC, Requester.AGENCY} or not about_requester:
        return decision(False, finding.reason)
    if item is Item.NARRATIVE:
        return decision(
            False,
            "The narrative holds other people's data: records staff release the requester's "
            "own part on review.",
        )
    if requester is Requester.PARENT and minor_withheld:
        return decision(
            False,
            "The minor asked that this be withheld from the parent, and the responsible "
            "authority found it in the minor's best interest.",
            "Minn. R. 1205.0500",
        )
    if requester is Requester.PARENT:
        return decision(
            True, "A parent may see a minor child's private data.", "Minn. R. 1205.0500"
        )
    return decision(True, "The subject of private data may see it.", "Minn. Stat. 13.04, subd. 3")
