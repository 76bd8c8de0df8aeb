"""The public complaint form: no sign-in, a reference number for a good complaint and nothing
else, spam refused with a message (honeypot, too fast, too old, a stamp sent twice, too many
from one address, counted for every process alike and by the address a trusted proxy names)
and nothing saved, and every error named on its field."""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.db import OperationalError, connection
from django.test import override_settings

from conftest import Demo
from sro.audittrail.models import AuditEvent
from sro.complaints import spam
from sro.complaints.models import Complaint
from sro.core import locks

URL = "/public/complaints/new/"
NARRATIVE = "The officer shouted at students in the lunch line for no reason (test)."


@pytest.fixture(autouse=True)
def empty_cache() -> Any:
    """The limit and the used stamps are in the database (rolled back after each test); the
    cache is emptied as well, so that nothing a test leaves in this process's memory counts."""
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


# --- Counted for every process and server; the client's address from a trusted proxy only ----


def test_the_limit_holds_across_processes_that_share_no_memory(
    demo: Demo, clients: dict[str, Any]
) -> None:
    """Two gunicorn workers (or servers) share the database and nothing else: two clients, and
    the process's cache emptied before every request, as if each request met another worker."""
    from django.test import Client

    first, second = Client(), Client()
    before = Complaint.objects.count()
    for number in range(5):
        cache.clear()
        assert (first if number % 2 else second).post(URL, _data(demo)).status_code == 200
    for client in (first, second):
        cache.clear()
        _refused(client.post(URL, _data(demo)), "More than 5 complaints", status=429)
    assert Complaint.objects.count() == before + 5


def test_a_stamp_is_used_once(demo: Demo, clients: dict[str, Any]) -> None:
    client = clients["anonymous"]
    data = _data(demo)
    before = Complaint.objects.count()
    assert client.post(URL, data).status_code == 200
    cache.clear()  # the stamp is remembered in the database, not in this process
    again = client.post(URL, data)
    _refused(again, "This form was already sent; reload the page to send another complaint.")
    assert Complaint.objects.count() == before + 1
    # The page that refuses it carries a fresh stamp, which is accepted.
    fresh = re.search(r'name="started" value="([^"]+)"', again.content.decode())
    assert fresh is not None
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=10)):
        assert client.post(URL, {**data, "started": fresh[1]}).status_code == 200
    assert Complaint.objects.count() == before + 2


def test_a_forged_forwarded_header_is_ignored_without_a_trusted_proxy(
    demo: Demo, clients: dict[str, Any]
) -> None:
    client = clients["anonymous"]
    for number in range(5):
        forged = f"198.51.100.{number + 1}"
        page = client.post(URL, _data(demo), HTTP_X_FORWARDED_FOR=forged, HTTP_X_REAL_IP=forged)
        assert page.status_code == 200
    page = client.post(URL, _data(demo), HTTP_X_FORWARDED_FOR="198.51.100.9")
    _refused(page, "More than 5 complaints", status=429)


@override_settings(SRO_TRUSTED_PROXIES=["127.0.0.1"])
def test_behind_a_trusted_proxy_one_flood_locks_out_only_its_sender(
    demo: Demo, clients: dict[str, Any]
) -> None:
    """Every request arrives from the proxy (127.0.0.1); the proxy's header names the sender."""
    client = clients["anonymous"]
    flooder = {"HTTP_X_FORWARDED_FOR": "198.51.100.1"}
    for _ in range(5):
        assert client.post(URL, _data(demo), **flooder).status_code == 200
    _refused(client.post(URL, _data(demo), **flooder), "More than 5 complaints", status=429)
    # A client's own forged hop before the proxy's does not help it either.
    forged = {"HTTP_X_FORWARDED_FOR": "203.0.113.50, 198.51.100.1"}
    _refused(client.post(URL, _data(demo), **forged), "More than 5 complaints", status=429)
    # Everyone else behind the same proxy is still heard.
    for neighbour in ("198.51.100.2", "203.0.113.7"):
        page = client.post(URL, _data(demo), HTTP_X_FORWARDED_FOR=neighbour)
        assert page.status_code == 200


def test_addresses_of_one_ipv6_network_share_the_limit(demo: Demo, clients: dict[str, Any]) -> None:
    """An IPv6 subscriber gets a whole /64: counting single addresses would not hold it back."""
    client = clients["anonymous"]
    for number in range(5):
        page = client.post(URL, _data(demo), REMOTE_ADDR=f"2001:db8:0:1::{number + 1}")
        assert page.status_code == 200
    page = client.post(URL, _data(demo), REMOTE_ADDR="2001:db8:0:1:ffff::9")
    _refused(page, "More than 5 complaints", status=429)
    assert client.post(URL, _data(demo), REMOTE_ADDR="2001:db8:0:2::1").status_code == 200


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite's transactions always take turns"
)
def test_two_complaints_from_one_address_at_once_take_turns(
    demo: Demo, clients: dict[str, Any]
) -> None:
    """Another server holds the address's lock (it is counting a complaint from the address):
    this request waits for it rather than count at the same moment (here, it gives up waiting
    after a moment, so the test needs no second thread). Another address does not wait."""
    import psycopg

    params = connection.settings_dict
    other_server = psycopg.connect(
        dbname=params["NAME"],
        host=params["HOST"] or "localhost",
        port=params["PORT"] or 5432,
        user=params["USER"],
        password=params["PASSWORD"] or None,
        autocommit=True,
    )
    key = locks._key(f"complaints.sent:{spam.limit_key('198.51.100.1')}", "sro-row")
    other_server.execute("SELECT pg_advisory_lock(%s)", (key,))
    try:
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '200ms'")
        with pytest.raises(OperationalError, match="lock timeout"):
            clients["anonymous"].post(URL, _data(demo), REMOTE_ADDR="198.51.100.1")
        page = clients["anonymous"].post(URL, _data(demo), REMOTE_ADDR="198.51.100.2")
        assert page.status_code == 200
    finally:
        other_server.close()
