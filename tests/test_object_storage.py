"""Uploaded files go to S3-compatible object storage when a bucket is named (several
application servers then share them), privately; `sro backup` then says how to back them up
instead of copying an empty folder."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRINT = """
import json
from django.conf import settings
from django.core.files.storage import storages
store = storages["default"]
print(json.dumps({"backend": f"{type(store).__module__}.{type(store).__name__}",
                  "options": settings.STORAGES["default"].get("OPTIONS", {})}))
"""


def _django(code: str, tmp: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE"}}
    env.pop("DATABASE_URL", None)
    env |= {
        "SRO_DATA_DIR": str(tmp),
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "sro.example.org",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        # No network: any attempt to reach the storage service fails at once.
        "AWS_EC2_METADATA_DISABLED": "true",
        **extra,
    }
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.once
def test_files_go_to_the_bucket_privately_when_one_is_named(tmp_path: Path) -> None:
    local = json.loads(_django(PRINT, tmp_path).stdout)
    assert local["backend"] == "django.core.files.storage.filesystem.FileSystemStorage"
    done = _django(
        PRINT,
        tmp_path,
        SRO_S3_BUCKET="sro-files",
        SRO_S3_ENDPOINT_URL="https://objects.example.org",
        SRO_S3_REGION="us-central-1",
    )
    remote = json.loads(done.stdout)
    assert remote["backend"] == "storages.backends.s3.S3Storage"
    options = remote["options"]
    assert options["bucket_name"] == "sro-files"
    assert options["endpoint_url"] == "https://objects.example.org"
    assert (options["default_acl"], options["querystring_auth"]) == ("private", True)
    assert options["querystring_expire"] <= 300
    assert options["file_overwrite"] is False


@pytest.mark.once
def test_backup_refuses_when_files_are_in_object_storage(tmp_path: Path) -> None:
    done = _django(
        "from django.core.management import call_command\n"
        "call_command('migrate', verbosity=0)\n"
        f"call_command('backup', '{tmp_path / 'b.tar.gz'}')\n",
        tmp_path,
        SRO_S3_BUCKET="sro-files",
    )
    assert done.returncode != 0
    assert "Uploaded files are in object storage (SRO_S3_BUCKET)" in done.stderr
    assert not (tmp_path / "b.tar.gz").exists()
