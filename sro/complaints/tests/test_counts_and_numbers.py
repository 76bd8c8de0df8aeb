"""The public counts of a school year from known complaints, the reference numbers (per agency
and year, the next after the highest, a collision retried), and no complaint detail on the
public pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from conftest import Demo
from sro.complaints import services
from sro.complaints.models import Complaint, Outcome
from sro.complaints.queries import public_counts
from sro.core import clock


def _received(agency: Any, day: dt.date, actor: Any = None) -> Complaint:
    return services.submit_complaint(
        Complaint(agency=agency, narrative="Test complaint."),
        actor=actor,
        received_at=dt.datetime.combine(day, dt.time(12), tzinfo=clock.agency_zone()),
    )


def _closed(agency: Any, day: dt.date, outcome: str, chief: Any) -> Complaint:
    complaint = _received(agency, day)
    services.start_review(complaint, actor=chief)
    return services.close_complaint(complaint, actor=chief, outcome=outcome, outcome_on=day)


def test_public_counts_of_the_demo(demo: Demo) -> None:
    counts = public_counts(demo.agency.pk, "2026-27")
    assert counts.school_year == "2026-27"
    assert counts.received == 3
    assert counts.closed == 1
    assert counts.outcome("Not sustained") == 1
    assert [label for label, _ in counts.outcomes] == [
        "Sustained",
        "Not sustained",
        "Exonerated",
        "Unfounded",
        "Policy failure",
        "Withdrawn",
        "Resolved informally",
    ]
    assert sum(n for _, n in counts.outcomes) == counts.closed


def test_public_counts_take_only_the_school_year_and_the_agency(demo: Demo) -> None:
    chief = demo.users["chief"]
    _closed(demo.agency, dt.date(2026, 7, 1), Outcome.SUSTAINED, chief)  # first day of 2026-27
    _closed(demo.agency, dt.date(2026, 11, 2), Outcome.SUSTAINED, chief)
    _closed(demo.agency, dt.date(2026, 6, 30), Outcome.EXONERATED, chief)  # 2025-26
    _received(demo.other_agency, dt.date(2026, 9, 1))
    counts = public_counts(demo.agency.pk, "2026-27")
    assert (counts.received, counts.closed) == (5, 3)
    assert counts.outcome("Sustained") == 2
    assert counts.outcome("Exonerated") == 0
    last_year = public_counts(demo.agency.pk, "2025-26")
    assert (last_year.received, last_year.closed) == (1, 1)
    assert last_year.outcome("Exonerated") == 1
    assert public_counts(demo.other_agency.pk, "2026-27").received == 1
    with pytest.raises(ValueError, match="school year"):
        public_counts(demo.agency.pk, "2026")


def test_references_run_per_agency_and_year(demo: Demo) -> None:
    assert _received(demo.agency, dt.date(2026, 11, 1)).reference == "C-2026-0004"
    assert _received(demo.agency, dt.date(2025, 12, 1)).reference == "C-2025-0001"
    assert _received(demo.other_agency, dt.date(2026, 11, 1)).reference == "C-2026-0001"


def test_a_reference_drawn_twice_takes_the_next(
    demo: Demo, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = services._next_reference
    drawn: list[str] = []

    def stale_first(complaint: Complaint) -> str:
        # The first draw returns a taken number, as a second sender saving at once would see.
        reference = "C-2026-0001" if not drawn else real(complaint)
        drawn.append(reference)
        return reference

    monkeypatch.setattr(services, "_next_reference", stale_first)
    complaint = _received(demo.agency, dt.date(2026, 11, 1))
    assert drawn == ["C-2026-0001", "C-2026-0004"]
    assert complaint.reference == "C-2026-0004"
    assert Complaint.objects.filter(reference="C-2026-0004").count() == 1


def test_the_tenth_thousand_sorts_after_the_ninth(demo: Demo) -> None:
    from sro.audittrail.guard import unaudited_writes

    last = Complaint.objects.get(reference="C-2026-0003")
    with unaudited_writes("a high number without writing 9,997 complaints"):
        Complaint.objects.filter(pk=last.pk).update(reference="C-2026-9999")
    assert _received(demo.agency, dt.date(2026, 11, 1)).reference == "C-2026-10000"
    assert _received(demo.agency, dt.date(2026, 11, 1)).reference == "C-2026-10001"


def test_a_school_outside_the_agency_is_refused(demo: Demo) -> None:
    from django.core.exceptions import ValidationError

    from sro.schools.models import EducationAgency, School
    from sro.schools.services import save_education_agency, save_school

    lea = save_education_agency(
        EducationAgency(agency=demo.other_agency, name="Other district", kind="district"),
        actor=None,
    )
    elsewhere = save_school(
        School(education_agency=lea, name="Elsewhere High", level="secondary"), actor=None
    )
    with pytest.raises(ValidationError) as refused:
        services.submit_complaint(
            Complaint(agency=demo.agency, school=elsewhere, narrative="Test."), actor=None
        )
    assert "school" in refused.value.error_dict


def test_no_complaint_detail_on_the_public_pages(demo: Demo, clients: dict[str, Any]) -> None:
    for url in ("/public/", "/public/transparency/", f"/public/schools/{demo.high_school.pk}/"):
        html = clients["anonymous"].get(url).content.decode()
        for text in ("football game", "Pat Example", "pat.example@example.org", "C-2026-000"):
            assert text not in html, (url, text)
