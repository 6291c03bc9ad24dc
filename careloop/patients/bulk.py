"""Bulk loading of whole person records (seed data, migrations from another system).

One call writes people with their contact points, identifiers, preferences, conditions, care gaps,
list memberships and timeline in batches: persons with ``bulk_create`` (their ids come back), the
rows hanging off them with multi-row INSERTs (``_insert_rows``). Either way the encrypted fields
and blind indexes are computed by the field classes (``pre_save`` and ``get_db_prep_save``, the
calls ``bulk_create`` makes), so bulk rows are as searchable and encrypted as rows saved singly.

A bulk load is a system write: it is audited once per call (naming every person it created), not
once per row, and announced with one ``person.bulk_loaded`` event instead of one per person.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from careloop.compliance.public import Action, record_access
from careloop.identity.public import Actor, Perm, Role, check_perm
from careloop.kit import sql
from careloop.kit.errors import InvalidInput
from careloop.kit.events import publish
from careloop.patients.models import (
    CareGap,
    Condition,
    ContactPoint,
    Identifier,
    ListMembership,
    Person,
    Preference,
    StaticList,
    TimelineEvent,
)
from careloop.patients.validation import icd10_description, normalise_email, normalise_phone

__all__ = [
    "CareGapRecord", "ListEntry", "ListSpec", "PersonRecord", "PreferenceRecord",
    "TimelineRecord", "do_bulk_delete_persons", "do_bulk_load_persons",
]

LANGUAGES = ("en", "es", "fr", "pl", "tr")
CARE_GAP_STATUSES = ("open", "closed")

# (event_id, type, category, source, occurred_at, payload)
TimelineRecord = tuple[str, str, str, str, dt.datetime, dict[str, Any]]


@dataclass(frozen=True)
class ListSpec:
    """A static list to create (by slug) if the tenant does not have it yet."""

    slug: str
    name: str
    source: str = "staff"  # emr, csv, api, staff
    is_clinical: bool = False
    description: str = ""


@dataclass(frozen=True)
class ListEntry:
    """One membership row; ``removed_at`` set means the person has left the list since."""

    slug: str
    added_at: dt.datetime | None = None  # None: now
    removed_at: dt.datetime | None = None
    added_by: str = ""  # "": the bulk call's actor name
    removed_by: str = ""


@dataclass(frozen=True)
class CareGapRecord:
    kind: str  # e.g. mammography_screening
    due_date: dt.date | None
    status: str = "open"
    closed_at: dt.datetime | None = None


@dataclass(frozen=True)
class PreferenceRecord:
    preferred_channel: str = ""
    quiet_start: dt.time | None = None
    quiet_end: dt.time | None = None
    topics: Sequence[str] = ()


@dataclass(frozen=True)
class PersonRecord:
    """A whole person as another system knows it. Phones are E.164, e-mails any case."""

    given_name: str
    family_name: str
    kind: str = "patient"
    birth_date: dt.date | None = None
    sex: str = "unknown"
    language: str = "en"
    address: dict[str, Any] | None = None  # {"line", "city", "state", "postal_code", "lat", ...}
    time_zone: str = ""  # "": taken from the first phone number
    emails: Sequence[str] = ()
    phones: Sequence[str] = ()
    identifiers: Sequence[tuple[str, str]] = ()  # (system URI, value)
    conditions: Sequence[tuple[str, dt.date | None]] = ()  # (ICD-10-CM code, onset)
    care_gaps: Sequence[CareGapRecord] = ()
    preference: PreferenceRecord | None = None
    timeline: Sequence[TimelineRecord] = ()
    lists: Sequence[ListEntry | str] = field(default_factory=tuple)


# ----- validation (per record, so one bad record names itself) -----

@lru_cache(maxsize=4096)
def _phone(raw: str) -> tuple[str, str]:
    return normalise_phone(raw, "phone")


@lru_cache(maxsize=1024)
def _condition(code: str) -> tuple[str, str]:
    # Descriptions always come from the ICD-10-CM data package, never from the caller.
    return icd10_description(code)


def _check_person(rec: PersonRecord, where: str, errors: dict[str, str]) -> None:
    if not rec.given_name.strip():
        errors[f"{where}.given_name"] = "Enter a given name."
    if not rec.family_name.strip():
        errors[f"{where}.family_name"] = "Enter a family name."
    if rec.kind not in Person.KINDS:
        errors[f"{where}.kind"] = f"Kind must be one of: {', '.join(Person.KINDS)}."
    if rec.sex not in Person.SEXES:
        errors[f"{where}.sex"] = f"Sex must be one of: {', '.join(Person.SEXES)}."
    if rec.language not in LANGUAGES:
        errors[f"{where}.language"] = f"Language must be one of: {', '.join(LANGUAGES)}."
    if rec.birth_date and rec.birth_date > dt.date.today():
        errors[f"{where}.birth_date"] = "Birth date cannot be in the future."


def _check_children(rec: PersonRecord, where: str, lists: dict[str, StaticList],
                    errors: dict[str, str]) -> None:
    for j, (code, _onset) in enumerate(rec.conditions):
        try:
            _condition(code)
        except InvalidInput:
            errors[f"{where}.conditions[{j}]"] = f"{code!r} is not an ICD-10-CM code."
    for j, gap in enumerate(rec.care_gaps):
        if gap.status not in CARE_GAP_STATUSES or not gap.kind:
            errors[f"{where}.care_gaps[{j}]"] = "A care gap needs a kind and status open/closed."
    for j, ev in enumerate(rec.timeline):
        event_id, type_, category, _source, occurred_at, _payload = ev
        if not event_id or len(event_id) > 100 or not type_:
            errors[f"{where}.timeline[{j}]"] = "An event needs an id (≤ 100 characters) and type."
        elif category not in TimelineEvent.CATEGORIES:
            errors[f"{where}.timeline[{j}].category"] = (
                f"Category must be one of: {', '.join(TimelineEvent.CATEGORIES)}.")
        elif timezone.is_naive(occurred_at):
            errors[f"{where}.timeline[{j}].occurred_at"] = "Give the time with its time zone."
    for j, entry in enumerate(rec.lists):
        slug = entry if isinstance(entry, str) else entry.slug
        if slug not in lists:
            errors[f"{where}.lists[{j}]"] = f"There is no list {slug!r}."
        elif isinstance(entry, ListEntry) and entry.removed_at and entry.added_at and \
                entry.removed_at < entry.added_at:
            errors[f"{where}.lists[{j}]"] = "A person cannot leave a list before joining it."


# ----- building rows -----

Row = dict[str, Any]  # column values by attname ("person_id", not "person")


@dataclass
class _Rows:
    identifiers: list[Row] = field(default_factory=list)
    contacts: list[Row] = field(default_factory=list)
    preferences: list[Row] = field(default_factory=list)
    conditions: list[Row] = field(default_factory=list)
    care_gaps: list[Row] = field(default_factory=list)
    memberships: list[Row] = field(default_factory=list)
    events: list[Row] = field(default_factory=list)


def _person_row(tenant_id: int, rec: PersonRecord, where: str,
                errors: dict[str, str]) -> tuple[Person, list[Row]]:
    person = Person(tenant_id=tenant_id, kind=rec.kind, given_name=rec.given_name.strip(),
                    family_name=rec.family_name.strip(), birth_date=rec.birth_date, sex=rec.sex,
                    language=rec.language, address=rec.address, time_zone=rec.time_zone)
    contacts: list[Row] = []
    for j, raw in enumerate(rec.emails):
        try:
            value = normalise_email(raw, f"{where}.emails[{j}]")
        except InvalidInput as exc:
            errors.update(exc.errors)
            continue
        contacts.append({"kind": "email", "value": value, "time_zone": "", "is_primary": j == 0})
    for j, raw in enumerate(rec.phones):
        try:
            e164, zone = _phone(raw)
        except InvalidInput:
            errors[f"{where}.phones[{j}]"] = "This is not a phone number."
            continue
        contacts.append({"kind": "phone", "value": e164, "time_zone": zone, "is_primary": j == 0})
        if not person.time_zone and zone:
            person.time_zone = zone
    return person, contacts


def _child_rows(tenant_id: int, person_id: int, rec: PersonRecord,
                lists: dict[str, StaticList], actor_name: str, now: dt.datetime,
                rows: _Rows) -> None:
    owner = {"tenant_id": tenant_id, "person_id": person_id}
    for system, value in rec.identifiers:
        rows.identifiers.append({**owner, "system": system, "value": value.strip()})
    if rec.preference is not None:
        p = rec.preference
        rows.preferences.append({**owner, "preferred_channel": p.preferred_channel,
                                 "quiet_start": p.quiet_start, "quiet_end": p.quiet_end,
                                 "topics": list(p.topics)})
    for code, onset in rec.conditions:
        canonical, description = _condition(code)  # checked in _check_children
        rows.conditions.append({**owner, "code": canonical, "description": description,
                                "onset": onset, "source": "emr"})
    for gap in rec.care_gaps:
        rows.care_gaps.append({**owner, "kind": gap.kind, "status": gap.status,
                               "due_date": gap.due_date, "closed_at": gap.closed_at})
    for entry in rec.lists:
        e = ListEntry(entry) if isinstance(entry, str) else entry
        rows.memberships.append({
            **owner, "static_list_id": lists[e.slug].pk, "added_at": e.added_at or now,
            "added_by": e.added_by or actor_name, "removed_at": e.removed_at,
            "removed_by": (e.removed_by or actor_name) if e.removed_at else ""})
    for event_id, type_, category, source, occurred_at, payload in rec.timeline:
        rows.events.append({**owner, "event_id": event_id, "type": type_, "category": category,
                            "source": source, "occurred_at": occurred_at, "payload": payload})


def _ensure_lists(tenant_id: int, specs: Sequence[ListSpec]) -> dict[str, StaticList]:
    existing = {s.slug: s for s in StaticList.objects.for_tenant(tenant_id)}
    missing = [StaticList(tenant_id=tenant_id, slug=s.slug, name=s.name, source=s.source,
                          is_clinical=s.is_clinical, description=s.description)
               for s in specs if s.slug not in existing]
    if missing:
        StaticList.objects.bulk_create(missing)
        existing = {s.slug: s for s in StaticList.objects.for_tenant(tenant_id)}
    return existing


def _chunks(records: Iterable[PersonRecord], size: int) -> Iterator[list[PersonRecord]]:
    it = iter(records)
    while chunk := list(islice(it, size)):
        yield chunk


def _audit_actor(tenant_id: int, actor: Actor | None, actor_name: str, perm: Perm) -> Actor:
    if actor is None:
        # A system job with no staff identity: named, machine, integration-level.
        return Actor(0, actor_name, tenant_id, Role.INTEGRATION, True)
    check_perm(actor, perm)
    if actor.tenant_id != tenant_id:
        raise InvalidInput({"tenant": "The actor belongs to another tenant."})
    return actor


def _write_chunk(tenant_id: int, chunk: list[PersonRecord], start: int,
                 lists: dict[str, StaticList], actor_name: str, now: dt.datetime,
                 batch_size: int) -> tuple[list[int], int]:
    errors: dict[str, str] = {}
    people: list[Person] = []
    contacts: list[list[Row]] = []
    for i, rec in enumerate(chunk, start):
        where = f"records[{i}]"
        _check_person(rec, where, errors)
        _check_children(rec, where, lists, errors)
        person, cps = _person_row(tenant_id, rec, where, errors)
        people.append(person)
        contacts.append(cps)
    if errors:
        raise InvalidInput(errors)
    Person.objects.bulk_create(people, batch_size=batch_size)
    rows = _Rows()
    for person, rec, cps in zip(people, chunk, contacts, strict=True):
        if person.pk is None:  # every supported database returns ids from a bulk insert
            raise RuntimeError("bulk_create did not return primary keys")
        rows.contacts.extend({"tenant_id": tenant_id, "person_id": person.pk, **cp} for cp in cps)
        _child_rows(tenant_id, person.pk, rec, lists, actor_name, now, rows)
    try:
        with transaction.atomic():
            sql.insert_rows(Identifier, rows.identifiers)
    except IntegrityError:
        raise InvalidInput({"identifiers": "An identifier already belongs to another person "
                                           "(or appears twice in this load)."}) from None
    sql.insert_rows(ContactPoint, rows.contacts)
    sql.insert_rows(Preference, rows.preferences)
    sql.insert_rows(Condition, rows.conditions)
    sql.insert_rows(CareGap, rows.care_gaps)
    try:
        with transaction.atomic():
            sql.insert_rows(ListMembership, rows.memberships)
    except IntegrityError:
        raise InvalidInput({"lists": "A person has two open memberships of one list."}) from None
    # Like do_append_timeline: an event id seen before is skipped, so a resent load is harmless.
    sql.insert_rows(TimelineEvent, rows.events, ignore_conflicts=True)
    return [p.pk for p in people], len(rows.events)


def do_bulk_load_persons(
    tenant_id: int, records: Iterable[PersonRecord], *, actor_name: str = "seed",
    actor: Actor | None = None, lists: Sequence[ListSpec] = (), batch_size: int = 2000,
) -> list[int]:
    """Create every record in one transaction; returns the new person ids in record order.

    ``lists`` are created when the tenant lacks them; a record naming any other unknown list is
    rejected. ``actor`` (when given) must be allowed to write persons in ``tenant_id``; without it
    the load is audited as the system job ``actor_name``. Nothing is written if any record is bad.
    """
    audit_actor = _audit_actor(tenant_id, actor, actor_name, Perm.PERSON_WRITE)
    now = timezone.now()
    ids: list[int] = []
    events = 0
    with transaction.atomic():
        by_slug = _ensure_lists(tenant_id, lists)
        for chunk in _chunks(records, batch_size):
            chunk_ids, chunk_events = _write_chunk(tenant_id, chunk, len(ids), by_slug,
                                                   actor_name, now, batch_size)
            ids.extend(chunk_ids)
            events += chunk_events
        record_access(audit_actor, Action.CREATE, "Patient", "bulk", ids,
                      description=f"bulk load by {actor_name}: {len(ids)} persons, "
                                  f"{events} timeline events"[:200])
        publish(tenant_id, "person.bulk_loaded", {"count": len(ids), "source": actor_name})
    sql.refresh_statistics(Person, Identifier, ContactPoint, ListMembership, TimelineEvent)
    return ids


def do_bulk_delete_persons(tenant_id: int, *, actor: Actor | None = None,
                           actor_name: str = "seed") -> int:
    """Delete every person of a tenant with everything hanging off them, and the static lists.

    For wiping demo/seed data. Consent evidence belongs to compliance: delete it there first
    (``careloop.compliance.public.do_bulk_delete_consents``); the foreign key would cascade anyway.
    """
    audit_actor = _audit_actor(tenant_id, actor, actor_name, Perm.PERSON_WRITE)
    with transaction.atomic():
        # Children first, each a single DELETE, so the person delete has nothing left to collect.
        for model in (TimelineEvent, ListMembership, CareGap, Condition, Preference,
                      ContactPoint, Identifier):
            model.objects.for_tenant(tenant_id).delete()
        StaticList.objects.for_tenant(tenant_id).delete()
        ids = list(Person.objects.for_tenant(tenant_id).values_list("pk", flat=True))
        if ids:
            Person.objects.for_tenant(tenant_id).delete()
            record_access(audit_actor, Action.DELETE, "Patient", "bulk", ids,
                          description=f"bulk delete by {actor_name}: {len(ids)} persons"[:200])
    return len(ids)
