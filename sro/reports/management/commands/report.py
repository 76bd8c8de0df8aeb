"""`sro report annual --school-year 2025-26 --format pdf|csv|html [--agency NAME] [--output FILE]`:
the annual program report (sro/reports/annual.py). Without --output, CSV and HTML go to standard
output; a PDF needs --output."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sro.audittrail.services import note_export
from sro.core import dates
from sro.reports import render as rendering
from sro.reports.annual import annual_report
from sro.roster.models import Agency


def _agency(name: str) -> Agency:
    agencies = list(Agency.objects.order_by("name"))
    if name:
        found = [a for a in agencies if a.name.lower() == name.lower() or str(a.pk) == name]
        if not found:
            known = ", ".join(a.name for a in agencies) or "none"
            raise CommandError(f"--agency: no agency {name!r}; the agencies are: {known}.")
        return found[0]
    if len(agencies) != 1:
        known = ", ".join(a.name for a in agencies) or "none yet"
        raise CommandError(f"--agency: name the agency (the agencies are: {known}).")
    return agencies[0]


class Command(BaseCommand):
    help = "Write a report: `sro report annual --school-year 2025-26 --format pdf --output F`."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="report", required=True)
        annual = sub.add_parser("annual", help="The annual program report for one school year.")
        annual.add_argument("--school-year", required=True, help="For example 2025-26.")
        annual.add_argument("--format", choices=("pdf", "csv", "html"), default="html")
        annual.add_argument("--agency", default="", help="The agency's name (if several).")
        annual.add_argument("--output", default="", help="The file to write (default: stdout).")

    def handle(self, *args: Any, **options: Any) -> None:
        year = options["school_year"]
        if dates.parse_school_year(year) is None:
            raise CommandError(f"--school-year: {dates.school_year_error(year)}")
        fmt, output = options["format"], options["output"]
        if fmt == "pdf" and not output:
            raise CommandError("--output: a PDF needs a file to go to, e.g. --output report.pdf.")
        report = annual_report(_agency(options["agency"]), year)
        body = rendering.annual_document(report, fmt)
        name = output or rendering.filename(report, fmt)
        if output:
            path = Path(output)
            if not path.parent.is_dir():
                raise CommandError(f"--output: {path.parent} is not a folder.")
            if isinstance(body, bytes):
                path.write_bytes(body)
            else:
                path.write_text(body, encoding="utf-8")
            self.stderr.write(f"Wrote the {year} annual report for {report.agency} to {path}.")
        else:
            sys.stdout.write(body if isinstance(body, str) else body.decode())
        note_export(actor=None, what="report.annual", file_name=str(name))
