"""``careloop bench api``: person read and search through the real stack (gunicorn, auth, audit).

The same run measures a bare endpoint (no auth, no database) as the baseline, so the ratio says
how much of the server's capacity the full read path keeps, whatever the machine's speed.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Any

from django.core.management import call_command
from django.db import connections

from careloop.bench.load import LoadResult, Plan, get_json, run_load
from careloop.compliance.public import audit_record_count
from careloop.identity.public import (
    Role,
    access_tenant_by_slug,
    do_create_staff_user,
    do_create_tenant,
    do_issue_token,
)
from careloop.patients.public import (
    PersonRecord,
    do_bulk_load_persons,
    person_counts,
)

TENANT = "bench"
GIVEN = ("Ava", "Liam", "Mia", "Noah", "Zoe", "Omar", "Lena", "Ivan", "Sara", "Emre")


@dataclass(frozen=True)
class BenchData:
    tenant_id: int
    token: str
    person_ids: list[int]


def _family(i: int) -> str:
    return f"Benchfamily{i:07d}"


def _records(start: int, stop: int) -> list[PersonRecord]:
    return [
        PersonRecord(
            given_name=GIVEN[i % len(GIVEN)], family_name=_family(i),
            birth_date=dt.date(1940 + i % 60, 1 + i % 12, 1 + i % 28),
            sex=("female", "male")[i % 2], language=("en", "es", "fr", "pl", "tr")[i % 5],
            emails=[f"bench{i}@example.net"], phones=[f"+1312555{100 + i % 100:04d}"],
            identifiers=[("urn:bench:mrn", f"B{i:08d}")],
        )
        for i in range(start, stop)
    ]


def prepare(persons: int) -> BenchData:
    call_command("migrate", verbosity=0)
    tenant = access_tenant_by_slug(TENANT) or do_create_tenant(TENANT, "Bench Health")
    have = person_counts(tenant.id)["persons"]
    for start in range(have, persons, 10_000):
        do_bulk_load_persons(tenant.id, _records(start, min(persons, start + 10_000)),
                             actor_name="bench")
    agent = do_create_staff_user(tenant.id, f"bench-agent-{time.time_ns()}", None,
                                 Role.ACCESS_AGENT, is_machine=True)
    from careloop.patients.public import SearchQuery, search_persons

    first = search_persons(agent, SearchQuery(name=_family(0)))
    last = search_persons(agent, SearchQuery(name=_family(persons - 1)))
    assert len(first) == 1 and len(last) == 1, "bench data is not searchable"
    ids = list(range(first[0].id, last[0].id + 1))
    return BenchData(tenant.id, do_issue_token(agent.user_id, "bench"), ids)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start_server(port: int, workers: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(  # noqa: S603 - fixed argv
        [sys.executable, "-m", "gunicorn", "careloop.wsgi:application", "--bind",
         f"127.0.0.1:{port}", "--workers", str(workers), "--preload", "--log-level", "warning"],
        env=os.environ.copy(),
    )
    for _ in range(200):
        try:
            if get_json("127.0.0.1", port, "GET", "/api/health", {})[0] == 200:
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def _summary(result: LoadResult) -> dict[str, float]:
    return {"rps": round(result.rps, 1), "p50_ms": round(result.percentile(0.50), 2),
            "p95_ms": round(result.percentile(0.95), 2),
            "p99_ms": round(result.percentile(0.99), 2), "requests": result.requests,
            "errors": result.errors}


def run(persons: int, seconds: float, workers: int, database: str) -> dict[str, Any]:
    data = prepare(persons)
    rng = random.Random(7)  # noqa: S311 - sampling, not security
    auth = {"Authorization": f"Bearer {data.token}", "Content-Type": "application/json"}
    sample = rng.sample(data.person_ids, min(2000, len(data.person_ids)))
    offset = data.person_ids[0]
    reads: Plan = [("GET", f"/api/persons/{pid}", None) for pid in sample]
    searches: Plan = [("POST", "/api/persons/search",
                 json.dumps({"name": _family(pid - offset)}).encode()) for pid in sample]
    connections.close_all()
    port = _free_port()
    server = _start_server(port, workers)
    try:
        # Warm every worker (connections, caches) outside the measured windows.
        bare_plan: Plan = [("GET", "/api/bare", None)]
        for plan in (bare_plan, reads, searches):
            run_load("127.0.0.1", port, auth, plan, seconds=1.0)
        audit_before = audit_record_count(data.tenant_id)
        connections.close_all()
        status, body = get_json("127.0.0.1", port, "GET", f"/api/persons/{sample[0]}", auth)
        read_ok = status == 200 and isinstance(body, dict) and body.get("id") == sample[0]
        status, body = get_json("127.0.0.1", port, *searches[0][:2], auth, searches[0][2])
        found = body.get("results", body) if isinstance(body, dict) else body
        search_ok = status == 200 and isinstance(found, list) and [p["id"] for p in found] == [
            sample[0]]
        bare = run_load("127.0.0.1", port, {}, bare_plan, seconds=seconds)
        read = run_load("127.0.0.1", port, auth, reads, seconds=seconds)
        search = run_load("127.0.0.1", port, auth, searches, seconds=seconds)
    finally:
        server.terminate()
        server.wait(timeout=20)
    audited = audit_record_count(data.tenant_id) - audit_before
    expected_audit = read.requests + search.requests + 2 - read.errors - search.errors
    return {
        "area": "api", "database": database, "persons": len(data.person_ids),
        "server": f"gunicorn sync, {workers} workers", "seconds_per_phase": seconds,
        "read_p95_ms": _summary(read)["p95_ms"], "search_p95_ms": _summary(search)["p95_ms"],
        "rps": _summary(read)["rps"], "search_rps": _summary(search)["rps"],
        "bare_rps": _summary(bare)["rps"],
        "ratio_read_vs_bare": round(read.rps / bare.rps, 3) if bare.rps else None,
        "ratio_search_vs_bare": round(search.rps / bare.rps, 3) if bare.rps else None,
        "read": _summary(read), "search": _summary(search), "bare": _summary(bare),
        "correct": bool(read_ok and search_ok and read.errors == 0 and search.errors == 0
                        and audited == expected_audit),
        "audit_records_written": audited, "audit_records_expected": expected_audit,
    }
