"""The 360 read path: the person and every child row in ONE round trip.

Reading a person is the hottest PHI path (every API read, every 360 page). On PostgreSQL a round
trip costs more than the work, so the person row and the child tables the role may see are read
with one ``UNION ALL`` statement (each branch cast to text), built once from the models'
metadata, and decoded with the fields' own ``from_db_value``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.db import models

from careloop.kit import sql
from careloop.patients.models import (
    CareGap,
    Condition,
    ContactPoint,
    Identifier,
    ListMembership,
    Person,
    Preference,
    StaticList,
)

WIDTH = 8  # value columns per branch
PARTS = ("contacts", "identifiers", "preference", "conditions", "care_gaps", "lists")


@dataclass(frozen=True)
class PersonRow:
    pk: int
    kind: str
    given_name: str
    family_name: str
    birth_date: dt.date | None
    sex: str
    language: str
    address: dict[str, Any] | None
    time_zone: str


ListRow = tuple[str, str, str, bool, dt.datetime | None, dt.datetime | None]


@dataclass
class PersonBundle:
    person: PersonRow
    contacts: list[tuple[str, str, str, bool]] = field(default_factory=list)
    identifiers: list[tuple[str, str]] = field(default_factory=list)
    preference: tuple[str, dt.time | None, dt.time | None, list[str]] | None = None
    conditions: list[tuple[str, str, str, dt.date | None, str]] = field(default_factory=list)
    care_gaps: list[tuple[str, str, dt.date | None]] = field(default_factory=list)
    lists: list[ListRow] = field(default_factory=list)


def _text(model: type[models.Model], name: str) -> str:
    return f"CAST({sql.col(model, name)} AS TEXT)"


def _branch(tag: str, model: type[models.Model], columns: tuple[str, ...],
            where: str, joins: str = "") -> str:
    values = [_text(model, c) for c in columns]
    values += ["CAST(NULL AS TEXT)"] * (WIDTH - len(values))
    return f"SELECT '{tag}', {', '.join(values)} FROM {model._meta.db_table}{joins} WHERE {where}"


def _child(tag: str, model: type[models.Model], columns: tuple[str, ...]) -> str:
    where = f"{sql.col(model, 'tenant')} = %s AND {sql.col(model, 'person')} = %s"
    return _branch(tag, model, columns, where)


@cache
def _statement(parts: tuple[str, ...]) -> str:
    person_where = f"{sql.col(Person, 'tenant')} = %s AND {sql.col(Person, 'id')} = %s"
    branches = [_branch("P", Person, ("id", "kind", "given_name", "family_name", "birth_date",
                                      "sex", "language", "address"), person_where)]
    children = {
        "contacts": lambda: _child("C", ContactPoint, ("kind", "value", "time_zone",
                                                       "is_primary", "id")),
        "identifiers": lambda: _child("I", Identifier, ("system", "value", "id")),
        "preference": lambda: _child("R", Preference, ("preferred_channel", "quiet_start",
                                                       "quiet_end", "topics")),
        "conditions": lambda: _child("X", Condition, ("code", "description", "status", "onset",
                                                      "source", "recorded_at", "id")),
        "care_gaps": lambda: _child("G", CareGap, ("kind", "status", "due_date", "id")),
        "lists": _lists_branch,
    }
    branches += [children[p]() for p in parts]
    # The time zone does not fit the person branch; it rides on a branch of its own.
    branches.append(_branch("Z", Person, ("time_zone",), person_where))
    return " UNION ALL ".join(branches)


def _lists_branch() -> str:
    joins = (f" JOIN {StaticList._meta.db_table} ON "
             f"{sql.col(ListMembership, 'static_list')} = {sql.col(StaticList, 'id')}")
    columns = [_text(StaticList, c) for c in ("slug", "name", "source", "is_clinical")]
    columns += [_text(ListMembership, c) for c in ("added_at", "removed_at")]
    columns += ["CAST(NULL AS TEXT)"] * (WIDTH - len(columns))
    where = (f"{sql.col(ListMembership, 'tenant')} = %s AND "
             f"{sql.col(ListMembership, 'person')} = %s")
    return (f"SELECT 'L', {', '.join(columns)} FROM {ListMembership._meta.db_table}{joins} "
            f"WHERE {where}")


def _flag(value: str | None) -> bool:
    return value in ("1", "true", "t", "True")


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value[:10]) if value else None


def load_person(tenant_id: int, person_id: int, parts: set[str]) -> PersonBundle | None:
    """The person of ``tenant_id`` and the child ``parts`` asked for, or None (not found)."""
    wanted = tuple(p for p in PARTS if p in parts)
    params = [tenant_id, person_id] * (len(wanted) + 2)
    rows = sql.rows(_statement(wanted), params)
    head = next((r for r in rows if r[0] == "P"), None)
    if head is None:
        return None
    dec = {n: sql.decoder(Person, n) for n in ("given_name", "family_name", "birth_date",
                                                "address")}
    zone = next((r[1] for r in rows if r[0] == "Z"), "") or ""
    person = PersonRow(int(head[1]), head[2], dec["given_name"](head[3]),
                       dec["family_name"](head[4]), dec["birth_date"](head[5]), head[6],
                       head[7], dec["address"](head[8]), zone)
    keyed: dict[str, list[tuple[Any, Any]]] = {part: [] for part in PARTS}
    for row in rows:
        reader = _READERS.get(row[0])
        if reader is not None:
            part, key, item = reader(row[1:])
            keyed[part].append((key, item))
    for items in keyed.values():
        items.sort(key=lambda pair: pair[0])
    prefs = [item for _, item in keyed["preference"]]
    return PersonBundle(
        person,
        contacts=[item for _, item in keyed["contacts"]],
        identifiers=[item for _, item in keyed["identifiers"]],
        preference=prefs[0] if prefs else None,
        conditions=[item for _, item in keyed["conditions"]],
        care_gaps=[item for _, item in keyed["care_gaps"]],
        lists=[item for _, item in keyed["lists"]],
    )


# Each reader turns one branch's text columns into (part, sort key, item); sort keys reproduce
# the orders the 360 page shows (primary contact first, newest condition first, ...).
Reading = tuple[str, Any, Any]


def _contact(v: tuple[Any, ...]) -> Reading:
    value = sql.decoder(ContactPoint, "value")(v[1])
    primary = _flag(v[3])
    return "contacts", (not primary, v[0], int(v[4])), (v[0], value, v[2] or "", primary)


def _identifier(v: tuple[Any, ...]) -> Reading:
    return "identifiers", (v[0], int(v[2])), (v[0], sql.decoder(Identifier, "value")(v[1]))


def _preference(v: tuple[Any, ...]) -> Reading:
    topics = sql.decoder(Preference, "topics")(v[3]) if v[3] else []
    return "preference", 0, (v[0] or "", sql.as_time(v[1]), sql.as_time(v[2]), list(topics))


def _condition(v: tuple[Any, ...]) -> Reading:
    code, text, onset = (sql.decoder(Condition, n) for n in ("code", "description", "onset"))
    recorded = sql.as_datetime(v[5])
    key = (-(recorded.timestamp() if recorded else 0.0), int(v[6]))
    return "conditions", key, (code(v[0]), text(v[1]), v[2], onset(v[3]) if v[3] else None, v[4])


def _care_gap(v: tuple[Any, ...]) -> Reading:
    due = _date(v[2])
    return "care_gaps", (due is None, due or dt.date.min, int(v[3])), (v[0], v[1], due)


def _membership(v: tuple[Any, ...]) -> Reading:
    added, removed = sql.as_datetime(v[4]), sql.as_datetime(v[5])
    key = -(added.timestamp() if added else 0.0)
    return "lists", key, (v[0], v[1], v[2], _flag(v[3]), added, removed)


_READERS = {"C": _contact, "I": _identifier, "R": _preference, "X": _condition,
            "G": _care_gap, "L": _membership}
