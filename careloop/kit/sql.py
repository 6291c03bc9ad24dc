"""Precompiled cursor reads for hot paths.

The ORM spends most of a small read compiling SQL, not running it. Hot read paths (the person
360, consent state, the audit append) build their statements once from the models' metadata (no
hand-typed table names) and decode values with the fields' own ``from_db_value``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from django.db import connection, models
from django.utils.dateparse import parse_datetime, parse_time


def col(model: type[models.Model], name: str) -> str:
    column = getattr(model._meta.get_field(name), "column", None)
    assert column is not None, f"{model.__name__}.{name} has no column"
    return f"{model._meta.db_table}.{connection.ops.quote_name(column)}"


@cache
def select(model: type[models.Model], columns: tuple[str, ...], where: tuple[str, ...],
            order: tuple[str, ...] = ()) -> str:
    cols = ", ".join(col(model, c) for c in columns)
    cond = " AND ".join(f"{col(model, w)} = %s" for w in where)
    sql = f"SELECT {cols} FROM {model._meta.db_table} WHERE {cond}"
    if order:
        sql += " ORDER BY " + ", ".join(
            col(model, o.lstrip("-")) + (" DESC" if o.startswith("-") else "") for o in order
        )
    return sql


def decoder(model: type[models.Model], name: str) -> Callable[[Any], Any]:
    field = model._meta.get_field(name)
    from_db = getattr(field, "from_db_value", None)
    if from_db is None:
        return lambda value: value
    return lambda value: from_db(value, None, connection)


def rows(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


# Raw drivers return native types on PostgreSQL and text on SQLite; normalise both.
def as_date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def as_time(value: Any) -> dt.time | None:
    return parse_time(value) if isinstance(value, str) else value


def as_datetime(value: Any) -> dt.datetime | None:
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value


def refresh_statistics(*models_: type[models.Model]) -> None:
    """Update the planner's statistics after a bulk load.

    Without them SQLite scans a whole tenant for a two-column OR search instead of using the
    blind-index indexes; PostgreSQL's autovacuum would catch up, but only later.
    """
    with connection.cursor() as cursor:
        for model in models_:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
