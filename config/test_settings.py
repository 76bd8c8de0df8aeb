"""Settings for the test suite: development defaults, fast password hashing, uploads kept out of
the working copy."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DEBUG", "true")

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="sro-test-media-"))
