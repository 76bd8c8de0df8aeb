"""Settings for the test suite: development defaults, fast password hashing, uploads kept out of
the working copy."""

import os
import tempfile
from pathlib import Path
from typing import Any

os.environ.setdefault("DEBUG", "true")

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="sro-test-media-"))

# A `replica` alias that is a test mirror of the primary (no database of its own: it opens the
# test database), so the router's choice can be tested (sro/core/tests/test_replica.py). A mirror
# is a second connection, which Django's test cases refuse unless a test lists it, so reports
# keep reading the primary in the test suite; the tests of the replica turn
# SRO_REPORTS_READ_REPLICA on and list both databases.
_replica: dict[str, Any] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
if _replica["ENGINE"] == "django.db.backends.sqlite3":
    # The test database is SQLite's shared in-memory one: the mirror begins its (rolled back)
    # transaction without taking the write lock, and reads the primary's uncommitted rows
    # instead of waiting on their table locks.
    _replica["OPTIONS"] = {
        **_replica["OPTIONS"],
        "transaction_mode": "DEFERRED",
        "init_command": f"{_replica['OPTIONS']['init_command']} PRAGMA read_uncommitted=true;",
    }
DATABASES["replica"] = _replica  # noqa: F405
SRO_REPORTS_READ_REPLICA = False

# The key `sro backup` signs archives with and `sro restore` checks (docs/backup.md); the tests'
# own, never a real one.
SRO_BACKUP_KEY = "sro-test-suite-backup-key-not-for-any-real-instance"
SRO_BACKUP_OLD_KEYS = []
