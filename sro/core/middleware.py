"""Gives every request an id that is written into its audit events and echoed in a header. The
id a trusted proxy sends (nginx's $request_id) is kept, so its log and the audit trail share
it; one a client sends is not, or anyone could give their audit events another request's id."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from sro.core.client_ip import from_trusted_proxy
from sro.core.request_context import request_id

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "") if from_trusted_proxy(request) else ""
        rid = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        token = request_id.set(rid)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response["X-Request-ID"] = rid
        return response
