"""The retention run (Minn. Stat. 138.17: only under the agency's adopted schedule): nothing is
removed while no period is set; a due referral loses the student's identity and a due incident
its people's identities and narrative, keeping what the figures need; a legal hold keeps a
record; a dry run changes nothing; the run is all or nothing; each removal is an audit event
naming its schedule item."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from conftest import Demo
from sro.activity.models import SupportReferral
from sro.audittrail.models import AuditEvent
from sro.incidents.models import Incident, IncidentPerson, NarrativeVersion
from sro.records import services
from sro.records.schedule import REMOVED

LATER = dt.date(2030, 7, 1)  # after the 2026-27 school year plus three years


def _run(*args: str) -> str:
    out = StringIO()
    call_command("retention", *args, stdout=out)
    return out.getvalue()


def test_nothing_is_removed_while_no_period_is_set(demo: Demo) -> None:
    assert "Removed 0 record(s)" in _run("run", "--as-of", "2099-01-01")
    assert SupportReferral.objects.filter(identity_removed_at__isnull=False).count() == 0


@override_settings(SRO_SUPPORT_REFERRAL_RETENTION_YEARS=3, SRO_INCIDENT_RETENTION_YEARS=3)
def test_the_run_removes_identities_and_keeps_the_figures(demo: Demo) -> None:
    referral = SupportReferral.objects.get(last_name="Example")
    incident = Incident.objects.filter(people__isnull=False).order_by("occurred_at")[0]
    people = list(incident.people.order_by("position"))
    dispositions = [p.disposition for p in people]
    assert "Would remove" in _run("run", "--as-of", str(LATER), "--dry-run")
    referral.refresh_from_db()
    assert referral.last_name == "Example"  # the dry run changed nothing

    output = _run("run", "--as-of", str(LATER))
    assert f"activity.supportreferral {referral.pk}: removed" in output
    referral.refresh_from_db()
    assert (referral.first_name, referral.reason) == ("Removed", REMOVED)
    assert referral.identity_removed_at is not None
    assert referral.service  # what the figures need stays
    assert referral.activity.students is not None
    incident.refresh_from_db()
    assert incident.identities_removed_at is not None
    assert incident.narrative in {"", REMOVED}
    assert not NarrativeVersion.objects.filter(incident=incident).exclude(text=REMOVED).exists()
    after = list(incident.people.order_by("position"))
    assert [p.first_name for p in after] == ["Person"] * len(after)
    assert all(p.date_of_birth is None and p.phone == "" for p in after)
    assert [p.disposition for p in after] == dispositions
    event = AuditEvent.objects.get(action="retention.remove", target_id=str(referral.pk))
    assert "support_referral" in event.reason
    assert "Example" not in str(event.old_values) + str(event.new_values)
    assert AuditEvent.objects.filter(action="retention.run").exists()


@override_settings(SRO_SUPPORT_REFERRAL_RETENTION_YEARS=3)
def test_a_legal_hold_keeps_the_record(demo: Demo) -> None:
    referral = SupportReferral.objects.get(last_name="Example")
    out = StringIO()
    call_command(
        "retention",
        "hold",
        "activity.supportreferral",
        str(referral.pk),
        "--reason",
        "Data request 2027-04 being answered.",
        stdout=out,
    )
    output = _run("run", "--as-of", str(LATER))
    assert "held, kept" in output
    referral.refresh_from_db()
    assert referral.last_name == "Example"
    hold_id = out.getvalue().split()[1]
    _run("release", hold_id, "--reason", "Request answered.")
    _run("run", "--as-of", str(LATER))
    referral.refresh_from_db()
    assert referral.last_name == "Removed"


@override_settings(SRO_SUPPORT_REFERRAL_RETENTION_YEARS=3, SRO_INCIDENT_RETENTION_YEARS=3)
def test_the_run_is_all_or_nothing(demo: Demo, monkeypatch: Any) -> None:
    def broken(*args: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setitem(services.REMOVERS, "incident", broken)
    with pytest.raises(RuntimeError):
        services.run_retention(actor=None, as_of=LATER, dry_run=False)
    assert not SupportReferral.objects.filter(identity_removed_at__isnull=False).exists()
    assert not IncidentPerson.objects.filter(first_name="Person").exists()


def test_bad_input_is_refused_with_a_message(demo: Demo) -> None:
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        _run("run", "--as-of", "next tuesday")
    with pytest.raises(CommandError, match="Choose one of"):
        _run("hold", "roster.officer", "x", "--reason", "r")
    with pytest.raises(CommandError, match="No activity.supportreferral has the id"):
        _run("hold", "activity.supportreferral", "not-an-id", "--reason", "r")
    with pytest.raises(CommandError, match="No open hold"):
        _run("release", "00000000-0000-0000-0000-000000000000", "--reason", "r")
