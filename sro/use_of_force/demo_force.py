"""Demo force reports (fictional people) that raise every flag, in every review state, with a
report under the duty to intercede filed on time and one missing, and BCA months submitted,
zero-reported and missing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sro.accounts.models import User
from sro.core import clock
from sro.incidents.models import IncidentPerson
from sro.roster.models import Officer
from sro.use_of_force import services
from sro.use_of_force.force_types import ensure_default_force_types
from sro.use_of_force.models import BcaSubmission, ForceReport, ForceType, InterventionReport
from sro.use_of_force.oversight import scan


def _at(y: int, m: int, d: int, hh: int, mm: int) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=clock.agency_zone())


def _person(summary: str, first: str) -> IncidentPerson:
    return IncidentPerson.objects.select_related("incident").get(
        incident__summary=summary, first_name=first
    )


def _report(
    person: IncidentPerson,
    officer: Officer,
    writer: User,
    types: list[str],
    **fields: Any,
) -> ForceReport:
    report = ForceReport(
        incident=person.incident,
        subject=person,
        officer=officer,
        occurred_at=fields.pop("occurred_at", person.incident.occurred_at),
        **fields,
    )
    used = ForceType.objects.filter(code__in=types)
    return services.save_report(report, actor=writer, force_used=list(used))


def load_force(*, officers: dict[str, Officer], users: dict[str, User]) -> None:
    ensure_default_force_types(actor=users["chief"])
    sro, sergeant, chief = users["sro"], users["sergeant"], users["chief"]
    lindqvist, solberg = officers["Lindqvist"], officers["Solberg"]
    assessed = {"condition_assessed": True, "aid_rendered": True, "injury": "none"}

    # 1. The arrest at the charter school: a takedown, handcuffs and a prone restraint of
    # three minutes (flagged: any prone restraint, and longer than the highlight).
    leo = _person("Threat to bring a weapon to school", "Leo")
    arrest = _report(
        leo,
        solberg,
        sergeant,
        ["takedown", "handcuffs"],
        deescalation=["empathetic", "time_for_decisions"],
        considerations={"applied": ["threat", "weapons", "resisting"], "note": ""},
        education_plan_known=False,
        condition_assessed=True,
        aid_rendered=True,
        aid_by="Officer Solberg and the school nurse",
        injury="minor",
        injury_description="A scraped elbow, cleaned by the nurse.",
        prone_start=_at(2026, 10, 14, 13, 24),
        prone_end=_at(2026, 10, 14, 13, 27),
        restored_at=_at(2026, 10, 14, 13, 27),
        narrative="Leo Marsh pulled away when told he was under arrest and reached for his "
        "backpack. I took him to the floor and handcuffed him face down, then sat him up.",
    )
    services.submit_report(arrest, actor=sergeant)

    # 2. Vaping, a school-rules matter: an escort hold with no de-escalation recorded
    # (flagged: force to enforce school rules, subd. 2(c); no de-escalation).
    eli = _person("Vaping in a restroom", "Eli")
    vaping = _report(
        eli,
        lindqvist,
        sro,
        ["escort"],
        education_plan_known=False,
        aid_by="Officer Lindqvist",
        narrative="I walked Eli Sand to the office holding his arm when he would not go.",
        **assessed,
    )
    services.submit_report(vaping, actor=sro)

    # 3. The cafeteria fight: a neck restraint without a deadly-force justification and no
    # assessment of the student afterwards (flagged); returned by the sergeant.
    jonah = _person("Fight in the cafeteria", "Jonah")
    neck = _report(
        jonah,
        lindqvist,
        sro,
        ["choke-hold"],
        deescalation=["nonverbal"],
        education_plan_known=False,
        condition_assessed=False,
        injury="none",
        narrative="I pulled Jonah Evers off the other student with an arm around his neck.",
    )
    services.submit_report(neck, actor=sro)
    services.review_report(
        neck,
        actor=sergeant,
        level="sergeant",
        approve=False,
        comment="A neck restraint is allowed only where deadly force is: explain, and record "
        "whether you checked on him afterwards.",
    )

    # 4. The other student in the fight: a takedown that broke his wrist (serious bodily
    # injury: on the month's BCA report); approved by the sergeant and the chief.
    marcus = _person("Fight in the cafeteria", "Marcus")
    wrist = _report(
        marcus,
        lindqvist,
        sro,
        ["takedown"],
        deescalation=["empathetic", "personal_space", "time_for_decisions"],
        considerations={"applied": ["threat", "conduct"], "note": ""},
        education_plan_known=True,
        education_plan_considered=True,
        education_plan_note="His 504 plan: extra time to respond to directions.",
        condition_assessed=True,
        aid_rendered=True,
        aid_by="Officer Lindqvist; paramedics",
        injury="serious",
        injury_description="A broken left wrist.",
        narrative="Marcus Tveit kept punching after two warnings; I took him to the floor.",
    )
    services.submit_report(wrist, actor=sro)
    services.review_report(wrist, actor=sergeant, level="sergeant", approve=True, comment="")
    services.review_report(wrist, actor=chief, level="chief", approve=True, comment="")
    _interventions(officers, users)
    _bca(users, lindqvist.agency_id)
    # Dana Lindqvist's three reports since October reach the early-intervention threshold.
    scan(lindqvist.agency, clock.today(), actor=chief)


def _interventions(officers: dict[str, Officer], users: dict[str, User]) -> None:
    """Dana Lindqvist reported the neck restraint she saw a patrol officer use (on time); Marcus
    Okafor's report of force he saw at a game is missing."""
    agency_id = officers["Lindqvist"].agency_id
    on_time = InterventionReport(
        agency_id=agency_id,
        reporting_officer=officers["Lindqvist"],
        observed_at=_at(2026, 10, 2, 12, 10),
        observed_officer="A patrol officer who came to help (fictional)",
        statement="The officer kept a knee on the student's back after he was handcuffed.",
        reported_at=_at(2026, 10, 3, 8, 30),
    )
    services.save_intervention(on_time, actor=users["sro"])
    missing = InterventionReport(
        agency_id=agency_id,
        reporting_officer=officers["Okafor"],
        observed_at=_at(2026, 11, 20, 19, 45),
        observed_officer="A security guard at the basketball game (fictional)",
    )
    services.save_intervention(missing, actor=users["sergeant"])


# July to September 2026 had no reportable force: zero reports, with the day each went to the
# BCA and its (fictional) reference. September's went weeks after its due date: it shows late.
DEMO_BCA = (
    (dt.date(2026, 7, 1), dt.date(2026, 8, 6), "UOF-2026-07-0193", ""),
    (dt.date(2026, 8, 1), dt.date(2026, 9, 9), "UOF-2026-08-0211", ""),
    (
        dt.date(2026, 9, 1),
        dt.date(2026, 11, 20),
        "",
        "Sent late by e-mail while the BCA's portal was down; the BCA gave no reference.",
    ),
)


def _bca(users: dict[str, User], agency_id: Any) -> None:
    """July to September 2026: zero reports (September's late). October (the broken wrist)
    is not yet submitted."""
    for month, sent_on, reference, note in DEMO_BCA:
        services.record_bca_submission(
            BcaSubmission(
                agency_id=agency_id,
                month=month,
                zero_report=True,
                sent_on=sent_on,
                reference=reference,
                note=note,
            ),
            actor=users["chief"],
        )
