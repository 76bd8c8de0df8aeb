"""`sro public_releases`: publish each school year's public figures once they are due
(sro/public/releases.py). Run daily through `sro scheduled public-releases`; a year already
published is left as it is."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sro.core.dates import SCHOOL_YEAR_HELP, parse_school_year
from sro.public import releases
from sro.roster.commands import agencies_named


class Command(BaseCommand):
    help = (
        "Publish the public figures of every school year whose release day has come "
        "(SRO_PUBLIC_RELEASE_DAYS after it ends) and that is not published yet. Run it daily."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--school-year",
            help="Publish this school year (e.g. 2021-22) if it is due, even if the public page "
            "no longer offers it; default: this school year and the four before.",
        )
        parser.add_argument(
            "--agency", help="Only this agency (its name or id); default every agency."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        years = None
        if options["school_year"] is not None:
            year = parse_school_year(options["school_year"])
            if year is None:
                raise CommandError(
                    f"--school-year {options['school_year']!r} is not a school year: "
                    f"{SCHOOL_YEAR_HELP}"
                )
            if not releases.is_due(year):
                day = releases.release_on(year)
                raise CommandError(f"--school-year {year} is published on {day}, not before.")
            years = [year]
        try:
            published = releases.publish_due(
                agencies=agencies_named(options["agency"]), years=years
            )
        except ValidationError as refused:
            raise CommandError("; ".join(refused.messages)) from None
        for release in published:
            self.stdout.write(
                f"{release.agency.name}: published the {release.school_year} figures "
                f"(SHA-256 {release.content_hash[:12]}…)."
            )
        noun = "release" if len(published) == 1 else "releases"
        self.stdout.write(f"{len(published)} {noun} published.")
