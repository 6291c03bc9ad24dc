"""Append-only, hash-chained audit log and its verifier."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any

from django.db import connection, transaction
from django.db.models import Field

from careloop.compliance.models import AuditChainHead, AuditEvent

GENESIS = "0" * 64
SYSTEM_CHAIN = "_system"
CHAINED_FIELDS = (
    "chain", "seq", "tenant_id", "recorded", "type_code", "action", "outcome", "agent_id",
    "agent_name", "agent_role", "agent_is_machine", "source_address", "entity_type", "entity_id",
    "patient_ids", "description", "prev_hash",
)


def _canonical(row: AuditEvent) -> bytes:
    values: dict[str, Any] = {name: getattr(row, name) for name in CHAINED_FIELDS}
    values["recorded"] = row.recorded.astimezone(UTC).isoformat(timespec="microseconds")
    return json.dumps(values, sort_keys=True, separators=(",", ":"), default=str).encode()


def row_hash(row: AuditEvent) -> str:
    return hashlib.sha256(_canonical(row)).hexdigest()


@dataclass(frozen=True)
class _Statements:
    select_head: str
    create_head: str
    write: tuple[str, ...]  # insert the record, then move the head (one statement where possible)
    fields: list[Field[Any, Any]]


@cache
def _statements() -> _Statements:
    """Statements for the hot append path, built once from the models' metadata."""
    qn = connection.ops.quote_name
    head, event = AuditChainHead._meta.db_table, AuditEvent._meta.db_table
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    fields = [f for f in AuditEvent._meta.concrete_fields if f.name != "id"]
    insert = (f"INSERT INTO {event} ({', '.join(qn(str(f.column)) for f in fields)}) "
              f"VALUES ({', '.join(['%s'] * len(fields))})")
    move = f"UPDATE {head} SET {qn('seq')} = %s, {qn('hash')} = %s WHERE {qn('chain')} = %s"
    # PostgreSQL runs both writes as one statement (one round trip); SQLite has no DML in WITH.
    write = ((f"WITH inserted AS ({insert} RETURNING 1) {move}",)
             if connection.vendor == "postgresql" else (insert, move))
    return _Statements(
        f"SELECT {qn('seq')}, {qn('hash')} FROM {head} WHERE {qn('chain')} = %s{lock}",
        f"INSERT INTO {head} ({qn('chain')}, {qn('seq')}, {qn('hash')}) VALUES (%s, 0, %s) "
        f"ON CONFLICT DO NOTHING",
        write,
        fields,
    )


def append(chain: str, **fields: Any) -> AuditEvent:
    """Add one record at the head of ``chain``; the head row lock orders concurrent writers.

    Every PHI read passes here, so it runs prepared statements instead of ORM calls.
    """
    sql = _statements()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql.select_head, [chain])
        found = cursor.fetchone()
        if found is None:
            cursor.execute(sql.create_head, [chain, GENESIS])
            cursor.execute(sql.select_head, [chain])
            found = cursor.fetchone()
        seq, prev = found
        row = AuditEvent(chain=chain, seq=seq + 1, prev_hash=prev, recorded=datetime.now(UTC),
                         **fields)
        row.hash = row_hash(row)
        values = [f.get_db_prep_save(getattr(row, f.attname), connection) for f in sql.fields]
        moved = [row.seq, row.hash, chain]
        if len(sql.write) == 1:
            cursor.execute(sql.write[0], values + moved)
        else:
            cursor.execute(sql.write[0], values)
            cursor.execute(sql.write[1], moved)
    return row


@dataclass(frozen=True)
class ChainProblem:
    chain: str
    record_id: int | None
    seq: int | None
    reason: str

    def __str__(self) -> str:
        where = f"record id={self.record_id} seq={self.seq}" if self.record_id else "chain head"
        return f"audit chain {self.chain!r}: {where}: {self.reason}"


def _rows(chain: str) -> Iterator[AuditEvent]:
    return AuditEvent.objects.filter(chain=chain).order_by("seq", "id").iterator(chunk_size=5000)


def verify_chain(chain: str) -> ChainProblem | None:
    """Return the first problem in ``chain`` (edited, deleted, inserted, reordered, truncated)."""
    prev, expected_seq, last_id = GENESIS, 1, None
    for row in _rows(chain):
        if row.seq != expected_seq:
            kind = "a record is missing before it" if row.seq > expected_seq else "duplicate seq"
            return ChainProblem(chain, row.pk, row.seq, f"{kind} (expected seq {expected_seq})")
        if row.prev_hash != prev:
            return ChainProblem(chain, row.pk, row.seq, "link to the previous record is broken")
        if row_hash(row) != row.hash:
            return ChainProblem(chain, row.pk, row.seq, "content was changed after it was written")
        prev, expected_seq, last_id = row.hash, expected_seq + 1, row.pk
    head = AuditChainHead.objects.filter(chain=chain).first()
    if head is None:
        if expected_seq > 1:
            return ChainProblem(chain, None, None, "chain head is missing")
        return None
    if head.seq != expected_seq - 1 or head.hash != prev:
        return ChainProblem(
            chain, last_id, expected_seq - 1,
            f"the chain was truncated or extended: head says seq {head.seq}, "
            f"records end at {expected_seq - 1}",
        )
    return None


def all_chains() -> list[str]:
    names = set(AuditChainHead.objects.values_list("chain", flat=True))
    names |= set(AuditEvent.objects.values_list("chain", flat=True).distinct())
    return sorted(names)


def verify_all() -> tuple[int, list[ChainProblem]]:
    problems = [p for c in all_chains() if (p := verify_chain(c)) is not None]
    return AuditEvent.objects.count(), problems
