"""Crash drill: the application server is killed (SIGKILL, every worker) at random moments
while clients save records and import files through it; nothing acknowledged may be lost,
no import may be half-written, no record may lack its audit event, and the database must pass
its own integrity check.

    .venv/bin/python drills/crash.py [--kills 20] [--records 2000] [--database sqlite|postgres|both]

Writers: four SRO clients logging activities through the API (a record is acknowledged by its
201 answer, which names its id), and one sergeant importing 500-row course-record files through
the import page (acknowledged by the page's redirect; each file is tagged with its own provider
name). A killer thread sends SIGKILL to gunicorn's process group after a random 0.3 to 2.5 s
and restarts it, `--kills` times; the writers keep going until they have `--records`
acknowledged records and the kills are done. Then, with the server stopped, every
acknowledged activity is looked up with its audit event, every import tag counted (0 or 500
rows, and 500 for an acknowledged one), every activity and course record matched with its
`create` event, and the database checked.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from drills.instance import Instance, multipart, postgres_answers

IMPORT_ROWS = 500
FIRST_DAY = dt.date(1971, 1, 1)
COURSES = ["required", "supplemental", "refresher", "ssc_basic", "nasro_basic"]
WRITERS = 4
# No acknowledged write for this long means the drill is stuck, not slow.
STALL_SECONDS = 180


@dataclass
class Tally:
    acknowledged: list[str] = field(default_factory=list)
    imports_sent: list[str] = field(default_factory=list)
    imports_acknowledged: list[str] = field(default_factory=list)
    refused: int = 0  # 503s and dropped connections while the server was down
    other: list[str] = field(default_factory=list)  # anything else: a defect
    lock: threading.Lock = field(default_factory=threading.Lock)


def _activity_day(instance: Instance) -> str:
    rows = instance.query(
        "SELECT day FROM scheduling_calendarday WHERE kind = 'instructional' "
        "AND day <= '2026-11-27' ORDER BY day DESC LIMIT 1"
    )
    return str(rows[0][0])


def _writer(instance: Instance, tally: Tally, day: str, stop: threading.Event) -> None:
    headers = {
        "Authorization": f"Bearer {instance.sro_token}",
        "Content-Type": "application/json",
    }
    while not stop.is_set():
        body = json.dumps(
            {
                "kind": "class_taught",
                "students": 20,
                "on": day,
                "topic": "Online safety",
                "grade": "9",
            }
        ).encode()
        try:
            status, answer = instance.request(
                "POST", "/api/v1/activities", body=body, headers=headers, timeout=10
            )
        except OSError:
            with tally.lock:
                tally.refused += 1
            time.sleep(0.05)
            continue
        with tally.lock:
            if status == 201:
                tally.acknowledged.append(json.loads(answer)["id"])
            elif status in (502, 503):
                tally.refused += 1
            else:
                tally.other.append(f"activity {status}: {answer[:200]!r}")


def _importer(instance: Instance, tally: Tally, stop: threading.Event, seed: int) -> None:
    session = instance.sessions["sergeant"][0]
    licences = [r[0] for r in instance.query("SELECT post_license_number FROM roster_officer")]
    number = 0
    while not stop.is_set():
        number += 1
        tag = f"drill-{seed}-{number}"
        lines = ["post_license_number,course,completed_on,hours,provider"]
        for i in range(IMPORT_ROWS):
            # Every row of every file new (officer and day), so each file adds all its rows.
            g, n = number * IMPORT_ROWS + i, len(licences)
            day = FIRST_DAY + dt.timedelta(days=g // (n * len(COURSES)))
            course = COURSES[(g // n) % len(COURSES)]
            lines.append(f"{licences[g % n]},{course},{day},2,{tag}")
        body, kind = multipart("file", f"{tag}.csv", ("\n".join(lines) + "\n").encode())
        with tally.lock:
            tally.imports_sent.append(tag)
        try:
            status, answer, location = instance.request_with_location(
                "POST",
                "/training/import/",
                body=body,
                headers={**instance.form_headers(session), "Content-Type": kind},
                timeout=60,
            )
        except OSError:
            continue
        with tally.lock:
            if status == 302 and location.endswith("/training/"):
                tally.imports_acknowledged.append(tag)
            elif status not in (502, 503):
                tally.other.append(f"import {status}: {answer[:300]!r}")
        stop.wait(0.5)  # a clerk's pace, leaving the writers most of the server


def run(
    database: str, kills: int, records: int, seed: int, *, production: bool = True
) -> dict[str, object]:
    """One drill; `production=False` runs the server with DEBUG on, which needs no
    collectstatic (the quick version in the test suite)."""
    rng = random.Random(seed)  # noqa: S311 - a drill's schedule, not a secret
    with tempfile.TemporaryDirectory() as tmp:
        instance = Instance(Path(tmp), database, production=production)
        try:
            instance.prepare(users=("sergeant",), sessions_per_user=1)
            day = _activity_day(instance)
            instance.start()
            tally, stop = Tally(), threading.Event()
            threads = [
                threading.Thread(target=_writer, args=(instance, tally, day, stop))
                for _ in range(WRITERS)
            ]
            threads.append(threading.Thread(target=_importer, args=(instance, tally, stop, seed)))
            started = time.monotonic()
            for t in threads:
                t.start()
            injected = 0
            # Stop early only when something is wrong: too many unexpected answers, or no
            # write acknowledged for a long while. A slow (busy) machine still makes progress,
            # so the drill waits for it rather than racing a wall clock.
            seen, progressed = 0, time.monotonic()
            while injected < kills or len(tally.acknowledged) < records:
                if len(tally.acknowledged) != seen:
                    seen, progressed = len(tally.acknowledged), time.monotonic()
                if len(tally.other) > 20 or time.monotonic() - progressed > STALL_SECONDS:
                    break  # something is wrong: stop and report what was seen
                if injected < kills:
                    time.sleep(rng.uniform(0.3, 2.5))
                    instance.kill()
                    injected += 1
                    instance.start()
                    progressed = time.monotonic()  # a restart on a busy machine is not a stall
                else:
                    time.sleep(0.2)
            stop.set()
            for t in threads:
                t.join()
            elapsed = time.monotonic() - started
            instance.stop()
            return {"database": database, "seconds": elapsed, "kills": injected} | _verify(
                instance, tally
            )
        finally:
            instance.drop()


def _verify(instance: Instance, tally: Tally) -> dict[str, object]:
    activities = instance.query("SELECT id FROM activity_activity")
    stored = {str(r[0]).replace("-", "") for r in activities}
    audited = {
        str(r[0]).replace("-", "")
        for r in instance.query(
            "SELECT target_id FROM audittrail_auditevent WHERE action = 'activity.create'"
        )
    }
    acked = {a.replace("-", "") for a in tally.acknowledged}
    lost = len(acked - stored)
    lost_events = len(acked - audited)
    unaudited = len(stored - audited)
    rows = dict(
        instance.query(
            "SELECT provider, count(*) FROM training_completion "
            "WHERE provider LIKE 'drill-%' GROUP BY provider"
        )
    )
    partial = sum(1 for n in rows.values() if n not in (0, IMPORT_ROWS))
    lost_imports = sum(1 for tag in tally.imports_acknowledged if rows.get(tag) != IMPORT_ROWS)
    completions = {
        str(r[0]).replace("-", "")
        for r in instance.query(
            "SELECT c.id FROM training_completion c WHERE c.provider LIKE 'drill-%'"
        )
    }
    completion_events = {
        str(r[0]).replace("-", "")
        for r in instance.query(
            "SELECT target_id FROM audittrail_auditevent WHERE action = 'completion.create'"
        )
    }
    return {
        "acknowledged": len(acked),
        "refused while down": tally.refused,
        "imports sent": len(tally.imports_sent),
        "imports acknowledged": len(tally.imports_acknowledged),
        "imports written": sum(1 for n in rows.values() if n == IMPORT_ROWS),
        "acknowledged writes lost": lost + lost_imports,
        "partial imports": partial,
        "records without their audit event": unaudited
        + lost_events
        + len(completions - completion_events),
        "unexpected answers": tally.other[:5],
        "integrity check": instance.integrity(),
    }


def passed(result: dict[str, object]) -> bool:
    return (
        result["acknowledged writes lost"] == 0
        and result["partial imports"] == 0
        and result["records without their audit event"] == 0
        and result["unexpected answers"] == []
        and result["integrity check"] == "ok"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--seed", type=int, default=626)
    args = parser.parse_args()
    databases = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    ok = True
    for database in databases:
        if database == "postgres" and not postgres_answers():
            print("postgres: no server answered; left out")
            continue
        result = run(database, args.kills, args.records, args.seed)
        ok = ok and passed(result)
        print(json.dumps(result, indent=2))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
