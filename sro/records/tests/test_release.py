"""The release copy of a demo incident for each kind of requester: what each classification
lets out, with the law named on every withheld part, and the PDF records staff review."""

from __future__ import annotations

import io

from pypdf import PdfReader

from conftest import Demo
from sro.audittrail.guard import unaudited_writes
from sro.incidents.models import Incident, IncidentPerson
from sro.records.release import release_copy, release_pdf
from sro.rules.data_practices import Requester


def _arrested() -> IncidentPerson:
    return IncidentPerson.objects.select_related("incident").get(disposition="custodial_arrest")


def test_the_public_gets_the_facts_and_an_arrested_juveniles_age_and_sex_only(
    demo: Demo,
) -> None:
    person = _arrested()
    copy = release_copy(person.incident, Requester.PUBLIC)
    assert all(p.decision.release for p in copy.facts)  # 13.82, subd. 6
    assert not copy.narrative.decision.release  # active: 13.82, subd. 7
    assert "13.82, subd. 7" in copy.narrative.decision.citation
    mine = next(p for p in copy.people if p.label == person.label)
    name, age_sex, details, education = mine.parts
    assert not name.decision.release
    assert "260B.171, subd. 5" in name.decision.citation
    assert age_sex.decision.release
    assert "13.82, subd. 2(j)" in age_sex.decision.citation
    assert not details.decision.release
    assert not education.decision.release
    assert "34 CFR 99.33" in education.decision.citation


def test_the_student_and_their_parent_get_the_students_own_data(demo: Demo) -> None:
    person = _arrested()
    for requester in (Requester.SUBJECT, Requester.PARENT):
        copy = release_copy(person.incident, requester, about=person)
        mine = next(p for p in copy.people if p.label == person.label)
        name, _, details, education = mine.parts
        assert name.decision.release
        assert person.last_name in name.shown
        assert details.decision.release
        assert not education.decision.release  # the school's records: ask the school
        others = [p for p in copy.people if p.label != person.label]
        assert all(not p.parts[0].decision.release for p in others)
        assert not copy.narrative.decision.release


def test_a_minors_request_to_withhold_keeps_the_parent_out(demo: Demo) -> None:
    person = _arrested()
    copy = release_copy(person.incident, Requester.PARENT, about=person, minor_withheld=True)
    name = next(p for p in copy.people if p.label == person.label).parts[0]
    assert not name.decision.release
    assert "1205.0500" in name.decision.citation


def test_an_inactive_investigation_still_protects_the_juveniles(demo: Demo) -> None:
    incident = _arrested().incident
    with unaudited_writes("a closed case for the test"):
        Incident.objects.filter(pk=incident.pk).update(investigation_active=False)
    incident.refresh_from_db()
    copy = release_copy(incident, Requester.PUBLIC)
    assert not copy.narrative.decision.release
    assert "260B.171" in copy.narrative.decision.citation


def test_the_pdf_names_no_withheld_value(demo: Demo) -> None:
    person = _arrested()
    copy = release_copy(person.incident, Requester.PUBLIC)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(release_pdf(copy))).pages)
    assert person.incident.number in text
    assert "Withheld" in text
    assert person.last_name not in text
    assert copy.withheld > 0


def test_an_education_record_from_the_school_is_tagged_and_never_released(demo: Demo) -> None:
    import datetime as dt

    import pytest
    from django.core.exceptions import ValidationError

    from sro.records.models import EducationRecord
    from sro.records.services import record_education_record

    incident = _arrested().incident
    record = EducationRecord(
        incident=incident,
        school=incident.school,
        purpose="Coordinating a referral to school authorities or a support service",
        received_on=dt.date(2026, 11, 21),
        description="Behaviour intervention plan, two pages",
    )
    record.purpose = "Curiosity"
    with pytest.raises(ValidationError, match="purpose the school's contract lists"):
        record_education_record(record, actor=demo.users["sro"])
    record.purpose = "Coordinating a referral to school authorities or a support service"
    record_education_record(record, actor=demo.users["sro"])
    for requester in Requester:
        copy = release_copy(incident, requester, about=_arrested())
        (part,) = copy.education
        assert not part.decision.release
        assert "34 CFR 99.33" in part.decision.citation
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(release_pdf(copy))).pages)
    assert "Behaviour intervention plan" not in text
    assert "Education records from the school" in text
