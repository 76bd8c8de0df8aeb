"""`sro force_check`: the daily check of use-of-force oversight, for every agency.

It runs the early-intervention scan (department practice: ``SRO_EARLY_INTERVENTION_REPORTS``
force reports within ``SRO_EARLY_INTERVENTION_DAYS`` days), raising an alert for the chief to
review, and lists the months of the report to the BCA (Minn. Stat. 626.5534) that are due within
the reminder window (``SRO_BCA_REMIND_DAYS`` before ``SRO_BCA_DUE_DAY`` of the next month) or
missing. The agency's chiefs are e-mailed that list on a day something changes: an alert is
raised, a month's reminder window opens, or a month's report becomes missing. So each notice goes
once when the command runs daily.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sro.accounts.models import Membership
from sro.core import clock
from sro.roster.models import Agency, Officer
from sro.use_of_force import oversight


class Command(BaseCommand):
    help = (
        "Raise early-intervention alerts for officers at the department's threshold, and list "
        "the monthly BCA use-of-force reports due soon or missing, e-mailing the chief when "
        "something changes. Run it daily."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", help="The day to act for (YYYY-MM-DD); default today.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List what would be raised and sent; change and send nothing.",
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
        alerts = mails = 0
        for agency in Agency.objects.order_by("name"):
            lines, news, raised = self._check(agency, as_of, dry_run=dry_run)
            alerts += raised
            for line in lines:
                self.stdout.write(f"{agency.name}: {line}")
            if news and lines:
                mails += self._mail(agency, as_of, lines, dry_run=dry_run)
        verb = "would be" if dry_run else "were"
        self.stdout.write(
            f"{alerts} alert{'s' if alerts != 1 else ''} {verb} raised and "
            f"{mails} e-mail{'s' if mails != 1 else ''} {verb} sent for {as_of}."
        )

    def _check(
        self, agency: Agency, as_of: dt.date, *, dry_run: bool
    ) -> tuple[list[str], bool, int]:
        """What to tell the agency's chief, whether any of it is new today, and how many alerts
        were raised."""
        lines: list[str] = []
        raised = oversight.scan(agency, as_of, actor=None, dry_run=dry_run)
        names = Officer.objects.in_bulk([uuid.UUID(a.officer_id) for a in raised])
        for alert in raised:
            officer = names.get(uuid.UUID(alert.officer_id), alert.officer_id)
            verb = "would be raised" if dry_run else "raised"
            lines.append(
                f"Early-intervention alert {verb} for {officer}: {'; '.join(alert.reasons)}."
            )
        news = bool(raised)
        window = dt.timedelta(days=settings.SRO_BCA_REMIND_DAYS)
        for row in reversed(oversight.bca_status(agency.pk, as_of)):
            month, due_on = row.month.month, row.month.due_on
            if row.state == "remind":
                lines.append(f"The BCA report for {month:%B %Y} is due {due_on:%Y-%m-%d}.")
                news = news or as_of == due_on - window
            elif row.state == "missing":
                lines.append(
                    f"The BCA report for {month:%B %Y} is missing: it was due {due_on:%Y-%m-%d}."
                )
                news = news or as_of == due_on + dt.timedelta(days=1)
        return lines, news, len(raised)

    def _mail(self, agency: Agency, as_of: dt.date, lines: list[str], *, dry_run: bool) -> int:
        to = sorted(
            Membership.objects.filter(agency=agency, role="chief", user__is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
        if not to:
            self.stderr.write(f"{agency.name}: no chief with an e-mail address; nothing sent.")
            return 0
        subject = f"Use-of-force oversight for {as_of:%Y-%m-%d}"
        if dry_run:
            self.stdout.write(f"{agency.name}: would e-mail {', '.join(to)}: {subject}")
            return 1
        body = "\n".join(
            [
                f"The daily use-of-force check for {agency.name} on {as_of:%Y-%m-%d}:",
                "",
                *[f"- {line}" for line in lines],
                "",
                "Early intervention is department practice; the monthly report to the Bureau of "
                "Criminal Apprehension is required by Minn. Stat. 626.5534.",
            ]
        )
        EmailMessage(subject=subject, body=body, to=to).send()
        self.stdout.write(f"{agency.name}: e-mailed {', '.join(to)}: {subject}")
        return 1
