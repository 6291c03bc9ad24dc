"""Public door of the identity domain: tenants, staff, tokens and what each role may do."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count
from django.utils import timezone

from careloop.identity.models import ApiToken, StaffUser, Tenant
from careloop.identity.roles import CATEGORIES, PERMISSIONS, ROLE_LABELS, Category, Perm, Role

__all__ = [
    "ROLE_LABELS",
    "Actor",
    "Category",
    "NotPermitted",
    "Perm",
    "Role",
    "TenantInfo",
    "access_actor_by_username",
    "access_tenant_by_slug",
    "actor_for_user",
    "authenticate_token",
    "check_perm",
    "do_create_staff_user",
    "do_create_tenant",
    "do_issue_token",
    "do_set_role",
    "list_staff",
]


class NotPermitted(Exception):
    """The actor's role does not allow this action (deny by default)."""


@dataclass(frozen=True)
class TenantInfo:
    id: int
    slug: str
    name: str
    time_zone: str


@dataclass(frozen=True)
class Actor:
    """Who is acting: every audit record names one."""

    user_id: int
    username: str
    tenant_id: int
    role: Role
    is_machine: bool

    @property
    def categories(self) -> frozenset[Category]:
        return CATEGORIES[self.role]

    def can(self, perm: Perm) -> bool:
        return perm in PERMISSIONS[self.role]

    def sees(self, category: Category) -> bool:
        return category in CATEGORIES[self.role]


@dataclass(frozen=True)
class StaffInfo:
    id: int
    username: str
    role: str
    is_active: bool
    is_machine: bool
    last_login: object
    has_mfa: bool


def check_perm(actor: Actor, perm: Perm) -> None:
    if not actor.can(perm):
        raise NotPermitted(perm.value)


def actor_for_user(user: StaffUser | AnonymousUser) -> Actor | None:
    if not user.is_authenticated or not isinstance(user, StaffUser) or user.tenant_id is None:
        return None
    if not user.is_active or user.role not in Role.__members__.values():
        return None
    return Actor(user.pk, user.username, user.tenant_id, Role(user.role), user.is_machine)


def access_actor_by_username(username: str) -> Actor | None:
    """The active staff identity with this username (any tenant), e.g. to file a failed login
    on the right tenant's audit chain."""
    user = StaffUser.objects.filter(username=username).first()
    return actor_for_user(user) if user is not None else None


def do_create_tenant(slug: str, name: str, time_zone: str = "America/Chicago") -> TenantInfo:
    tenant, _ = Tenant.objects.get_or_create(
        slug=slug, defaults={"name": name, "time_zone": time_zone}
    )
    return TenantInfo(tenant.pk, tenant.slug, tenant.name, tenant.time_zone)


def access_tenant_by_slug(slug: str) -> TenantInfo | None:
    tenant = Tenant.objects.filter(slug=slug).first()
    return TenantInfo(tenant.pk, tenant.slug, tenant.name, tenant.time_zone) if tenant else None


def do_create_staff_user(
    tenant_id: int, username: str, password: str | None, role: Role, *, is_machine: bool = False,
    email: str = "", language: str = "en",
) -> Actor:
    user = StaffUser(
        username=username, tenant_id=tenant_id, role=role.value, is_machine=is_machine,
        email=email, preferred_language=language,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    actor = actor_for_user(user)
    assert actor is not None
    return actor


def do_set_role(tenant_id: int, user_id: int, role: Role) -> bool:
    return bool(StaffUser.objects.filter(tenant_id=tenant_id, pk=user_id).update(role=role.value))


def list_staff(tenant_id: int) -> list[StaffInfo]:
    users = (
        StaffUser.objects.filter(tenant_id=tenant_id)
        .annotate(devices=Count("totpdevice"))
        .order_by("username")
    )
    return [
        StaffInfo(u.pk, u.username, u.role, u.is_active, u.is_machine, u.last_login,
                  bool(u.devices))
        for u in users
    ]


def do_issue_token(user_id: int, name: str) -> str:
    """Create a bearer token and return it once; only its digest is kept."""
    from careloop.kit.crypto import token_digest

    raw = f"clt_{secrets.token_urlsafe(32)}"
    ApiToken.objects.create(user_id=user_id, name=name, prefix=raw[:12], digest=token_digest(raw))
    return raw


# A short-lived, per-process cache keeps token checks off the database on hot paths; revoking a
# token takes effect within TOKEN_CACHE_SECONDS.
TOKEN_CACHE_SECONDS = 30.0
_token_cache: dict[str, tuple[float, Actor | None]] = {}


def authenticate_token(raw: str) -> Actor | None:
    from careloop.kit.crypto import token_digest

    digest = token_digest(raw)
    now = time.monotonic()
    hit = _token_cache.get(digest)
    if hit and hit[0] > now:
        return hit[1]
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=digest, revoked_at__isnull=True)
        .first()
    )
    actor = actor_for_user(token.user) if token else None
    if token is not None and (
        token.last_used_at is None or (timezone.now() - token.last_used_at).total_seconds() > 300
    ):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    if len(_token_cache) > 10_000:
        _token_cache.clear()
    _token_cache[digest] = (now + TOKEN_CACHE_SECONDS, actor)
    return actor


def forget_cached_tokens() -> None:
    _token_cache.clear()
