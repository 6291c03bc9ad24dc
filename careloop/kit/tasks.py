"""Periodic housekeeping run by the worker (huey's scheduler)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from careloop.kit.events import sweep_pending


@db_periodic_task(crontab(minute="*"))
def sweep_outbox() -> int:
    return sweep_pending()
