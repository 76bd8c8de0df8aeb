"""One SRO instance for a drill: a data folder, a database (SQLite there, or a throw-away
PostgreSQL database), the demo, and gunicorn in production settings on 127.0.0.1 that the drill
can start, kill and restart. Used by the drills in this folder and by their quick versions in
the test suite."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG_SERVER = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/x").rsplit("/", 1)[0]
HTTPS = {"X-Forwarded-Proto": "https"}  # as the reverse proxy says
# One backup key for every instance of a run, so one instance restores another's backups.
BACKUP_KEY = secrets.token_urlsafe(32)


def postgres_answers() -> bool:
    try:
        import psycopg

        psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3).close()
    except Exception:
        return False
    return True


class Instance:
    def __init__(self, folder: Path, database: str, *, production: bool = True) -> None:
        self.folder = folder
        self.database = database
        self.pg_name = ""
        self.env = {
            k: v
            for k, v in os.environ.items()
            if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        }
        self.env |= {
            "SRO_DATA_DIR": str(folder),
            "DEBUG": "false" if production else "true",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_PROXY_SSL_HEADER": "true",
            "LOG_LEVEL": "CRITICAL",
            "SRO_BACKUP_KEY": BACKUP_KEY,
        }
        self.production = production
        if database == "postgres":
            import psycopg

            # Its own database, owned by its own login role (not a superuser), as in
            # production: `sro restore` refuses a superuser.
            self.pg_name = f"sro_drill_{uuid.uuid4().hex[:10]}"
            password = secrets.token_hex(16)
            with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
                admin.execute(f"CREATE ROLE \"{self.pg_name}\" LOGIN PASSWORD '{password}'")
                admin.execute(f'CREATE DATABASE "{self.pg_name}" OWNER "{self.pg_name}"')
            host = PG_SERVER.split("://", 1)[-1].rsplit("@", 1)[-1]
            self.env["DATABASE_URL"] = f"postgres://{self.pg_name}:{password}@{host}/{self.pg_name}"
        self.port = 0
        self.server: subprocess.Popen[bytes] | None = None
        self.sessions: dict[str, list[str]] = {}
        self.sro_token = ""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def sro(self, *args: str) -> str:
        done = subprocess.run(  # noqa: S603 - our own console script
            [str(BIN / "sro"), *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"sro {' '.join(args)}: {done.stdout}{done.stderr}")
        return done.stdout

    def prepare(self, sessions_per_user: int = 2, users: tuple[str, ...] = ("chief",)) -> None:
        """Migrate, load the demo, collect the static files, sign the users in."""
        self.sro("migrate", "--noinput")
        self.sro("demo")
        if self.production:
            self.sro("collectstatic", "--noinput")
        out = self.folder / "sign-in.json"
        subprocess.run(  # noqa: S603
            [
                sys.executable,
                "-m",
                "drills.signin",
                str(out),
                ",".join(users),
                str(sessions_per_user),
            ],
            env={**self.env, "DJANGO_SETTINGS_MODULE": "config.settings"},
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        signed = json.loads(out.read_text())
        self.sessions, self.sro_token = signed["sessions"], signed["sro_token"]

    def start(self, workers: int = 3) -> None:
        if not self.port:
            with socket.socket() as s:
                s.bind(("127.0.0.1", 0))
                self.port = s.getsockname()[1]
        self.server = subprocess.Popen(  # noqa: S603
            [
                str(BIN / "gunicorn"),
                "--workers",
                str(workers),
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "60",
                "config.wsgi",
            ],
            env=self.env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group, so a kill takes every worker
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                if self.get("/healthz")[0] == 200:
                    return
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def kill(self) -> None:
        """SIGKILL the server and every worker: no clean-up runs, as in a power cut of the
        application server (the database server keeps running)."""
        if self.server is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.server.pid, signal.SIGKILL)
            self.server.wait()
            self.server = None

    def stop(self) -> None:
        if self.server is not None:
            self.server.terminate()
            self.server.wait(timeout=30)
            self.server = None

    def drop(self) -> None:
        self.kill()
        if self.pg_name:
            import psycopg

            with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')
                admin.execute(f'DROP ROLE IF EXISTS "{self.pg_name}"')

    def get(self, path: str, **headers: str) -> tuple[int, bytes]:
        return self.request("GET", path, headers=headers)

    def request(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        timeout: float = 30,
    ) -> tuple[int, bytes]:
        """One request; raises OSError when the server is gone before it answers."""
        request = urllib.request.Request(  # noqa: S310 - loopback only
            f"{self.url}{path}", data=body, method=method, headers={**HTTPS, **(headers or {})}
        )
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=timeout) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def request_with_location(
        self, method: str, path: str, **kwargs: Any
    ) -> tuple[int, bytes, str]:
        """As `request`, with the Location header of a redirect."""
        request = urllib.request.Request(  # noqa: S310 - loopback only
            f"{self.url}{path}",
            data=kwargs.get("body"),
            method=method,
            headers={**HTTPS, **(kwargs.get("headers") or {})},
        )
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=kwargs.get("timeout", 30)) as response:
                return response.status, response.read(), response.headers.get("Location", "")
        except urllib.error.HTTPError as error:
            return error.code, error.read(), error.headers.get("Location", "")

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        if self.pg_name:
            import psycopg

            with psycopg.connect(self.env["DATABASE_URL"]) as pg:
                return [tuple(r) for r in pg.execute(sql).fetchall()]
        lite = sqlite3.connect(self.folder / "sro.sqlite3")
        # The functions Django gives SQLite, which constraints and indexes may name.
        from django.db.backends.sqlite3._functions import register

        register(lite)
        try:
            return lite.execute(sql).fetchall()
        finally:
            lite.close()

    def integrity(self) -> str:
        """The database's own check: SQLite's integrity and foreign-key checks; on
        PostgreSQL every table read through and every foreign key still matching."""
        if not self.pg_name:
            result = self.query("PRAGMA integrity_check")[0][0]
            broken = self.query("PRAGMA foreign_key_check")
            return "ok" if result == "ok" and not broken else f"{result}; {broken[:3]}"
        tables = [
            r[0] for r in self.query("SELECT tablename FROM pg_tables WHERE schemaname='public'")
        ]
        for table in tables:
            self.query(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - names from the catalogue
        invalid = self.query("SELECT conname FROM pg_constraint WHERE NOT convalidated")
        return "ok" if not invalid else f"constraints not valid: {invalid}"

    def form_headers(self, session: str) -> dict[str, str]:
        """A signed-in browser's headers for a form post: the session, and a CSRF secret in
        both the cookie and the header, as the page's script would send."""
        csrf = secrets.token_hex(16)
        return {
            "Cookie": f"sessionid={session}; csrftoken={csrf}",
            "X-CSRFToken": csrf,
            "Referer": f"https://127.0.0.1:{self.port}/",
        }


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def multipart(field: str, filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = secrets.token_hex(16)
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
            f'filename="{filename}"\r\nContent-Type: text/csv\r\n\r\n'
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"
