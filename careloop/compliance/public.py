"""Public door of the compliance domain: audit records, consent evidence and state."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from careloop.compliance import audit
from careloop.compliance.bulk import (
    ConsentRecord,
    do_bulk_delete_consents,
    do_bulk_record_consents,
)
from careloop.compliance.models import CHANNELS, PURPOSES, AuditEvent, Consent
from careloop.identity.public import Actor, Perm, check_perm
from careloop.kit import sql
from careloop.kit.context import client_address
from careloop.kit.events import publish

__all__ = [
    "CHANNELS",
    "PURPOSES",
    "Action",
    "AuditRecord",
    "ConsentState",
    "access_audit_log",
    "audit_record_count",
    "consent_allows",
    "consent_history",
    "consent_states",
    "do_record_consent",
    "record_access",
    "record_login",
    "verify_audit_log",
]
__all__ += [  # bulk recording (careloop/compliance/bulk.py)
    "ConsentRecord", "do_bulk_delete_consents", "do_bulk_record_consents",
]


class Action(StrEnum):
    """FHIR AuditEvent.action codes."""

    CREATE = "C"
    READ = "R"
    UPDATE = "U"
    DELETE = "D"
    EXECUTE = "E"


def chain_for(tenant_id: int | None) -> str:
    """The chain this process appends to: one of a few independent chains per tenant.

    A single chain would make every PHI read of a tenant wait for the previous read's commit
    (the head row is locked until then); per-process shards let web workers on several machines
    commit in parallel, while each shard stays a complete, verifiable chain.
    """
    if not tenant_id:
        return audit.SYSTEM_CHAIN
    return f"tenant-{tenant_id}.{os.getpid() % settings.CARELOOP_AUDIT_SHARDS}"


def chain_belongs_to(chain: str, tenant_id: int) -> bool:
    return chain.startswith(f"tenant-{tenant_id}.")


def record_access(
    actor: Actor, action: Action, entity_type: str, entity_id: str | int = "",
    patient_ids: Iterable[int] = (), *, type_code: str = "rest", outcome: str = "0",
    description: str = "",
) -> None:
    """Audit one PHI read/write/export by ``actor`` (call it before the data leaves)."""
    audit.append(
        chain_for(actor.tenant_id), tenant_id=actor.tenant_id, type_code=type_code,
        action=action.value, outcome=outcome, agent_id=actor.user_id, agent_name=actor.username,
        agent_role=actor.role.value, agent_is_machine=actor.is_machine,
        source_address=client_address.get(), entity_type=entity_type, entity_id=str(entity_id),
        patient_ids=sorted(set(patient_ids)), description=description,
    )


def record_login(
    username: str, user_id: int | None, tenant_id: int | None, *, success: bool, role: str = "",
    description: str = "", type_code: str = "login",
) -> None:
    audit.append(
        chain_for(tenant_id), tenant_id=tenant_id, type_code=type_code,
        action=Action.EXECUTE.value, outcome="0" if success else "4", agent_id=user_id,
        agent_name=username[:150], agent_role=role, agent_is_machine=False,
        source_address=client_address.get(), entity_type="Session", entity_id="",
        patient_ids=[], description=description,
    )


def audit_record_count(tenant_id: int | None) -> int:
    """How many audit records a tenant's chains hold (for benchmarks and health checks)."""
    return AuditEvent.objects.filter(tenant_id=tenant_id).count()


def verify_audit_log() -> tuple[int, list[audit.ChainProblem]]:
    return audit.verify_all()


@dataclass(frozen=True)
class AuditRecord:
    id: int
    chain: str
    seq: int
    recorded: datetime
    type_code: str
    action: str
    outcome: str
    agent_name: str
    agent_role: str
    source_address: str
    entity_type: str
    entity_id: str
    patient_ids: list[int]
    description: str


def access_audit_log(
    actor: Actor, *, agent: str = "", patient_id: int | None = None, type_code: str = "",
    limit: int = 100, before_id: int | None = None,
) -> list[AuditRecord]:
    """The tenant's audit records, newest first; page with ``before_id``."""
    check_perm(actor, Perm.AUDIT_READ)
    rows = AuditEvent.objects.filter(tenant_id=actor.tenant_id)
    if agent:
        rows = rows.filter(agent_name=agent)
    if type_code:
        rows = rows.filter(type_code=type_code)
    if before_id:
        rows = rows.filter(pk__lt=before_id)
    if patient_id is not None:
        # JSON containment differs per database; patient lists are short, so filter in Python.
        rows = rows.filter(Q(entity_id=str(patient_id)) | ~Q(patient_ids=[]))
    result = []
    for r in rows.order_by("-id")[: limit * (5 if patient_id is not None else 1)]:
        if patient_id is not None and patient_id not in r.patient_ids:
            continue
        result.append(AuditRecord(
            r.pk, r.chain, r.seq, r.recorded, r.type_code, r.action, r.outcome, r.agent_name,
            r.agent_role, r.source_address, r.entity_type, r.entity_id, r.patient_ids,
            r.description,
        ))
    return result[:limit]


@dataclass(frozen=True)
class ConsentState:
    channel: str
    purpose: str
    granted: bool
    recorded_at: datetime
    recorded_by: str
    method: str
    text_version: str


def _state(row: Consent) -> ConsentState:
    return ConsentState(row.channel, row.purpose, row.granted, row.recorded_at, row.recorded_by,
                        row.method, row.text_version)


_CONSENT_COLS = ("channel", "purpose", "granted", "recorded_at", "recorded_by", "method",
                 "text_version")


def consent_states(tenant_id: int, person_id: int) -> list[ConsentState]:
    """Current decision per (channel, purpose): the latest record wins; absent means not granted.

    On every 360 read, so it uses a precompiled cursor query (careloop.kit.sql).
    """
    query = sql.select(Consent, _CONSENT_COLS, ("tenant", "person"), ("recorded_at", "id"))
    latest: dict[tuple[str, str], ConsentState] = {}
    for channel, purpose, granted, at, by, method, version in sql.rows(query,
                                                                        [tenant_id, person_id]):
        recorded = sql.as_datetime(at)
        assert recorded is not None
        latest[(channel, purpose)] = ConsentState(channel, purpose, bool(granted), recorded, by,
                                                  method, version)
    return sorted(latest.values(), key=lambda s: (s.channel, s.purpose))


def consent_history(tenant_id: int, person_id: int) -> list[ConsentState]:
    rows = Consent.objects.for_tenant(tenant_id).filter(person_id=person_id)
    return [_state(r) for r in rows.order_by("-recorded_at", "-id")]


def consent_allows(tenant_id: int, person_id: int, channel: str, purpose: str) -> bool:
    row = (
        Consent.objects.for_tenant(tenant_id)
        .filter(person_id=person_id, channel=channel, purpose=purpose)
        .order_by("-recorded_at", "-id")
        .first()
    )
    return bool(row and row.granted)


class ConsentError(ValueError):
    pass


def do_record_consent(
    actor: Actor, person_id: int, channel: str, purpose: str, granted: bool, *, method: str,
    text_version: str, source: str = "", recorded_by: str | None = None,
    recorded_at: datetime | None = None,
) -> ConsentState:
    """Record a grant or withdrawal (the caller has checked the person is in actor's tenant)."""
    check_perm(actor, Perm.CONSENT_WRITE)
    if channel not in CHANNELS:
        raise ConsentError(f"channel must be one of: {', '.join(CHANNELS)}")
    if purpose not in PURPOSES:
        raise ConsentError(f"purpose must be one of: {', '.join(PURPOSES)}")
    if not method or not text_version:
        raise ConsentError("method and text_version are required consent evidence")
    row = Consent.objects.create(
        tenant_id=actor.tenant_id, person_id=person_id, channel=channel, purpose=purpose,
        granted=granted, recorded_at=recorded_at or timezone.now(),
        recorded_by=recorded_by or actor.username, method=method, text_version=text_version,
        source=source,
    )
    record_access(actor, Action.CREATE, "Consent", row.pk, [person_id])
    publish(actor.tenant_id, "consent.changed",
            {"channel": channel, "purpose": purpose, "granted": granted}, person_id=person_id)
    return _state(row)
