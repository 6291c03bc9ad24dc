"""careloop serve — the web app (gunicorn) and the worker (huey consumer) in the foreground.

Ctrl-C (SIGINT) or SIGTERM stops both cleanly. Production runs the same two programs under a
process manager instead (docs/deploy.md).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

DEMO_LOGINS = ("admin", "marketer", "agent", "coordinator", "clinician", "analyst", "auditor")
DEMO_PASSWORD = "careloop-demo-2026"


class Command(BaseCommand):
    help = "Run the web app and the background worker until Ctrl-C."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default="127.0.0.1:8000")
        # Sync workers wait on the database as much as they compute: gunicorn's 2 × cores + 1.
        parser.add_argument("--web-workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
        parser.add_argument("--no-worker", action="store_true")

    def handle(self, *args: Any, bind: str, web_workers: int, no_worker: bool,
               **options: Any) -> None:
        exe = sys.executable
        children = [subprocess.Popen([  # noqa: S603 - fixed argv, no shell
            exe, "-m", "gunicorn", "careloop.wsgi:application", "--bind", bind,
            "--workers", str(web_workers), "--preload", "--access-logfile", "-",
            "--access-logformat", '%(h)s "%(m)s %(U)s" %(s)s %(L)ss',  # path only: no query
        ])]
        if not no_worker:
            children.append(subprocess.Popen([exe, "-m", "careloop.cli", "worker"]))  # noqa: S603
        self._banner(bind)
        stopping = False

        def stop(signum: int, frame: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        while not stopping and all(c.poll() is None for c in children):
            time.sleep(0.3)
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        for child in children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
        self.stdout.write("careloop stopped.")
        if not stopping:
            raise SystemExit(1)

    def _banner(self, bind: str) -> None:
        url = f"http://{bind}"
        banner = f"\ncareloop console: {url}   API docs: {url}/api/docs"
        self.stdout.write(self.style.SUCCESS(banner))
        if settings.CARELOOP_DEMO:
            self.stdout.write(f"demo logins (password {DEMO_PASSWORD}): " + ", ".join(DEMO_LOGINS))
            token_file = settings.VAR_DIR / "demo-token.txt"
            if token_file.exists():
                self.stdout.write(f"API token of the 'emr-feed' integration client: {token_file}")
        self.stdout.write(f"process id {os.getpid()}; press Ctrl-C to stop\n")
