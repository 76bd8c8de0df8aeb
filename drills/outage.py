"""Database outage drill: PostgreSQL cut off from a loaded application server for 10 seconds.
While it is gone every request must fail fast with a 503 (never a 500, never a hang); when it
is back, requests must succeed again without restarting anything.

    .venv/bin/python drills/outage.py [--seconds 10]

The outage is a TCP proxy between gunicorn and the PostgreSQL server, cut and restored (the
server itself keeps running for everything else on the machine). Four SRO clients log
activities through the API and one reads the health check throughout; the drill reports the
answers by phase, the slowest answer during the outage and how long after the database came
back the first request succeeded.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from drills.crash import _activity_day
from drills.instance import PG_SERVER, Instance, postgres_answers
from drills.proxy import Proxy


def run(outage_seconds: float, before: float = 5, after: float = 10) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        instance = Instance(Path(tmp), "postgres", production=False)
        host, port = PG_SERVER.rsplit("@", 1)[-1].split(":")
        proxy = Proxy((host, int(port)))
        proxy.up()
        try:
            instance.prepare(users=("sergeant",), sessions_per_user=1)
            day = _activity_day(instance)
            instance.env["DATABASE_URL"] = instance.env["DATABASE_URL"].replace(
                f"{host}:{port}", f"127.0.0.1:{proxy.port}"
            )
            instance.start()
            phase = ["before"]
            answers: Counter[str] = Counter()
            slowest = {"during": 0.0}
            back: list[float] = []
            restored_at = [0.0]
            stop = threading.Event()
            lock = threading.Lock()

            def client(path: str, body: bytes | None) -> None:
                headers = {
                    "Authorization": f"Bearer {instance.sro_token}",
                    "Content-Type": "application/json",
                }
                while not stop.is_set():
                    started = time.monotonic()
                    try:
                        status, _ = instance.request(
                            "POST" if body else "GET", path, body=body, headers=headers, timeout=30
                        )
                    except OSError:
                        status = 0
                    took = time.monotonic() - started
                    with lock:
                        answers[f"{phase[0]} {status}"] += 1
                        if phase[0] == "during":
                            slowest["during"] = max(slowest["during"], took)
                        if phase[0] == "after" and 200 <= status < 300 and not back:
                            back.append(time.monotonic() - restored_at[0])
                    time.sleep(0.05)

            body = json.dumps(
                {"kind": "patrol", "students": 0, "on": day, "topic": "", "grade": ""}
            ).encode()
            threads = [
                threading.Thread(target=client, args=("/api/v1/activities", body)) for _ in range(4)
            ]
            threads.append(threading.Thread(target=client, args=("/healthz", None)))
            for t in threads:
                t.start()
            time.sleep(before)
            phase[0] = "during"
            proxy.down()
            time.sleep(outage_seconds)
            proxy.up()
            restored_at[0] = time.monotonic()
            phase[0] = "after"
            time.sleep(after)
            stop.set()
            for t in threads:
                t.join()
            return {
                "outage seconds": outage_seconds,
                "answers": dict(sorted(answers.items())),
                "slowest answer during the outage (s)": round(slowest["during"], 2),
                "first success after the database returned (s)": round(back[0], 2)
                if back
                else None,
            }
        finally:
            instance.drop()
            proxy.down()


def passed(result: dict[str, object]) -> bool:
    answers = result["answers"]
    assert isinstance(answers, dict)  # noqa: S101
    during = {k.split()[1] for k in answers if k.startswith("during")}
    server_errors = [k for k in answers if k.split()[1] not in {"0", "201", "200", "503"}]
    first_back = result["first success after the database returned (s)"]
    return (
        during <= {"503", "201", "200"}
        and "503" in during
        and not server_errors
        and isinstance(first_back, float)
        and first_back < 5
        and float(str(result["slowest answer during the outage (s)"])) < 2
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    if not postgres_answers():
        print(f"no PostgreSQL server answers at {PG_SERVER}: the outage drill needs one")
        sys.exit(1)
    result = run(args.seconds)
    print(json.dumps(result, indent=2))
    sys.exit(0 if passed(result) else 1)


if __name__ == "__main__":
    main()
