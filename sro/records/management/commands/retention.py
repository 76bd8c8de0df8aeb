"""`sro retention run [--as-of DATE] [--dry-run]`: remove what the retention schedule makes due
(run daily), all or nothing, each removal in the audit trail with its schedule item.
`sro retention hold TYPE ID --reason TEXT` and `sro retention release HOLD_ID --reason TEXT`:
legal holds, which the run never touches."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sro.core import clock
from sro.records import services
from sro.records.models import LegalHold


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"--as-of: write the date as YYYY-MM-DD, not {text!r}.") from error


class Command(BaseCommand):
    help = "Run the retention schedule, or place or release a legal hold."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run", help="Remove what the schedule makes due.")
        run.add_argument("--as-of", default="", help="The day to run for (default today).")
        run.add_argument("--dry-run", action="store_true", help="List, change nothing.")
        hold = sub.add_parser("hold", help="Place a legal hold on a record.")
        hold.add_argument("record_type", help="activity.supportreferral or incidents.incident")
        hold.add_argument("record_id")
        hold.add_argument("--reason", required=True)
        release = sub.add_parser("release", help="Release a legal hold.")
        release.add_argument("hold_id")
        release.add_argument("--reason", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error

    def _run(self, options: dict[str, Any]) -> None:
        as_of = _date(options["as_of"]) if options["as_of"] else clock.today()
        dry = options["dry_run"]
        removals = services.run_retention(actor=None, as_of=as_of, dry_run=dry)
        for r in removals:
            state = "held, kept" if r.held else ("would remove" if dry else "removed")
            self.stdout.write(
                f"{r.item.record_type} {r.record.pk}: {state} (due {r.due_on}, {r.item.code})"
            )
        done = sum(not r.held for r in removals)
        verb = "Would remove" if dry else "Removed"
        held = sum(r.held for r in removals)
        self.stdout.write(f"{verb} {done} record(s); {held} under a legal hold kept.")

    def _hold(self, options: dict[str, Any]) -> None:
        hold = services.place_hold(
            options["record_type"],
            options["record_id"],
            actor=None,
            reason=options["reason"],
        )
        self.stdout.write(f"Hold {hold.pk} placed on {hold.record_type} {hold.record_id}.")

    def _release(self, options: dict[str, Any]) -> None:
        hold = LegalHold.objects.filter(pk=options["hold_id"], released_at__isnull=True).first()
        if hold is None:
            raise CommandError(f"No open hold has the id {options['hold_id']!r}.")
        services.release_hold(hold, actor=None, reason=options["reason"])
        self.stdout.write(f"Hold {hold.pk} released.")
