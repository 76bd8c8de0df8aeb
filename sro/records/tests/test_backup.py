"""`sro backup` and `sro restore`, end to end through the `sro` command on real instances (a new
SQLite folder or a new PostgreSQL database each, whichever the suite runs on): the demo data
and uploaded files go out and come back with every table's rows and every file unchanged."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import connection

from sro.records.backup import BackupError, _check_target, unpack

ROOT = Path(__file__).resolve().parents[3]
SRO = str(Path(sys.executable).with_name("sro"))
POSTGRES = connection.vendor == "postgresql"
# Files the demo does not upload: nested folders, a name with spaces and accents, binary bytes.
EXTRA_FILES = {
    "incidents/2026/Photo of hallway é.jpg": bytes(range(256)) * 40,
    "empty.txt": b"",
}


class Instance:
    """One SRO instance outside the test database: its environment and how to read it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.media = folder / "media"
        skip = {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        self.env = {k: v for k, v in os.environ.items() if k not in skip}
        self.env |= {"DEBUG": "true", "SRO_DATA_DIR": str(folder)}
        self.url = ""
        if POSTGRES:
            server = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
            self.name = f"sro_backup_{uuid.uuid4().hex[:12]}"
            with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
                admin.execute(f'CREATE DATABASE "{self.name}"')
            self.url = f"{server}/{self.name}"
            self.env["DATABASE_URL"] = self.url

    def sro(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(  # noqa: S603 - our own console script
            [SRO, *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    def ok(self, *args: str) -> str:
        done = self.sro(*args)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def _query(self, sql: str) -> list[tuple[Any, ...]]:
        if POSTGRES:
            with psycopg.connect(self.url) as db:
                return [tuple(r) for r in db.execute(sql).fetchall()]
        db = sqlite3.connect(self.folder / "sro.sqlite3")
        try:
            return db.execute(sql).fetchall()
        finally:
            db.close()

    def tables(self) -> dict[str, list[str]]:
        """Every table's rows, each row as text, sorted (so order of storage does not count)."""
        if POSTGRES:
            names = [
                r[0]
                for r in self._query("SELECT tablename FROM pg_tables WHERE schemaname='public'")
            ]
        else:
            names = [r[0] for r in self._query("SELECT name FROM sqlite_master WHERE type='table'")]
        select = 'SELECT * FROM "{}"'  # names the database itself listed
        return {n: sorted(repr(row) for row in self._query(select.format(n))) for n in names}

    def sequences(self) -> dict[str, Any]:
        if not POSTGRES:
            return {}  # SQLite keeps them in sqlite_sequence, a table compared above
        rows = self._query("SELECT sequencename, last_value FROM pg_sequences")
        return dict(rows)  # type: ignore[arg-type]

    def files(self) -> dict[str, bytes]:
        return {
            p.relative_to(self.media).as_posix(): p.read_bytes()
            for p in sorted(self.media.rglob("*"))
            if p.is_file()
        }

    def drop(self) -> None:
        if POSTGRES:
            server = self.url.rsplit("/", 1)[0]
            with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def instances(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Instance]]:
    made: list[Instance] = []
    yield made
    for instance in made:
        instance.drop()


@pytest.fixture(scope="module")
def source(
    tmp_path_factory: pytest.TempPathFactory, instances: list[Instance]
) -> tuple[Instance, Path]:
    """The demo instance with extra uploaded files, and its backup."""
    instance = Instance(tmp_path_factory.mktemp("source"))
    instances.append(instance)
    instance.ok("migrate", "--noinput")
    instance.ok("demo", "--if-empty")
    for name, content in EXTRA_FILES.items():
        (instance.media / name).parent.mkdir(parents=True, exist_ok=True)
        (instance.media / name).write_bytes(content)
    archive = tmp_path_factory.mktemp("archives") / "sro-backup.tar.gz"
    out = instance.ok("backup", str(archive))
    assert "Backed up" in out
    assert str(archive) in out
    return instance, archive


def new_instance(tmp_path: Path, instances: list[Instance]) -> Instance:
    instance = Instance(tmp_path / "target")
    instance.folder.mkdir()
    instances.append(instance)
    return instance


def _without_restore_event(tables: dict[str, list[str]]) -> dict[str, list[str]]:
    rows = tables["audittrail_auditevent"]
    restores = [r for r in rows if "'backup.restore'" in r]
    assert len(restores) == 1, "the restore is in the audit trail once"
    others = {k: v for k, v in tables.items() if k != "audittrail_auditevent"}
    if "sqlite_sequence" in others:  # the restore event took the next audit id
        others["sqlite_sequence"] = [r for r in others["sqlite_sequence"] if "auditevent" not in r]
    return others | {"audittrail_auditevent": [r for r in rows if r not in restores]}


@pytest.mark.parametrize("migrated", [True, False], ids=["migrated-target", "blank-target"])
def test_round_trip_restores_every_row_and_file(
    source: tuple[Instance, Path], tmp_path: Path, instances: list[Instance], migrated: bool
) -> None:
    origin, archive = source
    target = new_instance(tmp_path, instances)
    if migrated:  # `sro migrate` already ran there (reference lists loaded): still empty
        target.ok("migrate", "--noinput")
    out = target.ok("restore", str(archive))
    assert "Restored" in out

    before, after = origin.tables(), target.tables()
    assert sum(len(rows) for rows in before.values()) > 3000, "the demo data went out"
    assert set(after) == set(before)
    after_compared = _without_restore_event(after)
    before_compared = dict(before)
    if "sqlite_sequence" in before_compared:
        before_compared["sqlite_sequence"] = [
            r for r in before["sqlite_sequence"] if "auditevent" not in r
        ]
    for table in sorted(before):
        assert after_compared[table] == before_compared[table], f"{table} differs"
    sequences = target.sequences()
    for name, value in origin.sequences().items():
        expected = value + 1 if "auditevent" in name else value
        assert sequences[name] == expected, f"sequence {name}"
    assert target.files() == origin.files()
    assert EXTRA_FILES.items() <= target.files().items()
    # The restored instance works: the application's own check and a command that reads it.
    target.ok("check")
    assert "Disabled" in target.ok("accounts", "expire")


def test_the_backup_is_in_its_own_audit_trail(source: tuple[Instance, Path]) -> None:
    origin, archive = source
    rows = origin._query(
        "SELECT actor_username, target_type FROM audittrail_auditevent "
        "WHERE action = 'backup.create'"
    )
    assert rows == [("system", "backup")]
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]
    assert manifest["engine"] == ("postgresql" if POSTGRES else "sqlite")
    assert manifest["tables"]["audittrail_auditevent"] == len(
        origin.tables()["audittrail_auditevent"]
    )
    assert {f["path"] for f in manifest["files"]} >= set(EXTRA_FILES)
    assert oct(archive.stat().st_mode & 0o777) == "0o600", "the archive holds private data"


def test_restore_refuses_an_instance_with_data(source: tuple[Instance, Path]) -> None:
    origin, archive = source
    before = origin.tables()
    done = origin.sro("restore", str(archive))
    assert done.returncode != 0
    assert "is not empty" in done.stderr
    assert "never over live data" in done.stderr
    assert origin.tables() == before


def test_restore_refuses_uploaded_files_already_there(
    source: tuple[Instance, Path], tmp_path: Path, instances: list[Instance]
) -> None:
    _, archive = source
    target = new_instance(tmp_path, instances)
    (target.media / "stray.pdf").parent.mkdir(parents=True)
    (target.media / "stray.pdf").write_bytes(b"%PDF")
    done = target.sro("restore", str(archive))
    assert done.returncode != 0
    assert "uploaded-files folder" in done.stderr


def test_backup_never_overwrites_a_file(source: tuple[Instance, Path]) -> None:
    origin, archive = source
    size = archive.stat().st_size
    done = origin.sro("backup", str(archive))
    assert done.returncode != 0
    assert "already exists" in done.stderr
    assert archive.stat().st_size == size
    missing = origin.sro("backup", str(archive.parent / "no-such-folder" / "b.tar.gz"))
    assert missing.returncode != 0
    assert "is not a folder" in missing.stderr


# The archive checks, in process, on altered copies of the real archive.


def _repack(archive: Path, out: Path, change: Any) -> Path:
    work = out.parent / f"{out.name}-work"
    with tarfile.open(archive) as tar:
        tar.extractall(work, filter="data")
    change(work)
    with tarfile.open(out, "w:gz") as tar:
        for path in sorted(work.rglob("*")):
            if path.is_file():
                tar.add(path, arcname=path.relative_to(work).as_posix())
    shutil.rmtree(work)
    return out


def _first_media(work: Path) -> Path:
    return next(p for p in sorted((work / "media").rglob("*")) if p.is_file() and p.stat().st_size)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda w: _first_media(w).write_bytes(b"altered"), "does not match its checksum"),
        (lambda w: _first_media(w).unlink(), "which its manifest lists"),
        (lambda w: (w / "media" / "added.txt").write_text("x"), "does not list"),
        (lambda w: (w / "notes.txt").write_text("x"), "which a backup never holds"),
        (lambda w: (w / "manifest.json").write_text("{"), "no readable manifest.json"),
        (
            lambda w: (w / "manifest.json").write_text(json.dumps({"format": 99})),
            "backup format 99",
        ),
    ],
    ids=["altered-file", "missing-file", "extra-file", "foreign-member", "bad-manifest", "format"],
)
def test_a_damaged_or_altered_archive_is_refused(
    source: tuple[Instance, Path], tmp_path: Path, change: Any, message: str
) -> None:
    _, archive = source
    bad = _repack(archive, tmp_path / "bad.tar.gz", change)
    with pytest.raises(BackupError, match=message):
        unpack(bad, tmp_path / "out")


def test_a_path_outside_the_archive_is_refused(tmp_path: Path) -> None:
    evil = tmp_path / "evil.tar.gz"
    payload = tmp_path / "payload"
    payload.write_text("x")
    with tarfile.open(evil, "w:gz") as tar:
        tar.add(payload, arcname="media/../../escaped.txt")
    with pytest.raises(BackupError, match="never holds"):
        unpack(evil, tmp_path / "out")
    assert not (tmp_path / "escaped.txt").exists()


def test_not_an_archive_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not a tar file at all")
    with pytest.raises(BackupError, match="not a readable backup archive"):
        unpack(junk, tmp_path / "out")
    with pytest.raises(BackupError, match="is not a file"):
        unpack(tmp_path / "absent.tar.gz", tmp_path / "out")


def test_another_engine_or_a_newer_version_is_refused() -> None:
    other = "sqlite" if POSTGRES else "postgresql"
    with pytest.raises(BackupError, match=f"backup is of a {other} database"):
        _check_target({"engine": other, "migrations": [], "tables": {}})
    mine = "postgresql" if POSTGRES else "sqlite"
    with pytest.raises(BackupError, match="made by a newer version"):
        _check_target({"engine": mine, "migrations": ["incidents.9999_future"], "tables": {}})
