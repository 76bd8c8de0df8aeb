"""The throw-away database every in-process benchmark starts from."""

from __future__ import annotations

import os


def setup(tmp: str) -> None:
    """Django on a migrated database: SQLite in `tmp`, or DATABASE_URL's when it is set."""
    os.environ.setdefault("SRO_DATA_DIR", tmp)
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
