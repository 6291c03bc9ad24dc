"""careloop audit verify — recompute the hash chain; non-zero exit names the first bad record."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from careloop.compliance.public import verify_audit_log


class Command(BaseCommand):
    help = "Verify the tamper-evident audit log."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        count, problems = verify_audit_log()
        if problems:
            for problem in problems:
                self.stderr.write(f"TAMPERED: {problem}")
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS(f"audit log intact: {count} records verified"))
