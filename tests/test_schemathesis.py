"""schemathesis generates requests from the OpenAPI schema, as an authenticated user and as
nobody, and the API must never answer with a server error or break its own schema."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from sro.accounts.services import issue_api_token

EXAMPLES = 20


@pytest.mark.parametrize("persona", ["chief", "principal", None])
def test_generated_requests_get_no_server_error(demo: Any, persona: str | None) -> None:
    from config.wsgi import application

    headers = {}
    if persona:
        user = demo.users[persona]
        _, raw = issue_api_token(actor=user, user=user, name="schemathesis", scope="write")
        headers = {"Authorization": f"Bearer {raw}"}
    # Like Django's test client: keep the test's database connection open between requests.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        _fuzz_all(application, headers, persona)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _fuzz_all(application: Any, headers: dict[str, str], persona: str | None) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    failures: list[str] = []
    statuses: list[int] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20

    for operation in operations:
        try:
            _fuzz(operation, headers, statuses)()
        except Exception as exc:  # collect every operation's failure, then report
            failures.append(f"{operation.label}: {exc}")
    assert failures == []
    # The requests really reached the application as this persona.
    if persona:
        assert sum(200 <= s < 300 for s in statuses) > len(operations)
    else:  # nobody gets in (403 where a forged session cookie fails the CSRF check)
        assert set(statuses) <= {401, 403}


def _fuzz(operation: Any, headers: dict[str, str], statuses: list[int]) -> Any:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case: Any) -> None:
        response = case.call(headers=headers)
        statuses.append(response.status_code)
        case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])

    return run
