"""The error pages Django shows when a request fails: 503 for an unreachable database (the
drill in test_outage.py), 500 for anything else; neither needs the database."""

from __future__ import annotations

from django.db import OperationalError
from django.test import RequestFactory

from sro.core.errors import database_unavailable, server_error


def _answer(path: str, exc: Exception) -> tuple[int, str, str | None]:
    try:
        raise exc
    except Exception:
        response = server_error(RequestFactory().get(path))
    return response.status_code, response.content.decode(), response.get("Retry-After")


def test_a_lost_database_is_503_with_when_to_retry() -> None:
    status, body, retry = _answer("/incidents/", OperationalError("connection refused"))
    assert (status, retry) == (503, "10")
    assert "nothing you just sent was saved" in body
    status, body, retry = _answer("/api/v1/incidents", OperationalError("server closed"))
    assert (status, retry) == (503, "10")
    assert "Try again in 10 seconds." in body


def test_a_database_error_wrapped_in_another_is_still_503() -> None:
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError as inner:
        wrapped = RuntimeError("while saving")
        wrapped.__cause__ = inner
    assert database_unavailable(wrapped)
    assert not database_unavailable(RuntimeError("a bug"))


def test_any_other_error_is_a_plain_500() -> None:
    status, body, retry = _answer("/incidents/", ZeroDivisionError())
    assert (status, retry) == (500, None)
    assert "Something went wrong on our side" in body
    status, body, _ = _answer("/api/v1/incidents", ZeroDivisionError())
    assert (status, body) == (500, '{"detail": "Server error: it has been logged."}')
