"""`sro training_import FILE --agency NAME`: add an agency's course records from a CSV file,
all or nothing (`sro/training/imports.py` describes the columns)."""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from sro.core import clock
from sro.roster.models import Agency
from sro.training import services


class Command(BaseCommand):
    help = (
        "Add course records from a CSV file (post_license_number, course, completed_on, hours, "
        "provider, course_title): every row is checked first; any problem and nothing is added."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The CSV file (UTF-8, with a header line).")
        parser.add_argument("--agency", required=True, help="The agency's name, ORI or id.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: cannot be read ({exc.strerror}).") from None
        agency = _agency(options["agency"])
        started = time.perf_counter()
        try:
            parsed = services.import_completions(
                agency, data, actor=None, source=path.name, today=clock.today()
            )
        except services.ImportRefused as refused:
            for error in refused.errors[:50]:
                self.stderr.write(str(error))
            more = len(refused.errors) - 50
            if more > 0:
                self.stderr.write(f"… and {more} more.")
            raise CommandError(
                f"{len(refused.errors)} problem(s) in {path.name}: nothing was imported."
            ) from None
        self.stdout.write(
            f"Added {len(parsed.rows)} course record(s) for {agency.name} in "
            f"{time.perf_counter() - started:.1f} s; {parsed.already_on_file} already on file, "
            f"{parsed.repeated_in_file} repeated in the file."
        )


def _agency(value: str) -> Agency:
    query = Q(name__iexact=value) | Q(ori__iexact=value)
    if _is_uuid(value):
        query |= Q(pk=value)
    found = list(Agency.objects.filter(query)[:2])
    if len(found) != 1:
        raise CommandError(
            f"--agency {value!r}: {'no' if not found else 'more than one'} agency matches; "
            "give the exact name, the ORI or the id."
        )
    return found[0]


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
