"""Start-up settings, the production security check, the `sro` command and the demo data."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SRO = str(Path(sys.executable).with_name("sro"))
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k" * 20 + "-production-test-secret-with-enough-length-0123456789",
    "ALLOWED_HOSTS": "sro.example.org",
}


def run_sro(*args: str, env: dict[str, str] | None = None, stdin: str = "") -> Any:
    # A clean environment: nothing the test session set (the browser tests allow async-unsafe
    # database calls, which the deploy check rightly refuses).
    skip = {"DJANGO_SETTINGS_MODULE", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in skip}
    return subprocess.run(
        [SRO, *args],
        cwd=ROOT,
        env={**base, **(env or {})},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deploy_check(tmp_path: Path) -> None:
    result = run_sro(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={**PRODUCTION, "SRO_DATA_DIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"DEBUG": "maybe"}, "DEBUG='maybe' is not a boolean"),
        ({"DEBUG": "false", "SECRET_KEY": ""}, "SECRET_KEY is not set"),
        ({"DEBUG": "false", "SECRET_KEY": "short"}, "SECRET_KEY must be at least 50"),
        ({**PRODUCTION, "ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS is not set"),
        ({"DEBUG": "true", "TIME_ZONE": "Mars/Olympus"}, "TIME_ZONE='Mars/Olympus'"),
        ({"DEBUG": "true", "EMAIL_PORT": "lots"}, "EMAIL_PORT='lots' is not a whole number"),
        ({"DEBUG": "true", "DATABASE_URL": "mysql://x@y/z"}, "DATABASE_URL must name"),
        (
            {"DEBUG": "true", "SRO_TRUSTED_PROXIES": "127.0.0.1, proxy.local"},
            "SRO_TRUSTED_PROXIES: 'proxy.local' is not an IP address or network",
        ),
        (
            {"DEBUG": "true", "SRO_CLIENT_IP_HEADER": "Forwarded"},
            "SRO_CLIENT_IP_HEADER='Forwarded' must be X-Forwarded-For or X-Real-IP",
        ),
    ],
)
def test_a_bad_setting_stops_start_up_naming_the_variable(
    env: dict[str, str], named: str, tmp_path: Path
) -> None:
    result = run_sro("check", env={**env, "SRO_DATA_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert named in result.stderr


def test_responses_carry_the_security_headers(client: Any) -> None:
    response = client.get("/login/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert len(response["X-Request-ID"]) == 32


def test_sro_demo_loads_once_and_prints_the_log_ins(tmp_path: Path) -> None:
    env = {"DEBUG": "true", "SRO_DATA_DIR": str(tmp_path), "DATABASE_URL": ""}  # a fresh file
    assert run_sro("migrate", "-v0", env=env).returncode == 0
    first = run_sro("demo", "--if-empty", env=env)
    assert first.returncode == 0, first.stderr
    assert "Demo program loaded." in first.stdout
    for username in ("chief", "sergeant", "sro", "records", "principal", "auditor"):
        assert f"  {username} " in first.stdout
    again = run_sro("demo", "--if-empty", env=env)
    assert "not reloaded" in again.stdout
    refused = run_sro("demo", env=env)
    assert refused.returncode != 0
    assert "already has an agency" in refused.stderr


def test_sro_rules_training_needs_no_database(tmp_path: Path) -> None:
    facts = {
        "officers": [
            {
                "id": "C",
                "assignments": [{"role": "sro", "start": "2025-10-01"}],
                "completions": [{"course": "required", "completed_on": "2025-09-15"}],
                "policy_reviews": [{"reviewed_on": "2025-09-20", "policy_version": "2024-11"}],
            }
        ]
    }
    env = {"DATABASE_URL": "postgres://nobody@127.0.0.1:1/none", "SRO_DATA_DIR": str(tmp_path)}
    result = run_sro(
        "rules", "training", "--as-of", "2026-11-28", "-", env=env, stdin=json.dumps(facts)
    )
    assert result.returncode == 0, result.stderr
    verdict = json.loads(result.stdout)["officers"][0]
    assert (verdict["status"], verdict["may_serve"]) == ("compliant", True)
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("day", ["2026-12-04", "2027-09-10", "2029-03-01"])
def test_the_demo_loads_on_any_later_day(db: None, day: str) -> None:
    """`make run` loads the demo on the real clock: an officer whose situation has moved on
    since the demo's date (a substitute past 60 contact days) must not stop it."""
    import time_machine
    from django.core.management import call_command

    from sro.core import demo as demo_data
    from sro.public import releases
    from sro.public.models import PublicRelease
    from sro.roster.models import Assignment

    call_command("flush", "--no-input", verbosity=0)  # inside the test's transaction
    with time_machine.travel(dt.datetime.fromisoformat(f"{day}T15:00:00+00:00"), tick=False):
        demo_data.load(actor=None)
        due = releases.due_years()
    assert Assignment.objects.filter(officer__last_name="Becker").count() == 2
    # The public pages show figures: every year due is published, the demo's 2025-26 among them.
    published = set(PublicRelease.objects.values_list("school_year", flat=True))
    assert published == set(due)
    assert "2025-26" in published
