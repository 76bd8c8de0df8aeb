"""The demo's contract reviews: a pre-2024 charter agreement reviewed by hand with items missing,
and the district agreement uploaded, with the clause finder's proposals partly confirmed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sro.contracts import services
from sro.contracts.extract import extract
from sro.contracts.finder import propose
from sro.contracts.models import ChangeKind, ContractChange, Decision
from sro.contracts.samples import labels, sample_docx

DEMO_AGREEMENT = "alexandria-district-2026"

# The charter school's 2023 agreement, read by the chief: what it covers and where.
CHARTER_FINDINGS = {
    "duty_1_climate": ("present", "section 3.1(a)"),
    "duty_2_protect": ("present", "section 3.1(b)"),
    "duty_3_liaison": ("present", "section 3.1(c)"),
    "duty_4_drills": ("missing", ""),
    "duty_5_vulnerabilities": ("missing", ""),
    "duty_6_educate": ("present", "section 3.1(d)"),
    "duty_7_enforce": ("present", "section 3.1(e)"),
    "attire": ("missing", ""),
    "selection_role": ("present", "section 5.2"),
    "public_notification": ("missing", ""),
    "data_practices": ("missing", ""),
    "deescalation_resources": ("missing", ""),
    "additional_duties": ("present", "section 4"),
    "no_school_discipline": ("missing", ""),
}

# Items of the district agreement the demo leaves for a person to confirm or reject.
LEFT_TO_CONFIRM = {"no_school_discipline", "additional_duties"}


def load_contract_reviews(*, district: Any, charter: Any, chief: Any) -> None:
    for item, (status, section) in CHARTER_FINDINGS.items():
        services.set_item(
            charter,
            item,
            actor=chief,
            status=status,
            section=section,
            note="Read from the signed 2023 agreement." if status == "present" else "",
        )
    services.record_change(
        ContractChange(
            contract=district,
            kind=ChangeKind.AMENDMENT,
            effective_on=dt.date(2024, 8, 1),
            signed_on=dt.date(2024, 7, 16),
            start_date=district.start_date,
            end_date=district.end_date,
            summary="Restated agreement adding the contents required since 2024: attire, the "
            "district's role in selection, public notification and data practices.",
        ),
        actor=chief,
    )
    content = sample_docx(DEMO_AGREEMENT)
    name = "alexandria-sro-agreement-restated-2024.docx"
    extracted = extract(content, name)
    found = propose(extracted)
    document = services.add_document(
        district,
        actor=chief,
        kind="agreement",
        name=name,
        content=content,
        text=extracted.text,
        pages=len(extracted.pages),
        proposals=[
            (item, p.rank, p.score, p.excerpt, p.location)
            for item, proposals in found.items()
            for p in proposals
        ],
    )
    truth = labels()[DEMO_AGREEMENT]
    for proposal in document.proposals.filter(decision=Decision.PROPOSED).order_by("item", "rank"):
        if proposal.item in LEFT_TO_CONFIRM:
            continue
        if district.items.filter(item=proposal.item).exists():
            continue
        if proposal.location in truth.get(proposal.item, []):
            services.decide_proposal(proposal, actor=chief, confirm=True)
    services.set_item(
        district,
        "deescalation_resources",
        actor=chief,
        status="missing",
        note="Ask the district to add how the SRO learns of its crisis team.",
    )
