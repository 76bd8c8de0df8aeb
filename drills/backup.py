"""Backup drill: `sro backup` while clients keep writing, `sro restore` into a fresh instance,
then every table and file compared.

    .venv/bin/python drills/backup.py [--seconds 20] [--database sqlite|postgres|both]

Four SRO clients log activities through the API for `--seconds` before and during the backup.
The restored instance must hold exactly the rows the backup's manifest counted, in every table;
every row it holds must exist in the source (nothing invented or altered: each restored row is
compared, column by column, with the source's row of the same key, except the tables a running
server keeps changing — sessions); every uploaded file must match its checksum; and every
activity acknowledged before the backup began must be there. Reports the backup's and the
restore's times.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tarfile
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from drills.crash import Tally, _activity_day, _writer
from drills.instance import Instance, postgres_answers

# Rows a running server changes after the backup: compared by count only.
CHANGING = {"django_session", "axes_accessattempt", "axes_accesslog", "accounts_apitoken"}


def _rows(instance: Instance, table: str) -> dict[str, tuple[str, ...]]:
    if instance.pg_name:
        catalogue = (
            "SELECT column_name FROM information_schema.columns "  # noqa: S608 - ours
            f"WHERE table_name = '{table}' ORDER BY ordinal_position"
        )
        columns = [r[0] for r in instance.query(catalogue)]
    else:
        columns = [r[1] for r in instance.query(f'PRAGMA table_info("{table}")')]
    key = columns[0]
    out = {}
    for row in instance.query(f'SELECT * FROM "{table}"'):  # noqa: S608 - catalogue names
        record = dict(zip(columns, row, strict=True))
        out[str(record[key])] = tuple(str(v) for v in row)
    return out


def run(database: str, seconds: float) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        source = Instance(Path(tmp) / "source", database, production=False)
        target = Instance(Path(tmp) / "target", database, production=False)
        try:
            (Path(tmp) / "source").mkdir()
            (Path(tmp) / "target").mkdir()
            source.prepare(users=("sergeant",), sessions_per_user=1)
            day = _activity_day(source)
            source.start()
            tally, stop = Tally(), threading.Event()
            writers = [
                threading.Thread(target=_writer, args=(source, tally, day, stop)) for _ in range(4)
            ]
            for w in writers:
                w.start()
            time.sleep(seconds / 2)
            with tally.lock:
                before_backup = set(tally.acknowledged)
            archive = Path(tmp) / "drill-backup.tar.gz"
            started = time.monotonic()
            source.sro("backup", str(archive))
            backup_seconds = time.monotonic() - started
            time.sleep(seconds / 2)
            stop.set()
            for w in writers:
                w.join()
            source.stop()

            started = time.monotonic()
            target.sro("migrate", "--noinput")
            target.sro("restore", str(archive))
            restore_seconds = time.monotonic() - started
            return {
                "database": database,
                "acknowledged during the drill": len(tally.acknowledged),
                "acknowledged before the backup": len(before_backup),
                "backup seconds": round(backup_seconds, 1),
                "restore seconds": round(restore_seconds, 1),
                "archive bytes": archive.stat().st_size,
            } | _compare(source, target, archive, before_backup)
        finally:
            source.drop()
            target.drop()


def _compare(
    source: Instance, target: Instance, archive: Path, before: set[str]
) -> dict[str, object]:
    with tarfile.open(archive) as tar:
        member = tar.extractfile("manifest.json")
        assert member is not None  # noqa: S101 - every backup holds one
        manifest = json.loads(member.read())
    differences: list[str] = []
    # The restore records itself in the restored audit trail: the one row the source lacks.
    own = {
        str(r[0])
        for r in target.query(
            "SELECT id FROM audittrail_auditevent WHERE action = 'backup.restore'"
        )
    }
    for table, count in manifest["tables"].items():
        restored = _rows(target, table)
        if table == "audittrail_auditevent":
            restored = {k: v for k, v in restored.items() if k not in own}
        if len(restored) != count:
            differences.append(f"{table}: {len(restored)} rows, the backup counted {count}")
        if table in CHANGING:
            continue
        original = _rows(source, table)
        for key, row in restored.items():
            if original.get(key) != row:
                differences.append(f"{table} {key}: differs from the source")
                break
    for entry in manifest["files"]:
        path = target.folder / "media" / entry["path"]
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != entry["sha256"]:
            differences.append(f"file {entry['path']}: missing or changed")
    activities = {r[0] for r in _rows(target, "activity_activity").items()}
    missing = {a.replace("-", "") for a in before} - {a.replace("-", "") for a in activities}
    return {
        "tables": len(manifest["tables"]),
        "rows": sum(manifest["tables"].values()),
        "files": len(manifest["files"]),
        "differences": differences[:10],
        "acknowledged before the backup but missing": len(missing),
    }


def passed(result: dict[str, object]) -> bool:
    return result["differences"] == [] and result["acknowledged before the backup but missing"] == 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    args = parser.parse_args()
    ok = True
    for database in ["sqlite", "postgres"] if args.database == "both" else [args.database]:
        if database == "postgres" and not postgres_answers():
            print("postgres: no server answered; left out")
            continue
        result = run(database, args.seconds)
        ok = ok and passed(result)
        print(json.dumps(result, indent=2))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
