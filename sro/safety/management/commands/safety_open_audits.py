"""`sro safety_open_audits`: a new school year opens the next security audit. Run it daily.

Every active school with no audit open or in progress gets one when its next audit may begin:
the first day of the school year after the one its last completed audit fell in, or at once when
the school was never audited or its audit is overdue (policy 436.3; the rules are in
``sro/rules/safety.py``). Each audit opened is written to the audit trail as the system's act.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from sro.core import clock
from sro.roster.commands import agencies_named
from sro.roster.models import Agency
from sro.safety import services


class Command(BaseCommand):
    help = (
        "Open the next security audit of every school whose new school year has begun, or that "
        "was never audited or is overdue (policy 436.3). Run it daily."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", help="The day to act for (YYYY-MM-DD); default today.")
        parser.add_argument(
            "--agency", help="Only this agency (its name or id); default every agency."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be opened; open nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = clock.today()
        if options["as_of"]:
            try:
                as_of = dt.date.fromisoformat(options["as_of"])
            except ValueError:
                raise CommandError(
                    f"--as-of {options['as_of']!r} is not a date: write it as YYYY-MM-DD."
                ) from None
        dry_run: bool = options["dry_run"]
        total = 0
        for agency in agencies_named(options["agency"]):
            for name, year, due_on in self._open(agency, as_of, dry_run=dry_run):
                verb = "would open" if dry_run else "opened"
                self.stdout.write(
                    f"{agency.name}: {verb} the {year} audit of {name}, due by {due_on:%Y-%m-%d}."
                )
                total += 1
        noun = "audit" if total == 1 else "audits"
        verb = "would be" if dry_run else ("was" if total == 1 else "were")
        self.stdout.write(f"{total} {noun} {verb} opened for {as_of}.")

    def _open(
        self, agency: Agency, as_of: dt.date, *, dry_run: bool
    ) -> list[tuple[str, str, dt.date]]:
        """The audits opened (school, school year, due by); a dry run opens them in a
        transaction it then rolls back, so it lists exactly what a real run would open."""
        try:
            with transaction.atomic():
                opened = [
                    (a.school.name, a.school_year, a.due_on)
                    for a in services.open_due_audits(actor=None, as_of=as_of, agency=agency)
                ]
                if dry_run:
                    raise _RollBack(opened)
        except _RollBack as rolled_back:
            opened = rolled_back.opened
        except ValueError as refused:  # an --as-of before an audit already completed
            raise CommandError(f"{agency.name}: {refused}") from None
        return opened


class _RollBack(Exception):
    def __init__(self, opened: list[tuple[str, str, dt.date]]) -> None:
        super().__init__("dry run")
        self.opened = opened
