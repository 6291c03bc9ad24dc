"""Every tenant-owned row belongs to one health system; a query that forgot the tenant fails.

``Model.objects.for_tenant(tenant_id)`` is the only way to read tenant data. System jobs that must
cross tenants (audit verification, key rotation) say so explicitly with ``Model.all_tenants``.
"""

from __future__ import annotations

from typing import Any, Self

from django.db import models


class TenantMissing(RuntimeError):
    """A tenant-owned table was queried without a tenant filter."""


class TenantQuerySet(models.QuerySet):  # type: ignore[type-arg]
    _scoped = False

    def for_tenant(self, tenant_id: int) -> Self:
        if not tenant_id:
            raise TenantMissing(f"{self.model.__name__}: tenant id required")
        qs = self.filter(tenant_id=tenant_id)
        qs._scoped = True
        return qs

    def _clone(self) -> Self:
        clone = super()._clone()  # type: ignore[misc]
        clone._scoped = self._scoped
        return clone

    def _require_scope(self) -> None:
        if not self._scoped:
            raise TenantMissing(f"{self.model.__name__} queried without for_tenant()")

    def _fetch_all(self) -> None:
        if self._result_cache is None:
            self._require_scope()
        super()._fetch_all()

    def iterator(self, *args: Any, **kwargs: Any) -> Any:
        self._require_scope()
        return super().iterator(*args, **kwargs)

    def count(self) -> int:
        self._require_scope()
        return super().count()

    def exists(self) -> bool:
        self._require_scope()
        return super().exists()

    def aggregate(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self._require_scope()
        return super().aggregate(*args, **kwargs)

    def update(self, **kwargs: Any) -> int:
        self._require_scope()
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        self._require_scope()
        return super().delete()


TenantManager = models.Manager.from_queryset(TenantQuerySet)


class TenantOwned(models.Model):
    """Abstract base: a ``tenant`` foreign key and a manager that insists on it."""

    tenant = models.ForeignKey("identity.Tenant", on_delete=models.PROTECT, related_name="+")

    objects = TenantManager()
    all_tenants = models.Manager()  # explicit cross-tenant access for system jobs only

    class Meta:
        abstract = True
        # Related managers (person.contact_points) inherit the parent's tenant scope.
        default_manager_name = "all_tenants"
        base_manager_name = "all_tenants"
