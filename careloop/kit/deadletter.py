from __future__ import annotations

from typing import Any

from careloop.kit.models import DeadLetter


def keep_rejected(source: str, reason: str, payload: Any, tenant_id: int | None = None) -> int:
    """Store input we refused, with the reason, so it can be fixed and replayed."""
    return DeadLetter.objects.create(
        tenant_id=tenant_id, source=source, reason=reason, payload=payload
    ).pk
