"""The quick versions of the reliability drills (`make drills` runs them in full), on SQLite
and on PostgreSQL: the application server killed while clients write, and a backup taken while
clients write restored into a new instance."""

from __future__ import annotations

import pytest

from drills.backup import passed as backup_passed
from drills.backup import run as backup_run
from drills.crash import passed, run
from drills.instance import PG_SERVER, postgres_answers

pytestmark = pytest.mark.once


@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_killing_the_server_loses_no_acknowledged_write(database: str) -> None:
    if database == "postgres" and not postgres_answers():
        pytest.skip(f"no PostgreSQL server answers at {PG_SERVER}")
    result = run(database, kills=3, records=60, seed=7, production=False)
    assert result["kills"] == 3
    assert result["acknowledged"] >= 60
    assert result["imports acknowledged"]
    assert passed(result), result


@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_a_backup_taken_under_load_restores_exactly(database: str) -> None:
    if database == "postgres" and not postgres_answers():
        pytest.skip(f"no PostgreSQL server answers at {PG_SERVER}")
    result = backup_run(database, seconds=4)
    assert result["acknowledged before the backup"]
    assert backup_passed(result), result
