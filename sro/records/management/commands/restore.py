"""`sro restore FILE`: restore a `sro backup` archive signed with SRO_BACKUP_KEY (or a key in
SRO_BACKUP_OLD_KEYS) into an empty instance (a new database and an empty uploaded-files folder),
as the application's database role, then bring the schema up to this version."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from sro.records.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a signed backup archive into an empty instance."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The archive `sro backup` wrote.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = restore_backup(Path(options["file"]))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored {summary.rows} rows in {summary.tables} tables and {summary.files} "
            f"file(s) from {summary.archive}."
        )
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            self.stdout.write("The backup is from an earlier version; updating its schema.")
            call_command("migrate", interactive=False, verbosity=options["verbosity"])
