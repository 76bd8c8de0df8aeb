"""`sro backup` and `sro restore`, end to end through the `sro` command on real instances (a new
SQLite folder or a new PostgreSQL database each, whichever the suite runs on): the demo data
and uploaded files go out and come back with every table's rows and every file unchanged."""

from __future__ import annotations

import hashlib
import hmac
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
from django.conf import settings
from django.db import connection

from sro.records.backup import (
    PG_FUNCTIONS,
    PG_TRIGGERS,
    SQLITE_TRIGGERS,
    BackupError,
    _check_target,
    sign,
    unpack,
)

ROOT = Path(__file__).resolve().parents[3]
SRO = str(Path(sys.executable).with_name("sro"))
POSTGRES = connection.vendor == "postgresql"
# Files the demo does not upload: nested folders, a name with spaces and accents, binary bytes.
EXTRA_FILES = {
    "incidents/2026/Photo of hallway é.jpg": bytes(range(256)) * 40,
    "empty.txt": b"",
}


# The server the suite's DATABASE_URL names, connected to as its (superuser) account, which
# makes and drops each instance's database and role.
SERVER = os.environ.get("DATABASE_URL", "").rsplit("/", 1)[0]


class Instance:
    """One SRO instance outside the test database: its environment and how to read it. On
    PostgreSQL it has its own database, owned by its own login role (not a superuser), as in
    production (docs/deploy.md)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.media = folder / "media"
        skip = {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        self.env = {k: v for k, v in os.environ.items() if k not in skip}
        self.env |= {
            "DEBUG": "true",
            "SRO_DATA_DIR": str(folder),
            "SRO_BACKUP_KEY": settings.SRO_BACKUP_KEY,
        }
        self.env.pop("SRO_BACKUP_OLD_KEYS", None)
        self.url = ""
        if POSTGRES:
            self.name = f"sro_backup_{uuid.uuid4().hex[:12]}"
            password = uuid.uuid4().hex
            with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
                admin.execute(f"CREATE ROLE \"{self.name}\" LOGIN PASSWORD '{password}'")
                admin.execute(f'CREATE DATABASE "{self.name}" OWNER "{self.name}"')
            host = SERVER.split("://", 1)[1].rsplit("@", 1)[-1]
            self.url = f"postgresql://{self.name}:{password}@{host}/{self.name}"
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
            with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
                admin.execute(f'DROP ROLE IF EXISTS "{self.name}"')


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


def _resign(work: Path, key: str = "") -> None:
    """Sign the (changed) manifest again, as only someone holding the key can."""
    manifest = (work / "manifest.json").read_bytes()
    (work / "manifest.sig").write_bytes(sign(manifest, (key or settings.SRO_BACKUP_KEY).encode()))


def _repack(archive: Path, out: Path, change: Any, *, resign: str = "") -> Path:
    """A copy of ``archive`` with ``change`` made to its unpacked members; signed again with
    the key ``resign`` names ("suite": the suite's own key) or left with its old signature."""
    work = out.parent / f"{out.name}-work"
    with tarfile.open(archive) as tar:
        tar.extractall(work, filter="data")
    change(work)
    if resign:
        _resign(work, "" if resign == "suite" else resign)
    with tarfile.open(out, "w:gz") as tar:
        for path in sorted(work.rglob("*")):
            if path.is_file():
                tar.add(path, arcname=path.relative_to(work).as_posix())
    shutil.rmtree(work)
    return out


def _first_media(work: Path) -> Path:
    return next(p for p in sorted((work / "media").rglob("*")) if p.is_file() and p.stat().st_size)


def _set_format(work: Path) -> None:
    (work / "manifest.json").write_text(json.dumps({"format": 99}))


@pytest.mark.parametrize(
    ("change", "resign", "message"),
    [
        (lambda w: _first_media(w).write_bytes(b"altered"), "", "does not match its checksum"),
        (lambda w: _first_media(w).unlink(), "", "which its manifest lists"),
        (lambda w: (w / "media" / "added.txt").write_text("x"), "", "does not list"),
        (lambda w: (w / "notes.txt").write_text("x"), "", "which a backup never holds"),
        (lambda w: (w / "manifest.json").write_text("{"), "", "altered since it was signed"),
        (lambda w: (w / "manifest.json").write_text("{"), "suite", "no readable manifest.json"),
        (lambda w: (w / "manifest.json").unlink(), "", "no readable manifest.json"),
        (_set_format, "suite", "backup format 99"),
    ],
    ids=[
        "altered-file",
        "missing-file",
        "extra-file",
        "foreign-member",
        "altered-manifest",
        "bad-manifest",
        "no-manifest",
        "format",
    ],
)
def test_a_damaged_or_altered_archive_is_refused(
    source: tuple[Instance, Path], tmp_path: Path, change: Any, resign: str, message: str
) -> None:
    _, archive = source
    bad = _repack(archive, tmp_path / "bad.tar.gz", change, resign=resign)
    with pytest.raises(BackupError, match=message):
        unpack(bad, tmp_path / "out")
    assert not (tmp_path / "out").exists() or "checksum" in message, "unpacked before refusing"


# The signature (issue 23, finding 4): an HMAC-SHA256 of the manifest with SRO_BACKUP_KEY.

OTHER_KEY = "another-instance-backup-key-0123456789abcdef"


def test_the_signature_is_an_hmac_of_the_manifest_with_the_key(
    source: tuple[Instance, Path],
) -> None:
    """What `openssl dgst -sha256 -hmac "$SRO_BACKUP_KEY" manifest.json` prints (docs)."""
    _, archive = source
    with tarfile.open(archive) as tar:
        assert tar.getnames()[:2] == ["manifest.json", "manifest.sig"]
        manifest = tar.extractfile("manifest.json").read()  # type: ignore[union-attr]
        signature = json.load(tar.extractfile("manifest.sig"))  # type: ignore[arg-type]
    expected = hmac.new(settings.SRO_BACKUP_KEY.encode(), manifest, hashlib.sha256).hexdigest()
    assert signature["algorithm"] == "HMAC-SHA256"
    assert signature["hmac"] == expected
    assert settings.SRO_BACKUP_KEY not in json.dumps(signature)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda w: (w / "manifest.sig").unlink(), r"is not signed \(no manifest.sig\)"),
        (lambda w: (w / "manifest.sig").write_text("{"), "unreadable manifest.sig"),
        (lambda w: _resign(w, OTHER_KEY), "was signed with another key"),
    ],
    ids=["unsigned", "bad-signature", "other-key"],
)
def test_an_unsigned_or_foreign_archive_is_refused_before_unpacking(
    source: tuple[Instance, Path], tmp_path: Path, change: Any, message: str
) -> None:
    _, archive = source
    bad = _repack(archive, tmp_path / "bad.tar.gz", change)
    with pytest.raises(BackupError, match=message) as refused:
        unpack(bad, tmp_path / "out")
    assert "\n" not in str(refused.value)
    assert not (tmp_path / "out").exists(), "unpacked before the signature was checked"


def test_an_older_key_restores_only_when_listed(
    source: tuple[Instance, Path], tmp_path: Path, settings: Any
) -> None:
    """Key rotation: the new key signs, the old one stays in SRO_BACKUP_OLD_KEYS to restore
    the archives it signed."""
    _, archive = source
    signed_with = settings.SRO_BACKUP_KEY
    settings.SRO_BACKUP_KEY = OTHER_KEY
    with pytest.raises(BackupError, match="another key"):
        unpack(archive, tmp_path / "refused")
    settings.SRO_BACKUP_OLD_KEYS = ["x" * 40, signed_with]
    checked = unpack(archive, tmp_path / "accepted")
    assert checked.manifest["engine"] == ("postgresql" if POSTGRES else "sqlite")


@pytest.mark.parametrize(
    ("key", "old", "message"),
    [
        ("", [], "SRO_BACKUP_KEY is not set: `sro restore` loads only archives signed"),
        ("short", [], r"SRO_BACKUP_KEY is too short \(5 characters\)"),
        (OTHER_KEY, ["short"], "SRO_BACKUP_OLD_KEYS holds a key shorter than 32"),
    ],
    ids=["no-key", "short-key", "short-old-key"],
)
def test_restore_needs_a_key(
    source: tuple[Instance, Path], tmp_path: Path, settings: Any, key: str, old: Any, message: str
) -> None:
    _, archive = source
    settings.SRO_BACKUP_KEY, settings.SRO_BACKUP_OLD_KEYS = key, old
    with pytest.raises(BackupError, match=message):
        unpack(archive, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_backup_refuses_without_a_key(source: tuple[Instance, Path], tmp_path: Path) -> None:
    origin, _ = source
    archive = tmp_path / "unsigned.tar.gz"
    key = origin.env.pop("SRO_BACKUP_KEY")
    try:
        done = origin.sro("backup", str(archive))
        origin.env["SRO_BACKUP_KEY"] = "too-short"
        short = origin.sro("backup", str(archive))
    finally:
        origin.env["SRO_BACKUP_KEY"] = key
    assert done.returncode != 0
    assert "SRO_BACKUP_KEY is not set" in done.stderr
    assert "secrets.token_urlsafe(32)" in done.stderr
    assert "never beside the backups" in done.stderr
    assert short.returncode != 0
    assert "SRO_BACKUP_KEY is too short (9 characters)" in short.stderr
    assert not archive.exists()
    assert not list(tmp_path.iterdir()), "nothing written"


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


# A crafted archive, made the way the penetration test made one (issue 23, finding 4): the
# database in it given a function and a check constraint that calls it (PostgreSQL) or a trigger
# that makes every user a superuser (SQLite), and the manifest's checksum recomputed to match.

PWNED_FUNCTION = """
CREATE FUNCTION public.pwned() RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  RAISE NOTICE 'ran as %', current_user;
  RETURN true;
END $$;
ALTER TABLE public.roster_agency ADD CONSTRAINT pwned CHECK (public.pwned());
"""
PWNED_TRIGGER = (
    "CREATE TRIGGER pwned AFTER INSERT ON audittrail_auditevent "
    "BEGIN UPDATE accounts_user SET is_superuser = 1; END"
)
# A view: any other kind of object a backup of this application never holds.
PWNED_VIEW = "CREATE VIEW pwned AS SELECT 1 AS x"


def _craft_database(work: Path, *, view: bool = False) -> None:
    """Add the payload to the archive's database and recompute the manifest's checksum."""
    if POSTGRES:
        dump = work / "database.pgdump"
        scratch = f"sro_backup_craft_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{scratch}"')
        try:
            env = {**os.environ, "PGDATABASE": scratch}
            url = f"{SERVER}/{scratch}"
            subprocess.run(  # noqa: S603 - the PostgreSQL client, arguments built here
                ["pg_restore", "--no-owner", "-d", url, str(dump)],  # noqa: S607
                check=True,
                env=env,
            )
            with psycopg.connect(url, autocommit=True) as db:
                db.execute(PWNED_VIEW if view else PWNED_FUNCTION)
            dump.unlink()
            subprocess.run(  # noqa: S603 - the PostgreSQL client, arguments built here
                ["pg_dump", "--format=custom", "--no-owner", "--file", str(dump), url],  # noqa: S607
                check=True,
                env=env,
            )
        finally:
            with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
    else:
        dump = work / "database.sqlite3"
        db = sqlite3.connect(dump)
        try:
            db.execute(PWNED_VIEW if view else PWNED_TRIGGER)
            db.commit()
        finally:
            db.close()
    manifest = json.loads((work / "manifest.json").read_text())
    manifest["database"]["sha256"] = hashlib.sha256(dump.read_bytes()).hexdigest()
    manifest["database"]["size"] = dump.stat().st_size
    (work / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))


def _payload_present(instance: Instance) -> bool:
    if POSTGRES:
        return bool(
            instance._query(
                "SELECT 1 FROM pg_proc WHERE proname = 'pwned' "
                "UNION ALL SELECT 1 FROM pg_class WHERE relname = 'pwned'"
            )
        )
    return bool(instance._query("SELECT 1 FROM sqlite_master WHERE name = 'pwned'"))


def test_a_crafted_archive_with_recomputed_checksums_is_refused(
    source: tuple[Instance, Path], tmp_path: Path, instances: list[Instance]
) -> None:
    _, archive = source
    crafted = _repack(archive, tmp_path / "crafted.tar.gz", _craft_database)
    target = new_instance(tmp_path, instances)
    target.ok("migrate", "--noinput")
    before = target.tables()
    done = target.sro("restore", str(crafted))
    assert done.returncode != 0, "a crafted archive was restored"
    assert "has been altered since it was signed" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert target.tables() == before, "the refused restore changed the database"
    assert not _payload_present(target)


@pytest.mark.parametrize("view", [False, True], ids=["function-or-trigger", "view"])
def test_a_crafted_database_signed_with_the_key_is_refused(
    source: tuple[Instance, Path], tmp_path: Path, instances: list[Instance], view: bool
) -> None:
    """Someone holding the key (an insider, a stolen key) still cannot restore functions,
    triggers or views a backup of this application never holds."""
    _, archive = source
    crafted = _repack(
        archive,
        tmp_path / "crafted.tar.gz",
        lambda work: _craft_database(work, view=view),
        resign="suite",
    )
    target = new_instance(tmp_path, instances)
    target.ok("migrate", "--noinput")
    before = target.tables()
    done = target.sro("restore", str(crafted))
    assert done.returncode != 0, "a crafted archive was restored"
    if view:
        what = "VIEW public pwned" if POSTGRES else "view pwned"
    else:
        what = "FUNCTION public pwned()" if POSTGRES else "trigger pwned"
    assert f"holds {what}, which a backup of this application never holds" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert target.tables() == before
    assert not _payload_present(target)
    assert not target.files()


@pytest.mark.skipif(not POSTGRES, reason="PostgreSQL roles")
def test_restore_refuses_a_superuser(
    source: tuple[Instance, Path], tmp_path: Path, instances: list[Instance]
) -> None:
    """The pen test's restore ran as the superuser: a restore connects as the application's
    own role, never one that is or can become a superuser."""
    _, archive = source
    target = new_instance(tmp_path, instances)
    target.ok("migrate", "--noinput")
    before = target.tables()
    target.env["DATABASE_URL"] = f"{SERVER}/{target.name}"  # the server's superuser account
    done = target.sro("restore", str(archive))
    assert done.returncode != 0
    assert "which is or can become a PostgreSQL superuser" in done.stderr
    assert "createdb --owner=sro NAME" in done.stderr
    # A role that can SET ROLE to a superuser is refused too.
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        superuser = admin.execute("SELECT current_user").fetchone()[0]  # type: ignore[index]
        admin.execute(f'GRANT "{superuser}" TO "{target.name}"')
    try:
        target.env["DATABASE_URL"] = target.url
        member = target.sro("restore", str(archive))
    finally:
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f'REVOKE "{superuser}" FROM "{target.name}"')
    assert member.returncode != 0
    assert f"({superuser})" in member.stderr
    assert target.tables() == before


@pytest.mark.django_db
def test_a_restore_allows_exactly_the_functions_and_triggers_the_migrations_create() -> None:
    """The allow-list in sro/records/backup.py against the migrated test database: a migration
    that adds a function or trigger fails here until the list names it."""
    with connection.cursor() as cursor:
        if POSTGRES:
            cursor.execute(
                "SELECT p.proname || '()', p.prosrc FROM pg_proc p "
                "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'"
            )
            functions = dict(cursor.fetchall())
            cursor.execute(
                "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = "
                "t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND NOT t.tgisinternal"
            )
            assert set(cursor.fetchall()) == PG_TRIGGERS
            assert set(functions) == set(PG_FUNCTIONS)
            for name, body in functions.items():
                assert " ".join(body.split()) in PG_FUNCTIONS[name]
        else:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            assert dict(cursor.fetchall()) == SQLITE_TRIGGERS
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'view'")
            assert cursor.fetchall() == []
