"""``careloop seed``: build the deterministic demo health system into the configured database."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from careloop.demo.seeding import SeedOptions, SeedRefused, seed_demo, summary


class Command(BaseCommand):
    help = ("Create the 'northlake' demo tenant: staff logins for every role, locations and "
            "providers, and N synthetic persons with consents, lists and two years of timeline.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--patients", type=int, default=20_000,
                            help="how many persons to create (default 20000)")
        parser.add_argument("--seed", type=int, default=42,
                            help="random seed; the same seed gives the same people (default 42)")
        parser.add_argument("--reset", action="store_true",
                            help="wipe the tenant's persons, consents and lists first")
        parser.add_argument("--if-empty", action="store_true",
                            help="do nothing when the demo tenant already has persons "
                                 "(what `make demo` uses on every start)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["patients"] < 1:
            raise CommandError("--patients must be at least 1 (person 1 is the persona Gina).")
        opts = SeedOptions(patients=options["patients"], seed=options["seed"],
                           reset=options["reset"])
        # DEBUG (on in demo mode) makes Django keep every statement with its parameters in
        # memory: for half a million inserted rows that is slow and holds ciphertexts for nothing.
        debug, settings.DEBUG = settings.DEBUG, False
        try:
            result = seed_demo(opts, progress=lambda msg: self.stdout.write(f"  {msg}"))
        except SeedRefused as exc:
            if options["if_empty"]:
                self.stdout.write(f"Demo data already present; not seeding again. ({exc})")
                return
            raise CommandError(str(exc)) from None
        finally:
            settings.DEBUG = debug
        self.stdout.write(summary(result, settings.CARELOOP_PUBLIC_URL))
