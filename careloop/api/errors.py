"""Every API error is JSON: ``{"detail": ...}`` plus ``errors`` (field -> message) for bad input.

Nothing of the request (path values, query, body, headers) and no stack trace is written to logs or
responses: request data is PHI until proven otherwise.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from careloop.identity.public import NotPermitted
from careloop.kit.errors import InvalidInput, NotFound
from careloop.patients.public import describe_error

log = logging.getLogger("careloop.api")

_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}
INVALID = "Invalid input."


def field_messages(errors: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """Map ninja/pydantic errors to ``{"dotted.field.path": "message"}``.

    ninja prefixes a location with its source and, for a JSON body, the body parameter's name;
    clients know neither, so both are dropped ("body", "data", "identifier", "value" ->
    "identifier.value"). A problem with the body as a whole is reported under "body".
    """
    found: dict[str, str] = {}
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        if loc and loc[0] in _SOURCES:
            source, loc = loc[0], loc[1:]
            if source == "body":
                loc = loc[1:]
        path = ".".join(loc) or "body"
        message = describe_error(error)
        if path == "body" and error.get("type") == "missing":
            message = "Send a JSON body."
        found.setdefault(path, message)
    return found


def _json(api: NinjaAPI, request: HttpRequest, status: int, data: dict[str, Any]) -> HttpResponse:
    return api.create_response(request, data, status=status)


def install(api: NinjaAPI) -> None:
    # Handlers take ``exc: Any``: ninja types a handler's argument as "E | type[E]".
    def not_found(request: HttpRequest, exc: Any) -> HttpResponse:
        return _json(api, request, 404, {"detail": "Not found."})

    def invalid_input(request: HttpRequest, exc: Any) -> HttpResponse:
        return _json(api, request, 422, {"detail": INVALID, "errors": exc.errors})

    def validation_error(request: HttpRequest, exc: Any) -> HttpResponse:
        return _json(api, request, 422, {"detail": INVALID, "errors": field_messages(exc.errors)})

    def not_permitted(request: HttpRequest, exc: Any) -> HttpResponse:
        return _json(api, request, 403, {"detail": "Your role does not allow this."})

    def unauthenticated(request: HttpRequest, exc: Any) -> HttpResponse:
        response = _json(api, request, 401, {"detail": "Send a valid API token: "
                                                       "Authorization: Bearer <token>."})
        response["WWW-Authenticate"] = 'Bearer realm="careloop"'
        return response

    def http_error(request: HttpRequest, exc: Any) -> HttpResponse:
        if exc.status_code == 400 and isinstance(exc.__cause__, ValueError):
            # ninja could not parse the body (malformed JSON or not UTF-8).
            return _json(api, request, 422, {
                "detail": INVALID, "errors": {"body": "The request body is not valid JSON."},
            })
        return _json(api, request, exc.status_code, {"detail": str(exc)})

    def too_big(request: HttpRequest, exc: Any) -> HttpResponse:
        return _json(api, request, 413, {"detail": "The request body is too large."})

    def internal_error(request: HttpRequest, exc: Any) -> HttpResponse:
        # The exception text and traceback may quote PHI (e.g. a database constraint message
        # naming a value), so only the type and the route template are logged.
        match = getattr(request, "resolver_match", None)
        route = getattr(match, "route", "?")
        log.error("API error %s on %s %s", type(exc).__name__, request.method, route)
        return _json(api, request, 500, {"detail": "Internal error."})

    api.add_exception_handler(NotFound, not_found)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(InvalidInput, invalid_input)
    api.add_exception_handler(ValidationError, validation_error)
    api.add_exception_handler(NotPermitted, not_permitted)
    api.add_exception_handler(AuthenticationError, unauthenticated)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(RequestDataTooBig, too_big)
    api.add_exception_handler(Exception, internal_error)
