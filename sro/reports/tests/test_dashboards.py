"""The home pages' charts and due dates, each figure checked against the demo's records."""

from __future__ import annotations

import datetime as dt

from django.test import Client

from conftest import Demo
from sro.core.charts import grouped_bar_chart
from sro.use_of_force.models import ForceReport


def test_the_chief_sees_training_referrals_and_force_at_a_glance(
    clients: dict[str, Client], demo: Demo
) -> None:
    context = clients["chief"].get("/home/").context
    training = context["training_chart"]
    assert sum(b.value for b in training.bars) == 8  # officers on assignment on 2026-11-28
    assert {b.label for b in training.bars} >= {"Compliant", "Grace period", "Training overdue"}
    referrals = context["referrals_chart"].description
    assert "Sep 2026: 1 referral, 0 arrests" in referrals  # the phone taken from a locker
    assert "Oct 2026: 0 referrals, 1 arrest" in referrals  # the threat at the charter school
    force = context["force_chart"].description
    october = ForceReport.objects.filter(occurred_at__month=10).count()
    assert f"Oct 2026: {october} uses of force, 1 prone restraint" in force
    assert context["complaints_open"] == 2  # the demo's: one received, one under review
    html = clients["chief"].get("/home/").content.decode()
    assert html.count('class="sro-chart__svg"') == 3
    assert "2 complaints open" in html
    assert "sro-chart__legend" in html


def test_the_sergeant_sees_what_comes_due(clients: dict[str, Client]) -> None:
    context = clients["sergeant"].get("/home/").context
    items = context["due_items"]
    whats = [i.what for i in items]
    assert any(w.startswith("State use-of-force report for October 2026") for w in whats)
    assert any(w.startswith("Audit recommendation, Runestone Middle School") for w in whats)
    days = [i.due_on or dt.date.min for i in items]  # never done: owed now, listed first
    assert days == sorted(days)
    assert any(i.overdue for i in items)
    assert "Overdue since" in clients["sergeant"].get("/home/").content.decode()


def test_the_principal_sees_their_schools_only(clients: dict[str, Client]) -> None:
    context = clients["principal"].get("/home/").context
    assert "Sep 2026: 1" in context["school_referrals_chart"].description
    recommendations = context["recommendations_chart"]
    assert [g.label for g in recommendations.groups] == ["Central Lakes High School"]
    assert "Central Lakes High School: 3 open, 1 closed" in recommendations.description


def test_other_roles_get_no_dashboard_charts(clients: dict[str, Client]) -> None:
    for persona in ("sro", "records", "auditor"):
        context = clients[persona].get("/home/").context
        assert "training_chart" not in context
        assert "due_items" not in context


def test_a_grouped_chart_scales_every_series_together() -> None:
    chart = grouped_bar_chart("t", ["A", "B"], [("Xs", "x", [4, 2]), ("Ys", "y", [1, 0])])
    widths = [[b.bar_width for b in g.bars] for g in chart.groups]
    assert widths[0][0] != widths[1][0]
    assert chart.groups[1].bars[1].bar_width == "0.00%"
    assert chart.description == "A: 4 xs, 1 y; B: 2 xs, 0 ys"
    assert grouped_bar_chart("t", [], []).description == "No figures."
