"""The complaint form's limit and its single-use stamps hold across application servers: two
gunicorn servers (separate processes, one worker each) on one database, on SQLite and on
PostgreSQL. The count lives in the database, so what one server accepted the other counts."""

from __future__ import annotations

import copy
import secrets
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from django.test import override_settings

from drills.instance import Instance, postgres_answers
from sro.complaints import spam

pytestmark = pytest.mark.once
URL = "/public/complaints/new/"
NEW_AGENCY = (
    "from sro.roster.models import Agency; from sro.roster.services import save_agency; "
    "print(save_agency(Agency(name='Test Police Department', chief_name='Chief Test'), "
    "actor=None).pk)"
)


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "postgres",
            marks=pytest.mark.skipif(not postgres_answers(), reason="no PostgreSQL server"),
        ),
    ]
)
def servers(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[Instance, Instance, str]]:
    """Two servers on one new database, which holds one agency (its id is the third item)."""
    first = Instance(tmp_path, request.param)
    second = copy.copy(first)  # the same database, key and settings; a server of its own
    try:
        first.sro("migrate", "--noinput")
        first.sro("collectstatic", "--noinput")
        agency = first.sro("shell", "--verbosity", "0", "-c", NEW_AGENCY).strip()
        first.start(workers=1)
        second.port, second.server = 0, None
        second.start(workers=1)
        yield first, second, agency
    finally:
        second.stop()
        first.drop()


def _stamp(server: Instance) -> str:
    """A stamp as the form gives it, a minute old by the real clock (the suite's is held)."""
    a_minute_ago = time_machine.escape_hatch.time.time() - 60
    with override_settings(SECRET_KEY=server.env["SECRET_KEY"]), time_machine.travel(a_minute_ago):
        return spam.issue_token()


def _complain(server: Instance, agency: str, stamp: str) -> tuple[int, str]:
    csrf = secrets.token_hex(16)
    body = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": csrf,
            "agency": agency,
            "narrative": "The officer shouted at students in the lunch line (test).",
            "started": stamp,
        }
    ).encode()
    status, page = server.request(
        "POST",
        URL,
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf}",
            "Referer": f"https://127.0.0.1:{server.port}{URL}",
        },
    )
    return status, page.decode()


def test_two_servers_share_one_limit_and_each_stamp_is_used_once(
    servers: tuple[Instance, Instance, str],
) -> None:
    first, second, agency = servers
    stamp = _stamp(first)
    assert _complain(first, agency, stamp)[0] == 200
    # The same stamp sent to the other server: refused there too.
    status, page = _complain(second, agency, stamp)
    assert status == 422
    assert spam.ALREADY_SENT in page
    # Four more, alternating servers, make five from this address; the sixth is refused by
    # either server.
    for server in (second, first, second, first):
        assert _complain(server, agency, _stamp(server))[0] == 200
    for server in (first, second):
        status, page = _complain(server, agency, _stamp(server))
        assert status == 429
        assert "More than 5 complaints" in page
    assert first.query("SELECT count(*) FROM complaints_complaint")[0][0] == 5
