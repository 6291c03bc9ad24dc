"""The 360 read path: one precompiled cursor query per child table (see careloop.kit.sql).

Reading a person is the hottest PHI path: every API read and every 360 page passes here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

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


_PERSON_COLS = ("id", "kind", "given_name", "family_name", "birth_date", "sex", "language",
                "address", "time_zone")


def person_row(tenant_id: int, person_id: int) -> PersonRow | None:
    found = sql.rows(sql.select(Person, _PERSON_COLS, ("tenant", "id")), [tenant_id, person_id])
    if not found:
        return None
    return PersonRow(*(sql.decoder(Person, c)(v) for c, v in zip(_PERSON_COLS, found[0],
                                                                   strict=True)))


def contact_rows(person_id: int) -> list[tuple[str, str, str, bool]]:
    """(kind, value, time_zone, is_primary), primary first."""
    query = sql.select(ContactPoint, ("kind", "value", "time_zone", "is_primary"), ("person",),
                       ("-is_primary", "kind", "id"))
    value = sql.decoder(ContactPoint, "value")
    return [(k, value(v), tz, bool(p)) for k, v, tz, p in sql.rows(query, [person_id])]


def identifier_rows(person_id: int) -> list[tuple[str, str]]:
    query = sql.select(Identifier, ("system", "value"), ("person",), ("system", "id"))
    value = sql.decoder(Identifier, "value")
    return [(s, value(v)) for s, v in sql.rows(query, [person_id])]


def preference_row(person_id: int) -> tuple[str, dt.time | None, dt.time | None, list[str]] | None:
    query = sql.select(Preference, ("preferred_channel", "quiet_start", "quiet_end", "topics"),
                       ("person",))
    found = sql.rows(query, [person_id])
    if not found:
        return None
    channel, start, end, topics = found[0]
    decoded_topics = sql.decoder(Preference, "topics")(topics) or []
    return channel, sql.as_time(start), sql.as_time(end), list(decoded_topics)


def condition_rows(person_id: int) -> list[tuple[str, str, str, dt.date | None, str]]:
    """(code, description, status, onset, source), newest first."""
    query = sql.select(Condition, ("code", "description", "status", "onset", "source"),
                       ("person",), ("-recorded_at", "id"))
    code, text, onset = (sql.decoder(Condition, n) for n in ("code", "description", "onset"))
    return [(code(c), text(d), s, onset(o), src)
            for c, d, s, o, src in sql.rows(query, [person_id])]


def care_gap_rows(person_id: int) -> list[tuple[str, str, dt.date | None]]:
    query = sql.select(CareGap, ("kind", "status", "due_date"), ("person",), ("due_date", "id"))
    return [(k, s, sql.as_date(d)) for k, s, d in sql.rows(query, [person_id])]


@cache
def _lists_sql() -> str:
    m, sl = ListMembership._meta.db_table, StaticList._meta.db_table
    return (
        f"SELECT {sql.col(StaticList, 'slug')}, {sql.col(StaticList, 'name')}, "
        f"{sql.col(StaticList, 'source')}, {sql.col(StaticList, 'is_clinical')}, "
        f"{sql.col(ListMembership, 'added_at')}, {sql.col(ListMembership, 'removed_at')} "
        f"FROM {m} JOIN {sl} "
        f"ON {sql.col(ListMembership, 'static_list')} = {sql.col(StaticList, 'id')} "
        f"WHERE {sql.col(ListMembership, 'person')} = %s "
        f"ORDER BY {sql.col(ListMembership, 'added_at')} DESC"
    )


ListRow = tuple[str, str, str, bool, dt.datetime | None, dt.datetime | None]


def list_rows(person_id: int, *, clinical: bool) -> list[ListRow]:
    """(slug, name, source, is_clinical, added_at, removed_at); clinical lists only if allowed."""
    found = [(slug, name, src, bool(c), sql.as_datetime(a), sql.as_datetime(r))
             for slug, name, src, c, a, r in sql.rows(_lists_sql(), [person_id])]
    return found if clinical else [r for r in found if not r[3]]
