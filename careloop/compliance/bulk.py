"""Bulk recording of consent evidence (seed data, migrations from another system).

Each row is one decision, exactly as ``do_record_consent`` stores it: rows are never updated, the
latest row per (person, channel, purpose) rules, so a withdrawal is a later ``granted=False`` row.
A bulk call is a system write: audited once (naming every person) and announced with one event.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import connections, router, transaction
from django.utils import timezone

from careloop.compliance.models import CHANNELS, PURPOSES, Consent
from careloop.identity.public import Actor, Perm, Role, check_perm
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
    """COPY on PostgreSQL, multi-row INSERTs elsewhere; no model instance per row.

    The same approach as ``careloop.patients.bulk._insert_rows`` (which explains the numbers):
    Consent has no encrypted or derived columns, and ``recorded_at`` still goes through its field
    class so each database gets its own representation.
    """
    conn = connections[router.db_for_write(Consent)]
    qn = conn.ops.quote_name
    names = ("tenant", "person", "channel", "purpose", "granted", "recorded_at", "recorded_by",
             "method", "text_version", "source")
    columns = ", ".join(qn(str(getattr(Consent._meta.get_field(n), "column", n)))
                        for n in names)
    table = qn(Consent._meta.db_table)
    at = Consent._meta.get_field("recorded_at")
    values = [(tenant_id, r.person_id, r.channel, r.purpose, r.granted,
               at.get_db_prep_save(r.recorded_at, conn), r.recorded_by, r.method,
               r.text_version, r.source) for r in rows]
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            with conn.wrap_database_errors, cursor.cursor.copy(
                    f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
            return
        row_sql = "(" + ", ".join(["%s"] * len(names)) + ")"
        per_statement = max(1, min(500, (conn.features.max_query_params or 999) // len(names)))
        for start in range(0, len(values), per_statement):
            batch = values[start:start + per_statement]
            # Table and column names come from model metadata, quoted; values are parameters.
            cursor.execute(f"INSERT INTO {table} ({columns}) VALUES "  # noqa: S608
                           + ", ".join([row_sql] * len(batch)), [v for r in batch for v in r])


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
