"""Shared fixtures: the demo program and one signed-in client per persona."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.test import Client

# Tests run on a fixed day so that "current assignment" and due dates never drift.
TODAY = dt.datetime(2026, 11, 28, 15, 0, tzinfo=dt.UTC)

PERSONAS = [
    "chief",
    "sergeant",
    "sro",
    "records",
    "principal",
    "auditor",
    "state",
    "outsider",
    "norole",
]


@dataclass
class Demo:
    agency: Any
    other_agency: Any
    schools: dict[str, Any]
    officers: dict[str, Any]
    users: dict[str, Any]

    @property
    def high_school(self) -> Any:
        return self.schools["Central Lakes High School"]


@pytest.fixture(autouse=True)
def fixed_today() -> Any:
    with time_machine.travel(TODAY, tick=True):
        yield


OTHER_AGENCY = "Other County Sheriff"


def _load_demo() -> None:
    """The demo program, plus a second agency (the outsider's) to prove isolation, on TODAY."""
    from sro.accounts.models import Role, User
    from sro.accounts.second_factor import enrol_known_key
    from sro.accounts.services import create_member
    from sro.core import demo as demo_data
    from sro.roster.models import Agency
    from sro.roster.services import save_agency

    with time_machine.travel(TODAY, tick=False):
        demo_data.load(actor=None)
        other = save_agency(Agency(name=OTHER_AGENCY, chief_name="Sheriff Example"), actor=None)
        outsider = create_member(
            actor=None,
            username="outsider",
            password=demo_data.DEMO_PASSWORD,
            role=Role.CHIEF,
            agency=other,
        )
        norole = User.objects.create_user(username="norole", password=demo_data.DEMO_PASSWORD)
        for user in (outsider, norole):
            enrol_known_key(user, demo_data.DEMO_TOTP_KEY, actor=None)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """Load the demo once per test database: each test runs in a transaction that is rolled
    back, so every test starts from the same demo. (Loading it per test cost a second each.)"""
    with django_db_blocker.unblock():
        _load_demo()


@pytest.fixture
def demo(db: None) -> Demo:
    """The demo program and the other agency. A transactional test (the browser tests) empties
    the database when it ends, so the demo is loaded again when it is missing."""
    from sro.accounts.models import User
    from sro.roster.models import Agency, Officer
    from sro.schools.models import School

    if not Agency.objects.filter(name=OTHER_AGENCY).exists():
        _load_demo()
    agencies = {a.name: a for a in Agency.objects.all()}
    other = agencies.pop(OTHER_AGENCY)
    (agency,) = agencies.values()
    return Demo(
        agency=agency,
        other_agency=other,
        schools={s.name: s for s in School.objects.all()},
        officers={o.last_name: o for o in Officer.objects.all()},
        users={u.username: u for u in User.objects.all()},
    )


@pytest.fixture
def clients(demo: Demo) -> dict[str, Client]:
    """A logged-in Django test client per persona, and `anonymous`."""
    result: dict[str, Client] = {"anonymous": Client()}
    for name in PERSONAS:
        result[name] = signed_in(demo.users[name])
    return result


def verify_second_factor(client: Client, user: Any) -> None:
    """Mark the client's session as having passed the second factor, as the verify page does
    (the demo accounts and `enrol_known_key` give every test user an authenticator)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from sro.accounts.second_factor import enrol_known_key
    from sro.core.demo import DEMO_TOTP_KEY

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = enrol_known_key(user, DEMO_TOTP_KEY, actor=None)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def current_code() -> str:
    """The demo authenticator's code now (every test account shares the demo key)."""
    import binascii

    from django_otp.oath import totp

    from sro.core.demo import DEMO_TOTP_KEY

    return f"{totp(binascii.unhexlify(DEMO_TOTP_KEY)):06d}"


def signed_in(user: Any) -> Client:
    """A test client signed in as ``user`` with the second factor verified."""
    client = Client()
    client.force_login(user)
    verify_second_factor(client, user)
    return client
