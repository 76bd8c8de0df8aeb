"""The `sro` command: the project's management commands (`sro demo`, `sro createsuperuser`, …).

`sro rules …` runs the statute rules on a JSON file, and `sro contracts check FILE` runs the
contract clause finder on a PDF, DOCX or text file, both without Django or a database, so
scripts and other systems can call them cheaply.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args[:2] == ["rules", "training"]:
        from sro.rules.training_cli import main as training_main

        sys.exit(training_main(args[2:], sys.stdin, sys.stdout, sys.stderr))
    if args[:2] == ["contracts", "check"]:
        from sro.contracts.check_cli import main as check_main

        sys.exit(check_main(args[2:], sys.stdout, sys.stderr))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["sro", *args])
