"""A PostgreSQL outage under a running application server: while the database does not answer,
every request fails fast with a clear 503 (a page for people, JSON for scripts, Retry-After for
both); when it answers again, requests succeed without restarting anything.

The outage is a TCP proxy between gunicorn and the PostgreSQL server, cut and restored, so the
server the other tests share keeps running."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from drills.proxy import Proxy

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent
SERVER = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/x").rsplit("/", 1)[0]


def _server_answers() -> bool:
    try:
        psycopg.connect(f"{SERVER}/postgres", connect_timeout=3).close()
    except psycopg.Error:
        return False
    return True


pytestmark = [
    pytest.mark.once,
    pytest.mark.skipif(not _server_answers(), reason=f"no PostgreSQL server answers at {SERVER}"),
]


def _get(url: str, **headers: str) -> tuple[int, dict[str, str], str, float]:
    started = time.monotonic()
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback only
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            status, head, body = response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        status, head, body = error.code, dict(error.headers), error.read()
    return status, head, body.decode(), time.monotonic() - started


@pytest.fixture
def app(tmp_path: Path) -> Iterator[tuple[str, Proxy]]:
    host, port = SERVER.rsplit("@", 1)[-1].split(":")
    name = f"sro_outage_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    proxy = Proxy((host, int(port)))
    proxy.up()
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{proxy.port}/{name}",
        "SRO_DATA_DIR": str(tmp_path),
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "CRITICAL",
    }
    subprocess.run(  # noqa: S603 - our own console script
        [str(BIN / "sro"), "migrate", "--noinput"],
        env=env,
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        web = s.getsockname()[1]
    server = subprocess.Popen(  # noqa: S603
        [str(BIN / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{web}", "config.wsgi"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{web}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                _get(f"{base}/healthz")
                break
            except OSError:
                time.sleep(0.3)
        yield base, proxy
    finally:
        server.terminate()
        server.wait(timeout=30)
        proxy.down()
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_an_outage_answers_503_fast_and_recovery_needs_no_restart(
    app: tuple[str, Proxy],
) -> None:
    base, proxy = app
    token = {"Authorization": "Bearer sro_not-a-real-token"}
    session = {"Cookie": "sessionid=abcdefghijklmnopqrstuvwxyz012345"}
    assert _get(f"{base}/healthz")[0] == 200
    assert _get(f"{base}/api/v1/officers", **token)[0] == 401  # the token was looked up

    proxy.down()
    for _ in range(4):  # both workers, with and without a connection to lose
        status, head, body, took = _get(f"{base}/healthz")
        assert (status, head.get("Retry-After"), took < 5) == (503, "10", True), body
        status, head, body, took = _get(f"{base}/api/v1/officers", **token)
        assert (status, head.get("Retry-After"), took < 5) == (503, "10", True), body
        assert "The database is unavailable for a moment; nothing was saved." in body
        status, head, body, took = _get(f"{base}/home/", **session)
        assert (status, took < 5) == (503, True)
        assert "The records system is unavailable for a moment" in body

    proxy.up()
    deadline = time.monotonic() + 10
    while _get(f"{base}/healthz")[0] != 200:
        assert time.monotonic() < deadline, "not back 10 s after the database"
        time.sleep(0.2)
    for _ in range(4):
        assert _get(f"{base}/api/v1/officers", **token)[0] == 401
        assert _get(f"{base}/healthz")[0] == 200
