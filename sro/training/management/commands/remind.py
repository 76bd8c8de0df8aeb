"""`sro remind`: send the day's training, refresher and policy-review reminders. Run daily."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sro.core import clock
from sro.training import reminders


class Command(BaseCommand):
    help = (
        "E-mail each officer and their sergeant 60, 30 and 7 days before a training, refresher "
        "or policy-review date, and once it has passed; each notice once. Run it daily."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", help="The day to act for (YYYY-MM-DD); default today.")
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be sent; send nothing."
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
        planned = reminders.plan(as_of)
        sent = 0
        for reminder in planned:
            if not reminder.recipients:
                self.stderr.write(
                    f"No e-mail address for {reminder.officer.full_name}: "
                    f"{reminder.subject} not sent."
                )
                continue
            if not options["dry_run"]:
                reminders.send(reminder, actor=None)
            sent += 1
            self.stdout.write(
                f"{'Would send' if options['dry_run'] else 'Sent'}: "
                f"{reminder.subject} to {', '.join(reminder.recipients)}"
            )
        verb = "would be sent" if options["dry_run"] else "sent"
        self.stdout.write(f"{sent} reminder{'s' if sent != 1 else ''} {verb} for {as_of}.")
