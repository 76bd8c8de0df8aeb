"""The quick versions of the reliability drills (`make drills` runs them in full): the
application server killed while clients write, on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest

from drills.crash import passed, run
from drills.instance import PG_SERVER, postgres_answers


@pytest.mark.parametrize("database", ["sqlite", "postgres"])
def test_killing_the_server_loses_no_acknowledged_write(database: str) -> None:
    if database == "postgres" and not postgres_answers():
        pytest.skip(f"no PostgreSQL server answers at {PG_SERVER}")
    result = run(database, kills=3, records=60, seed=7, production=False)
    assert result["kills"] == 3
    assert result["acknowledged"] >= 60
    assert result["imports acknowledged"]
    assert passed(result), result
