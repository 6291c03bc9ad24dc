"""The API object and its transaction policy.

``ATOMIC_REQUESTS`` would wrap every API call, reads included, in one transaction. A PHI read
writes its audit record first, and the audit chain head stays locked until the transaction ends,
so every read of a tenant would wait for the previous one to finish rendering. Instead:

- reads (GET/HEAD/OPTIONS) run in autocommit; each domain function's writes (the audit record)
  commit on their own, before the data leaves;
- every other method runs in one transaction that is rolled back when the response is an error,
  so a failed request leaves no partial write behind; a POST that only reads (search, because
  PHI must not go in a URL) is marked ``@reads_only`` and runs like a GET.

ninja answers a wrong method with a plain-text 405; it is made JSON like every other error.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponseBase, JsonResponse
from ninja import NinjaAPI

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

Run = Callable[..., HttpResponseBase]


def reads_only[F: Callable[..., Any]](endpoint: F) -> F:
    """Mark a non-GET endpoint whose only write is its audit record (apply below the route)."""
    endpoint.careloop_reads_only = True  # type: ignore[attr-defined]
    return endpoint


def one_transaction_per_write(run: Run) -> Run:
    operation = getattr(run, "__self__", None)  # ninja passes the bound Operation.run
    reads = getattr(getattr(operation, "view_func", None), "careloop_reads_only", False)

    @functools.wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if reads or request.method in SAFE_METHODS:
            return run(request, *args, **kwargs)
        with transaction.atomic():
            response = run(request, *args, **kwargs)
            if response.status_code >= 400:
                transaction.set_rollback(True)
            return response

    return wrapper


def json_method_not_allowed(view: Run) -> Run:
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            allowed = response.get("Allow", "")
            response = JsonResponse({"detail": "Method not allowed."}, status=405)
            response["Allow"] = allowed
        return response

    return wrapper


class CareloopAPI(NinjaAPI):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_decorator(one_transaction_per_write, mode="view")

    @property
    def urls(self) -> tuple[list[Any], str, str]:
        patterns, app_name, namespace = super().urls
        every_database = set(settings.DATABASES)
        for pattern in patterns:
            callback = getattr(pattern, "callback", None)
            if callback is not None:
                pattern.callback = wrapped = json_method_not_allowed(callback)
                # Opt out of ATOMIC_REQUESTS: transactions are decided per method (above).
                wrapped._non_atomic_requests = every_database  # type: ignore[attr-defined]
        return patterns, app_name, namespace
