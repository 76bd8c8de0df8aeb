"""`sro scheduled JOB`: run a daily job under its lock (`sro/core/locks.py`), so that the same
timer on several application servers runs it once: a server that finds the lock held, or the
job already finished today (`ScheduledRun`), skips it and exits 0. docs/deploy.md lists the
timers. To run a job again the same day, run its own command (`sro remind`, …)."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from sro.core import clock
from sro.core.locks import job_lock
from sro.core.models import ScheduledRun

# The job's name -> the command (and arguments) it runs, with when to run it.
JOBS: dict[str, tuple[list[str], str]] = {
    "reminders": (["remind"], "daily: training, refresher and policy-review reminders"),
    "expire-accounts": (["accounts", "expire"], "daily: disable accounts unused for 90 days"),
    "retention": (["retention", "run"], "daily: destroy records past their retention period"),
    "open-audits": (["safety_open_audits"], "daily: open each school's annual security audit"),
    "force-check": (["force_check"], "daily: force reports overdue, alerts, the state report"),
    "public-releases": (
        ["public_releases"],
        "daily: publish each school year's public figures once, when they are due",
    ),
}


class Command(BaseCommand):
    help = "Run a periodic job once across all servers: " + "; ".join(
        f"{name} ({when})" for name, (_, when) in JOBS.items()
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("job", choices=sorted(JOBS))

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["job"]
        command, _ = JOBS[name]
        with job_lock(name) as held:
            if not held:
                self.stdout.write(f"{name} is already running on another server; skipped.")
                return
            today = clock.today()
            if ScheduledRun.objects.filter(job=name, day__gte=today).exists():
                self.stdout.write(f"{name} already ran today ({today}); skipped.")
                return
            call_command(*command, stdout=self.stdout, stderr=self.stderr)
            ScheduledRun.objects.update_or_create(
                job=name, defaults={"day": today, "finished_at": timezone.now()}
            )
