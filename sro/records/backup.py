"""`sro backup FILE` and `sro restore FILE`: the database and the uploaded files in one archive.

The archive is a gzip-compressed tar holding ``manifest.json`` (format, when, which database
engine, the applied migrations, the row count of every table, and each file's SHA-256),
``manifest.sig`` (an HMAC-SHA256 of the manifest with ``SRO_BACKUP_KEY``, a key kept outside
the archive), the database (``database.sqlite3``, a copy taken with SQLite's online backup API, or
``database.pgdump``, ``pg_dump``'s custom format) and ``media/`` (every uploaded file).

A restore checks the signature before it unpacks anything (the checksums alone prove nothing: who
can change an archive can recompute them), then every member against the manifest, goes only
into an empty instance (no rows in any table, no uploaded files), refuses a database holding
objects a backup of this application never holds (functions, triggers, views, extensions, ...),
loads PostgreSQL as the application's own role, never a superuser, and then checks the row
counts of the restored database against the manifest.
"""

from __future__ import annotations

import hashlib
import hmac
import importlib.metadata
import json
import os
import re
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

FORMAT = 2  # 2: signed (manifest.sig); format 1 archives were not
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
KEY_MIN_LENGTH = 32
MAKE_KEY = "python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"
# The most a manifest or signature may take in memory while it is checked, unpacked or not.
MANIFEST_MAX_BYTES = 64 << 20
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


# What the migrations create besides tables, sequences, indexes and constraints: the audit
# tables' append-only triggers and their PostgreSQL function (sro/audittrail/migrations/0002).
# A restored database may hold these and nothing else of the kind; test_backup compares them
# with a migrated database, so a migration adding one fails the test until it is listed here.
AUDIT_TABLES = ("audittrail_auditevent", "audittrail_accesslogentry")
PG_FUNCTIONS = {
    "sro_append_only()": (
        "CREATE FUNCTION public.sro_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION 'audit rows are append-only (%)', TG_TABLE_NAME; END; $$;"
    )
}
PG_TRIGGERS = {(table, f"{table}_append_only") for table in AUDIT_TABLES}
SQLITE_TRIGGERS = {
    f"{table}_no_update": (
        f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
        "BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END"
    )
    for table in AUDIT_TABLES
}
# The kinds of entry `pg_restore --list` shows for a dump of this application (longest first,
# so "TABLE DATA" is not read as "TABLE"); the three pseudo-entries some versions list are the
# dump's encoding and settings. Anything else (FUNCTION beyond the above, VIEW, EXTENSION, RULE,
# CHECK CONSTRAINT, EVENT TRIGGER, SCHEMA, ...) is refused.
PG_KINDS = (
    "SEQUENCE OWNED BY",
    "FK CONSTRAINT",
    "SEQUENCE SET",
    "TABLE DATA",
    "CONSTRAINT",
    "SEQUENCE",
    "FUNCTION",
    "TRIGGER",
    "DEFAULT",
    "INDEX",
    "TABLE",
)
PG_PSEUDO = {"ENCODING", "STDSTRINGS", "SEARCHPATH"}


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


def _key_id(key: bytes) -> str:
    """Names a key without revealing it, so a refusal can tell "another key" from "altered"."""
    return hmac.new(key, b"sro-backup-key-id", hashlib.sha256).hexdigest()[:16]


def _keys(*, restoring: bool) -> list[bytes]:
    """SRO_BACKUP_KEY, and for a restore the older keys of SRO_BACKUP_OLD_KEYS after it."""
    current = str(getattr(settings, "SRO_BACKUP_KEY", "") or "")
    if not current:
        if restoring:
            raise BackupError(
                "SRO_BACKUP_KEY is not set: `sro restore` loads only archives signed with the "
                "key of the instance that made them; set SRO_BACKUP_KEY to that key "
                "(docs/backup.md)."
            )
        raise BackupError(
            "SRO_BACKUP_KEY is not set: `sro backup` signs every archive with it so that "
            f"`sro restore` can refuse altered ones; make one with {MAKE_KEY}, set it in the "
            "server's environment and keep a copy in the agency's password safe, never beside "
            "the backups (docs/backup.md)."
        )
    if len(current) < KEY_MIN_LENGTH:
        raise BackupError(
            f"SRO_BACKUP_KEY is too short ({len(current)} characters): use at least "
            f"{KEY_MIN_LENGTH} random characters, for example from {MAKE_KEY}."
        )
    older = [str(k) for k in getattr(settings, "SRO_BACKUP_OLD_KEYS", [])] if restoring else []
    if any(len(key) < KEY_MIN_LENGTH for key in older):
        raise BackupError(
            f"SRO_BACKUP_OLD_KEYS holds a key shorter than {KEY_MIN_LENGTH} characters: list "
            "only the keys earlier backups were signed with, separated by commas."
        )
    return [key.encode() for key in (current, *older)]


def sign(manifest: bytes, key: bytes) -> bytes:
    """The signature member: an HMAC-SHA256 of the manifest's bytes (which hold every member's
    SHA-256), checkable with `openssl dgst -sha256 -hmac KEY manifest.json`."""
    signature = {
        "algorithm": "HMAC-SHA256",
        "key_id": _key_id(key),
        "hmac": hmac.new(key, manifest, hashlib.sha256).hexdigest(),
    }
    return json.dumps(signature, indent=2, sort_keys=True).encode()


def _verify(name: str, manifest: bytes | None, signature: bytes | None) -> str:
    """Raise BackupError unless ``manifest`` is signed by a key we hold; return that key's id."""
    keys = _keys(restoring=True)
    if manifest is None:
        raise BackupError(f"{name} has no readable {MANIFEST}.")
    if signature is None:
        raise BackupError(
            f"{name} is not signed (no {SIGNATURE}): it was altered or made before backups were "
            "signed; restore a backup that `sro backup` made with SRO_BACKUP_KEY set."
        )
    try:
        signed = json.loads(signature)
        given, key_id = str(signed["hmac"]), str(signed["key_id"])
    except (ValueError, TypeError, KeyError) as error:
        raise BackupError(
            f"{name} has an unreadable {SIGNATURE}: it has been altered; do not restore it, "
            "restore another backup."
        ) from error
    for key in keys:
        if hmac.compare_digest(hmac.new(key, manifest, hashlib.sha256).hexdigest(), given):
            return _key_id(key)
    if key_id in {_key_id(key) for key in keys}:
        raise BackupError(
            f"{name} has been altered since it was signed (its manifest does not match its "
            "signature): do not restore it; restore another backup and find out who changed it."
        )
    raise BackupError(
        f"{name} was signed with another key (key id {key_id[:16]!r}), neither SRO_BACKUP_KEY "
        "nor one in SRO_BACKUP_OLD_KEYS: set SRO_BACKUP_KEY to the key that made it, or add "
        "that key to SRO_BACKUP_OLD_KEYS."
    )


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


def _run(command: list[str], what: str) -> str:
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
    return done.stdout


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
    key = _keys(restoring=False)[0]
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
            signature_path = Path(tmp) / SIGNATURE
            signature_path.write_bytes(sign(manifest_path.read_bytes(), key))
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                tar.add(manifest_path, arcname=MANIFEST)
                tar.add(signature_path, arcname=SIGNATURE)
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
    key_id: str


def _safe_member(name: str) -> bool:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        return False
    return name in (MANIFEST, SIGNATURE, *DATABASE_MEMBER.values()) or (
        path.parts[0] == MEDIA and len(path.parts) > 1
    )


def _read_member(tar: tarfile.TarFile, name: str) -> bytes | None:
    try:
        member = tar.getmember(name)
    except KeyError:
        return None
    if not member.isfile() or member.size > MANIFEST_MAX_BYTES:
        return None
    stream = tar.extractfile(member)
    return stream.read() if stream is not None else None


def unpack(archive: Path, folder: Path) -> Checked:
    """Check the archive's signature and that its members are exactly those its manifest lists,
    then unpack into ``folder`` and check every member's checksum; raise BackupError naming the
    first thing wrong. Nothing is written before the signature is found good."""
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
            raw = _read_member(tar, MANIFEST)
            key_id = _verify(archive.name, raw, _read_member(tar, SIGNATURE))
            try:
                manifest = json.loads(raw or b"")
            except ValueError as error:
                raise BackupError(f"{archive.name} has no readable {MANIFEST}.") from error
            if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
                found = manifest.get("format") if isinstance(manifest, dict) else None
                raise BackupError(
                    f"{archive.name} is backup format {found!r}; this version reads format "
                    f"{FORMAT}."
                )
            expected = {manifest["database"]["member"]: manifest["database"]["sha256"]}
            expected |= {f"{MEDIA}/{f['path']}": f["sha256"] for f in manifest["files"]}
            present = {m.name for m in members if m.isfile()} - {MANIFEST, SIGNATURE}
            if missing := sorted(set(expected) - present):
                raise BackupError(f"{archive.name} lacks {missing[0]}, which its manifest lists.")
            if extra := sorted(present - set(expected)):
                raise BackupError(
                    f"{archive.name} holds {extra[0]}, which its manifest does not list."
                )
            tar.extractall(folder, filter="data")
    except (tarfile.TarError, EOFError, OSError) as error:
        raise BackupError(f"{archive.name} is not a readable backup archive ({error}).") from error
    for name, digest in sorted(expected.items()):
        if _sha256(folder / name) != digest:
            raise BackupError(
                f"{name} in {archive.name} does not match its checksum: the archive is damaged."
            )
    return Checked(folder=folder, manifest=manifest, digest=_sha256(archive), key_id=key_id)


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
    if engine == "postgresql":
        _refuse_superuser()
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


def _refuse_superuser() -> None:
    """A restore runs what the dump holds as the role it connects as: never a superuser's (whose
    SQL reaches the server's files and programs), nor a role that can become one."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_user, string_agg(rolname, ', ' ORDER BY rolname) FROM pg_roles "
            "WHERE rolsuper AND pg_has_role(current_user, oid, 'MEMBER')"
        )
        user, superusers = cursor.fetchone()
    if superusers:
        raise BackupError(
            f"DATABASE_URL connects as {user}, which is or can become a PostgreSQL superuser "
            f"({superusers}): restore as the application's own role, for example "
            "`createuser sro` and `createdb --owner=sro NAME`, so nothing in a backup runs with "
            "a superuser's rights."
        )


def _foreign(name: str, what: str) -> BackupError:
    return BackupError(
        f"The database in {name} holds {what}, which a backup of this application never holds: "
        "it was altered by someone with the backup key or made by other software; do not "
        "restore it."
    )


def _check_pg_dump(name: str, dump: Path, tables: set[str]) -> None:
    """Refuse a dump holding anything `pg_restore --list` shows beyond what this application's
    migrations create: the kinds in PG_KINDS, on the manifest's tables, and only the functions
    and triggers the migrations write (each function's text compared with theirs)."""
    listing = _run(["pg_restore", "--list", str(dump)], "read the database in the backup")
    functions = []
    for line in listing.splitlines():
        if line.startswith(";") or not line.strip():
            continue
        entry = re.fullmatch(r"\s*\d+;\s+\d+\s+\d+\s+(\S.*)", line)
        if entry is None:
            raise _foreign(name, f"an entry pg_restore lists as {line.strip()!r}")
        text = entry.group(1).strip()
        if text.split()[0] in PG_PSEUDO:
            continue
        kind = next((k for k in PG_KINDS if text.startswith(k + " ")), None)
        words = text[len(kind) :].split() if kind else []
        if kind is None or len(words) < 2 or words[0] != "public":
            raise _foreign(name, text.rsplit(" ", 1)[0])
        obj = words[1]
        described = f"{kind} public {' '.join(words[1:-1]) or obj}"
        on_table = {"TABLE", "TABLE DATA", "CONSTRAINT", "FK CONSTRAINT", "DEFAULT", "TRIGGER"}
        if kind in on_table and obj not in tables:
            raise _foreign(name, described)
        if kind == "TRIGGER" and (obj, words[2] if len(words) > 2 else "") not in PG_TRIGGERS:
            raise _foreign(name, described)
        if kind == "FUNCTION":
            if obj not in PG_FUNCTIONS:
                raise _foreign(name, described)
            functions.append((obj, line))
    for function, line in functions:
        with tempfile.NamedTemporaryFile("w", suffix=".list", dir=dump.parent) as chosen:
            chosen.write(line + "\n")
            chosen.flush()
            sql = _run(
                [
                    "pg_restore",
                    "--schema-only",
                    "--no-owner",
                    "--no-privileges",
                    f"--use-list={chosen.name}",
                    "--file=-",
                    str(dump),
                ],
                "read the database in the backup",
            )
        # The function's own text: after its "-- Name:" header, without comments and the
        # client's closing commands.
        body = sql.split(f"-- Name: {function}; Type: FUNCTION;", 1)[-1]
        kept = [
            row for row in body.splitlines()[1:] if row.strip() and not row.startswith(("--", "\\"))
        ]
        if " ".join(" ".join(kept).split()) != PG_FUNCTIONS[function]:
            raise _foreign(name, f"a FUNCTION {function} other than the one its migrations create")


def _check_sqlite_file(name: str, database: Path, tables: set[str]) -> None:
    """Refuse a database file holding views or triggers the migrations do not create, or tables
    the manifest does not list."""
    db = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
    try:
        rows = db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"The database in {name} cannot be read: {error}") from error
    finally:
        db.close()
    for kind, obj, table, sql in rows:
        known = table in tables or table.startswith("sqlite_")
        if kind == "table" and known:
            continue
        if kind == "index" and known:
            continue
        if kind == "trigger" and SQLITE_TRIGGERS.get(obj) == sql:
            continue
        raise _foreign(name, f"{kind} {obj}")


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
        database = checked.folder / manifest["database"]["member"]
        if engine == "postgresql":
            _check_pg_dump(archive.name, database, set(manifest["tables"]))
        else:
            _check_sqlite_file(archive.name, database, set(manifest["tables"]))
        _load_database(engine, database)
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
        key_id=checked.key_id,
    )
    return Summary(
        archive=archive,
        tables=len(manifest["tables"]),
        rows=sum(manifest["tables"].values()),
        files=len(manifest["files"]),
        size=archive.stat().st_size,
    )
