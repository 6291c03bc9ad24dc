"""Precompiled cursor reads for hot paths.

The ORM spends most of a small read compiling SQL, not running it. Hot read paths (the person
360, consent state, the audit append) build their statements once from the models' metadata (no
hand-typed table names) and decode values with the fields' own ``from_db_value``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from functools import cache
from types import SimpleNamespace
from typing import Any

from django.db import connection, connections, models, router
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


# Field types whose database value is the Python value itself when it is a str/int/bool/None.
# Exact types: subclasses (EncryptedTextField, BlindIndexField...) compute their value.
_PLAIN_FIELDS = (models.CharField, models.TextField, models.SlugField, models.BooleanField,
                 models.IntegerField, models.BigIntegerField, models.PositiveIntegerField,
                 models.ForeignKey)
_PLAIN_VALUES = (str, int, bool, type(None))


def insert_rows(model: type[models.Model], rows: Sequence[dict[str, Any]], *,
                 ignore_conflicts: bool = False) -> None:
    """INSERT rows whose ids nobody needs back: COPY on PostgreSQL, multi-row VALUES elsewhere.

    Each value is produced as ``bulk_create`` produces it — ``field.pre_save(obj, add=True)``
    then ``field.get_db_prep_save`` — so encryption, blind indexes and ``auto_now_add`` are
    computed by the field classes. What is skipped is a model instance per row and SQL compiled
    per value (two thirds of the insert time on SQLite), and on PostgreSQL statement parsing
    (COPY is ~6x faster than INSERT ... VALUES there). ``ignore_conflicts`` skips rows that
    break a unique constraint, like ``bulk_create(ignore_conflicts=True)``.
    """
    if not rows:
        return
    conn = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.local_concrete_fields
              if not f.primary_key and not f.generated]
    defaults = {f.attname: f.get_default() for f in fields}
    steps = [(f.attname, type(f) in _PLAIN_FIELDS, f) for f in fields]
    values: list[tuple[Any, ...]] = []
    for row in rows:
        obj = SimpleNamespace(**defaults)
        obj.__dict__.update(row)
        out = []
        for attname, is_plain, f in steps:
            value = getattr(obj, attname)
            if not (is_plain and isinstance(value, _PLAIN_VALUES)):
                value = f.get_db_prep_save(f.pre_save(obj, True), conn)  # type: ignore[arg-type]
            out.append(value)
        values.append(tuple(out))
    columns = ", ".join(conn.ops.quote_name(str(f.column)) for f in fields)
    table = model._meta.db_table
    if conn.vendor == "postgresql":
        _copy(conn, table, columns, values, ignore_conflicts)
    else:
        _insert_values(conn, table, columns, values, ignore_conflicts)


def _insert_values(conn: Any, table: str, columns: str, values: list[tuple[Any, ...]],
                   ignore_conflicts: bool) -> None:
    width = len(values[0])
    row_sql = "(" + ", ".join(["%s"] * width) + ")"
    # Table and column names come from model metadata, quoted; every value is a parameter.
    head = f"INSERT INTO {conn.ops.quote_name(table)} ({columns}) VALUES "
    tail = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
    per_statement = max(1, min(500, (conn.features.max_query_params or 999) // width))
    with conn.cursor() as cursor:
        for start in range(0, len(values), per_statement):
            batch = values[start:start + per_statement]
            cursor.execute(head + ", ".join([row_sql] * len(batch)) + tail,
                           [v for row in batch for v in row])


def _copy(conn: Any, table: str, columns: str, values: list[tuple[Any, ...]],
          ignore_conflicts: bool) -> None:
    target = conn.ops.quote_name(table)
    # The raw cursor bypasses Django's error translation: restore it (UniqueViolation ->
    # django.db.IntegrityError) so callers catch one exception type on every database.
    with conn.cursor() as cursor, conn.wrap_database_errors:
        raw = cursor.cursor  # psycopg 3: COPY is not part of DB-API
        if not ignore_conflicts:
            with raw.copy(f"COPY {target} ({columns}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
            return
        # COPY cannot skip conflicts: stage the rows, then insert what does not clash.
        stage = conn.ops.quote_name(f"bulk_stage_{table}")
        cursor.execute(f"CREATE TEMP TABLE {stage} AS "
                       f"SELECT {columns} FROM {target} WITH NO DATA")
        with raw.copy(f"COPY {stage} ({columns}) FROM STDIN") as copy:
            for row in values:
                copy.write_row(row)
        cursor.execute(f"INSERT INTO {target} ({columns}) "
                       f"SELECT {columns} FROM {stage} ON CONFLICT DO NOTHING")
        cursor.execute(f"DROP TABLE {stage}")  # (a failed load rolls the temp table back too)
