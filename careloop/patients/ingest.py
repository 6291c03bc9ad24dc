"""Batch ingest of timeline events from machine producers (EMR feeds, web trackers, CRMs).

Each item is validated on its own, so one bad event never sinks the good ones in its batch: bad
items are reported by index with field messages and kept in the dead-letter store; good items are
appended once (the producer's event id makes a resend a harmless duplicate).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from django.db import transaction
from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from careloop.compliance.public import Action, record_access
from careloop.identity.public import Actor, Category, Perm, check_perm
from careloop.kit.deadletter import keep_rejected
from careloop.kit.errors import InvalidInput
from careloop.kit.fields import hash_lookup
from careloop.patients.models import Identifier, Person, TimelineEvent

__all__ = [
    "DEAD_LETTER_SOURCE", "MAX_BATCH", "IngestReport", "RejectedEvent", "describe_error",
    "do_ingest_events", "event_item_json_schema",
]

MAX_BATCH = 1000
DEAD_LETTER_SOURCE = "api.events"
EventCategory = Literal["engagement", "clinical", "access", "messaging", "web", "service"]


# ----- the shape of one event -----

class _IdentifierRef(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    system: str = Field(min_length=1, max_length=200)
    value: str = Field(min_length=1, max_length=200)


class _PersonRef(BaseModel):
    """Who the event is about: our person id, or an identifier from the producer's system."""

    model_config = ConfigDict(extra="forbid")

    id: int | None = Field(default=None, gt=0)
    identifier: _IdentifierRef | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> _PersonRef:
        if (self.id is None) == (self.identifier is None):
            raise ValueError('Give either "id" or "identifier" (with "system" and "value").')
        return self


class EventItem(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    id: str = Field(min_length=1, max_length=100, description="The producer's event id.")
    person: _PersonRef
    type: str = Field(min_length=1, max_length=64)
    category: EventCategory
    source: str = Field(min_length=1, max_length=64)
    occurred_at: AwareDatetime
    payload: dict[str, Any] = Field(default_factory=dict)


def event_item_json_schema() -> dict[str, Any]:
    """JSON Schema of one batch item with nested definitions inlined (for API documentation)."""
    schema = EventItem.model_json_schema()
    defs = schema.pop("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return inline(defs[ref.removeprefix("#/$defs/")])
            return {k: inline(v) for k, v in node.items()}
        if isinstance(node, list):
            return [inline(v) for v in node]
        return node

    return inline(schema)


# ----- messages a producer's engineer can act on -----

_MESSAGES = {
    "missing": "This field is required.",
    "model_type": "This must be a JSON object.",
    "model_attributes_type": "This must be a JSON object.",
    "dict_type": "This must be a JSON object.",
    "list_type": "This must be a JSON array.",
    "string_type": "This must be a string.",
    "string_too_short": "This cannot be empty.",
    "int_type": "This must be a whole number.",
    "int_parsing": "This must be a whole number.",
    "int_from_float": "This must be a whole number.",
    "bool_type": "This must be true or false.",
    "bool_parsing": "This must be true or false.",
    "timezone_aware": "Include a time zone, e.g. 2024-05-01T09:30:00Z.",
    "datetime_type": "Enter a date and time, e.g. 2024-05-01T09:30:00Z.",
    "datetime_parsing": "Enter a date and time, e.g. 2024-05-01T09:30:00Z.",
    "datetime_from_date_parsing": "Enter a date and time, e.g. 2024-05-01T09:30:00Z.",
    "date_type": "Enter a date as YYYY-MM-DD.",
    "date_parsing": "Enter a date as YYYY-MM-DD.",
    "date_from_datetime_parsing": "Enter a date as YYYY-MM-DD.",
    "date_from_datetime_inexact": "Enter a date as YYYY-MM-DD, without a time.",
    "extra_forbidden": "This field is not allowed.",
    "json_invalid": "This is not valid JSON.",
}


def describe_error(error: Mapping[str, Any]) -> str:
    """A human message for one pydantic error (``ValidationError.errors()`` item)."""
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind in _MESSAGES:
        return _MESSAGES[kind]
    if kind == "string_too_long":
        return f"This must be at most {ctx.get('max_length')} characters."
    if kind == "too_long":
        return f"This must have at most {ctx.get('max_length')} items."
    if kind == "literal_error":
        return f"This must be one of: {ctx.get('expected')}."
    if kind == "enum":
        return f"This must be one of: {ctx.get('expected')}."
    message = str(error.get("msg", "This value is not valid."))
    return message.removeprefix("Value error, ").removeprefix("Assertion failed, ")


def _messages(errors: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    found: dict[str, str] = {}
    for error in errors:
        path = ".".join(str(part) for part in error.get("loc", ())) or "event"
        found.setdefault(path, describe_error(error))
    return found


# ----- results -----

@dataclass(frozen=True)
class RejectedEvent:
    index: int
    id: str | None
    errors: dict[str, str]


@dataclass(frozen=True)
class IngestReport:
    accepted: int
    duplicates: int
    rejected: list[RejectedEvent]


# ----- ingest -----

def _raw_id(raw: Any) -> str | None:
    value = raw.get("id") if isinstance(raw, dict) else None
    return str(value)[:100] if isinstance(value, str | int) and value != "" else None


def _rule_errors(actor: Actor, event: EventItem, clinical_types: frozenset[str]) -> dict[str, str]:
    """Rules beyond shape: who may write what."""
    if event.category == "clinical" and not actor.sees(Category.CLINICAL):
        return {"category": "Your role may not write clinical events."}
    if event.type in clinical_types and event.category != "clinical":
        # A clinical fact filed under another category would reach roles that may not see it.
        return {"category": f'Events of type "{event.type}" are clinical: send category '
                            '"clinical".'}
    return {}


def _resolve_persons(tenant_id: int, events: list[EventItem]) -> dict[int, int]:
    """Map ``id(event)`` to a person id in ``tenant_id``: two queries for the whole batch."""
    wanted_ids = {e.person.id for e in events if e.person.id is not None}
    known_ids = set(
        Person.objects.for_tenant(tenant_id).filter(pk__in=wanted_ids).values_list("pk", flat=True)
    ) if wanted_ids else set()
    hashes: dict[int, tuple[str, str]] = {}
    for e in events:
        if e.person.identifier is not None:
            ref = e.person.identifier
            hashes[id(e)] = (ref.system, hash_lookup(Identifier, "value_bidx", ref.value))
    by_hash: dict[tuple[str, str], int] = {}
    if hashes:
        rows = (Identifier.objects.for_tenant(tenant_id)
                .filter(value_bidx__in={h for _, h in hashes.values()})
                .values_list("system", "value_bidx", "person_id"))
        by_hash = {(system, h): person_id for system, h, person_id in rows}
    found: dict[int, int] = {}
    for e in events:
        if e.person.id is not None and e.person.id in known_ids:
            found[id(e)] = e.person.id
        elif id(e) in hashes and hashes[id(e)] in by_hash:
            found[id(e)] = by_hash[hashes[id(e)]]
    return found


def _unknown_person(event: EventItem) -> dict[str, str]:
    if event.person.id is not None:
        return {"person.id": "No person with this id."}
    return {"person.identifier": "No person with this identifier in this system."}


def do_ingest_events(actor: Actor, items: list[Any]) -> IngestReport:
    """Validate and append up to ``MAX_BATCH`` events; idempotent by the producer's event id."""
    from careloop.patients.public import CLINICAL_EVENT_TYPES, do_append_timeline

    check_perm(actor, Perm.TIMELINE_WRITE)
    if not isinstance(items, list):
        raise InvalidInput({"events": "Send a JSON array of events."})
    if len(items) > MAX_BATCH:
        raise InvalidInput({"events": f"Send at most {MAX_BATCH:,} events per request "
                                      f"(this request has {len(items):,})."})
    rejected: list[RejectedEvent] = []
    valid: list[tuple[int, EventItem]] = []
    for index, raw in enumerate(items):
        try:
            event = EventItem.model_validate(raw)
        except ValidationError as exc:
            rejected.append(RejectedEvent(index, _raw_id(raw), _messages(exc.errors())))
            continue
        errors = _rule_errors(actor, event, CLINICAL_EVENT_TYPES)
        if errors:
            rejected.append(RejectedEvent(index, event.id, errors))
        else:
            valid.append((index, event))

    accepted, duplicates, person_ids = 0, 0, set()
    with transaction.atomic():
        persons = _resolve_persons(actor.tenant_id, [e for _, e in valid])
        # One query finds resent ids, so a replayed batch costs no failed inserts.
        seen = set(TimelineEvent.objects.for_tenant(actor.tenant_id)
                   .filter(event_id__in={e.id for _, e in valid})
                   .values_list("event_id", flat=True)) if valid else set()
        for index, event in valid:
            person_id = persons.get(id(event))
            if person_id is None:
                rejected.append(RejectedEvent(index, event.id, _unknown_person(event)))
                continue
            if event.id in seen or not do_append_timeline(
                actor.tenant_id, person_id, event.id, event.type, event.category, event.source,
                event.occurred_at.astimezone(dt.UTC), event.payload,
            ):
                duplicates += 1
            else:
                accepted += 1
                person_ids.add(person_id)
            seen.add(event.id)
        rejected.sort(key=lambda r: r.index)
        for r in rejected:
            reason = "; ".join(f"{field}: {message}" for field, message in r.errors.items())
            raw = items[r.index]
            # The store keeps JSON; a bare null is kept as its text so the row stays valid.
            keep_rejected(DEAD_LETTER_SOURCE, reason, "null" if raw is None else raw,
                          actor.tenant_id)
        record_access(actor, Action.CREATE, "Patient/timeline", "batch", person_ids,
                      description=f"{accepted} accepted, {duplicates} duplicate, "
                                  f"{len(rejected)} rejected")
    return IngestReport(accepted, duplicates, rejected)
