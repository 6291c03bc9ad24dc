"""Bearer-token authentication: ``request.auth`` is the acting ``Actor``.

No session or cookie authentication reaches the API, so no CSRF token is needed or accepted.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from careloop.identity.public import Actor, authenticate_token


class BearerToken(HttpBearer):
    def __call__(self, request: HttpRequest) -> Actor | None:
        # Parsed here rather than by ninja's base class, which logs the raw header in DEBUG.
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Actor | None:
        return authenticate_token(token)


def actor_of(request: HttpRequest) -> Actor:
    actor: Any = getattr(request, "auth", None)
    assert isinstance(actor, Actor), "endpoint mounted without authentication"
    return actor
