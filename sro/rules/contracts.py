"""What a contract for SRO services must, should and may contain, and the verdict on one.

Sources: Minn. Stat. 626.8482, subd. 2; the state School Resource Officer Model Policy, IV.A and
IV.H; the department's policy 436.3.1. The sources give no adoption date for these contents, so
the checklist applies to every contract judged, whatever its signing date: agreements signed
before the 2024 changes are judged by today's list, which is how a department learns what to amend.

The subd. 2(c) statement (the SRO does not enforce school discipline) is part of subd. 2, which
policy 436.3.1(a) asks the contract to include; whether a contract must repeat it in words is not
settled by the sources, so it is a "must" unless the department's setting says otherwise.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from sro.rules.duties import DUTIES

Required = Literal["must", "should", "may"]
ItemStatus = Literal["present", "missing", "unreviewed"]

RULES_VERSION = "contracts-2024"


@dataclass(frozen=True, slots=True)
class RequiredItem:
    """One thing a contract covers, with how strongly the law asks for it and where it says so."""

    id: str
    title: str
    required: Required
    citation: str
    description: str


def _duty(number: int, slug: str, wording: str) -> RequiredItem:
    return RequiredItem(
        id=f"duty_{number}_{slug}",
        title=f"Duty ({number}): {wording}",
        required="must",
        citation=f"Minn. Stat. 626.8482, subd. 2(a)({number}); policy 436.3.1(a)",
        description=f"The contract lists, among the SRO's duties, {wording}.",
    )


ITEMS: tuple[RequiredItem, ...] = (
    _duty(1, "climate", DUTIES[1]),
    _duty(2, "protect", DUTIES[2]),
    _duty(3, "liaison", DUTIES[3]),
    _duty(4, "drills", DUTIES[4]),
    _duty(5, "vulnerabilities", DUTIES[5]),
    _duty(6, "educate", DUTIES[6]),
    _duty(7, "enforce", DUTIES[7]),
    RequiredItem(
        id="attire",
        title="Policy on plain clothes, modified uniforms and other attire",
        required="must",
        citation="Model policy IV.A.1.i; policy 436.3.1(b)",
        description="A mutually agreed policy on plain clothes, modified uniforms and other "
        "changes to SRO attire.",
    ),
    RequiredItem(
        id="selection_role",
        title="The district's role in selecting, vetting and retaining the SRO",
        required="must",
        citation="Model policy IV.A.1.ii; policy 436.3.1(c)",
        description="The role, if any, of the district or charter school in the selection, "
        "vetting and retention of the SRO.",
    ),
    RequiredItem(
        id="public_notification",
        title="Public notification that an SRO will be present",
        required="must",
        citation="Model policy IV.A.1.iv; policy 436.3.1(d)",
        description="A process for notifying the public that an SRO will be present in the "
        "schools.",
    ),
    RequiredItem(
        id="data_practices",
        title="Data practices: education records shared, with whom and why",
        required="must",
        citation="Model policy IV.H.1; policy 436.3.1(e)",
        description="Which education records may be shared with the agency and with the SRO, "
        "and for what purposes.",
    ),
    RequiredItem(
        id="deescalation_resources",
        title="How the SRO learns of the district's de-escalation resources",
        required="should",
        citation="Model policy IV.A.1.iii; policy 436.3.1",
        description="How the SRO is told of district resources for de-escalating conflicts "
        "(crisis teams, mediation).",
    ),
    RequiredItem(
        id="additional_duties",
        title="Additional duties and paid services",
        required="may",
        citation="Minn. Stat. 626.8482, subd. 2(b); model policy IV.A.2; policy 436.3.1",
        description="Duties beyond those of subd. 2(a), with paid services where they apply.",
    ),
    RequiredItem(
        id="no_school_discipline",
        title="The SRO does not enforce school rules or take part in school discipline",
        required="must",
        citation="Minn. Stat. 626.8482, subd. 2(c); policy 436.3.1(a)",
        description="The SRO does not use force or authority solely to enforce school rules "
        "or take part in school discipline.",
    ),
)

ITEM_IDS: tuple[str, ...] = tuple(item.id for item in ITEMS)
BY_ID: Mapping[str, RequiredItem] = {item.id: item for item in ITEMS}


@dataclass(frozen=True, slots=True)
class ItemFact:
    """What a person recorded about one item of one contract."""

    item: str
    status: ItemStatus = "unreviewed"
    section: str = ""


@dataclass(frozen=True, slots=True)
class ItemFinding:
    item: RequiredItem
    required: Required  # after the department's setting
    status: ItemStatus
    section: str
    reason: str


@dataclass(frozen=True, slots=True)
class ContractVerdict:
    status: Literal["compliant", "non_compliant"]
    summary: str
    items: tuple[ItemFinding, ...]
    missing: tuple[ItemFinding, ...]  # "must" items not confirmed present
    advisories: tuple[ItemFinding, ...]  # "should" items not confirmed present
    rules_version: str = RULES_VERSION


def judge_contract(
    facts: Mapping[str, ItemFact], *, discipline_statement_required: bool = True
) -> ContractVerdict:
    """The contract's verdict: every "must" item not confirmed present, each with its citation.

    An item nobody has reviewed counts against the contract, like a missing one: the checklist
    says the contract complies only when a person has confirmed every required item in it.
    """
    findings = tuple(
        _finding(item, facts.get(item.id, ItemFact(item.id)), discipline_statement_required)
        for item in ITEMS
    )
    missing = tuple(f for f in findings if f.required == "must" and f.status != "present")
    advisories = tuple(f for f in findings if f.required == "should" and f.status != "present")
    if not missing:
        return ContractVerdict(
            "compliant",
            "Every required item is confirmed present.",
            findings,
            missing,
            advisories,
        )
    unreviewed = sum(1 for f in missing if f.status == "unreviewed")
    summary = f"{len(missing)} required item{'s' if len(missing) != 1 else ''} not confirmed"
    if unreviewed:
        summary += f" ({unreviewed} not yet reviewed)"
    return ContractVerdict("non_compliant", summary + ".", findings, missing, advisories)


def _finding(item: RequiredItem, fact: ItemFact, discipline_required: bool) -> ItemFinding:
    required: Required = item.required
    if item.id == "no_school_discipline" and not discipline_required:
        required = "should"
    if fact.status == "present":
        where = f" in {fact.section}" if fact.section else ""
        reason = f"Present{where}."
    elif fact.status == "missing":
        reason = f"Missing: the contract {required} cover this ({item.citation})."
    else:
        reason = f"Not yet reviewed: the contract {required} cover this ({item.citation})."
    return ItemFinding(item, required, fact.status, fact.section, reason)
