"""careloop keys rotate | keys status | keys new — field-encryption key management."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from careloop import config
from careloop.kit.crypto import keyring
from careloop.kit.rotation import reindex_all, rotate_all


class Command(BaseCommand):
    help = "Field-encryption keys: rotate re-encrypts every PHI column under the primary key."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["rotate", "reindex", "status", "new"],
                            help="reindex: recompute blind indexes after a blind-index key change")
        parser.add_argument(
            "--new-key", action="store_true",
            help="demo/dev only: generate a new primary key into var/keys.env, then rotate",
        )

    def handle(self, *args: Any, action: str, new_key: bool, **options: Any) -> None:
        if action == "new":
            versions = [k.partition(":")[0] for k in settings.CARELOOP_KEYS["field_keys"]]
            self.stdout.write(config.new_field_key(f"k{len(versions) + 1}"))
            return
        if action == "reindex":
            rows = reindex_all()
            self.stdout.write(self.style.SUCCESS(f"{rows} rows re-indexed"))
            return
        if action == "status":
            self.stdout.write(json.dumps({"primary": keyring().primary_version}))
            return
        if new_key:
            self._add_local_key()
        reports = rotate_all()
        for r in reports:
            self.stdout.write(f"{r.model}: {r.rows_rewritten} of {r.rows_seen} rows re-encrypted")
        self.stdout.write(self.style.SUCCESS(f"all PHI now under key {keyring().primary_version}"))

    def _add_local_key(self) -> None:
        if settings.CONFIG.is_production:
            raise CommandError(
                "In production put the new key first in CARELOOP_FIELD_KEYS (keep the old ones "
                "after it), restart, run `careloop keys rotate`, then drop the old keys."
            )
        keys = list(settings.CARELOOP_KEYS["field_keys"])
        fresh = config.new_field_key(f"k{len(keys) + 1}")
        while fresh.partition(":")[0] in {k.partition(":")[0] for k in keys}:
            fresh = config.new_field_key(f"k{len(keys) + 2}")
        keys.insert(0, fresh)
        stored = config._read_keys_file()
        stored["CARELOOP_FIELD_KEYS"] = ",".join(keys)
        config.write_local_keys(stored)
        settings.CARELOOP_KEYS["field_keys"] = tuple(keys)
        version = fresh.partition(":")[0]
        self.stdout.write(f"new primary key {version} written to {config.KEYS_FILE}")
