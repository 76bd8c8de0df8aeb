"""Production serves hashed, compressed static files: `sro collectstatic` must succeed with the
production settings (the manifest storage checks every file a stylesheet or script names)."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.once
ROOT = Path(__file__).resolve().parent.parent


def test_collectstatic_succeeds_in_production_settings(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "SRO_DATA_DIR": str(tmp_path),
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "sro.example.org",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [str(Path(sys.executable).parent / "sro"), "collectstatic", "--noinput"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    manifest = tmp_path / "staticfiles" / "staticfiles.json"
    assert "dist/uswds/css/uswds.min.css" in manifest.read_text()
