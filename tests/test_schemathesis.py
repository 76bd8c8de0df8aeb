"""schemathesis generates requests from the OpenAPI schema, as every persona and as nobody,
valid (positive) and invalid (negative), and the API must never answer with a server error; a
valid request's answer must match the schema. The suite runs a few examples per operation;
`make drills` sets SRO_FUZZ_EXAMPLES for many more."""

from __future__ import annotations

import os
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from sro.accounts.services import issue_api_token

# More examples for the personas with the widest and the narrowest reach.
EXAMPLES = {"chief": 20, "principal": 20, None: 20}
OTHERS = 5
PERSONAS = ["chief", "sergeant", "sro", "records", "principal", "auditor", "state", "outsider"]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize("persona", [*PERSONAS, None])
def test_generated_requests_get_no_server_error(
    demo: Any, persona: str | None, mode: GenerationMode
) -> None:
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
        _fuzz_all(application, headers, persona, mode)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _fuzz_all(
    application: Any, headers: dict[str, str], persona: str | None, mode: GenerationMode
) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    failures: list[str] = []
    statuses: list[int] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20

    for operation in operations:
        try:
            _fuzz(operation, headers, statuses, persona, mode)()
        except Exception as exc:  # collect every operation's failure, then report
            failures.append(f"{operation.label}: {exc}")
    assert failures == []
    # The requests really reached the application as this persona.
    if persona and mode is GenerationMode.POSITIVE:
        assert sum(200 <= s < 300 for s in statuses) >= len(operations) // 2
    elif persona:
        assert any(400 <= s < 500 for s in statuses)
    else:  # nobody gets in (403 where a forged session cookie fails the CSRF check)
        assert set(statuses) <= {401, 403}


def _fuzz(
    operation: Any,
    headers: dict[str, str],
    statuses: list[int],
    persona: str | None,
    mode: GenerationMode,
) -> Any:
    examples = int(os.environ.get("SRO_FUZZ_EXAMPLES", "0")) or EXAMPLES.get(persona, OTHERS)
    if mode is GenerationMode.NEGATIVE:
        examples = max(3, examples // 4)
    checks = [not_a_server_error]
    if mode is GenerationMode.POSITIVE:
        checks.append(response_schema_conformance)

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: Any) -> None:
        response = case.call(headers=headers)
        statuses.append(response.status_code)
        case.validate_response(response, checks=checks)

    return run
