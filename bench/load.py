"""Load test: Locust against gunicorn on 127.0.0.1, on SQLite and on PostgreSQL.

    .venv/bin/python bench/load.py [--users 50] [--seconds 120] [--database sqlite|postgres|both]

For each database: a new data folder (and, for PostgreSQL, a throw-away database on
DATABASE_URL's server), `sro migrate`, `sro demo`, `sro collectstatic`, signed-in sessions for
the demo's chief, sergeant, SRO, records clerk and principal and an API token for the SRO; then
gunicorn with deploy/gunicorn.conf.py in production settings (DEBUG off, behind a pretend
proxy that says https), and Locust headless with bench/locustfile.py: `--users` users started
10 a second, for `--seconds`. Prints requests per second, median and p95 latency, failures and
server errors (5xx, counted by Locust and in gunicorn's access log), and the slowest requests.
Target: zero server errors.
"""

from __future__ import annotations

import argparse
import csv
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG_SERVER = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/x").rsplit("/", 1)[0]
SESSIONS_PER_PERSONA = 20
PERSONAS = ["chief", "sergeant", "sro", "records", "principal"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _sro(args: list[str], env: dict[str, str]) -> None:
    subprocess.run([str(BIN / "sro"), *args], env=env, check=True, capture_output=True)  # noqa: S603


def _postgres() -> str | None:
    try:
        import psycopg

        name = f"sro_load_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=5) as db:
            db.execute(f'CREATE DATABASE "{name}"')
        return name
    except Exception:  # no server: the PostgreSQL run is left out
        return None


def _drop(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(database: str, users: int, seconds: int) -> str:
    pg = _postgres() if database == "postgres" else None
    if database == "postgres" and pg is None:
        return f"| postgres | no server answered at {PG_SERVER} | | | | | |"
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "SRO_DATA_DIR": tmp,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_PROXY_SSL_HEADER": "true",
            "LOG_LEVEL": "ERROR",
        }
        if pg:
            env["DATABASE_URL"] = f"{PG_SERVER}/{pg}"
        else:
            env.pop("DATABASE_URL", None)
        try:
            return _measure(database, env, Path(tmp), users, seconds)
        finally:
            if pg:
                _drop(pg)


def _measure(database: str, env: dict[str, str], tmp: Path, users: int, seconds: int) -> str:
    _sro(["migrate", "--noinput"], env)
    _sro(["demo"], env)
    _sro(["collectstatic", "--noinput"], env)
    sessions = tmp / "sessions.json"
    subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-m",
            "drills.signin",  # the same signed-in sessions as the drills
            str(sessions),
            ",".join(PERSONAS),
            str(SESSIONS_PER_PERSONA),
        ],
        env=env,
        cwd=ROOT,
        check=True,
    )
    port = _free_port()
    access_log = tmp / "access.log"
    server = subprocess.Popen(  # noqa: S603
        [
            str(BIN / "gunicorn"),
            "-c",
            os.environ.get("SRO_GUNICORN_CONF", str(ROOT / "deploy" / "gunicorn.conf.py")),
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            str(access_log),
            "config.wsgi",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    samples: list[float] = []
    done = threading.Event()
    sampler = threading.Thread(target=_sample_memory, args=(server.pid, samples, done))
    try:
        _wait(port)
        sampler.start()
        prefix = tmp / "locust"
        subprocess.run(  # noqa: S603
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--users",
                str(users),
                "--spawn-rate",
                "10",
                "--run-time",
                f"{seconds}s",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "ERROR",
            ],
            env={**env, "SRO_LOAD_SESSIONS": str(sessions)},
            cwd=ROOT,
            check=False,
            capture_output=True,
        )
    finally:
        done.set()
        if sampler.is_alive():
            sampler.join()
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    if samples:
        tenth = max(1, len(samples) // 10)
        first, last = samples[:tenth], samples[-tenth:]
        MEMORY.append(
            f"{database}: gunicorn and its workers {sum(first) / len(first):.0f} MiB in the "
            f"first tenth of the run, {sum(last) / len(last):.0f} MiB in the last, "
            f"{max(samples):.0f} MiB at most ({len(samples)} samples)"
        )
    return _summary(database, prefix, access_log, users, seconds)


def _sample_memory(pid: int, samples: list[float], done: threading.Event) -> None:
    """The resident memory of the server and its workers, every 5 seconds."""
    import psutil

    while not done.wait(5):
        try:
            root = psutil.Process(pid)
            processes = [root, *root.children(recursive=True)]
            samples.append(sum(p.memory_info().rss for p in processes) / 1024 / 1024)
        except psutil.Error:
            continue


def _wait(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/login/", headers={"X-Forwarded-Proto": "https"}
        )
        try:
            urllib.request.urlopen(request, timeout=2)  # noqa: S310
            return
        except OSError as exc:
            if getattr(exc, "code", None):  # any HTTP answer: the server is up
                return
            time.sleep(0.5)
    raise SystemExit("gunicorn did not start")


def _summary(database: str, prefix: Path, access_log: Path, users: int, seconds: int) -> str:
    rows = _csv(Path(f"{prefix}_stats.csv"))
    total = next(r for r in rows if r["Name"] == "Aggregated")
    server_errors = sum(1 for line in access_log.read_text().splitlines() if _status(line) >= 500)
    slowest = sorted(
        (r for r in rows if r["Name"] != "Aggregated"), key=lambda r: -float(r["95%"] or 0)
    )[:3]
    slow = "; ".join(f"{r['Name']} {r['95%']} ms" for r in slowest)
    failures = int(total["Failure Count"])
    detail = ""
    if failures:
        failed = _csv(Path(f"{prefix}_failures.csv"))
        detail = " (" + "; ".join(f"{f['Name']}: {f['Error']}" for f in failed[:3]) + ")"
    each = "\n".join(
        f"  {r['Name']:<34} {int(r['Request Count']):>6} requests  median {r['50%']:>5} ms  "
        f"p95 {r['95%']:>5} ms  failures {r['Failure Count']}"
        for r in rows
        if r["Name"] != "Aggregated"
    )
    PER_REQUEST.append(f"{database}, {users} users for {seconds} s:\n{each}")
    return (
        f"| {database} | {users} users, {seconds} s | {float(total['Requests/s']):.1f} | "
        f"{total['50%']} ms | {total['95%']} ms | {failures}{detail} | {server_errors} | "
        f"{slow} |"
    )


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as f:
        return list(csv.DictReader(f))


def _status(line: str) -> int:
    # gunicorn's default access log: ... "GET /path HTTP/1.1" 200 1234 "-" "agent"
    try:
        return int(line.split('" ', 1)[1].split()[0])
    except (IndexError, ValueError):
        return 0


PER_REQUEST: list[str] = []
MEMORY: list[str] = []

HEADER = (
    "| Database | Load | Requests/s | Median | p95 | Failures | Server errors (5xx) | "
    "Slowest p95 |\n| --- | --- | --- | --- | --- | --- | --- | --- |"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    args = parser.parse_args()
    databases = ["sqlite", "postgres"] if args.database == "both" else [args.database]
    print(HEADER)
    for database in databases:
        print(run(database, args.users, args.seconds), flush=True)
    print("\n```")
    print("\n".join(PER_REQUEST))
    print("\n".join(MEMORY))
    print("```")


if __name__ == "__main__":
    main()
