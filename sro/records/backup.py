"""`sro backup FILE` and `sro restore FILE`: the database and the uploaded files in one archive.

The archive is a gzip-compressed tar holding ``manifest.json`` (format, when, which database
engine, the applied migrations, the row count of every table, and each file's SHA-256),
the database (``database.sqlite3``, a copy taken with SQLite's online backup API, or
``database.pgdump``, ``pg_dump``'s custom format) and ``media/`` (every uploaded file).

A restore goes only into an empty instance (no rows in any table, no uploaded files), checks every
member against the manifest before it touches anything, and then checks the row counts of the
restored database against the manifest.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.utils import load_backend

from sro.core import clock

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# Tables `sro migrate` fills on a new instance (the framework's own, the reference lists the
# migrations load, and the audit events of those loads): an instance is still empty with them.
SEEDED_TABLES = {
    "django_migrations",
    "django_content_type",
    "auth_permission",
    "incidents_offense",
    "use_of_force_forcetype",
    "audittrail_auditevent",
}


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


@dataclass(frozen=True)
class Summary:
    archive: Path
    tables: int
    rows: int
    files: int
    size: int


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in DATABASE_MEMBER:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _media_root() -> Path:
    if getattr(settings, "SRO_S3_BUCKET", ""):
        raise BackupError(
            "Uploaded files are in object storage (SRO_S3_BUCKET), which `sro backup` does not "
            "copy: back up the database with pg_dump and protect the bucket with versioning and "
            "replication (docs/deploy.md, Backups)."
        )
    return Path(settings.MEDIA_ROOT)


def _media_files(root: Path) -> Iterator[Path]:
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path


def _table_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            quoted = connection.ops.quote_name(table)  # a name the database itself listed
            cursor.execute(f"SELECT COUNT(*) FROM {quoted}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def _applied_migrations() -> list[str]:
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return []
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _pg_env() -> dict[str, str]:
    db: dict[str, Any] = settings.DATABASES["default"]
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(key):
            env[var] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    if sslmode := db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = str(sslmode)
    return env


def _run(command: list[str], what: str) -> None:
    try:
        done = subprocess.run(  # noqa: S603 - pg_dump/pg_restore with arguments built here
            command, env=_pg_env(), capture_output=True, text=True, check=False
        )
    except FileNotFoundError as error:
        raise BackupError(
            f"{command[0]} was not found: install PostgreSQL's client programs "
            f"(the same major version as the server) to {what}."
        ) from error
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed to {what}: {done.stderr.strip()}")


def _dump_database(engine: str, target: Path) -> dict[str, int]:
    """Copy the database to ``target`` and return the row count of every table in the copy."""
    if engine == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
            names = [
                row[0]
                for row in copy.execute(
                    "SELECT name FROM sqlite_master WHERE type='table'"
                    " AND name NOT LIKE 'sqlite_%' ORDER BY name"
                )
            ]
            count = 'SELECT COUNT(*) FROM "{}"'  # names the copy itself listed
            return {n: copy.execute(count.format(n)).fetchone()[0] for n in names}
        finally:
            copy.close()
    # pg_dump reads the snapshot this transaction exports, so the counts are of what it copied.
    name = str(settings.DATABASES["default"]["NAME"])
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                "--file",
                str(target),
                name,
            ],
            "copy the database",
        )
        return _table_counts()


def create_backup(archive: Path) -> Summary:
    """Write the archive (refusing to overwrite one), via a temporary file renamed at the end."""
    from sro.records import services

    archive = archive.expanduser().resolve()
    if archive.exists():
        raise BackupError(f"{archive} already exists: choose a new file name.")
    if not archive.parent.is_dir():
        raise BackupError(f"{archive.parent} is not a folder: create it or choose another.")
    engine = _engine()
    _media_root()  # refuses before anything is written when files are in object storage
    services.note_backup(actor=None, archive=str(archive), step="started")
    partial = archive.with_name(archive.name + ".partial")
    try:
        with tempfile.TemporaryDirectory(prefix="sro-backup-", dir=archive.parent) as tmp:
            database = Path(tmp) / DATABASE_MEMBER[engine]
            counts = _dump_database(engine, database)
            root = _media_root()
            files: list[dict[str, Any]] = [
                {
                    "path": path.relative_to(root).as_posix(),
                    "sha256": _sha256(path),
                    "size": path.stat().st_size,
                }
                for path in _media_files(root)
            ]
            manifest = {
                "format": FORMAT,
                "application": "sro-program-manager",
                "version": importlib.metadata.version("sro-program-manager"),
                "created_at": clock.now().isoformat(),
                "engine": engine,
                "database": {
                    "member": database.name,
                    "sha256": _sha256(database),
                    "size": database.stat().st_size,
                },
                "migrations": _applied_migrations(),
                "tables": counts,
                "files": files,
            }
            manifest_path = Path(tmp) / MANIFEST
            manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=True))
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                tar.add(manifest_path, arcname=MANIFEST)
                tar.add(database, arcname=database.name)
                for entry in files:
                    tar.add(root / entry["path"], arcname=f"{MEDIA}/{entry['path']}")
                tar.close()
                raw.flush()
                os.fsync(raw.fileno())
        os.replace(partial, archive)
    except BaseException as error:
        partial.unlink(missing_ok=True)
        services.note_backup(
            actor=None, archive=str(archive), step="failed", detail=str(error)[:500]
        )
        raise
    return Summary(
        archive=archive,
        tables=len(counts),
        rows=sum(counts.values()),
        files=len(files),
        size=archive.stat().st_size,
    )


@dataclass(frozen=True)
class Checked:
    """An archive unpacked into a temporary folder, every member matching the manifest."""

    folder: Path
    manifest: dict[str, Any]
    digest: str


def _safe_member(name: str) -> bool:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        return False
    return name in (MANIFEST, *DATABASE_MEMBER.values()) or (
        path.parts[0] == MEDIA and len(path.parts) > 1
    )


def unpack(archive: Path, folder: Path) -> Checked:
    """Unpack into ``folder`` and check every member against the manifest; raise BackupError
    naming the first thing wrong."""
    if not archive.is_file():
        raise BackupError(f"{archive} is not a file.")
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            members = tar.getmembers()
            for member in members:
                if not (member.isfile() or member.isdir()) or not _safe_member(member.name):
                    raise BackupError(
                        f"{archive.name} holds {member.name!r}, which a backup never holds: "
                        "it was not made by `sro backup` or has been altered."
                    )
            tar.extractall(folder, filter="data")
    except (tarfile.TarError, EOFError, OSError) as error:
        raise BackupError(f"{archive.name} is not a readable backup archive ({error}).") from error
    try:
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{archive.name} has no readable {MANIFEST}.") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"{archive.name} is backup format {manifest.get('format')!r}; "
            f"this version reads format {FORMAT}."
        )
    expected = {manifest["database"]["member"]: manifest["database"]["sha256"]}
    expected |= {f"{MEDIA}/{f['path']}": f["sha256"] for f in manifest["files"]}
    present = {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and p.name != MANIFEST
    }
    if missing := sorted(set(expected) - present):
        raise BackupError(f"{archive.name} lacks {missing[0]}, which its manifest lists.")
    if extra := sorted(present - set(expected)):
        raise BackupError(f"{archive.name} holds {extra[0]}, which its manifest does not list.")
    for name, digest in sorted(expected.items()):
        if _sha256(folder / name) != digest:
            raise BackupError(
                f"{name} in {archive.name} does not match its checksum: the archive is damaged."
            )
    return Checked(folder=folder, manifest=manifest, digest=_sha256(archive))


def _check_target(manifest: dict[str, Any]) -> None:
    engine = _engine()
    if manifest["engine"] != engine:
        raise BackupError(
            f"The backup is of a {manifest['engine']} database and this instance uses {engine}: "
            "restore it into an instance with the same kind of database."
        )
    known = {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}
    if unknown := sorted(set(manifest["migrations"]) - known):
        raise BackupError(
            f"The backup was made by a newer version (migration {unknown[0]} is unknown here): "
            "install that version or newer first."
        )
    counts = _table_counts()
    filled = sorted(t for t, n in counts.items() if n and t not in SEEDED_TABLES)
    if not filled and counts.get("audittrail_auditevent"):
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM audittrail_auditevent WHERE actor_id IS NOT NULL")
            if cursor.fetchone()[0]:
                filled = ["audittrail_auditevent"]
    if filled:
        raise BackupError(
            f"This instance is not empty (table {filled[0]} has rows): restore only into a new, "
            "empty database, never over live data."
        )
    if extra := sorted(set(counts) - set(manifest["tables"])):
        raise BackupError(
            f"This database has table {extra[0]}, which the backup lacks: restore into a new "
            "database with no tables."
        )
    root = _media_root()
    if root.exists() and any(root.iterdir()):
        raise BackupError(
            f"The uploaded-files folder {root} is not empty: restore only into an empty one."
        )


def _sqlite_integrity(database: Path) -> None:
    """SQLite's integrity check, through Django's backend: the schema's indexes and constraints
    call the functions Django registers on its connections."""
    params = {**connections.settings[DEFAULT_DB_ALIAS], "NAME": str(database)}
    check = load_backend(params["ENGINE"]).DatabaseWrapper(params, "backup-check")
    try:
        with check.cursor() as cursor:
            cursor.execute("PRAGMA integrity_check")
            result = [row[0] for row in cursor.fetchall()]
    finally:
        check.close()
    if result != ["ok"]:
        raise BackupError(f"The database in the backup fails its integrity check: {result[0]}")


def _load_database(engine: str, database: Path) -> None:
    if engine == "sqlite":
        _sqlite_integrity(database)
        source = sqlite3.connect(database)
        try:
            connection.ensure_connection()
            source.backup(connection.connection)
        finally:
            source.close()
        connection.close()
        return
    connection.close()
    name = str(settings.DATABASES["default"]["NAME"])
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            name,
            str(database),
        ],
        "load the database",
    )


def restore_backup(archive: Path) -> Summary:
    """Restore into this (empty) instance: check, load the database, move the files in, check
    the row counts, and record the restore in the audit trail."""
    from sro.records import services

    archive = archive.expanduser().resolve()
    root = _media_root()
    root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="sro-restore-", dir=root.parent) as tmp:
        checked = unpack(archive, Path(tmp))
        manifest = checked.manifest
        _check_target(manifest)
        engine = manifest["engine"]
        _load_database(engine, checked.folder / manifest["database"]["member"])
        counts = _table_counts()
        if counts != manifest["tables"]:
            wrong = sorted(t for t in manifest["tables"] if counts.get(t) != manifest["tables"][t])
            raise BackupError(f"After the restore, table {wrong[0]} has the wrong number of rows.")
        media = checked.folder / MEDIA
        if media.is_dir():
            if root.exists():
                root.rmdir()  # checked empty above
            shutil.move(media, root)
        for entry in manifest["files"]:
            if _sha256(root / entry["path"]) != entry["sha256"]:
                raise BackupError(f"The restored file {entry['path']} does not match its checksum.")
    services.note_restore(
        actor=None,
        archive=str(archive),
        digest=checked.digest,
        created_at=str(manifest["created_at"]),
    )
    return Summary(
        archive=archive,
        tables=len(manifest["tables"]),
        rows=sum(manifest["tables"].values()),
        files=len(manifest["files"]),
        size=archive.stat().st_size,
    )
