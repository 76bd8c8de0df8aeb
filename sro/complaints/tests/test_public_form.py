"""The public complaint form: no sign-in, a reference number for a good complaint and nothing
else, spam refused with a message (honeypot, too fast, too old, too many from one address) and
nothing saved, and every error named on its field."""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any

import pytest
import time_machine
from django.core.cache import cache

from conftest import Demo
from sro.audittrail.models import AuditEvent
from sro.complaints import spam
from sro.complaints.models import Complaint

URL = "/public/complaints/new/"
NARRATIVE = "The officer shouted at students in the lunch line for no reason (test)."


@pytest.fixture(autouse=True)
def empty_cache() -> Any:
    """The rate limit lives in the cache: each test starts with none counted."""
    cache.clear()
    yield
    cache.clear()


def _data(demo: Demo, **overrides: Any) -> dict[str, Any]:
    return {
        "agency": str(demo.agency.pk),
        "school": str(demo.high_school.pk),
        "officer_name_given": "Officer Dana",
        "occurred_on": "2026-11-20",
        "narrative": NARRATIVE,
        "complainant_name": "Robin Tester",
        "complainant_email": "robin.tester@example.org",
        "complainant_phone": "",
        "started": spam.issue_token(time.time() - 60),
        **overrides,
    }


def test_the_form_is_public_and_its_honeypot_is_hidden_without_inline_style(
    clients: dict[str, Any],
) -> None:
    page = clients["anonymous"].get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'class="usa-sr-only" aria-hidden="true"' in html
    honeypot = re.search(r'<input [^>]*name="leave_blank"[^>]*>', html)
    assert honeypot is not None
    assert 'tabindex="-1"' in honeypot[0]
    assert 'autocomplete="off"' in honeypot[0]
    assert "style=" not in html
    assert "<script>" not in html
    assert 'name="csrfmiddlewaretoken"' in html
    # The department and the schools served this school year, grouped by department.
    assert "Alexandria Police Department" in html
    assert "Central Lakes High School" in html


def test_a_complaint_gets_a_reference_and_nothing_else_is_shown(
    demo: Demo, clients: dict[str, Any]
) -> None:
    before = Complaint.objects.count()
    page = clients["anonymous"].post(URL, _data(demo))
    assert page.status_code == 200
    html = page.content.decode()
    complaint = Complaint.objects.latest("received_at")
    assert Complaint.objects.count() == before + 1
    assert complaint.reference == "C-2026-0004"  # after the demo's three
    assert "C-2026-0004" in html
    for other in ("C-2026-0001", "C-2026-0002", "C-2026-0003"):
        assert other not in html
    assert NARRATIVE not in html
    assert "Robin Tester" not in html
    assert complaint.status == "received"
    assert complaint.recorded_by is None
    assert complaint.school == demo.high_school
    event = AuditEvent.objects.get(action="complaint.create", target_id=str(complaint.pk))
    assert event.actor is None
    assert event.actor_username == "system"
    assert event.agency_id == demo.agency.pk


def test_an_anonymous_complaint_without_a_school_is_received(
    demo: Demo, clients: dict[str, Any]
) -> None:
    data = _data(
        demo,
        school="",
        officer_name_given="",
        occurred_on="",
        complainant_name="",
        complainant_email="",
    )
    page = clients["anonymous"].post(URL, data)
    assert page.status_code == 200
    complaint = Complaint.objects.latest("received_at")
    assert complaint.school is None
    assert complaint.complainant_name == ""


def _refused(page: Any, message: str, status: int = 422) -> None:
    assert page.status_code == status
    assert message in page.content.decode()


def test_the_honeypot_refuses_and_saves_nothing(demo: Demo, clients: dict[str, Any]) -> None:
    before = Complaint.objects.count()
    page = clients["anonymous"].post(URL, _data(demo, leave_blank="http://spam.example"))
    _refused(page, "a field meant to be left empty was filled in")
    assert Complaint.objects.count() == before


def test_a_form_sent_back_too_fast_is_refused(demo: Demo, clients: dict[str, Any]) -> None:
    client = clients["anonymous"]
    form = client.get(URL).content.decode()
    stamp = re.search(r'name="started" value="([^"]+)"', form)
    assert stamp is not None
    before = Complaint.objects.count()
    _refused(client.post(URL, _data(demo, started=stamp[1])), "faster than a person can fill it in")
    assert Complaint.objects.count() == before


def test_a_form_older_than_a_day_or_tampered_with_is_refused(
    demo: Demo, clients: dict[str, Any]
) -> None:
    client = clients["anonymous"]
    form = client.get(URL).content.decode()
    stamp = re.search(r'name="started" value="([^"]+)"', form)
    assert stamp is not None
    before = Complaint.objects.count()
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(hours=25)):
        _refused(client.post(URL, _data(demo, started=stamp[1])), "open for more than a day")
    _refused(client.post(URL, _data(demo, started=stamp[1] + "x")), "open for more than a day")
    _refused(client.post(URL, _data(demo, started="")), "open for more than a day")
    assert Complaint.objects.count() == before


def test_more_than_five_an_hour_from_one_address_are_refused(
    demo: Demo, clients: dict[str, Any]
) -> None:
    client = clients["anonymous"]
    before = Complaint.objects.count()
    for _ in range(5):
        assert client.post(URL, _data(demo)).status_code == 200
    _refused(client.post(URL, _data(demo)), "More than 5 complaints", status=429)
    assert Complaint.objects.count() == before + 5
    # Another address is not held back, and after the hour the first may send again.
    other = client.post(URL, _data(demo), REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=61)):
        assert client.post(URL, _data(demo)).status_code == 200


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        pytest.param({"narrative": "  "}, "narrative", "Describe what happened.", id="narrative"),
        pytest.param(
            {"agency": ""},
            "agency",
            "Choose the police department the officer works for.",
            id="agency",
        ),
        pytest.param(
            {"narrative": "x" * 5001},
            "narrative",
            "Keep the account of what happened to 5000 characters.",
            id="too long",
        ),
        pytest.param(
            {"occurred_on": "2026-12-25"},
            "occurred_on",
            "The day it happened cannot be in the future.",
            id="future date",
        ),
        pytest.param(
            {"occurred_on": "2026-02-30"},
            "occurred_on",
            "Enter the day it happened as a date, such as 2026-11-20.",
            id="impossible date",
        ),
        pytest.param(
            {"complainant_email": "not-an-address"},
            "complainant_email",
            "Enter an e-mail address such as name@example.com, or leave it blank.",
            id="bad e-mail",
        ),
        pytest.param(
            {"reply_wanted": "on", "complainant_email": "", "complainant_phone": ""},
            "complainant_email",
            "To get a reply, give an e-mail address or a phone number "
            "(or untick “I would like a reply”).",
            id="reply without contact",
        ),
        pytest.param(
            {"school": "other-agency"},
            "school",
            "is not served by Alexandria Police Department.",
            id="school of another department",
        ),
        pytest.param(
            {"school": "00000000-0000-0000-0000-000000000000"},
            "school",
            "Choose one of the schools listed, or leave it blank.",
            id="unknown school",
        ),
    ],
)
def test_bad_input_is_named_on_its_field_and_nothing_is_saved(
    demo: Demo, clients: dict[str, Any], overrides: dict[str, str], field: str, message: str
) -> None:
    if overrides.get("school") == "other-agency":
        # A school the Alexandria department serves, sent with the other department chosen.
        overrides = {"agency": str(demo.other_agency.pk)}
        message = f"{demo.high_school.name} is not served by {demo.other_agency.name}."
    before = Complaint.objects.count()
    page = clients["anonymous"].post(URL, _data(demo, **overrides))
    assert page.status_code == 422
    errors = page.context["form"].errors
    assert any(message in e for e in errors[field]), errors
    html = page.content.decode()
    assert "Nothing was sent" in html
    assert 'aria-invalid="true"' in html
    assert Complaint.objects.count() == before


def test_signed_in_staff_may_use_the_public_form_too(demo: Demo, clients: dict[str, Any]) -> None:
    page = clients["sro"].post(URL, _data(demo))
    assert page.status_code == 200
    assert Complaint.objects.latest("received_at").recorded_by is None


def test_csrf_stays_on(demo: Demo) -> None:
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(URL, _data(demo)).status_code == 403
