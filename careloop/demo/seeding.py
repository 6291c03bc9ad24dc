"""Build the demo health system: tenant, staff, directory, population, consents.

A door: it draws data (``careloop.demo.synth``) and hands it to public domain functions, which do
the writes and the audit (one record per bulk call, in the name of the ``emr-feed`` machine user).
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import queue
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from careloop.compliance.public import (
    ConsentRecord,
    do_bulk_delete_consents,
    do_bulk_record_consents,
)
from careloop.demo.synth import SEED_LISTS, ConsentPlan, PopulationBuilder
from careloop.identity.public import (
    ROLE_LABELS,
    Actor,
    Role,
    TenantInfo,
    access_tenant_by_slug,
    do_create_staff_user,
    do_create_tenant,
    do_issue_token,
    list_staff,
)
from careloop.locations.public import do_seed_directory
from careloop.patients.public import (
    PersonRecord,
    do_bulk_delete_persons,
    do_bulk_load_persons,
    person_counts,
)

DEMO_PASSWORD = "careloop-demo-2026"
MACHINE_USER = "emr-feed"
# (username, role): one human per role, plus the EMR interface as a machine identity.
STAFF: tuple[tuple[str, Role], ...] = (
    ("admin", Role.ADMIN),
    ("marketer", Role.MARKETER),
    ("agent", Role.ACCESS_AGENT),
    ("coordinator", Role.CARE_COORDINATOR),
    ("clinician", Role.CLINICIAN),
    ("analyst", Role.ANALYST),
    ("auditor", Role.AUDITOR),
    (MACHINE_USER, Role.INTEGRATION),
)


class SeedRefused(RuntimeError):
    """The tenant already holds data and the caller did not ask to wipe it."""


@dataclass(frozen=True)
class SeedOptions:
    patients: int = 20_000
    seed: int = 42
    reset: bool = False
    tenant_slug: str = "northlake"
    tenant_name: str = "Northlake Health"
    time_zone: str = "America/Chicago"
    username_suffix: str = ""  # e.g. "@t2" to seed a second tenant in one database
    token_path: Path | None = None  # default: <var>/demo-token.txt; a token file is always written
    now: dt.datetime | None = None  # the seed's "today"; default: now
    parallel: bool = True  # draw people in a forked process while this one inserts


@dataclass(frozen=True)
class Login:
    username: str
    role: Role
    is_machine: bool


@dataclass(frozen=True)
class SeedResult:
    tenant: TenantInfo
    person_ids: list[int]
    counts: dict[str, int]
    logins: list[Login]
    token_path: Path
    elapsed: float
    stats: dict[str, int] = field(default_factory=dict)

    @property
    def gina_id(self) -> int:
        return self.person_ids[0]


def _staff(tenant: TenantInfo, suffix: str) -> dict[str, Actor]:
    """Create the demo users, or reuse them when an earlier seed created them."""
    existing = {s.username: s for s in list_staff(tenant.id)}
    actors: dict[str, Actor] = {}
    for base, role in STAFF:
        username = f"{base}{suffix}"
        machine = role == Role.INTEGRATION
        if username in existing:
            info = existing[username]
            actors[base] = Actor(info.id, username, tenant.id, Role(info.role), info.is_machine)
            continue
        try:
            with transaction.atomic():
                actors[base] = do_create_staff_user(
                    tenant.id, username, None if machine else DEMO_PASSWORD, role,
                    is_machine=machine, email=f"{base}@example.org")
        except IntegrityError:
            raise SeedRefused(f"The username {username!r} already belongs to another tenant; "
                              f"the demo needs it for {tenant.slug}.") from None
    return actors


class _Population:
    """The builder's output, drawn in a forked child process while this one writes.

    Drawing people is pure Python and about a fifth of the work; on two cores it overlaps the
    inserts. Off Linux (no cheap, safe ``fork``) the builder simply runs in this process.
    """

    CHUNK = 1000

    def __init__(self, builder: PopulationBuilder, parallel: bool = True) -> None:
        self.builder = builder
        self.consents: list[tuple[int, ConsentPlan]] = builder.consents
        self.stats: dict[str, int] = builder.stats
        self._proc: multiprocessing.process.BaseProcess | None = None
        # fork (Linux): the child inherits the loaded code and data instead of re-importing.
        if parallel and sys.platform == "linux":
            ctx = multiprocessing.get_context("fork")
            self._queue: multiprocessing.queues.Queue[tuple[str, object]] = ctx.Queue(maxsize=8)
            self._proc = ctx.Process(target=self._produce, name="careloop-seed-draw", daemon=True)

    def _produce(self) -> None:  # runs in the child: no database access
        try:
            chunk: list[PersonRecord] = []
            for record in self.builder.records():
                chunk.append(record)
                if len(chunk) == self.CHUNK:
                    self._queue.put(("records", chunk))
                    chunk = []
            self._queue.put(("records", chunk))
            self._queue.put(("done", (self.builder.consents, self.builder.stats)))
        except BaseException as exc:  # report, never hang the parent
            self._queue.put(("error", f"{type(exc).__name__}: {exc}"))

    def records(self) -> Iterator[PersonRecord]:
        if self._proc is None:
            yield from self.builder.records()
            return
        self._proc.start()
        while True:
            try:
                kind, body = self._queue.get(timeout=5)
            except queue.Empty:
                if not self._proc.is_alive():
                    raise RuntimeError("the process drawing the population died (exit code "
                                       f"{self._proc.exitcode})") from None
                continue
            if kind == "records":
                yield from body  # type: ignore[misc]
            elif kind == "done":
                self.consents, self.stats = body  # type: ignore[misc]
                self._proc.join()
                return
            else:
                raise RuntimeError(f"drawing the population failed: {body}")

    def stop(self) -> None:
        if self._proc is not None and self._proc.is_alive():
            self._proc.terminate()
            self._proc.join()


def _write_token(path: Path, token: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(token + "\n")
    path.chmod(0o600)


def seed_demo(options: SeedOptions, progress: Callable[[str], None] | None = None) -> SeedResult:
    """Seed (or, with ``reset``, re-seed) one demo tenant. Deterministic for (patients, seed)."""
    say = progress or (lambda _msg: None)
    started = time.perf_counter()
    now = options.now or timezone.now()
    tenant = access_tenant_by_slug(options.tenant_slug) or do_create_tenant(
        options.tenant_slug, options.tenant_name, options.time_zone)
    already = person_counts(tenant.id)["persons"]
    if already and not options.reset:
        raise SeedRefused(f"Tenant {tenant.slug!r} already has {already} persons. "
                          "Run with --reset to wipe its demo data and seed again.")
    with transaction.atomic():
        actors = _staff(tenant, options.username_suffix)
        feed = actors[MACHINE_USER]
        if already:
            do_bulk_delete_consents(tenant.id, actor=feed, actor_name=feed.username)
            do_bulk_delete_persons(tenant.id, actor=feed, actor_name=feed.username)
            say(f"wiped {already} persons ({time.perf_counter() - started:.1f} s)")
        directory = do_seed_directory(tenant.id, options.seed)
        say(f"directory: {len(directory.locations)} locations, "
            f"{len(directory.providers)} providers")
        population = _Population(
            PopulationBuilder(options.patients, options.seed, directory, now),
            parallel=options.parallel)
        try:
            ids = do_bulk_load_persons(tenant.id, population.records(), actor=feed,
                                       actor_name=feed.username, lists=SEED_LISTS)
        finally:
            population.stop()
        say(f"persons: {len(ids)} ({time.perf_counter() - started:.1f} s)")
        consents = do_bulk_record_consents(
            tenant.id, (ConsentRecord(ids[index], *plan) for index, plan in population.consents),
            actor=feed, actor_name=feed.username)
        say(f"consents: {consents} ({time.perf_counter() - started:.1f} s)")
        token = do_issue_token(feed.user_id, "demo seed")
    token_path = options.token_path or Path(settings.VAR_DIR) / "demo-token.txt"
    _write_token(token_path, token)
    counts = {**person_counts(tenant.id), "consents": consents,
              "locations": len(directory.locations), "providers": len(directory.providers)}
    logins = [Login(a.username, a.role, a.is_machine) for a in actors.values()]
    return SeedResult(tenant, ids, counts, logins, token_path, time.perf_counter() - started,
                      dict(population.stats))


def summary(result: SeedResult, url: str) -> str:
    c, s = result.counts, result.stats
    lines = [
        f"Seeded {result.tenant.name} ({result.tenant.slug}) in {result.elapsed:.1f} s",
        f"  persons          {c['persons']:>9,}  (patients {c['patients']:,}, prospects "
        f"{c['prospects']:,}, with a primary-care provider {s.get('with_pcp', 0):,})",
        f"  timeline events  {c['timeline_events']:>9,}",
        f"  consent records  {c['consents']:>9,}",
        f"  open care gaps   {c['open_care_gaps']:>9,}",
        f"  static lists     {c['lists']:>9,}",
        f"  locations        {c['locations']:>9,}   providers {c['providers']:,}",
        f"  persona          Gina Larsen, person id {result.gina_id} (search \"Gina\")",
        "",
        "Logins:",
        f"  {'username':<20} {'role':<20} credential",
    ]
    for login in result.logins:
        how = (f"API token in {result.token_path}" if login.is_machine
               else f"password {DEMO_PASSWORD}")
        lines.append(f"  {login.username:<20} {ROLE_LABELS[login.role]!s:<20} {how}")
    lines += ["", f"Open {url}"]
    return "\n".join(lines)


__all__ = ["DEMO_PASSWORD", "STAFF", "SeedOptions", "SeedRefused", "SeedResult", "seed_demo",
           "summary"]
