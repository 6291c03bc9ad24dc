"""Model fields that keep PHI encrypted at rest and expose keyed hashes for exact-match lookup.

Access shape decides the column: values read whole are ``Encrypted*Field``; values looked up by
equality also get a ``BlindIndexField`` that derives its hash from the source field on save.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.exceptions import FieldError
from django.db import models

from careloop.kit.crypto import blind_index, keyring


class EncryptedField(models.TextField):  # type: ignore[type-arg]
    """Stores ``encode(value)`` encrypted; Python sees the decoded value. Never filter on it."""

    description = "Encrypted text"

    def aad(self) -> bytes:
        return f"{self.model._meta.label}.{self.name}".encode()

    def encode(self, value: Any) -> str:
        return str(value)

    def decode(self, text: str) -> Any:
        return text

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        if value is None:
            return None
        return self.decode(keyring().decrypt(value, self.aad()))

    def to_python(self, value: Any) -> Any:
        return value

    def get_prep_value(self, value: Any) -> str | None:
        if value is None:
            return None
        return keyring().encrypt(self.encode(value), self.aad())

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name != "isnull":
            raise FieldError(
                f"{self.name} is encrypted; look it up through its blind index, not '{lookup_name}'"
            )
        return super().get_lookup(lookup_name)


class EncryptedTextField(EncryptedField):
    pass


class EncryptedDateField(EncryptedField):
    _pyi_private_set_type: dt.date | str | None  # type: ignore[assignment]
    _pyi_private_get_type: dt.date  # type: ignore[assignment]
    description = "Encrypted date"

    def encode(self, value: Any) -> str:
        return value.isoformat() if isinstance(value, dt.date) else str(value)

    def decode(self, text: str) -> dt.date:
        return dt.date.fromisoformat(text)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and value:
            return dt.date.fromisoformat(value)
        return value


class EncryptedJSONField(EncryptedField):
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any
    description = "Encrypted JSON"

    def encode(self, value: Any) -> str:
        return json.dumps(value, separators=(",", ":"), sort_keys=True, default=str)

    def decode(self, text: str) -> Any:
        return json.loads(text)


class BlindIndexField(models.CharField):  # type: ignore[type-arg]
    """HMAC of another field's value, recomputed on every save (and bulk_create)."""

    def __init__(self, *args: Any, source: str = "", transform: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("db_index", True)
        kwargs.setdefault("null", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        self.source = source
        self.transform = transform
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        return name, path, args, kwargs

    def purpose(self) -> str:
        return f"{self.model._meta.label}.{self.source}"

    def compute(self, instance: models.Model) -> str | None:
        value = getattr(instance, self.source)
        if self.transform is not None and value is not None:
            value = self.transform(value)
        if value is None or value == "":
            return None
        return blind_index(value.isoformat() if isinstance(value, dt.date) else str(value),
                           self.purpose())

    def pre_save(self, model_instance: models.Model, add: bool) -> str | None:
        value = self.compute(model_instance)
        setattr(model_instance, self.attname, value)
        return value

    def hash_for(self, value: Any) -> str:
        """The hash a lookup value would have in this column."""
        if self.transform is not None:
            value = self.transform(value)
        return blind_index(value.isoformat() if isinstance(value, dt.date) else str(value),
                           self.purpose())


def hash_lookup(model: type[models.Model], field_name: str, value: Any) -> str:
    field = model._meta.get_field(field_name)
    assert isinstance(field, BlindIndexField)
    return field.hash_for(value)


def encrypted_fields(model: type[models.Model]) -> list[EncryptedField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedField)]


def blind_index_fields(model: type[models.Model]) -> list[BlindIndexField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]
