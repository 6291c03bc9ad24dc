"""A small closed-loop HTTP load generator (several processes × threads) for loopback servers."""

from __future__ import annotations

import http.client
import json
import multiprocessing as mp
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

RequestMaker = Callable[[int], tuple[str, str, bytes | None]]  # i -> (method, path, body)


@dataclass(frozen=True)
class LoadResult:
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        if not self.latencies_ms:
            return 0.0
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


Plan = list[tuple[str, str, bytes | None]]


def _worker(host: str, port: int, headers: dict[str, str], plan: Plan,
            seconds: float, threads: int, out: mp.Queue) -> None:  # type: ignore[type-arg]
    began = time.time()
    deadline = time.perf_counter() + seconds
    lat: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def loop(offset: int) -> None:
        mine: list[float] = []
        bad = 0
        i = offset
        while time.perf_counter() < deadline:
            method, path, body = plan[i % len(plan)]
            i += threads
            start = time.perf_counter()
            try:
                conn = http.client.HTTPConnection(host, port, timeout=10)
                conn.request(method, path, body=body, headers=headers)
                resp = conn.getresponse()
                resp.read()
                conn.close()
                if resp.status >= 400:
                    bad += 1
            except OSError:
                bad += 1
            mine.append((time.perf_counter() - start) * 1000)
        with lock:
            lat.extend(mine)
            errors[0] += bad

    pool = [threading.Thread(target=loop, args=(t,)) for t in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    out.put((lat, errors[0], began, time.time()))


def run_load(host: str, port: int, headers: dict[str, str], plan: Plan, *, seconds: float = 5.0,
             processes: int = 2, threads: int = 4) -> LoadResult:
    ctx = mp.get_context("fork")
    out: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
    chunks = [plan[p::processes] or plan for p in range(processes)]
    procs = [
        ctx.Process(target=_worker,
                    args=(host, port, headers, chunks[p], seconds, threads, out))
        for p in range(processes)
    ]
    for p in procs:
        p.start()
    lat: list[float] = []
    errors = 0
    starts, ends = [], []
    for _ in procs:
        part, bad, began, ended = out.get()
        lat.extend(part)
        errors += bad
        starts.append(began)
        ends.append(ended)
    for p in procs:
        p.join()
    return LoadResult(len(lat), errors, max(ends) - min(starts), lat)


def get_json(host: str, port: int, method: str, path: str, headers: dict[str, str],
             body: bytes | None = None) -> tuple[int, object]:
    conn = http.client.HTTPConnection(host, port, timeout=10)
    conn.request(method, path, body=body, headers=headers)
    resp = conn.getresponse()
    data = resp.read()
    conn.close()
    try:
        return resp.status, json.loads(data or b"null")
    except ValueError:
        return resp.status, data.decode(errors="replace")
