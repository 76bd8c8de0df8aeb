"""Scenario tests of the contract's required contents, written from policy 436.3.1, model policy
IV.A and IV.H, and Minn. Stat. 626.8482, subd. 2."""

import pytest

from sro.rules.contracts import BY_ID, ITEM_IDS, ITEMS, ItemFact, judge_contract

MUST = [i.id for i in ITEMS if i.required == "must"]


def all_present(**overrides: ItemFact) -> dict[str, ItemFact]:
    facts = {i: ItemFact(i, "present", f"section {n}") for n, i in enumerate(ITEM_IDS, 1)}
    facts.update(overrides)
    return facts


def test_the_fourteen_items_in_the_order_the_issue_names_them() -> None:
    assert ITEM_IDS == (
        "duty_1_climate",
        "duty_2_protect",
        "duty_3_liaison",
        "duty_4_drills",
        "duty_5_vulnerabilities",
        "duty_6_educate",
        "duty_7_enforce",
        "attire",
        "selection_role",
        "public_notification",
        "data_practices",
        "deescalation_resources",
        "additional_duties",
        "no_school_discipline",
    )


@pytest.mark.parametrize(
    ("item", "required", "citation"),
    [
        ("duty_1_climate", "must", "Minn. Stat. 626.8482, subd. 2(a)(1); policy 436.3.1(a)"),
        ("duty_4_drills", "must", "Minn. Stat. 626.8482, subd. 2(a)(4); policy 436.3.1(a)"),
        ("duty_7_enforce", "must", "Minn. Stat. 626.8482, subd. 2(a)(7); policy 436.3.1(a)"),
        ("attire", "must", "Model policy IV.A.1.i; policy 436.3.1(b)"),
        ("selection_role", "must", "Model policy IV.A.1.ii; policy 436.3.1(c)"),
        ("public_notification", "must", "Model policy IV.A.1.iv; policy 436.3.1(d)"),
        ("data_practices", "must", "Model policy IV.H.1; policy 436.3.1(e)"),
        ("deescalation_resources", "should", "Model policy IV.A.1.iii; policy 436.3.1"),
        (
            "additional_duties",
            "may",
            "Minn. Stat. 626.8482, subd. 2(b); model policy IV.A.2; policy 436.3.1",
        ),
        ("no_school_discipline", "must", "Minn. Stat. 626.8482, subd. 2(c); policy 436.3.1(a)"),
    ],
)
def test_each_item_says_how_strongly_the_law_asks_and_where(
    item: str, required: str, citation: str
) -> None:
    assert (BY_ID[item].required, BY_ID[item].citation) == (required, citation)


SCENARIOS = [
    pytest.param(
        all_present(),
        True,
        "compliant",
        [],
        "Every required item is confirmed present.",
        id="a contract with every item confirmed present complies",
    ),
    pytest.param(
        all_present(
            deescalation_resources=ItemFact("deescalation_resources", "missing"),
            additional_duties=ItemFact("additional_duties", "missing"),
        ),
        True,
        "compliant",
        [],
        "Every required item is confirmed present.",
        id="a missing should or may item does not make a contract non-compliant",
    ),
    pytest.param(
        all_present(attire=ItemFact("attire", "missing")),
        True,
        "non_compliant",
        ["attire"],
        "1 required item not confirmed.",
        id="a missing attire policy makes the contract non-compliant",
    ),
    pytest.param(
        {},
        True,
        "non_compliant",
        MUST,
        "12 required items not confirmed (12 not yet reviewed).",
        id="a contract nobody has reviewed lists every must item",
    ),
    pytest.param(
        all_present(
            no_school_discipline=ItemFact("no_school_discipline", "missing"),
            duty_4_drills=ItemFact("duty_4_drills"),
        ),
        True,
        "non_compliant",
        ["duty_4_drills", "no_school_discipline"],
        "2 required items not confirmed (1 not yet reviewed).",
        id="missing and unreviewed must items are both listed, in checklist order",
    ),
    pytest.param(
        all_present(no_school_discipline=ItemFact("no_school_discipline", "missing")),
        False,
        "compliant",
        [],
        "Every required item is confirmed present.",
        id="the department may treat the subd. 2(c) statement as a should",
    ),
]


@pytest.mark.parametrize(
    ("facts", "discipline_required", "status", "missing", "summary"), SCENARIOS
)
def test_contract_verdict(
    facts: dict[str, ItemFact],
    discipline_required: bool,
    status: str,
    missing: list[str],
    summary: str,
) -> None:
    verdict = judge_contract(facts, discipline_statement_required=discipline_required)
    assert verdict.status == status
    assert [f.item.id for f in verdict.missing] == missing
    assert verdict.summary == summary
    assert len(verdict.items) == len(ITEMS)


def test_every_missing_item_gives_its_citation() -> None:
    verdict = judge_contract(all_present(data_practices=ItemFact("data_practices", "missing")))
    (finding,) = verdict.missing
    assert finding.reason == (
        "Missing: the contract must cover this (Model policy IV.H.1; policy 436.3.1(e))."
    )


def test_an_unreviewed_item_says_so_with_its_citation() -> None:
    verdict = judge_contract({})
    finding = next(f for f in verdict.items if f.item.id == "deescalation_resources")
    assert finding.reason == (
        "Not yet reviewed: the contract should cover this "
        "(Model policy IV.A.1.iii; policy 436.3.1)."
    )
    assert [f.item.id for f in verdict.advisories] == ["deescalation_resources"]


def test_a_present_item_names_its_section() -> None:
    verdict = judge_contract(all_present(attire=ItemFact("attire", "present", "section 6.4")))
    finding = next(f for f in verdict.items if f.item.id == "attire")
    assert (finding.status, finding.reason) == ("present", "Present in section 6.4.")
    bare = judge_contract(all_present(attire=ItemFact("attire", "present")))
    assert next(f for f in bare.items if f.item.id == "attire").reason == "Present."


def test_the_discipline_setting_changes_only_that_item() -> None:
    verdict = judge_contract({}, discipline_statement_required=False)
    required = {f.item.id: f.required for f in verdict.items}
    assert required["no_school_discipline"] == "should"
    assert required["attire"] == "must"
    assert "no_school_discipline" in [f.item.id for f in verdict.advisories]
