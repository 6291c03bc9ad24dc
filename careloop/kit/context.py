"""Per-request facts (client address) that audit records need, without threading the request."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

client_address: ContextVar[str] = ContextVar("client_address", default="")


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = client_address.set(request.META.get("REMOTE_ADDR", ""))
        try:
            return self.get_response(request)
        finally:
            client_address.reset(token)
