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
    insert: str
    move: str
    # Compare-and-swap append: move the head only if it still is (seq, hash) we last wrote, and
    # insert the record only if it moved. One statement on PostgreSQL (DML in WITH).
    swap_and_insert: str | None
    swap: str
    fields: list[Field[Any, Any]]


@cache
def _statements() -> _Statements:
    """Statements for the hot append path, built once from the models' metadata."""
    qn = connection.ops.quote_name
    head, event = AuditChainHead._meta.db_table, AuditEvent._meta.db_table
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    fields = [f for f in AuditEvent._meta.concrete_fields if f.name != "id"]
    columns = ", ".join(qn(str(f.column)) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    swap = (f"UPDATE {head} SET {qn('seq')} = %s, {qn('hash')} = %s "
            f"WHERE {qn('chain')} = %s AND {qn('seq')} = %s AND {qn('hash')} = %s")
    return _Statements(
        select_head=f"SELECT {qn('seq')}, {qn('hash')} FROM {head} WHERE {qn('chain')} = %s{lock}",
        create_head=f"INSERT INTO {head} ({qn('chain')}, {qn('seq')}, {qn('hash')}) "
                    f"VALUES (%s, 0, %s) ON CONFLICT DO NOTHING",
        insert=f"INSERT INTO {event} ({columns}) VALUES ({marks})",
        move=f"UPDATE {head} SET {qn('seq')} = %s, {qn('hash')} = %s WHERE {qn('chain')} = %s",
        swap_and_insert=(
            f"WITH moved AS ({swap} RETURNING 1) INSERT INTO {event} ({columns}) "
            f"SELECT {marks} FROM moved" if connection.vendor == "postgresql" else None
        ),
        swap=swap,
        fields=fields,
    )


# The head this process last wrote, per chain: lets the next append skip the locking read.
# Only a hint: the compare-and-swap fails (and the locking path runs) whenever it is stale,
# e.g. after a rolled-back transaction or another process writing the same chain.
_last_head: dict[str, tuple[int, str]] = {}


def _new_row(chain: str, seq: int, prev: str, fields: dict[str, Any]) -> AuditEvent:
    row = AuditEvent(chain=chain, seq=seq + 1, prev_hash=prev, recorded=datetime.now(UTC),
                     **fields)
    row.hash = row_hash(row)
    return row


def _values(sql: _Statements, row: AuditEvent) -> list[Any]:
    return [f.get_db_prep_save(getattr(row, f.attname), connection) for f in sql.fields]


def _swap_append(sql: _Statements, chain: str, fields: dict[str, Any]) -> AuditEvent | None:
    known = _last_head.get(chain)
    if known is None:
        return None
    row = _new_row(chain, known[0], known[1], fields)
    swap: list[Any] = [row.seq, row.hash, chain, known[0], known[1]]
    with connection.cursor() as cursor:
        if sql.swap_and_insert is not None:
            cursor.execute(sql.swap_and_insert, swap + _values(sql, row))
            return row if cursor.rowcount == 1 else None
        with transaction.atomic():
            cursor.execute(sql.swap, swap)
            if cursor.rowcount != 1:
                return None
            cursor.execute(sql.insert, _values(sql, row))
    return row


def _locked_append(sql: _Statements, chain: str, fields: dict[str, Any]) -> AuditEvent:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql.select_head, [chain])
        found = cursor.fetchone()
        if found is None:
            cursor.execute(sql.create_head, [chain, GENESIS])
            cursor.execute(sql.select_head, [chain])
            found = cursor.fetchone()
        row = _new_row(chain, found[0], found[1], fields)
        cursor.execute(sql.insert, _values(sql, row))
        cursor.execute(sql.move, [row.seq, row.hash, chain])
    return row


def append(chain: str, **fields: Any) -> AuditEvent:
    """Add one record at the head of ``chain``.

    Every PHI read passes here. Usually one compare-and-swap statement does it; when this
    process's idea of the head is missing or stale, the head row is locked and read instead.
    Either way a record is only ever linked to the head that was current in the database.
    """
    sql = _statements()
    row = _swap_append(sql, chain, fields) or _locked_append(sql, chain, fields)
    _last_head[chain] = (row.seq, row.hash)
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
