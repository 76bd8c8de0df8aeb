"""`sro demo`: load the demo program (only into an empty database unless told otherwise)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sro.core import demo


class Command(BaseCommand):
    help = "Load the demo SRO program (fictional people) and print the demo log-ins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (but print the log-ins) when the database already has data.",
        )
        parser.add_argument(
            "--scale",
            choices=["state", "national"],
            help="Instead of the demo, synthetic data at this scale into an empty database "
            "(national is meant for PostgreSQL; sro/core/scale.py describes it).",
        )
        parser.add_argument("--seed", type=int, default=626, help="With --scale: the seed.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["scale"]:
            from sro.core import scale

            try:
                counts = scale.generate(
                    options["scale"], seed=options["seed"], progress=self.stdout.write
                )
            except ValueError as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(f"{sum(counts.values()):,} rows written.")
            self.stdout.write("Sign in as scale-chief or scale-records (the demo password).")
            return
        if demo.is_loaded():
            if not options["if_empty"]:
                raise CommandError("The database already has an agency; demo data not loaded.")
            self.stdout.write("The database already has data; demo data not reloaded.")
        else:
            demo.load(actor=None)
            self.stdout.write(self.style.SUCCESS("Demo program loaded."))
        self.stdout.write(demo.login_table())
