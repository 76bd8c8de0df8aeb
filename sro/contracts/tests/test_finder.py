"""The clause finder on the sample agreements: passages with locations a reader can find, the
right clause proposed for each item, and "not found" for what an older agreement lacks."""

from __future__ import annotations

import pytest

from sro.contracts.extract import ExtractedDocument, Page, extract
from sro.contracts.finder import (
    EXCERPT_CHARS,
    FOUND_THRESHOLD,
    check,
    excerpt,
    propose,
    split_passages,
)
from sro.contracts.samples import labels, sample_docx, sample_names, sample_pdf, sample_text
from sro.rules.contracts import BY_ID, ITEM_IDS

ALEXANDRIA = "alexandria-district-2026"


def text_doc(name: str) -> ExtractedDocument:
    return extract(sample_text(name).encode(), f"{name}.txt")


def doc_of(text: str) -> ExtractedDocument:
    return ExtractedDocument("text", (Page(1, text),))


def locations(doc: ExtractedDocument) -> list[str]:
    return [passage.location for passage in split_passages(doc)]


def found(doc: ExtractedDocument) -> dict[str, bool]:
    return {result.item: result.found for result in check(doc)}


# --- Passages and locations -----------------------------------------------------------------


def test_each_duty_of_a_numbered_list_is_its_own_passage() -> None:
    passages = {p.location: p.text for p in split_passages(text_doc(ALEXANDRIA))}
    for number in range(1, 8):
        assert passages[f"section 4.2({number})"].startswith(f"({number}) to ")
    assert passages["section 4.2(4)"].startswith("(4) to advise school administrators")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (ALEXANDRIA, ["recital 1", "recital 2", "recital 3", "section 4.3", "section 9.1"]),
        ("cedar-bend-2024", ["section 3.4", "exhibit A, section 4", "exhibit B, section 2"]),
        ("pine-hollow-2019", ["section 2(a)", "section 2(f)", "section 9"]),
        ("north-maple-charter-2021", ["section III(B)(5)", "section V(A)"]),
        ("wolf-lake-2023", ["section 3, item 4", "section 4(A)", "section 5"]),
        ("river-junction-2025", ["recital A", "recital C", "section 2.1(g)", "section 7"]),
        ("granite-ridge-2018", ["paragraph 6", "paragraph 12"]),
    ],
)
def test_locations_follow_the_agreements_own_numbering(name: str, expected: list[str]) -> None:
    assert set(expected) <= set(locations(text_doc(name)))


def test_recitals_are_marked_and_signature_blocks_leave_the_last_section() -> None:
    passages = split_passages(text_doc(ALEXANDRIA))
    recitals = [p for p in passages if p.recital]
    assert [p.location for p in recitals] == ["recital 1", "recital 2", "recital 3"]
    witness = next(p for p in passages if p.text.startswith("IN WITNESS WHEREOF"))
    assert witness.location.startswith("paragraph ")


def test_a_number_that_starts_a_wrapped_line_does_not_start_a_section() -> None:
    doc = ExtractedDocument(
        "pdf",
        (
            Page(
                1,
                "1. DATA PRACTICES\n"
                "1.1 The District may share education records with the SRO as Minnesota "
                "Statutes section\n13.32 and federal law allow, and only for safety.\n"
                "1.2 The SRO may not access the student information system.",
            ),
        ),
    )
    passages = split_passages(doc)
    assert [p.location for p in passages] == ["section 1.1", "section 1.2"]
    assert "13.32 and federal law allow" in passages[0].text
    assert passages[0].text.startswith("1. DATA PRACTICES 1.1")  # the caption joins its clause


def test_pdf_gives_the_same_sections_as_text_and_pages_where_there_are_none() -> None:
    pdf = extract(sample_pdf(ALEXANDRIA), "alexandria.pdf")
    pdf_locations = [loc for loc in locations(pdf) if not loc.startswith("page ")]
    text_locations = [loc for loc in locations(text_doc(ALEXANDRIA)) if "paragraph" not in loc]
    assert pdf_locations == text_locations
    granite = extract(sample_pdf("granite-ridge-2018"), "granite.pdf")
    assert {loc.split()[0] for loc in locations(granite)} == {"page"}


def test_excerpt_is_cut_at_a_word_boundary() -> None:
    long = "The SRO shall wear the uniform. " * 40
    cut = excerpt(long)
    assert len(cut) <= EXCERPT_CHARS
    assert cut.endswith("…")
    assert long.startswith(cut.removesuffix("…"))
    assert long[len(cut) - 1] == " " or cut.removesuffix("…").endswith(".")
    assert excerpt("  a   short\npassage ") == "a short passage"


# --- Proposals on the corpus ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "item", "where"),
    [
        (ALEXANDRIA, "attire", "section 6.1"),
        (ALEXANDRIA, "public_notification", "section 9.1"),
        (ALEXANDRIA, "no_school_discipline", "section 4.3"),
        (ALEXANDRIA, "duty_5_vulnerabilities", "section 4.2(5)"),
        ("cedar-bend-2024", "deescalation_resources", "section 4.3"),
        ("cedar-bend-2024", "duty_4_drills", "exhibit A, section 4"),
        ("cedar-bend-2024", "attire", "section 3.4"),
        ("north-maple-charter-2021", "data_practices", "section V(A)"),
        ("wolf-lake-2023", "no_school_discipline", "section 4(A)"),
        ("wolf-lake-2023", "duty_6_educate", "section 3, item 6"),
        ("lakeview-falls-2022", "selection_role", "section 3.2"),
    ],
)
def test_the_best_proposal_is_the_labelled_clause(name: str, item: str, where: str) -> None:
    best = propose(text_doc(name))[item][0]
    assert best.location == where
    assert best.score >= FOUND_THRESHOLD
    assert best.location in labels()[name][item]


@pytest.mark.parametrize("kind", ["txt", "docx", "pdf"])
def test_the_demo_agreement_has_every_item_but_de_escalation_in_every_format(kind: str) -> None:
    if kind == "docx":
        doc = extract(sample_docx(ALEXANDRIA), "alexandria.docx")
    elif kind == "pdf":
        doc = extract(sample_pdf(ALEXANDRIA), "alexandria.pdf")
    else:
        doc = text_doc(ALEXANDRIA)
    missing = [item for item, present in found(doc).items() if not present]
    assert missing == ["deescalation_resources"]


def test_a_2019_agreement_lacks_the_new_items_and_two_duties() -> None:
    result = found(text_doc("pine-hollow-2019"))
    absent = [
        "duty_4_drills",
        "duty_5_vulnerabilities",
        "attire",
        "selection_role",
        "public_notification",
        "data_practices",
        "deescalation_resources",
        "no_school_discipline",
    ]
    assert [item for item in absent if result[item]] == []
    assert result["duty_1_climate"]
    assert result["duty_7_enforce"]
    assert result["additional_duties"]


def test_look_alikes_are_not_taken_for_the_items() -> None:
    # "assist administrators ... in student discipline" gives discipline to the SRO: the
    # opposite of the subd. 2(c) statement. "Notices" and "notice of termination" are not
    # public notification; "uniform procedures" and "vehicle, uniform and equipment" are not
    # an attire policy; a bare "comply with the Data Practices Act" does not say what
    # education records are shared.
    pine = found(text_doc("pine-hollow-2019"))
    lakeview = found(text_doc("lakeview-falls-2022"))
    north_maple = found(text_doc("north-maple-charter-2021"))
    assert not pine["no_school_discipline"]
    assert not lakeview["no_school_discipline"]
    assert not lakeview["public_notification"]
    assert not pine["attire"]
    assert not north_maple["attire"]
    assert not lakeview["data_practices"]


FILLER = [
    "The term of this Agreement is three school years.",
    "The District pays the City in two installments each year.",
    "Either party may end this Agreement on ninety days' written notice.",
    "Each party is responsible for its own acts and omissions.",
    "The City provides the officer's vehicle, radio and equipment.",
    "The officer works eight hours on each student contact day.",
    "Amendments must be in writing and signed by both parties.",
    "This Agreement is governed by the laws of the State of Minnesota.",
]


def test_a_recital_does_not_outrank_the_operative_duty() -> None:
    proposals = propose(text_doc(ALEXANDRIA))["duty_1_climate"]
    assert proposals[0].location == "section 4.2(1)"
    assert "recital 1" not in [p.location for p in proposals[:1]]
    # The same words as a WHEREAS clause and as a numbered duty: the duty ranks first.
    words = "foster a positive school climate through relationships and open communication."
    sections = [f"{n}. {sentence}" for n, sentence in enumerate(FILLER, start=1)]
    text = "\n\n".join(
        [f"WHEREAS, the parties {words}", "NOW, THEREFORE, the parties agree:", *sections]
        + [f"{len(sections) + 1}. The SRO shall {words}"]
    )
    ranked = propose(doc_of(text))["duty_1_climate"]
    assert [p.location for p in ranked[:2]] == [f"section {len(sections) + 1}", "recital 1"]
    assert ranked[1].score < ranked[0].score


def test_proposals_are_ranked_distinct_and_bounded() -> None:
    proposals = propose(text_doc("cedar-bend-2024"), per_item=3)
    assert list(proposals) == list(ITEM_IDS)
    for item, shown in proposals.items():
        assert 1 <= len(shown) <= 3, item
        assert [p.rank for p in shown] == list(range(1, len(shown) + 1))
        assert len({p.location for p in shown}) == len(shown)
        assert [p.score for p in shown] == sorted((p.score for p in shown), reverse=True)
        for p in shown:
            assert p.item == item
            assert 0.0 <= p.score <= 1.0
            assert p.score == round(p.score, 3)
            assert len(p.excerpt) <= EXCERPT_CHARS


def test_check_reports_every_item_in_order_even_for_a_document_with_nothing() -> None:
    results = check(doc_of("This page intentionally left blank."))
    assert [r.item for r in results] == list(ITEM_IDS)
    assert [r.required for r in results] == [BY_ID[item].required for item in ITEM_IDS]
    assert not any(r.found for r in results)
    assert all(r.score == 0.0 and r.location == "" for r in results)


def test_labels_cover_every_sample_item_and_name_real_locations() -> None:
    truth = labels()
    assert sorted(truth) == sample_names()
    for name in sample_names():
        assert list(truth[name]) == list(ITEM_IDS)
        named = set(locations(text_doc(name)))
        for item, places in truth[name].items():
            assert set(places) <= named, (name, item)


def test_decisions_on_the_whole_corpus_stay_accurate() -> None:
    """A floor, well under the benchmark's figures, so a change that breaks the finder fails."""
    truth = labels()
    right = total = 0
    for name in sample_names():
        for item, present in found(text_doc(name)).items():
            total += 1
            right += present == bool(truth[name][item])
    assert right / total >= 0.95
