"""The activity services on the demo program (today 2026-11-28): defaults from the kind, the
clause (4)/(5) refusal for a restricted officer (Minn. Stat. 626.8482, subd. 3), referrals saved
with their activity or not at all and kept out of the audit trail by value, bulk logging."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from conftest import Demo
from sro.activity import services
from sro.activity.models import Activity, SupportReferral
from sro.audittrail.models import AuditEvent
from sro.audittrail.services import PRIVATE_VALUE

TODAY = dt.date(2026, 11, 28)


def _activity(demo: Demo, officer: str = "Lindqvist", **fields: Any) -> Activity:
    values: dict[str, Any] = {
        "officer": demo.officers[officer],
        "school": demo.high_school,
        "on": dt.date(2026, 11, 25),
        "kind": "positive_contact",
        "students": 12,
        "minutes": 0,
    }
    values.update(fields)
    return Activity(**values)


def _referral(**fields: Any) -> SupportReferral:
    values = {
        "first_name": "Robin",
        "last_name": "Unlikelyname",
        "grade": "10",
        "service": "counselor",
        "provider": "School counseling office",
        "reason": "Asked for help after a fight at home.",
    }
    values.update(fields)
    return SupportReferral(**values)


def test_the_clause_and_length_default_from_the_kind(demo: Demo) -> None:
    activity = services.log_activity(_activity(demo), actor=demo.users["sro"], as_of=TODAY)
    assert (activity.clause, activity.minutes) == (1, 10)
    assert activity.logged_by == demo.users["sro"]
    event = AuditEvent.objects.get(action="activity.create", target_id=str(activity.pk))
    assert event.new_values["clause"] == 1
    assert event.school_id == demo.high_school.pk


def test_the_officer_may_choose_another_clause(demo: Demo) -> None:
    activity = _activity(demo, kind="staff_consultation", clause=3, minutes=25)
    services.log_activity(activity, actor=demo.users["sro"], as_of=TODAY)
    activity.refresh_from_db()
    assert (activity.clause, activity.minutes) == (3, 25)


@pytest.mark.parametrize(
    ("kind", "clause"),
    [("drill_advice", None), ("vulnerability_walk", None), ("drill_advice", 1), ("mentoring", 5)],
)
def test_a_restricted_officer_cannot_log_clause_four_or_five_work(
    demo: Demo, kind: str, clause: int | None
) -> None:
    # Marcus Okafor is in the training grace period: restricted from clauses (4) and (5).
    activity = _activity(demo, "Okafor", kind=kind, clause=clause, school=None)
    with pytest.raises(ValidationError) as refused:
        services.log_activity(activity, actor=demo.users["sergeant"], as_of=TODAY)
    text = " ".join(refused.value.messages)
    assert "cannot be logged as their own work" in text
    assert "subd. 3" in text
    assert not Activity.objects.filter(officer=demo.officers["Okafor"], clause__in=[4, 5]).exists()


def test_a_restricted_officer_logs_the_other_duties(demo: Demo) -> None:
    activity = _activity(demo, "Okafor", kind="liaison_meeting", school=None)
    services.log_activity(activity, actor=demo.users["sergeant"], as_of=TODAY)
    assert activity.clause == 3


def test_an_officer_not_restricted_logs_drill_advice(demo: Demo) -> None:
    activity = _activity(demo, kind="drill_advice", students=0)
    services.log_activity(activity, actor=demo.users["sro"], as_of=TODAY)
    assert activity.clause == 4


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"on": dt.date(2026, 11, 29)}, "on", "future"),
        ({"kind": "class_taught", "grade": "10"}, "topic", "topic"),
        ({"kind": "class_taught", "topic": "Online safety"}, "grade", "grade"),
        ({"kind": "support_referral"}, "kind", "referral form"),
        ({"students": 6000}, "students", "5000"),
    ],
)
def test_bad_input_is_refused_on_its_field(
    demo: Demo, fields: dict[str, Any], field: str, words: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.log_activity(_activity(demo, **fields), actor=demo.users["sro"], as_of=TODAY)
    assert field in refused.value.message_dict
    assert words in " ".join(refused.value.message_dict[field])


def test_a_school_of_another_agency_is_refused(demo: Demo) -> None:
    from sro.schools.models import EducationAgency, School
    from sro.schools.services import save_education_agency, save_school

    lea = save_education_agency(
        EducationAgency(agency=demo.other_agency, name="Elsewhere ISD", kind="district"),
        actor=None,
    )
    elsewhere = save_school(School(education_agency=lea, name="Elsewhere High"), actor=None)
    with pytest.raises(ValidationError) as refused:
        services.log_activity(
            _activity(demo, school=elsewhere), actor=demo.users["sro"], as_of=TODAY
        )
    assert "school" in refused.value.message_dict


def test_a_class_takes_its_topic_from_the_lesson(demo: Demo) -> None:
    lesson = demo.agency.lessons.get(title="Online safety and sharing images")
    activity = _activity(demo, kind="class_taught", lesson=lesson, grade="9", students=27)
    services.log_activity(activity, actor=demo.users["sro"], as_of=TODAY)
    assert (activity.topic, activity.clause) == (lesson.title, 6)


def test_other_kinds_drop_the_class_fields(demo: Demo) -> None:
    activity = _activity(demo, topic="Left over", grade="9")
    services.log_activity(activity, actor=demo.users["sro"], as_of=TODAY)
    assert (activity.topic, activity.grade) == ("", "")


def test_a_referral_is_saved_with_its_activity_and_never_names_the_student_in_the_trail(
    demo: Demo,
) -> None:
    activity = _activity(demo, minutes=0)
    referral = services.record_referral(activity, _referral(), actor=demo.users["sro"], as_of=TODAY)
    assert activity.kind == "support_referral"
    assert activity.minutes == 20
    assert referral.retain_until is None  # no retention period set: nothing marked
    events = AuditEvent.objects.filter(target_id__in=[str(referral.pk), str(activity.pk)])
    assert {e.action for e in events} == {"activity.create", "support_referral.create"}
    event = events.get(action="support_referral.create")
    assert event.new_values["first_name"] == PRIVATE_VALUE
    assert event.new_values["reason"] == PRIVATE_VALUE
    everything = " ".join(str(e.new_values) + e.target_label for e in AuditEvent.objects.all())
    assert "Unlikelyname" not in everything
    assert "fight at home" not in everything


@override_settings(SRO_SUPPORT_REFERRAL_RETENTION_YEARS=3)
def test_a_referral_is_kept_for_the_agency_period_after_its_school_year(demo: Demo) -> None:
    referral = services.record_referral(
        _activity(demo), _referral(), actor=demo.users["sro"], as_of=TODAY
    )
    assert referral.retain_until == dt.date(2030, 6, 30)


def test_a_bad_referral_saves_nothing(demo: Demo) -> None:
    before = Activity.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.record_referral(
            _activity(demo), _referral(first_name=""), actor=demo.users["sro"], as_of=TODAY
        )
    assert "first_name" in refused.value.message_dict
    assert Activity.objects.count() == before


def test_a_referral_needs_the_school(demo: Demo) -> None:
    with pytest.raises(ValidationError) as refused:
        services.record_referral(
            _activity(demo, school=None), _referral(), actor=demo.users["sro"], as_of=TODAY
        )
    assert "school" in refused.value.message_dict


def test_the_school_acknowledges_once(demo: Demo) -> None:
    referral = SupportReferral.objects.get(last_name="Example")
    services.acknowledge_referral(referral, actor=demo.users["principal"], note="Seen by Ms. K.")
    assert referral.acknowledged_by == demo.users["principal"]
    with pytest.raises(ValidationError, match="already acknowledged"):
        services.acknowledge_referral(referral, actor=demo.users["principal"], note="")


def test_an_activity_with_a_referral_is_not_removed_and_keeps_its_kind(demo: Demo) -> None:
    referral = SupportReferral.objects.get(last_name="Example")
    with pytest.raises(ValidationError, match="retention schedule"):
        services.remove_activity(referral.activity, actor=demo.users["sergeant"])
    activity = referral.activity
    activity.kind = "mentoring"
    with pytest.raises(ValidationError, match="referral to support"):
        services.log_activity(activity, actor=demo.users["sergeant"], as_of=TODAY)


def test_removing_an_activity_is_in_the_trail(demo: Demo) -> None:
    activity = services.log_activity(_activity(demo), actor=demo.users["sro"], as_of=TODAY)
    pk = activity.pk
    services.remove_activity(activity, actor=demo.users["sro"])
    assert not Activity.objects.filter(pk=pk).exists()
    assert AuditEvent.objects.filter(action="activity.remove", target_id=str(pk)).exists()


def test_bulk_logging_is_all_or_nothing_with_an_event_each(demo: Demo) -> None:
    before = Activity.objects.count()
    good = [_activity(demo), _activity(demo, kind="patrol")]
    bad = _activity(demo, "Okafor", kind="vulnerability_walk", school=None)
    with pytest.raises(ValidationError):
        services.log_activities([*good, bad], actor=demo.users["sergeant"], as_of=TODAY)
    assert Activity.objects.count() == before
    fresh = [_activity(demo), _activity(demo, kind="patrol")]
    assert services.log_activities(fresh, actor=demo.users["sergeant"], as_of=TODAY) == 2
    assert Activity.objects.count() == before + 2
    for activity in fresh:
        event = AuditEvent.objects.get(action="activity.create", target_id=str(activity.pk))
        assert event.actor == demo.users["sergeant"]
        assert event.new_values["kind"] == activity.kind
