"""careloop bench <area> — benchmarks that print JSON with a same-run baseline ratio."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Run a benchmark and print its figures as JSON (areas: api)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("area", choices=["api"])
        parser.add_argument("--persons", type=int, default=100_000)
        parser.add_argument("--seconds", type=float, default=5.0, help="per measured phase")
        parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1,
                            help="gunicorn sync workers (default 2 × cores + 1, as deployed)")
        parser.add_argument("--json", action="store_true", help="print only the JSON object")
        parser.add_argument(
            "--database-url",
            default=os.environ.get("CARELOOP_BENCH_DATABASE_URL",
                                   f"sqlite:///{settings.VAR_DIR / 'bench-api.sqlite3'}"),
            help="a database of its own (never the demo's); reused between runs",
        )

    def handle(self, *args: Any, area: str, database_url: str, **options: Any) -> None:
        if os.environ.get("CARELOOP_BENCH_CHILD") != "1":
            # Re-run in a child whose settings point at the bench database.
            env = {**os.environ, "DATABASE_URL": database_url, "CARELOOP_BENCH_CHILD": "1",
                   "CARELOOP_DEBUG": "0"}
            argv = [sys.executable, "-m", "careloop.cli", *sys.argv[1:]]
            raise SystemExit(subprocess.call(argv, env=env))  # noqa: S603
        from careloop.bench import api

        database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        result = api.run(options["persons"], options["seconds"], options["workers"], database)
        print(json.dumps(result, indent=None if options["json"] else 2))
        if not result["correct"]:
            raise SystemExit(2)
