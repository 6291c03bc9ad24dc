"""Transactional outbox: cross-domain reactions are events written with the change.

``publish`` inserts a row inside the caller's transaction and, once it commits, enqueues a task
that runs every subscribed handler. Each (event, handler) pair is recorded in the handler's own
transaction, so a redelivered event is applied at most once; a periodic sweep re-enqueues events
whose dispatch was lost (worker killed, queue down). Handlers live in ``<domain>/handlers.py``.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.apps import apps
from django.db import IntegrityError, transaction
from django.tasks import task
from django.utils import timezone

from careloop.kit.models import OutboxDelivery, OutboxEvent

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Event:
    id: int
    tenant_id: int
    topic: str
    person_id: int | None
    payload: dict[str, Any]
    created_at: datetime


Handler = Callable[[Event], None]
_handlers: dict[str, list[tuple[str, Handler]]] = {}


def subscribe(topic: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        name = f"{fn.__module__}.{fn.__qualname__}"
        entries = _handlers.setdefault(topic, [])
        if name not in {n for n, _ in entries}:
            entries.append((name, fn))
        return fn

    return register


def handlers_for(topic: str) -> list[tuple[str, Handler]]:
    return list(_handlers.get(topic, ())) + list(_handlers.get("*", ()))


def autodiscover_handlers() -> None:
    for app in apps.get_app_configs():
        if app.name.startswith("careloop."):
            try:
                importlib.import_module(f"{app.name}.handlers")
            except ModuleNotFoundError as exc:
                if exc.name != f"{app.name}.handlers":
                    raise


def publish(
    tenant_id: int, topic: str, payload: dict[str, Any], person_id: int | None = None
) -> int:
    row = OutboxEvent.objects.create(
        tenant_id=tenant_id, topic=topic, payload=payload, person_id=person_id
    )
    transaction.on_commit(lambda: dispatch_event.enqueue(row.pk))
    return row.pk


def _as_event(row: OutboxEvent) -> Event:
    return Event(row.pk, row.tenant_id, row.topic, row.person_id, row.payload, row.created_at)


def dispatch(event_id: int) -> int:
    """Run every pending handler for one event; returns how many ran now."""
    row = OutboxEvent.objects.filter(pk=event_id).first()
    if row is None or row.dispatched_at is not None:
        return 0
    event = _as_event(row)
    done = set(OutboxDelivery.objects.filter(event_id=event_id).values_list("handler", flat=True))
    ran = 0
    for name, handler in handlers_for(event.topic):
        if name in done:
            continue
        try:
            with transaction.atomic():
                OutboxDelivery.objects.create(event_id=event_id, handler=name)
                handler(event)
            ran += 1
        except IntegrityError:
            continue  # another worker applied it first
        except Exception as exc:
            OutboxEvent.objects.filter(pk=event_id).update(
                attempts=row.attempts + 1, last_error=f"{name}: {type(exc).__name__}"
            )
            log.exception("event handler failed: %s on event %s", name, event_id)
            raise
    OutboxEvent.objects.filter(pk=event_id).update(dispatched_at=timezone.now())
    return ran


@task()
def dispatch_event(event_id: int) -> int:
    return dispatch(event_id)


def sweep_pending(older_than: timedelta = timedelta(seconds=30), limit: int = 1000) -> int:
    """Re-dispatch events whose enqueue was lost; returns how many were dispatched."""
    cutoff = timezone.now() - older_than
    pending = OutboxEvent.objects.filter(dispatched_at__isnull=True, created_at__lt=cutoff)
    ids = list(pending.order_by("id").values_list("id", flat=True)[:limit])
    for event_id in ids:
        try:
            dispatch(event_id)
        except Exception:  # noqa: S112 - logged in dispatch; the next sweep retries
            continue
    return len(ids)
