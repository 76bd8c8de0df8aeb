"""`sro backup FILE`: the database and every uploaded file in one archive signed with
SRO_BACKUP_KEY (see sro/records/backup.py and docs/backup.md). Safe while the application runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sro.records.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded files into one archive (a new .tar.gz file), "
        "signed with SRO_BACKUP_KEY."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The archive to write, e.g. sro-2026-12-05.tar.gz.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = create_backup(Path(options["file"]))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Backed up {summary.rows} rows in {summary.tables} tables and {summary.files} "
            f"file(s) to {summary.archive} ({summary.size:,} bytes)."
        )
