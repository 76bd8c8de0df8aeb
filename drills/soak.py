"""Soak: mixed load for 30 minutes on loopback (bench/load.py's Locust users against gunicorn
in production settings), on SQLite and PostgreSQL: no failure, no server error, and the
memory of gunicorn and its workers flat from the first tenth of the run to the last.

    .venv/bin/python drills/soak.py [--minutes 30] [--users 20] [--database sqlite|postgres|both]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import load


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    args = parser.parse_args()
    print(load.HEADER)
    for database in ["sqlite", "postgres"] if args.database == "both" else [args.database]:
        print(load.run(database, args.users, int(args.minutes * 60)), flush=True)
    print("\n".join(load.MEMORY))


if __name__ == "__main__":
    main()
