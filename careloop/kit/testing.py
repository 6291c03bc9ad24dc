"""``create_*`` factories shared by every domain's tests. They go through public doors only."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from careloop.identity.public import (
    Actor,
    Role,
    TenantInfo,
    do_create_staff_user,
    do_create_tenant,
    do_issue_token,
)

PASSWORD = "correct horse battery staple"
_seq = itertools.count(1)


def create_tenant(slug: str | None = None) -> TenantInfo:
    n = next(_seq)
    return do_create_tenant(slug or f"health-{n}", f"Health System {n}")


def create_actor(role: Role, tenant: TenantInfo | None = None, **kwargs: Any) -> Actor:
    tenant = tenant or create_tenant()
    n = next(_seq)
    return do_create_staff_user(tenant.id, f"{role.value}-{n}", PASSWORD, role,
                                is_machine=role == Role.INTEGRATION, **kwargs)


def create_token(actor: Actor) -> str:
    return do_issue_token(actor.user_id, "test")


def create_person(actor: Actor | None = None, **overrides: Any) -> Any:
    """Create a person as a care coordinator of ``actor``'s tenant (or a new tenant)."""
    from careloop.patients.public import PersonInput, do_create_person

    writer = actor if actor is not None and actor.role == Role.CARE_COORDINATOR else None
    if writer is None:
        tenant_id = actor.tenant_id if actor else create_tenant().id
        writer = do_create_staff_user(tenant_id, f"factory-{next(_seq)}", None,
                                      Role.CARE_COORDINATOR)
    n = next(_seq)
    data: dict[str, Any] = {
        "given_name": "Test", "family_name": f"Person{n}", "birth_date": dt.date(1990, 1, 1),
        "emails": [f"person{n}@example.com"], "phones": [f"+131255501{n % 100:02d}"],
        "identifiers": [("urn:careloop:test-mrn", f"MRN{n:06d}")],
    }
    data.update(overrides)
    return do_create_person(writer, PersonInput(**data))
