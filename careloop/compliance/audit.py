"""Append-only, hash-chained audit log and its verifier."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import transaction

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


def append(chain: str, **fields: Any) -> AuditEvent:
    """Add one record at the head of ``chain``; the head row lock orders concurrent writers."""
    with transaction.atomic():
        AuditChainHead.objects.get_or_create(chain=chain, defaults={"seq": 0, "hash": GENESIS})
        head = AuditChainHead.objects.select_for_update().get(chain=chain)
        row = AuditEvent(
            chain=chain, seq=head.seq + 1, prev_hash=head.hash,
            recorded=datetime.now(UTC), **fields,
        )
        row.hash = row_hash(row)
        row.save()
        head.seq, head.hash = row.seq, row.hash
        head.save(update_fields=["seq", "hash"])
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
