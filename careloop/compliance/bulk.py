"""Bulk recording of consent evidence (seed data, migrations from another system).

Each row is one decision, exactly as ``do_record_consent`` stores it: rows are never updated, the
latest row per (person, channel, purpose) rules, so a withdrawal is a later ``granted=False`` row.
A bulk call is a system write: audited once (naming every person) and announced with one event.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from careloop.compliance.models import CHANNELS, PURPOSES, Consent
from careloop.identity.public import Actor, Perm, Role, check_perm
from careloop.kit import sql
from careloop.kit.errors import InvalidInput
from careloop.kit.events import publish

__all__ = ["ConsentRecord", "do_bulk_delete_consents", "do_bulk_record_consents"]


@dataclass(frozen=True)
class ConsentRecord:
    person_id: int
    channel: str  # one of CHANNELS
    purpose: str  # one of PURPOSES
    granted: bool
    recorded_at: datetime
    recorded_by: str  # staff username, "patient" or a client name
    method: str  # web_form, sms_keyword, paper, verbal, api, emr...
    text_version: str  # the wording the person agreed to
    source: str = ""


def _insert_consents(rows: list[ConsentRecord], tenant_id: int) -> None:
    """COPY on PostgreSQL, multi-row INSERTs elsewhere (careloop.kit.sql.insert_rows)."""
    sql.insert_rows(Consent, [
        {"tenant_id": tenant_id, "person_id": r.person_id, "channel": r.channel,
         "purpose": r.purpose, "granted": r.granted, "recorded_at": r.recorded_at,
         "recorded_by": r.recorded_by, "method": r.method, "text_version": r.text_version,
         "source": r.source}
        for r in rows
    ])


def _check(i: int, row: ConsentRecord, now: datetime, errors: dict[str, str]) -> None:
    where = f"rows[{i}]"
    if row.channel not in CHANNELS:
        errors[f"{where}.channel"] = f"Channel must be one of: {', '.join(CHANNELS)}."
    if row.purpose not in PURPOSES:
        errors[f"{where}.purpose"] = f"Purpose must be one of: {', '.join(PURPOSES)}."
    if not row.method or not row.text_version or not row.recorded_by:
        errors[where] = "Method, text version and who recorded it are required evidence."
    if timezone.is_naive(row.recorded_at):
        errors[f"{where}.recorded_at"] = "Give the time with its time zone."
    elif row.recorded_at > now:
        errors[f"{where}.recorded_at"] = "A consent cannot be recorded in the future."


def _audit(actor: Actor, action: str, person_ids: set[int], description: str) -> None:
    # Imported at call time: public re-exports this module, so a top-level import would cycle.
    from careloop.compliance.public import Action, record_access

    record_access(actor, Action(action), "Consent", "bulk", person_ids,
                  description=description[:200])


def _audit_actor(tenant_id: int, actor: Actor | None, actor_name: str) -> Actor:
    if actor is None:
        return Actor(0, actor_name, tenant_id, Role.INTEGRATION, True)
    check_perm(actor, Perm.CONSENT_WRITE)
    if actor.tenant_id != tenant_id:
        raise InvalidInput({"tenant": "The actor belongs to another tenant."})
    return actor


def do_bulk_record_consents(
    tenant_id: int, rows: Iterable[ConsentRecord], *, actor: Actor | None = None,
    actor_name: str = "seed",
) -> int:
    """Store every decision in one transaction; returns how many rows were written.

    The caller vouches that every ``person_id`` belongs to ``tenant_id`` (as for
    ``do_record_consent``). Nothing is written if any row is invalid.
    """
    audit_actor = _audit_actor(tenant_id, actor, actor_name)
    errors: dict[str, str] = {}
    objs = list(rows)
    now = timezone.now()
    for i, row in enumerate(objs):
        _check(i, row, now, errors)
    if errors:
        raise InvalidInput(dict(list(errors.items())[:50]))
    people = {o.person_id for o in objs}
    with transaction.atomic():
        _insert_consents(objs, tenant_id)
        withdrawn = sum(1 for o in objs if not o.granted)
        _audit(audit_actor, "C", people,
               f"bulk consents by {actor_name}: {len(objs)} decisions ({withdrawn} not granted)")
        publish(tenant_id, "consent.bulk_recorded", {"count": len(objs), "source": actor_name})
    return len(objs)


def do_bulk_delete_consents(tenant_id: int, *, actor: Actor | None = None,
                            actor_name: str = "seed") -> int:
    """Delete every consent row of a tenant (wiping demo/seed data only)."""
    audit_actor = _audit_actor(tenant_id, actor, actor_name)
    with transaction.atomic():
        rows = Consent.objects.for_tenant(tenant_id)
        people = set(rows.values_list("person_id", flat=True).distinct())
        count, _ = rows.delete()
        if count:
            _audit(audit_actor, "D", people, f"bulk delete by {actor_name}: {count} consents")
    return count
