"""Shared helpers for the activity tests: a signed-in SRO account for an officer."""

from __future__ import annotations

from typing import Any

from django.test import Client

from conftest import Demo, signed_in
from sro.accounts.models import Role
from sro.accounts.services import create_member
from sro.core.demo import DEMO_PASSWORD
from sro.roster.services import save_officer


def officer_client(demo: Demo, last_name: str) -> tuple[Client, Any]:
    """A client signed in as an SRO account linked to the demo officer ``last_name``."""
    officer = demo.officers[last_name]
    user = create_member(
        actor=demo.users["chief"],
        username=f"sro-{last_name.lower()}",
        password=DEMO_PASSWORD,
        role=Role.SRO,
        agency=demo.agency,
    )
    officer.user = user
    save_officer(officer, actor=demo.users["chief"])
    return signed_in(user), user
