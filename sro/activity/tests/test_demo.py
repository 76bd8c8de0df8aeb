"""The demo month: every demo SRO has a realistic mix of work in November 2026."""

from __future__ import annotations

from django.db.models import Count, Sum

from conftest import Demo
from sro.activity.demo_activity import SROS
from sro.activity.models import Activity, SupportReferral


def test_each_demo_sro_has_a_month_of_varied_work(demo: Demo) -> None:
    for last in SROS:
        month = Activity.objects.filter(officer=demo.officers[last], on__month=11)
        kinds = set(month.values_list("kind", flat=True))
        clauses = set(month.values_list("clause", flat=True))
        assert month.count() >= 40, last
        assert {"patrol", "positive_contact", "class_taught", "liaison_meeting"} <= kinds, last
        assert {1, 2, 3, 6} <= clauses, last
        hours = month.aggregate(m=Sum("minutes"))["m"] / 60
        assert 40 <= hours <= 160, (last, hours)  # much of a month of school days
        assert SupportReferral.objects.filter(activity__officer=demo.officers[last]).exists()


def test_the_restricted_officer_logged_no_clause_four_or_five_work(demo: Demo) -> None:
    by_clause = dict(
        Activity.objects.filter(officer=demo.officers["Okafor"])
        .values_list("clause")
        .annotate(n=Count("id"))
    )
    assert 4 not in by_clause
    assert 5 not in by_clause
    assert Activity.objects.filter(officer=demo.officers["Lindqvist"], clause=4).exists()


def test_some_referrals_are_acknowledged_and_some_wait(demo: Demo) -> None:
    assert SupportReferral.objects.filter(acknowledged_at__isnull=False).count() == 1
    assert SupportReferral.objects.filter(acknowledged_at__isnull=True).count() == 6
    assert SupportReferral.objects.filter(instead_of_justice=True).count() == 3
