"""Re-encrypt every encrypted column under the primary key and refresh every blind index.

Rotation is online and resumable: rows already under the primary key version are skipped, and
each batch commits on its own, so an interrupted run loses nothing and can simply be repeated.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db import models, transaction
from django.db.models.functions import Cast

from careloop.kit.crypto import keyring
from careloop.kit.fields import blind_index_fields, encrypted_fields


@dataclass(frozen=True)
class RotationReport:
    model: str
    rows_seen: int
    rows_rewritten: int


def _rows(model: type[models.Model]) -> models.QuerySet[models.Model]:
    manager = getattr(model, "all_tenants", model._base_manager)
    return manager.order_by("pk")


def _stale(raw: dict[str, str | None], primary: str) -> bool:
    return any(v is not None and keyring().version_of(v) != primary for v in raw.values())


def rotate_model(model: type[models.Model], batch: int = 2000) -> RotationReport:
    enc = encrypted_fields(model)
    bidx = blind_index_fields(model)
    primary = keyring().primary_version
    seen = rewritten = 0
    last_pk = 0
    raw_names = [f.attname for f in enc]
    while True:
        # Read the ciphertext itself (Cast skips decryption) to find stale rows cheaply.
        raw = {f"raw_{n}": Cast(n, models.TextField()) for n in raw_names}
        chunk = list(_rows(model).filter(pk__gt=last_pk).annotate(**raw)
                     .values_list("pk", *raw)[:batch])
        if not chunk:
            break
        last_pk = chunk[-1][0]
        seen += len(chunk)
        stale_ids = [r[0] for r in chunk if _stale(dict(zip(raw_names, r[1:], strict=True)),
                                                    primary)]
        objs = list(_rows(model).filter(pk__in=stale_ids)) if stale_ids else []
        for obj in objs:
            for f in bidx:
                setattr(obj, f.attname, f.compute(obj))
        if objs:
            with transaction.atomic():
                model._base_manager.bulk_update(objs, [f.name for f in enc + bidx])
            rewritten += len(objs)
    return RotationReport(model._meta.label, seen, rewritten)


def rotate_all(batch: int = 2000) -> list[RotationReport]:
    return [rotate_model(m, batch) for m in apps.get_models() if encrypted_fields(m)]


def reindex_all(batch: int = 2000) -> int:
    """Recompute blind indexes (after a blind-index key change); returns rows updated."""
    total = 0
    for model in apps.get_models():
        bidx = blind_index_fields(model)
        if not bidx:
            continue
        last_pk = 0
        while True:
            objs = list(_rows(model).filter(pk__gt=last_pk)[:batch])
            if not objs:
                break
            last_pk = objs[-1].pk
            for obj in objs:
                for f in bidx:
                    setattr(obj, f.attname, f.compute(obj))
            with transaction.atomic():
                model._base_manager.bulk_update(objs, [f.name for f in bidx])
            total += len(objs)
    return total
