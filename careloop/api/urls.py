"""The REST API (django-ninja), mounted at /api/ (OpenAPI: /api/openapi.json, docs: /api/docs).

Authentication is ``Authorization: Bearer <token>`` on every endpoint except /health and /bare.
Each endpoint parses input, calls one public domain function (which checks the permission, scopes
to the actor's tenant and writes the audit record) and renders its result.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.http import HttpRequest
from ninja import Router, Status

from careloop.api import consents, errors, lists, locations, persons, timeline
from careloop.api.auth import BearerToken
from careloop.api.core import CareloopAPI
from careloop.api.schemas import HealthOut
from careloop.kit.errors import NotFound

api = CareloopAPI(
    title="careloop API", version="1", urls_namespace="api", auth=BearerToken(),
    description="Patient-engagement API. PHI never goes in a URL: searches are POSTs.",
)
errors.install(api)

system = Router(tags=["system"])


@system.get("/health", auth=None, response={200: HealthOut, 503: HealthOut},
            summary="Liveness and database check")
def health(request: HttpRequest) -> Status[dict[str, str]]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return Status(503, {"status": "unavailable"})
    return Status(200, {"status": "ok"})


@system.get("/bare", auth=None, summary="Baseline for benchmarks (no auth, no database)")
def bare(request: HttpRequest) -> dict[str, Any]:
    return {"ok": True}


api.add_router("/", system)
api.add_router("/", persons.router)
api.add_router("/", timeline.router)
api.add_router("/", lists.router)
api.add_router("/", consents.router)
api.add_router("/", locations.router)

# Last: an unknown path under /api/ gets the same JSON 404 as a missing record.
fallback = Router()


@fallback.api_operation(["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", auth=None,
                        include_in_schema=False)
def unknown(request: HttpRequest, rest: str) -> None:
    raise NotFound("path")


api.add_router("/", fallback)
