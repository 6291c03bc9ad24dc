"""careloop worker — the background worker (huey consumer) for events, sends and timers.

Run several on several machines against the same Redis queue (CARELOOP_QUEUE_URL=redis://...).
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run the background worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args: Any, workers: int, **options: Any) -> None:
        call_command("run_huey", workers=workers, worker_type="thread", periodic=True)
