"""Server error pages. A database that cannot be reached (stopped, restarting, failing over)
is not a bug in the request: the answer is 503 with a page that says so and when to retry, and
the next request after the database is back succeeds (Django's end-of-request handler drops a
connection that raised a database error, and the next request opens a new one; nothing needs
restarting)."""

from __future__ import annotations

import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

RETRY_AFTER_SECONDS = 10


def database_unavailable(exc: BaseException | None) -> bool:
    """Whether the exception (or one it was raised from) says the database cannot be used."""
    while exc is not None:
        if isinstance(exc, OperationalError | InterfaceError):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's handler500: 503 for an unreachable database, otherwise the plain 500 page.
    Rendered without the request's context processors, which would query the database."""
    if database_unavailable(sys.exc_info()[1]):
        return database_unavailable_response(request)
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Server error: it has been logged."}, status=500)
    return HttpResponse(render_to_string("500.html"), status=500)


def database_unavailable_response(request: HttpRequest) -> HttpResponse:
    """503 with when to retry: JSON for the API, a page for people."""
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {
                "detail": "The database is unavailable for a moment; nothing was saved. "
                f"Try again in {RETRY_AFTER_SECONDS} seconds."
            },
            status=503,
        )
    else:
        response = HttpResponse(
            render_to_string("503.html", {"retry": RETRY_AFTER_SECONDS}), status=503
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def healthz(request: HttpRequest) -> HttpResponse:
    """For the load balancer: 200 when the database answers, 503 when it does not."""
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        response = HttpResponse("database unavailable\n", status=503, content_type="text/plain")
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponse("ok\n", content_type="text/plain")
